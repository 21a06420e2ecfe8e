"""Writing a fetched feed: its stories, their authors, search index and filters, in one transaction.

A mixin of `Store`. A cold refresh writes tens of thousands of new stories, so new stories go in
a few statements per feed (`executemany` with ids assigned here, under the write lock), not
several per story; a changed story takes the slower path of forgetting and re-indexing it.

Rows, filters and retention are imported on the first write: the reader's first paint writes
nothing and would pay for them (hashing, canonical URLs, six dataclasses) before drawing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui_reader.core.store import search_index
from tui_reader.core.store.db import transaction

if TYPE_CHECKING:
    from tui_reader.core.models import Feed
    from tui_reader.core.parsed import ParsedFeed, Person
    from tui_reader.core.store.rows import StoryRow

_CHUNK = 500  # bound parameters per IN (...) list, well under SQLite's limit


class FeedWrites:
    """Needs `AuthorRecords.upsert_author` beside it in `Store`."""

    db: sqlite3.Connection

    def store_feed(
        self,
        feed: Feed,
        parsed: ParsedFeed,
        *,
        etag: str | None,
        last_modified: str | None,
        when: float,
        rows: Sequence[StoryRow] | None = None,
    ) -> tuple[int, int]:
        """Write one fetched feed in one transaction; return (new stories, updated stories).

        Stories are matched by guid, then by a link no other entry of the document shares, so a
        feed that changes its guids does not duplicate its stories. Read and starred state is
        never touched; an unchanged entry writes nothing. `rows` is `prepare(parsed.entries)`
        when the caller has already worked it out.
        """
        from tui_reader.core.store.filters import apply_filters
        from tui_reader.core.store.rows import prepare

        rows = list(prepare(parsed.entries) if rows is None else rows)
        if feed.item_limit:  # the feed's own limit: older entries are not taken in at all
            rows.sort(key=lambda r: r.entry.published or 0, reverse=True)
            del rows[feed.item_limit :]
        site = urlsplit(parsed.site_url or feed.url).hostname or ""
        fresh: list[StoryRow] = []
        changed: list[tuple[int, StoryRow]] = []
        with transaction(self.db) as db:
            db.execute(
                "UPDATE feeds SET title = ?, site_url = ?, etag = ?, last_modified = ?, "
                "last_fetch = ?, last_error = NULL, retry_after = NULL WHERE id = ?",
                (parsed.title, parsed.site_url, etag, last_modified, when, feed.id),
            )
            known = self._known(feed.id, rows)
            gone = self._gone(feed.id, rows)
            link_counts: dict[str, int] = {}
            for row in rows:
                link_counts[row.entry.link] = link_counts.get(row.entry.link, 0) + 1
            for row in rows:
                entry = row.entry
                match = known.get(("g", entry.guid))
                if match is None and entry.link and link_counts[entry.link] == 1:
                    match = known.get(("l", entry.link))
                if match is None:
                    if entry.guid not in gone:  # pruned on purpose: it does not come back
                        fresh.append(row)
                elif match[1] != row.digest:
                    changed.append((match[0], row))
            new_ids = self._insert_new(feed.id, fresh, site, when)
            for story_id, row in changed:
                search_index.forget(db, [story_id])
                self._update_story(story_id, row)
                self._link_authors(story_id, row.entry.authors, self._author_ids(site, [row], when))
                search_index.remember(db, [story_id])
            if changed:
                apply_filters(db, [story_id for story_id, _ in changed])
            if new_ids:
                apply_filters(db, new_ids, fresh=True)
            if feed.item_limit:
                self._enforce_item_limit(feed.id, feed.item_limit)
        return len(new_ids), len(changed)

    def _insert_new(self, feed_id: int, rows: list[StoryRow], site: str, when: float) -> list[int]:
        """Insert new stories in a few statements; return their ids, in `rows` order."""
        if not rows:
            return []
        db = self.db
        first = (db.execute("SELECT max(id) FROM stories").fetchone()[0] or 0) + 1
        ids = list(range(first, first + len(rows)))
        originals = self._originals(feed_id, {r.canonical for r in rows if r.canonical})
        db.executemany(
            "INSERT INTO stories (id, feed_id, guid, link, title, authors, published, updated, "
            "summary, content, first_seen, hash, sort_time, canonical, dup_of) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    story_id,
                    feed_id,
                    r.entry.guid,
                    r.entry.link,
                    r.entry.title,
                    r.names,
                    r.entry.published,
                    r.entry.updated,
                    r.entry.summary,
                    r.entry.content,
                    when,
                    r.digest,
                    r.entry.published or when,
                    r.canonical,
                    originals.get(r.canonical),
                )
                for story_id, r in zip(ids, rows, strict=True)
            ],
        )
        authors = self._author_ids(site, rows, when)
        db.executemany(
            "INSERT OR IGNORE INTO story_authors VALUES (?, ?, ?)",
            [
                (story_id, authors[person.name.casefold()], position)
                for story_id, r in zip(ids, rows, strict=True)
                for position, person in enumerate(r.entry.authors)
            ],
        )
        search_index.remember_new(
            db,
            [
                (story_id, r.entry.title, " ".join(p.name for p in r.entry.authors), r.search_body)
                for story_id, r in zip(ids, rows, strict=True)
            ],
        )
        return ids

    def _originals(self, feed_id: int, canonicals: set[str]) -> dict[str, int]:
        """The same story through another feed: it is listed once, under the first to carry it."""
        found: dict[str, int] = {}
        wanted = sorted(canonicals)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            # `canonical != ''` lets SQLite use the partial index: without it, a full scan
            for canonical, story_id in self.db.execute(
                "SELECT canonical, min(id) FROM stories WHERE canonical IN "
                f"({','.join('?' * len(chunk))}) AND canonical != '' AND feed_id != ? "
                "AND dup_of IS NULL GROUP BY canonical",
                [*chunk, feed_id],
            ):
                found[canonical] = story_id
        return found

    def _author_ids(self, site: str, rows: Sequence[StoryRow], when: float) -> dict[str, int]:
        """Every author of these rows as a record of this site, by case-folded name."""
        people: dict[str, Person] = {}
        for row in rows:
            for person in row.entry.authors:
                key = person.name.casefold()
                if key not in people or (person.url and not people[key].url):
                    people[key] = person
        return {
            key: self.upsert_author(  # type: ignore[attr-defined]
                site, person.name, url=person.url, when=when
            )
            for key, person in people.items()
        }

    def _link_authors(self, story_id: int, people: Sequence[Person], ids: dict[str, int]) -> None:
        self.db.execute("DELETE FROM story_authors WHERE story_id = ?", (story_id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO story_authors VALUES (?, ?, ?)",
            [(story_id, ids[p.name.casefold()], i) for i, p in enumerate(people)],
        )

    def _update_story(self, story_id: int, row: StoryRow) -> None:
        entry = row.entry
        self.db.execute(
            "UPDATE stories SET guid = ?, link = ?, title = ?, authors = ?, published = ?, "
            "updated = ?, summary = ?, content = ?, hash = ?, "
            "sort_time = COALESCE(?, first_seen) WHERE id = ?",
            (
                entry.guid,
                entry.link,
                entry.title,
                row.names,
                entry.published,
                entry.updated,
                entry.summary,
                entry.content,
                row.digest,
                entry.published,
                story_id,
            ),
        )

    def _enforce_item_limit(self, feed_id: int, limit: int) -> None:
        """A feed's own `item_limit`: its oldest unstarred stories beyond it go."""
        doomed = [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM stories WHERE feed_id = ? AND starred = 0 ORDER BY sort_time DESC, "
                "id DESC LIMIT -1 OFFSET ?",
                (feed_id, limit),
            )
        ]
        if doomed:
            from tui_reader.core.store.retention import delete_stories

            delete_stories(self.db, doomed)

    def _known(
        self, feed_id: int, rows: Sequence[StoryRow]
    ) -> dict[tuple[str, str], tuple[int, str]]:
        found: dict[tuple[str, str], tuple[int, str]] = {}
        for column, kind, values in (
            ("guid", "g", [r.entry.guid for r in rows]),
            ("link", "l", [r.entry.link for r in rows if r.entry.link]),
        ):
            for start in range(0, len(values), _CHUNK):
                chunk = values[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for sid, key, digest in self.db.execute(
                    f"SELECT id, {column}, hash FROM stories WHERE feed_id = ? AND {column} IN ({marks})",
                    [feed_id, *chunk],
                ):
                    found.setdefault((kind, key), (sid, digest or ""))
        return found

    def _gone(self, feed_id: int, rows: Sequence[StoryRow]) -> set[str]:
        found: set[str] = set()
        guids = [r.entry.guid for r in rows]
        for start in range(0, len(guids), _CHUNK):
            chunk = guids[start : start + _CHUNK]
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT guid FROM gone_stories WHERE feed_id = ? AND guid IN ({','.join('?' * len(chunk))})",
                    [feed_id, *chunk],
                )
            )
        return found
