"""Costs that must not grow with the cache, guarded structurally (timings belong in benchmarks/)."""

from __future__ import annotations

from pathlib import Path

from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW
from tui_reader.core.refresh import refresh
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp


def statements(store: Store, action) -> list[str]:
    seen: list[str] = []
    store.db.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store.db.set_trace_callback(None)
    return [s for s in seen if not s.startswith("PRAGMA")]  # settings, once per refresh


def test_an_unchanged_feed_costs_a_handful_of_statements(
    server: LoopbackServer, store: Store
) -> None:
    for n in (10, 50):
        spec = feedgen.make_feed(server.url("/"), n, seed=n)
        server.add(f"/f{n}", Route(feedgen.rss(spec), "application/rss+xml", conditional=False))
        server.add(f"/c{n}", Route(feedgen.rss(spec), "application/rss+xml"))
        store.add_feed(server.url(f"/f{n}"))
        store.add_feed(server.url(f"/c{n}"))
    refresh(store)
    by_feed: dict[str, int] = {}
    for feed in store.feeds(counts=False):
        by_feed[feed.url.rsplit("/", 1)[1]] = len(
            statements(store, lambda f=feed: refresh(store, [f]))
        )
    # 304: the feed row's fetch time and the refresh time, each in its own transaction
    assert by_feed["c10"] == by_feed["c50"] <= 6
    # 200 with the same items: a few lookups, no statement per item
    assert by_feed["f10"] == by_feed["f50"] <= 9


def fill(path: Path, count: int) -> Store:
    store = Store(path)
    feed, _ = store.add_feed("https://e.org/feed")
    with store.writing() as db:
        db.executemany(
            "INSERT INTO stories (feed_id, guid, link, title, first_seen, sort_time, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, '')",
            (
                (feed.id, f"g{i}", f"https://e.org/{i}", f"Story {i}", NOW - i, NOW - i)
                for i in range(count)
            ),
        )
    return store


async def test_start_up_reads_and_mounts_the_same_whatever_the_cache(tmp_path: Path) -> None:
    measured = []
    for count in (500, 30_000):
        store = fill(tmp_path / f"{count}.db", count)
        app = ReaderApp(store, clock=lambda: NOW, theme="reader-dark")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            measured.append((app.screen.stories.rows_loaded, len(list(app.screen.walk_children()))))
        store.close()
    assert measured[0] == measured[1], measured
