"""Authors in the store: one record per person per site, enriched as better data arrives.

A mixin of `Store`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence

from tui_reader.core.models import Author, Story
from tui_reader.core.store.db import transaction
from tui_reader.core.store.queries import STORY_LIST_COLUMNS, story_from_row


class AuthorRecords:
    db: sqlite3.Connection

    # -- authors ---------------------------------------------------------------------------------

    def upsert_author(
        self,
        site: str,
        name: str,
        *,
        url: str = "",
        role: str = "",
        bio: str = "",
        image: str = "",
        when: float | None = None,
    ) -> int:
        """One record per person per site, enriched as better data arrives (never blanked)."""
        key = name.casefold()
        row = self.db.execute(
            "SELECT id FROM authors WHERE site = ? AND key = ?", (site, key)
        ).fetchone()
        if row is None:
            cur = self.db.execute(
                "INSERT INTO authors (site, key, name, url, role, bio, image, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (site, key, name, url, role, bio, image, when or time.time()),
            )
            return int(cur.lastrowid or 0)
        self.db.execute(
            "UPDATE authors SET url = COALESCE(NULLIF(?, ''), url), role = COALESCE(NULLIF(?, ''), role), "
            "bio = COALESCE(NULLIF(?, ''), bio), image = COALESCE(NULLIF(?, ''), image) WHERE id = ?",
            (url, role, bio, image, row[0]),
        )
        return int(row[0])

    def story_authors(self, story_id: int) -> list[Author]:
        rows = self.db.execute(
            "SELECT a.id, a.name, a.url, a.role, a.bio, a.site, a.image FROM story_authors sa "
            "JOIN authors a ON a.id = sa.author_id WHERE sa.story_id = ? ORDER BY sa.position",
            (story_id,),
        ).fetchall()
        return [Author(*row) for row in rows]

    def stories_by_author(
        self, author_id: int, *, limit: int = 50, exclude: int | None = None
    ) -> list[Story]:
        """The author's stories in any feed, newest first (matched by name across sites too)."""
        rows = self.db.execute(
            f"SELECT {STORY_LIST_COLUMNS} FROM stories s JOIN feeds f ON f.id = s.feed_id "
            "WHERE s.id IN (SELECT sa.story_id FROM story_authors sa JOIN authors a ON a.id = sa.author_id "
            "WHERE a.key = (SELECT key FROM authors WHERE id = ?)) AND s.id != ? "
            "ORDER BY s.sort_time DESC, s.id DESC LIMIT ?",
            (author_id, exclude or -1, limit),
        ).fetchall()
        return [story_from_row(r) for r in rows]

    def set_story_authors(self, story_id: int, site: str, people: Sequence[Author]) -> None:
        """Replace a story's authors with better ones (from its page), enriching the records."""
        if not people:
            return
        with transaction(self.db) as db:
            db.execute("DELETE FROM story_authors WHERE story_id = ?", (story_id,))
            for position, person in enumerate(people):
                author_id = self.upsert_author(
                    site,
                    person.name,
                    url=person.url,
                    role=person.role,
                    bio=person.bio,
                    image=person.image,
                )
                db.execute(
                    "INSERT OR IGNORE INTO story_authors VALUES (?, ?, ?)",
                    (story_id, author_id, position),
                )
            names = json.dumps([p.name for p in people], ensure_ascii=False)
            db.execute("UPDATE stories SET authors = ? WHERE id = ?", (names, story_id))

    def author(self, author_id: int) -> Author | None:
        row = self.db.execute(
            "SELECT id, name, url, role, bio, site, image FROM authors WHERE id = ?", (author_id,)
        ).fetchone()
        return Author(*row) if row else None

    def update_author(
        self, author_id: int, *, role: str = "", bio: str = "", image: str = ""
    ) -> None:
        with transaction(self.db) as db:
            db.execute(
                "UPDATE authors SET role = COALESCE(NULLIF(?, ''), role), bio = COALESCE(NULLIF(?, ''), bio), "
                "image = COALESCE(NULLIF(?, ''), image), updated = ? WHERE id = ?",
                (role, bio, image, time.time(), author_id),
            )
