"""Full texts, pictures and the cache's size, as the store keeps them. A mixin of `Store`.

Their modules are imported on first use, not with the store: the first paint reads neither.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.core.store import search_index
from tui_reader.core.store.db import transaction

if TYPE_CHECKING:
    from tui_reader.core.store.fulltext import FullText
    from tui_reader.core.store.images import StoredImage


class CachedContent:
    db: sqlite3.Connection
    path: Path

    # -- full text ------------------------------------------------------------------------------

    def save_fulltext(self, text: FullText) -> None:
        with transaction(self.db) as db:
            from tui_reader.core.store.fulltext import save_fulltext

            search_index.forget(db, [text.story_id])
            save_fulltext(db, text)
            search_index.remember(db, [text.story_id])

    def fulltext(self, story_id: int) -> FullText | None:
        from tui_reader.core.store.fulltext import load_fulltext

        return load_fulltext(self.db, story_id)

    def fulltext_bytes(self, story_id: int) -> int:
        """What one story's stored text counts towards the offline budget."""
        row = self.db.execute(
            "SELECT COALESCE(length(body), 0) FROM fulltext WHERE story_id = ?", (story_id,)
        ).fetchone()
        return row[0] if row else 0

    # -- images and the cache -------------------------------------------------------------------

    def save_image(self, image: StoredImage) -> None:
        from tui_reader.core.store.images import save_image

        save_image(self.db, image)

    def story_images(self, story_id: int) -> list[StoredImage]:
        from tui_reader.core.store.images import story_images

        return story_images(self.db, story_id)

    def known_image(self, url: str) -> StoredImage | None:
        from tui_reader.core.store.images import known_image

        return known_image(self.db, url)

    def cache_bytes(self) -> dict[str, int]:
        """Bytes used by kind: the database file (with its WAL), full texts, images."""
        database = sum(
            p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file()
        )
        full = self.db.execute("SELECT COALESCE(sum(length(body)), 0) FROM fulltext").fetchone()[0]
        images = self.db.execute(
            "SELECT COALESCE(sum(bytes), 0) FROM (SELECT DISTINCT sha256, bytes FROM images "
            "WHERE status = 'ok')"
        ).fetchone()[0]
        return {"database": database, "full_texts": full, "images": images}

    def offline_counts(self) -> tuple[int, int]:
        """Stories readable in full offline, and how many of those have their images too."""
        full = self.db.execute("SELECT count(*) FROM fulltext WHERE status = 'full'").fetchone()[0]
        pictures = self.db.execute(
            "SELECT count(DISTINCT ft.story_id) FROM fulltext ft JOIN images i ON i.story_id = ft.story_id "
            "WHERE ft.status = 'full' AND i.status = 'ok'"
        ).fetchone()[0]
        return full, pictures
