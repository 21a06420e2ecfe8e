"""The store's facade: every read and write the app and the CLI make goes through here."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from tui_reader.core.canonical import canonical_url
from tui_reader.core.clean import clean_line
from tui_reader.core.models import Entry, Feed, ParsedFeed
from tui_reader.core.store import search_index
from tui_reader.core.store.authors import AuthorRecords
from tui_reader.core.store.cached import CachedContent
from tui_reader.core.store.db import connect, transaction
from tui_reader.core.store.duplicates import release_duplicates
from tui_reader.core.store.filters import apply_filters
from tui_reader.core.store.organise import Organising
from tui_reader.core.store.queries import (
    FEED_COLUMNS,
    feed_from_row,
)
from tui_reader.core.store.retention import delete_stories
from tui_reader.core.store.stories import StoryReads


class Store(StoryReads, AuthorRecords, CachedContent, Organising):
    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.db = connect(self.path, readonly=readonly)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- feeds ---------------------------------------------------------------------------------

    def add_feed(self, url: str, *, title: str = "", tags: Iterable[str] = ()) -> tuple[Feed, bool]:
        """Subscribe; an existing subscription gains the tags and keeps everything else."""
        with transaction(self.db) as db:
            row = db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            created = row is None
            if created:
                cur = db.execute(
                    "INSERT INTO feeds (url, user_title, added) VALUES (?, ?, ?)",
                    (url, clean_line(title) or None, time.time()),
                )
                feed_id = cur.lastrowid
            else:
                feed_id = row[0]
                if title:
                    db.execute(
                        "UPDATE feeds SET user_title = ? WHERE id = ?", (clean_line(title), feed_id)
                    )
            for tag in _tags(tags):
                db.execute("INSERT OR IGNORE INTO feed_tags VALUES (?, ?)", (feed_id, tag))
        feed = self.feed(feed_id)
        assert feed is not None
        return feed, created

    def remove_feed(self, url: str) -> bool:
        with transaction(self.db) as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT s.id FROM stories s JOIN feeds f ON f.id = s.feed_id WHERE f.url = ?",
                    (url,),
                )
            ]
            search_index.forget(db, ids)
            release_duplicates(db, ids)
            return db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def move_feed(self, feed_id: int, new_url: str) -> bool:
        """Point a subscription at its new address, unless that address is already subscribed."""
        with transaction(self.db) as db:
            if db.execute("SELECT 1 FROM feeds WHERE url = ?", (new_url,)).fetchone():
                return False
            db.execute("UPDATE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
        return True

    def set_tags(self, feed_id: int, tags: Iterable[str]) -> None:
        with transaction(self.db) as db:
            db.execute("DELETE FROM feed_tags WHERE feed_id = ?", (feed_id,))
            for tag in _tags(tags):
                db.execute("INSERT INTO feed_tags VALUES (?, ?)", (feed_id, tag))

    def feed(self, feed_id: int) -> Feed | None:
        return next(iter(self.feeds(feed_id=feed_id)), None)

    def feed_by_url(self, url: str) -> Feed | None:
        row = self.db.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
        return self.feed(row[0]) if row else None

    def feeds(
        self, *, feed_id: int | None = None, counts: bool = True, totals: bool = True
    ) -> list[Feed]:
        """Feeds ordered by title, with unread and total counts."""
        where, params = ("WHERE f.id = ?", [feed_id]) if feed_id is not None else ("", [])
        rows = self.db.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds f {where} "
            "ORDER BY lower(COALESCE(f.user_title, NULLIF(f.title, ''), f.url))",
            params,
        ).fetchall()
        tags: dict[int, list[str]] = {}
        tag_where = ("WHERE feed_id = ?", [feed_id]) if feed_id is not None else ("", [])
        for fid, tag in self.db.execute(
            f"SELECT feed_id, tag FROM feed_tags {tag_where[0]} ORDER BY tag", tag_where[1]
        ):
            tags.setdefault(fid, []).append(tag)
        one = ("WHERE feed_id = ?", [feed_id]) if feed_id is not None else ("", [])
        unread = dict(self.unread_counts(feed_id)) if counts else {}
        sizes = (
            dict(
                self.db.execute(
                    f"SELECT feed_id, count(*) FROM stories {one[0]} GROUP BY feed_id", one[1]
                )
            )
            if counts and totals
            else {}
        )
        rows.sort(key=lambda r: _natural((r[2] or r[1]).casefold()))  # "Feed 2" before "Feed 10"
        return [
            feed_from_row(r, tuple(tags.get(r[0], ())), unread.get(r[0], 0), sizes.get(r[0], 0))
            for r in rows
        ]

    def unread_counts(self, feed_id: int | None = None) -> list[tuple[int, int]]:
        extra, params = (" AND feed_id = ?", [feed_id]) if feed_id is not None else ("", [])
        return self.db.execute(
            f"SELECT feed_id, count(*) FROM stories WHERE read = 0 AND hidden = 0{extra} GROUP BY feed_id",
            params,
        ).fetchall()

    # -- refresh bookkeeping ---------------------------------------------------------------------

    def record_not_modified(self, feed_id: int, when: float) -> None:
        with transaction(self.db) as db:
            db.execute(
                "UPDATE feeds SET last_fetch = ?, last_error = NULL, retry_after = NULL WHERE id = ?",
                (when, feed_id),
            )

    def record_error(
        self, feed_id: int, error: str, when: float, retry_after: float | None = None
    ) -> None:
        with transaction(self.db) as db:
            db.execute(
                "UPDATE feeds SET last_fetch = ?, last_error = ?, retry_after = ? WHERE id = ?",
                (when, clean_line(error, 500), retry_after, feed_id),
            )

    def store_feed(
        self,
        feed: Feed,
        parsed: ParsedFeed,
        *,
        etag: str | None,
        last_modified: str | None,
        when: float,
    ) -> tuple[int, int]:
        """Write one fetched feed in one transaction; return (new stories, updated stories).

        Stories are matched by guid, then by a link no other entry of the document shares, so a
        feed that changes its guids does not duplicate its stories. Read and starred state is
        never touched; an unchanged entry writes nothing.
        """
        entries = _unique_entries(parsed.entries)
        if feed.item_limit:  # the feed's own limit: older entries are not taken in at all
            entries = sorted(entries, key=lambda e: e.published or 0, reverse=True)[
                : feed.item_limit
            ]
        site = urlsplit(parsed.site_url or feed.url).hostname or ""
        new = updated = 0
        changed: list[int] = []
        with transaction(self.db) as db:
            db.execute(
                "UPDATE feeds SET title = ?, site_url = ?, etag = ?, last_modified = ?, "
                "last_fetch = ?, last_error = NULL, retry_after = NULL WHERE id = ?",
                (parsed.title, parsed.site_url, etag, last_modified, when, feed.id),
            )
            known = self._known(feed.id, entries)
            gone = self._gone(feed.id, entries)
            link_counts: dict[str, int] = {}
            for entry in entries:
                link_counts[entry.link] = link_counts.get(entry.link, 0) + 1
            for entry in entries:
                digest = _digest(entry)
                match = known.get(("g", entry.guid))
                if match is None and entry.link and link_counts[entry.link] == 1:
                    match = known.get(("l", entry.link))
                if match is None and entry.guid in gone:
                    continue  # pruned on purpose: it does not come back as new
                if match is None:
                    story_id = self._insert_story(feed.id, entry, digest, when)
                    new += 1
                elif match[1] != digest:
                    story_id = match[0]
                    search_index.forget(db, [story_id])
                    self._update_story(story_id, entry, digest)
                    updated += 1
                else:
                    continue
                self._link_authors(story_id, entry, site, when)
                search_index.remember(db, [story_id])
                changed.append(story_id)
            if changed:
                apply_filters(db, changed)
            if feed.item_limit:
                self._enforce_item_limit(feed.id, feed.item_limit)
        return new, updated

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
            delete_stories(self.db, doomed)

    def _known(
        self, feed_id: int, entries: Sequence[Entry]
    ) -> dict[tuple[str, str], tuple[int, str]]:
        found: dict[tuple[str, str], tuple[int, str]] = {}
        for column, kind, values in (
            ("guid", "g", [e.guid for e in entries]),
            ("link", "l", [e.link for e in entries if e.link]),
        ):
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for sid, key, digest in self.db.execute(
                    f"SELECT id, {column}, hash FROM stories WHERE feed_id = ? AND {column} IN ({marks})",
                    [feed_id, *chunk],
                ):
                    found.setdefault((kind, key), (sid, digest or ""))
        return found

    def _gone(self, feed_id: int, entries: Sequence[Entry]) -> set[str]:
        found: set[str] = set()
        guids = [e.guid for e in entries]
        for start in range(0, len(guids), 500):
            chunk = guids[start : start + 500]
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT guid FROM gone_stories WHERE feed_id = ? AND guid IN ({','.join('?' * len(chunk))})",
                    [feed_id, *chunk],
                )
            )
        return found

    def _insert_story(self, feed_id: int, entry: Entry, digest: str, when: float) -> int:
        canonical = canonical_url(entry.link)
        original = None
        if canonical:  # the same story through another feed: list it once, under the first
            row = self.db.execute(
                # `canonical != ''` lets SQLite use the partial index: without it, a full scan
                "SELECT id FROM stories WHERE canonical = ? AND canonical != '' AND feed_id != ? "
                "AND dup_of IS NULL "
                "ORDER BY id LIMIT 1",
                (canonical, feed_id),
            ).fetchone()
            original = row[0] if row else None
        cur = self.db.execute(
            "INSERT INTO stories (feed_id, guid, link, title, authors, published, updated, summary, "
            "content, first_seen, hash, sort_time, canonical, dup_of) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                feed_id,
                entry.guid,
                entry.link,
                entry.title,
                _names(entry),
                entry.published,
                entry.updated,
                entry.summary,
                entry.content,
                when,
                digest,
                entry.published or when,
                canonical,
                original,
            ),
        )
        return int(cur.lastrowid or 0)

    def _update_story(self, story_id: int, entry: Entry, digest: str) -> None:
        self.db.execute(
            "UPDATE stories SET guid = ?, link = ?, title = ?, authors = ?, published = ?, "
            "updated = ?, summary = ?, content = ?, hash = ?, "
            "sort_time = COALESCE(?, first_seen) WHERE id = ?",
            (
                entry.guid,
                entry.link,
                entry.title,
                _names(entry),
                entry.published,
                entry.updated,
                entry.summary,
                entry.content,
                digest,
                entry.published,
                story_id,
            ),
        )

    def _link_authors(self, story_id: int, entry: Entry, site: str, when: float) -> None:
        self.db.execute("DELETE FROM story_authors WHERE story_id = ?", (story_id,))
        for position, person in enumerate(entry.authors):
            author_id = self.upsert_author(site, person.name, url=person.url, when=when)
            self.db.execute(
                "INSERT OR IGNORE INTO story_authors VALUES (?, ?, ?)",
                (story_id, author_id, position),
            )

    def writing(self):
        """A transaction for several writes made through this store's own methods."""
        return transaction(self.db)

    # -- small state -----------------------------------------------------------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_state(self, key: str, value: str) -> None:
        with transaction(self.db) as db:
            db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))


def _natural(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _tags(tags: Iterable[str]) -> list[str]:
    return sorted({clean_line(t, 80) for t in tags if t and clean_line(t, 80)})


def _names(entry: Entry) -> str:
    return json.dumps([p.name for p in entry.authors], ensure_ascii=False) if entry.authors else ""


def _digest(entry: Entry) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in (
        entry.title,
        entry.link,
        entry.summary,
        entry.content,
        _names(entry),
        repr(entry.published),
        repr(entry.updated),
        entry.guid,
    ):
        h.update(part.encode("utf-8", "replace"))
        h.update(b"\x00")
    return h.hexdigest()


def _unique_entries(entries: Sequence[Entry]) -> list[Entry]:
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.guid not in seen:
            seen.add(entry.guid)
            unique.append(entry)
    return unique
