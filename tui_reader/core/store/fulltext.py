"""Full texts in the store: compressed article HTML per story, and why when there is none."""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FullText:
    """A story's page text as stored, or why the feed's own text is shown instead."""

    story_id: int
    status: str  # full | feed | failed
    reason: str
    html: str
    word_count: int
    fetched: float
    meta: dict = field(default_factory=dict)  # title, site, published, images


def save_fulltext(db: sqlite3.Connection, text: FullText) -> None:
    """Inside the caller's transaction (the search index changes with it)."""
    body = zlib.compress(text.html.encode("utf-8"), 6) if text.html else None
    db.execute(
        "INSERT OR REPLACE INTO fulltext (story_id, status, reason, body, word_count, fetched, meta) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            text.story_id,
            text.status,
            text.reason,
            body,
            text.word_count,
            text.fetched or time.time(),
            json.dumps(text.meta, ensure_ascii=False),
        ),
    )


def load_fulltext(db: sqlite3.Connection, story_id: int) -> FullText | None:
    row = db.execute(
        "SELECT status, reason, body, word_count, fetched, meta FROM fulltext WHERE story_id = ?",
        (story_id,),
    ).fetchone()
    if row is None:
        return None
    try:
        html = zlib.decompress(row[2]).decode("utf-8", "replace") if row[2] else ""
    except zlib.error:
        html = ""
    try:
        meta = json.loads(row[5] or "{}")
    except ValueError:
        meta = {}
    return FullText(story_id, row[0], row[1], html, row[3], row[4], meta)
