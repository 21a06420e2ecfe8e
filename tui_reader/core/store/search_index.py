"""The full-text index (SQLite FTS5) kept in step with every write to a story.

The index is contentless: it stores tokens, not a second copy of every text, which keeps the cache
compact. A contentless index forgets a row only when given the exact text it indexed, so that text
is always rebuilt the same way, by `index_text`, from what the store holds.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import sqlite3
import zlib
from collections.abc import Iterable

_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
MAX_INDEXED = 200_000  # characters of text per story


def index_text(markup: str) -> str:
    """Plain words from HTML, cheaply (tags out, entities decoded, space folded)."""
    if not markup:
        return ""
    text = html.unescape(_TAGS.sub(" ", markup[: MAX_INDEXED * 2]))
    return _SPACE.sub(" ", text).strip()[:MAX_INDEXED]


def _row_values(db: sqlite3.Connection, story_id: int) -> tuple[str, str, str] | None:
    row = db.execute(
        "SELECT s.title, s.authors, s.summary, s.content, ft.body FROM stories s "
        "LEFT JOIN fulltext ft ON ft.story_id = s.id AND ft.status = 'full' WHERE s.id = ?",
        (story_id,),
    ).fetchone()
    if row is None:
        return None
    title, authors, summary, content, body = row
    try:
        names = " ".join(json.loads(authors)) if authors else ""
    except ValueError:
        names = authors or ""
    parts = [index_text(summary), index_text(content)]
    if body:
        with contextlib.suppress(zlib.error):
            parts.append(index_text(zlib.decompress(body).decode("utf-8", "replace")))
    return title or "", names, " ".join(p for p in parts if p)


def forget(db: sqlite3.Connection, story_ids: Iterable[int]) -> None:
    """Take stories out of the index (before they change or go), inside the caller's transaction."""
    for story_id in story_ids:
        values = _row_values(db, story_id)
        if values is not None:
            db.execute(
                "INSERT INTO story_search (story_search, rowid, title, authors, body) "
                "VALUES ('delete', ?, ?, ?, ?)",
                (story_id, *values),
            )


def remember(db: sqlite3.Connection, story_ids: Iterable[int]) -> None:
    """Index stories as they are now, inside the caller's transaction."""
    for story_id in story_ids:
        values = _row_values(db, story_id)
        if values is not None:
            db.execute(
                "INSERT INTO story_search (rowid, title, authors, body) VALUES (?, ?, ?, ?)",
                (story_id, *values),
            )


def backfill(db: sqlite3.Connection) -> None:
    """Index every story (a migration step for databases from before the index)."""
    ids = [row[0] for row in db.execute("SELECT id FROM stories")]
    remember(db, ids)
