"""Filters: rules that hide matching stories (per feed or everywhere), reversibly, with counts.

A rule matches a field (title, author, link or text) by words (all of them, whole words, any
case) or by a regular expression. Hidden stories stay in the store: removing or disabling the
rule brings them back.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from tui_reader.core.store.db import transaction
from tui_reader.core.store.search_index import index_text

FIELDS = ("title", "author", "link", "text")
MAX_FIELD = 20_000  # characters a rule looks at: bounded work per story


@dataclass(frozen=True)
class Filter:
    """A rule that hides matching stories (killfile), for every feed or one."""

    id: int
    feed_id: int | None
    field: str
    pattern: str
    regex: bool
    enabled: bool
    hidden: int = 0

    def compile(self) -> re.Pattern[str]:
        if self.regex:
            return re.compile(self.pattern, re.IGNORECASE)
        words = [re.escape(w) for w in self.pattern.split()]
        return re.compile("".join(rf"(?=.*\b{w}\b)" for w in words), re.IGNORECASE | re.DOTALL)


def validate(field: str, pattern: str, regex: bool) -> str:
    """Why a rule is unusable, or "" when it is fine."""
    if field not in FIELDS:
        return f"field must be one of {', '.join(FIELDS)}"
    if not pattern.strip():
        return "the pattern is empty"
    if regex:
        try:
            re.compile(pattern)
        except re.error as error:
            return f"not a regular expression: {error}"
    return ""


def list_filters(db: sqlite3.Connection) -> list[Filter]:
    rows = db.execute(
        "SELECT f.id, f.feed_id, f.field, f.pattern, f.regex, f.enabled, "
        "(SELECT count(*) FROM story_filters sf WHERE sf.filter_id = f.id) FROM filters f ORDER BY f.id"
    ).fetchall()
    return [Filter(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6]) for r in rows]


def add_filter(
    db: sqlite3.Connection,
    field: str,
    pattern: str,
    *,
    regex: bool = False,
    feed_id: int | None = None,
) -> Filter:
    problem = validate(field, pattern, regex)
    if problem:
        raise ValueError(problem)
    with transaction(db):
        cur = db.execute(
            "INSERT INTO filters (feed_id, field, pattern, regex, created) VALUES (?, ?, ?, ?, ?)",
            (feed_id, field, pattern, int(regex), time.time()),
        )
        filter_id = int(cur.lastrowid or 0)
        where = "WHERE feed_id = ?" if feed_id is not None else ""
        ids = [
            r[0]
            for r in db.execute(f"SELECT id FROM stories {where}", [feed_id] if feed_id else [])
        ]
        apply_filters(db, ids)
    return next(f for f in list_filters(db) if f.id == filter_id)


def remove_filter(db: sqlite3.Connection, filter_id: int) -> int:
    """Delete a rule; return how many stories it had hidden (shown again unless another rule hides them)."""
    with transaction(db):
        ids = [
            r[0]
            for r in db.execute(
                "SELECT story_id FROM story_filters WHERE filter_id = ?", (filter_id,)
            )
        ]
        db.execute("DELETE FROM filters WHERE id = ?", (filter_id,))
        _refresh_hidden(db, ids)
    return len(ids)


def set_enabled(db: sqlite3.Connection, filter_id: int, enabled: bool) -> None:
    with transaction(db):
        db.execute("UPDATE filters SET enabled = ? WHERE id = ?", (int(enabled), filter_id))
        if enabled:
            ids = [r[0] for r in db.execute("SELECT id FROM stories")]
            apply_filters(db, ids)
        else:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT story_id FROM story_filters WHERE filter_id = ?", (filter_id,)
                )
            ]
            db.execute("DELETE FROM story_filters WHERE filter_id = ?", (filter_id,))
            _refresh_hidden(db, ids)


def apply_filters(db: sqlite3.Connection, story_ids: Iterable[int], *, fresh: bool = False) -> None:
    """Match the enabled rules against these stories (inside the caller's transaction).

    `fresh`: the stories were just inserted, so no rule has matched them yet and they are not
    hidden: with no rule enabled there is nothing to do.
    """
    rules = [f for f in list_filters(db) if f.enabled]
    ids = list(story_ids)
    if not ids or (fresh and not rules):
        return
    compiled = [(rule, rule.compile()) for rule in rules]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM story_filters WHERE story_id IN ({marks})", chunk)
        if compiled:
            rows = db.execute(
                f"SELECT id, feed_id, title, authors, link, summary, content FROM stories WHERE id IN ({marks})",
                chunk,
            ).fetchall()
            for row in rows:
                for rule, pattern in compiled:
                    if rule.feed_id is not None and rule.feed_id != row[1]:
                        continue
                    if pattern.search(_field(rule.field, row)[:MAX_FIELD]):
                        db.execute(
                            "INSERT OR IGNORE INTO story_filters VALUES (?, ?)", (row[0], rule.id)
                        )
        _refresh_hidden(db, chunk)


def _field(field: str, row: tuple) -> str:
    if field == "title":
        return row[2] or ""
    if field == "author":
        try:
            return " ".join(json.loads(row[3])) if row[3] else ""
        except ValueError:
            return row[3] or ""
    if field == "link":
        return row[4] or ""
    return index_text(f"{row[5] or ''} {row[6] or ''}")


def _refresh_hidden(db: sqlite3.Connection, ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(
            f"UPDATE stories SET hidden = EXISTS (SELECT 1 FROM story_filters sf WHERE sf.story_id = stories.id) "
            f"WHERE id IN ({marks})",
            chunk,
        )
