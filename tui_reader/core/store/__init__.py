"""The store: SQLite, the single source of truth for feeds, stories, authors and state."""

from tui_reader.core.store.db import StoreError
from tui_reader.core.store.queries import StoryQuery
from tui_reader.core.store.store import Store

__all__ = ["Store", "StoreError", "StoryQuery"]
