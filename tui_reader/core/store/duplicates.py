"""One story, many feeds: copies point at the first arrival (`dup_of`); state follows the story."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def family(db: sqlite3.Connection, story_ids: Iterable[int]) -> list[int]:
    """The stories and every copy of them, so read and starred state is the same through any feed."""
    ids = list(dict.fromkeys(story_ids))
    if not ids:
        return []
    found = set(ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ",".join("?" * len(chunk))
        for (other,) in db.execute(
            f"SELECT id FROM stories WHERE dup_of IN ({marks}) UNION "
            f"SELECT dup_of FROM stories WHERE id IN ({marks}) AND dup_of IS NOT NULL UNION "
            f"SELECT id FROM stories WHERE dup_of IN (SELECT dup_of FROM stories WHERE id IN ({marks}))",
            [*chunk, *chunk, *chunk],
        ):
            found.add(other)
    return sorted(found)


def release_duplicates(db: sqlite3.Connection, story_ids: Iterable[int]) -> None:
    """Before stories go, their first copy elsewhere becomes the one that is listed."""
    for story_id in story_ids:
        copies = [
            r[0]
            for r in db.execute("SELECT id FROM stories WHERE dup_of = ? ORDER BY id", (story_id,))
        ]
        if copies:
            heir, rest = copies[0], copies[1:]
            db.execute("UPDATE stories SET dup_of = NULL WHERE id = ?", (heir,))
            if rest:
                marks = ",".join("?" * len(rest))
                db.execute(f"UPDATE stories SET dup_of = ? WHERE id IN ({marks})", [heir, *rest])


def sources(db: sqlite3.Connection, story_id: int) -> list[tuple[str, str]]:
    """(feed title, feed URL) of every feed that carried this story, the first arrival first."""
    row = db.execute(
        "SELECT COALESCE(dup_of, id) FROM stories WHERE id = ?", (story_id,)
    ).fetchone()
    if row is None:
        return []
    return db.execute(
        "SELECT COALESCE(f.user_title, NULLIF(f.title, ''), f.url), f.url FROM stories s "
        "JOIN feeds f ON f.id = s.feed_id WHERE s.id = ? OR s.dup_of = ? ORDER BY s.id",
        (row[0], row[0]),
    ).fetchall()
