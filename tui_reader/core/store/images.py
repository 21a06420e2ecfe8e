"""Images in the store: which story shows which picture, where its cached file is, or why not."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from tui_reader.core.store.db import transaction


@dataclass(frozen=True)
class StoredImage:
    """A picture of a story: downloaded into the cache folder, or why not."""

    story_id: int
    url: str
    sha256: str
    path: str  # relative to the cache dir; "" when not downloaded
    bytes: int
    content_type: str
    status: str  # ok | failed
    reason: str
    lead: bool


def save_image(db: sqlite3.Connection, image: StoredImage) -> None:
    with transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO images (story_id, url, sha256, path, bytes, content_type, status, "
            "reason, lead, fetched) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                image.story_id,
                image.url,
                image.sha256,
                image.path,
                image.bytes,
                image.content_type,
                image.status,
                image.reason,
                int(image.lead),
                time.time(),
            ),
        )


def story_images(db: sqlite3.Connection, story_id: int) -> list[StoredImage]:
    rows = db.execute(
        "SELECT story_id, url, sha256, path, bytes, content_type, status, reason, lead FROM images "
        "WHERE story_id = ? ORDER BY lead DESC, id",
        (story_id,),
    ).fetchall()
    return [StoredImage(*row[:8], bool(row[8])) for row in rows]


def known_image(db: sqlite3.Connection, url: str) -> StoredImage | None:
    """An image already downloaded for another story: the same file serves both."""
    row = db.execute(
        "SELECT story_id, url, sha256, path, bytes, content_type, status, reason, lead FROM images "
        "WHERE url = ? AND status = 'ok' LIMIT 1",
        (url,),
    ).fetchone()
    return StoredImage(*row[:8], bool(row[8])) if row else None
