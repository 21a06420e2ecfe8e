"""Stores of a given size, built fast (straight SQL, the search index filled in bulk)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from benchmarks.common import ROOT  # noqa: F401 - puts the repo root on sys.path
from tests.support.feedgen import WORDS
from tui_reader.core.store import Store
from tui_reader.core.store.search_index import backfill

NEWEST = "Benchmark newest story"


def build_store(
    path: Path, stories: int, *, feeds: int = 50, search: bool = False, seed: int = 1
) -> Path:
    """`stories` stories over `feeds` feeds; the newest one is titled NEWEST."""
    rng = random.Random(seed)
    now = time.time()
    with Store(path) as store:
        ids = [
            store.add_feed(
                f"https://example.org/feeds/{n}.xml",
                title=f"Feed {n}",
                tags=[("world", "tech")[n % 2]],
            )[0].id
            for n in range(feeds)
        ]
        rows = []
        for i in range(stories):
            title = NEWEST if i == 0 else " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
            summary = " ".join(rng.choice(WORDS) for _ in range(40))
            author = json.dumps([f"Author {i % 97}"])
            rows.append(
                (
                    ids[i % feeds],
                    f"g{i}",
                    f"https://example.org/s/{i}",
                    title,
                    author,
                    now - i * 60,
                    summary,
                    now - i * 60,
                    now - i * 60,
                    i % 3 == 0,
                )
            )
        with store.writing() as db:
            db.executemany(
                "INSERT INTO stories (feed_id, guid, link, title, authors, published, summary, "
                "first_seen, sort_time, read, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
                rows,
            )
            if search:
                backfill(db)
        store.db.execute("ANALYZE")
    return path
