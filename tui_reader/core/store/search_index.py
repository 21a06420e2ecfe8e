"""The full-text index (SQLite FTS5) kept in step with every write to a story.

The index is contentless: it stores tokens, not a second copy of every text, which keeps the cache
compact. A contentless index forgets a row only when given the exact text it indexed, so that text
is always rebuilt the same way, by `index_text`, from what the store holds.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import zlib
from collections.abc import Iterable

_TAGS = re.compile(r"<[^>]*>")
MAX_INDEXED = 200_000  # characters of text per story


def index_text(markup: str) -> str:
    """Plain words from HTML, cheaply (tags out, entities decoded, space folded)."""
    if not markup:
        return ""
    text = markup[: MAX_INDEXED * 2]
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        from html import unescape  # its entity table is a cost the first paint need not pay

        text = unescape(text)
    return " ".join(text.split())[:MAX_INDEXED]  # str.split's whitespace is regex \s exactly


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
    text = index_body(summary, content)
    if body:
        with contextlib.suppress(zlib.error):
            extra = index_text(zlib.decompress(body).decode("utf-8", "replace"))
            text = f"{text} {extra}" if text and extra else text or extra
    return title or "", names, text


def index_body(summary: str | None, content: str | None) -> str:
    """The indexed body of a story's own summary and content (a stored page's text follows)."""
    return " ".join(p for p in (index_text(summary or ""), index_text(content or "")) if p)


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


def remember_new(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str, str]]) -> None:
    """Index stories just inserted, from the texts their writer already built: (id, title,
    names, body), exactly what `_row_values` would rebuild from the row."""
    db.executemany(
        "INSERT INTO story_search (rowid, title, authors, body) VALUES (?, ?, ?, ?)", rows
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
