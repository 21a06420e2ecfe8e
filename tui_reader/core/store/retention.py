"""Keeping the cache in check: old stories, full texts and pictures go; starred stories never do."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tui_reader.core.store import search_index
from tui_reader.core.store.db import transaction
from tui_reader.core.store.duplicates import release_duplicates


@dataclass
class Pruned:
    """What a clean-up removed, for the CLI to report."""

    stories: int = 0
    full_texts: int = 0
    images: int = 0
    files: int = 0


def prune(db, cache_dir: Path, *, keep_days: int, keep_per_feed: int, max_bytes: int) -> Pruned:
    """Trim to the limits (0 means no limit), oldest first; then delete picture files nothing uses."""
    result = Pruned()
    with transaction(db):
        doomed: set[int] = set()
        now = time.time()
        if keep_days:  # a feed's own keep_days wins over the global one
            doomed.update(
                r[0]
                for r in db.execute(
                    "SELECT s.id FROM stories s JOIN feeds f ON f.id = s.feed_id WHERE s.starred = 0 "
                    "AND COALESCE(f.keep_days, ?) > 0 AND s.sort_time < ? - COALESCE(f.keep_days, ?) * 86400",
                    (keep_days, now, keep_days),
                )
            )
        else:
            doomed.update(
                r[0]
                for r in db.execute(
                    "SELECT s.id FROM stories s JOIN feeds f ON f.id = s.feed_id WHERE s.starred = 0 "
                    "AND f.keep_days > 0 AND s.sort_time < ? - f.keep_days * 86400",
                    (now,),
                )
            )
        if keep_per_feed:
            doomed.update(
                r[0]
                for r in db.execute(
                    "SELECT id FROM (SELECT id, starred, row_number() OVER (PARTITION BY feed_id "
                    "ORDER BY sort_time DESC, id DESC) AS n FROM stories) WHERE n > ? AND starred = 0",
                    (keep_per_feed,),
                )
            )
        result.stories += delete_stories(db, sorted(doomed))
        if max_bytes:
            result.full_texts, result.images = _trim_to(db, max_bytes)
        db.execute("DELETE FROM authors WHERE id NOT IN (SELECT author_id FROM story_authors)")
    result.files = _orphan_files(db, cache_dir)
    return result


def delete_stories(db, ids: list[int]) -> int:
    """Delete stories for good (inside the caller's transaction): out of the search index, their
    copies in other feeds promoted, and remembered so a refresh does not bring them back."""
    search_index.forget(db, ids)
    release_duplicates(db, ids)
    removed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(
            f"INSERT OR IGNORE INTO gone_stories SELECT feed_id, guid FROM stories WHERE id IN ({marks})",
            chunk,
        )
        removed += db.execute(f"DELETE FROM stories WHERE id IN ({marks})", chunk).rowcount
    return removed


def _trim_to(db, max_bytes: int) -> tuple[int, int]:
    """Drop pictures, then full texts, of the oldest unstarred stories until under `max_bytes`."""
    used = db.execute("SELECT COALESCE(sum(length(body)), 0) FROM fulltext").fetchone()[0]
    used += db.execute("SELECT COALESCE(sum(bytes), 0) FROM images WHERE status = 'ok'").fetchone()[
        0
    ]
    texts = images = 0
    if used <= max_bytes:
        return 0, 0
    rows = db.execute(
        "SELECT s.id, COALESCE(length(ft.body), 0), "
        "(SELECT COALESCE(sum(bytes), 0) FROM images i WHERE i.story_id = s.id AND i.status = 'ok') "
        "FROM stories s LEFT JOIN fulltext ft ON ft.story_id = s.id "
        "WHERE s.starred = 0 AND (ft.story_id IS NOT NULL OR EXISTS (SELECT 1 FROM images i "
        "WHERE i.story_id = s.id)) ORDER BY s.sort_time ASC, s.id ASC"
    ).fetchall()
    for story_id, text_bytes, image_bytes in rows:
        if used <= max_bytes:
            break
        images += db.execute("DELETE FROM images WHERE story_id = ?", (story_id,)).rowcount
        search_index.forget(db, [story_id])
        texts += db.execute("DELETE FROM fulltext WHERE story_id = ?", (story_id,)).rowcount
        search_index.remember(db, [story_id])
        used -= text_bytes + image_bytes
    return texts, images


def _orphan_files(db, cache_dir: Path) -> int:
    folder = cache_dir / "images"
    if not folder.is_dir():
        return 0
    used = {row[0] for row in db.execute("SELECT DISTINCT path FROM images WHERE status = 'ok'")}
    removed = 0
    for path in folder.glob("*/*"):
        if str(path.relative_to(cache_dir)) not in used:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
