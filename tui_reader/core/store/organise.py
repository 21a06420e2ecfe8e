"""Organising the cache: smart feeds (saved queries), filters, and per-feed settings.

A mixin of `Store`.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from tui_reader.core.clean import clean_line
from tui_reader.core.store.db import transaction

if TYPE_CHECKING:
    from tui_reader.core.store import filters


@dataclass(frozen=True)
class SmartFeed:
    """A saved search shown as a feed."""

    id: int
    name: str
    query: str


class Organising:
    db: sqlite3.Connection

    # -- smart feeds ----------------------------------------------------------------------------

    def smart_feeds(self) -> list[SmartFeed]:
        rows = self.db.execute("SELECT id, name, query FROM smart_feeds ORDER BY lower(name)")
        return [SmartFeed(*row) for row in rows]

    def save_smart_feed(self, name: str, query: str) -> SmartFeed:
        """Create or replace a saved query by name."""
        name = clean_line(name, 120)
        if not name or not query.strip():
            raise ValueError("a smart feed needs a name and a query")
        with transaction(self.db) as db:
            db.execute(
                "INSERT INTO smart_feeds (name, query, created) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                (name, query.strip(), time.time()),
            )
        return next(s for s in self.smart_feeds() if s.name == name)

    def remove_smart_feed(self, name: str) -> bool:
        with transaction(self.db) as db:
            return db.execute("DELETE FROM smart_feeds WHERE name = ?", (name,)).rowcount > 0

    # -- filters ----------------------------------------------------------------------------------

    def filters(self) -> list[filters.Filter]:
        return _filters().list_filters(self.db)

    def add_filter(
        self, field: str, pattern: str, *, regex: bool = False, feed_id: int | None = None
    ) -> filters.Filter:
        return _filters().add_filter(self.db, field, pattern, regex=regex, feed_id=feed_id)

    def remove_filter(self, filter_id: int) -> int:
        return _filters().remove_filter(self.db, filter_id)

    def enable_filter(self, filter_id: int, enabled: bool) -> None:
        _filters().set_enabled(self.db, filter_id, enabled)

    # -- per-feed settings ------------------------------------------------------------------------

    def set_feed_settings(self, feed_id: int, **settings: object) -> None:
        """refresh_minutes, item_limit, keep_days (None: the global default) and fulltext (bool)."""
        allowed = {"refresh_minutes", "item_limit", "fulltext", "keep_days"}
        unknown = set(settings) - allowed
        if unknown:
            raise ValueError(f"unknown feed settings: {', '.join(sorted(unknown))}")
        with transaction(self.db) as db:
            for key, value in settings.items():
                if key == "fulltext":
                    value = int(bool(value))
                elif value is not None and (not isinstance(value, int) or value < 0):
                    raise ValueError(f"{key} must be a whole number of at least 0, or unset")
                db.execute(
                    f"UPDATE feeds SET {key} = ? WHERE id = ?",
                    (value or None if key != "fulltext" else value, feed_id),
                )


def _filters() -> ModuleType:
    """The filters module on first use: the first paint lists no filters."""
    from tui_reader.core.store import filters

    return filters
