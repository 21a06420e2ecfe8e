"""Keeping the cache in check: old stories, full texts and pictures go; starred stories never do."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tui_reader.core.store.db import transaction


@dataclass
class Pruned:
    stories: int = 0
    full_texts: int = 0
    images: int = 0
    files: int = 0


def prune(db, cache_dir: Path, *, keep_days: int, keep_per_feed: int, max_bytes: int) -> Pruned:
    """Trim to the limits (0 means no limit), oldest first; then delete picture files nothing uses."""
    result = Pruned()
    with transaction(db):
        if keep_days:
            cutoff = time.time() - keep_days * 86_400
            result.stories += db.execute(
                "DELETE FROM stories WHERE starred = 0 AND sort_time < ?", (cutoff,)
            ).rowcount
        if keep_per_feed:
            result.stories += db.execute(
                "DELETE FROM stories WHERE id IN (SELECT id FROM (SELECT id, starred, row_number() "
                "OVER (PARTITION BY feed_id ORDER BY sort_time DESC, id DESC) AS n FROM stories) "
                "WHERE n > ? AND starred = 0)",
                (keep_per_feed,),
            ).rowcount
        if max_bytes:
            result.full_texts, result.images = _trim_to(db, max_bytes)
        db.execute("DELETE FROM authors WHERE id NOT IN (SELECT author_id FROM story_authors)")
    result.files = _orphan_files(db, cache_dir)
    return result


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
        texts += db.execute("DELETE FROM fulltext WHERE story_id = ?", (story_id,)).rowcount
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
