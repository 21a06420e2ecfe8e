"""Reading and marking stories: pages of a selection, keyset steps, counts, read and starred.

A mixin of `Store`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from tui_reader.core.models import Story
from tui_reader.core.store.db import transaction
from tui_reader.core.store.duplicates import family, sources
from tui_reader.core.store.queries import (
    STORY_COLUMNS,
    STORY_LIST_COLUMNS,
    StoryQuery,
    story_from_row,
)


class StoryReads:
    db: sqlite3.Connection

    # -- stories ---------------------------------------------------------------------------------

    def story(self, story_id: int) -> Story | None:
        row = self.db.execute(
            f"SELECT {STORY_COLUMNS} FROM stories s JOIN feeds f ON f.id = s.feed_id WHERE s.id = ?",
            (story_id,),
        ).fetchone()
        return story_from_row(row) if row else None

    def stories(
        self,
        query: StoryQuery = StoryQuery(),
        *,
        limit: int = 100,
        offset: int = 0,
        bodies: bool = False,
    ) -> list[Story]:
        """One page of stories, newest first."""
        where, params = query.where()
        columns = STORY_COLUMNS if bodies else STORY_LIST_COLUMNS
        rows = self.db.execute(
            f"SELECT {columns} FROM stories s JOIN feeds f ON f.id = s.feed_id{where} "
            "ORDER BY s.sort_time DESC, s.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [story_from_row(r) for r in rows]

    def next_story(
        self, query: StoryQuery, after: Story | None, *, older: bool = True, unread: bool = True
    ) -> Story | None:
        """The next (older) or previous (newer) story of a selection after `after`, in list order."""
        query = StoryQuery(**{**query.__dict__, "unread": unread or query.unread})
        where, params = query.where()
        if after is not None:
            sort = after.published or after.first_seen
            op = "<" if older else ">"
            where += (" AND " if where else " WHERE ") + (f"(s.sort_time, s.id) {op} (?, ?)")
            params += [
                sort,
                after.id,
            ]  # a row value: SQLite walks the index (an OR sorts everything)
        order = "DESC" if older else "ASC"
        row = self.db.execute(
            f"SELECT {STORY_LIST_COLUMNS} FROM stories s JOIN feeds f ON f.id = s.feed_id{where} "
            f"ORDER BY s.sort_time {order}, s.id {order} LIMIT 1",
            params,
        ).fetchone()
        return story_from_row(row) if row else None

    def starred_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM stories WHERE starred = 1").fetchone()[0]

    def count(self, query: StoryQuery = StoryQuery()) -> int:
        where, params = query.where()
        # Every listed story (at most `since`): the partial index holds exactly those, but
        # SQLite's planner counts them by scanning the table, 4x slower at 100,000 stories.
        plain = StoryQuery(since=query.since) == query
        source = "stories s INDEXED BY stories_listed" if plain else "stories s"
        return self.db.execute(f"SELECT count(*) FROM {source}{where}", params).fetchone()[0]

    def mark(
        self, ids: Iterable[int], *, read: bool | None = None, starred: bool | None = None
    ) -> int:
        """Set read and/or starred on stories; return how many exist."""
        sets = [
            f"{col} = {int(val)}"
            for col, val in (("read", read), ("starred", starred))
            if val is not None
        ]
        ids = family(self.db, ids)  # a story read through one feed is read through all
        if not sets or not ids:
            return 0
        changed = 0
        with transaction(self.db) as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                changed += db.execute(
                    f"UPDATE stories SET {', '.join(sets)} WHERE id IN ({marks})", chunk
                ).rowcount
        return changed

    def mark_all_read(self, query: StoryQuery) -> list[int]:
        """Mark every unread story of a selection read; return their ids so it can be undone."""
        where, params = StoryQuery(**{**query.__dict__, "unread": True}).where()
        with transaction(self.db) as db:
            ids = family(
                db, [r[0] for r in db.execute(f"SELECT s.id FROM stories s{where}", params)]
            )
            ids = [
                i
                for i in ids
                if db.execute("SELECT read FROM stories WHERE id = ?", (i,)).fetchone()[0] == 0
            ]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                db.execute(
                    f"UPDATE stories SET read = 1 WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
        return ids

    def sources(self, story_id: int) -> list[tuple[str, str]]:
        """Every feed that carried this story: (title, URL), first arrival first."""
        return sources(self.db, story_id)
