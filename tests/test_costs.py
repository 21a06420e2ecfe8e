"""Costs that must not grow with the cache, guarded structurally (timings belong in benchmarks/)."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.css.stylesheet import Stylesheet

from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW, sample_app
from tui_reader.core.refresh import refresh
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.main import MainScreen


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


async def test_start_up_parses_each_stylesheet_once(tmp_path: Path, monkeypatch) -> None:
    """The theme is set before Textual reads any stylesheet: set later, Textual re-parsed every
    one of them (a tenth of the first paint). A theme changed in the app is still applied."""
    reparses: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparses.append(1)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = sample_app(tmp_path, theme="paper")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The reader's screen is the default one: its first frame is the app's first frame.
        assert [type(s) for s in app.screen_stack] == [MainScreen]
        assert app.theme == "paper" and app.has_class("-light-mode", "-theme-paper")
        assert app.stylesheet._variables["background"] == app.get_css_variables()["background"]
        assert reparses == []
        app.theme = "reader-dark"
        await pilot.pause()
        assert reparses and app.has_class("-dark-mode") and not app.has_class("-theme-paper")


async def test_the_first_frame_styles_each_widget_once(tmp_path: Path, monkeypatch) -> None:
    """Widgets are styled as they mount; the restyle Textual runs when a screen resumes is
    skipped the first time (nothing changed since) and kept for every later resume."""
    restyles: list[int] = []
    restyle = MainScreen.update_node_styles

    def counted(self: MainScreen, animate: bool = True) -> None:
        restyles.append(1)
        restyle(self, animate)

    monkeypatch.setattr(MainScreen, "update_node_styles", counted)
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert restyles == []
        app.screen.post_message(events.ScreenResume())  # as Textual sends when it must restyle
        await pilot.pause()
        assert restyles == [1]
