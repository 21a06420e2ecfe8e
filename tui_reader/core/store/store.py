"""The store's facade: every read and write the app and the CLI make goes through here."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path

from tui_reader.core.clean import clean_line
from tui_reader.core.models import Feed
from tui_reader.core.store import search_index
from tui_reader.core.store.authors import AuthorRecords
from tui_reader.core.store.cached import CachedContent
from tui_reader.core.store.db import batch, connect, transaction
from tui_reader.core.store.duplicates import release_duplicates
from tui_reader.core.store.feed_writes import FeedWrites
from tui_reader.core.store.organise import Organising
from tui_reader.core.store.queries import (
    FEED_COLUMNS,
    feed_from_row,
)
from tui_reader.core.store.stories import StoryReads


class Store(StoryReads, AuthorRecords, FeedWrites, CachedContent, Organising):
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

    def has_feeds(self) -> bool:
        return self.db.execute("SELECT 1 FROM feeds LIMIT 1").fetchone() is not None

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

    def writing(self):
        """A transaction for several writes made through this store's own methods."""
        return transaction(self.db)

    def batch(self):
        """One transaction for many writes, each still rolled back alone if it fails (`db.batch`)."""
        return batch(self.db)

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
