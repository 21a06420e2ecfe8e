"""The reader with real feeds: refresh in place, hostile strings, a first start with no network,
and a 100,000-story cache that opens without loading it."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW, utc
from tui_reader.core.defaults import subscribe_on_first_start
from tui_reader.core.parsed import Entry, ParsedFeed
from tui_reader.core.refresh import refresh_feeds
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.main import MainScreen


async def wait_for(pilot, condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.05)


async def test_refresh_adds_stories_without_moving_the_selection(
    server: LoopbackServer, tmp_path: Path
) -> None:
    spec = feedgen.make_feed(server.url("/"), 10, seed=5)
    server.add("/feed", Route(feedgen.rss(spec), "application/rss+xml"))
    store = Store(tmp_path / "reader.db")
    store.add_feed(server.url("/feed"))
    await refresh_feeds(store, store.feeds(counts=False))
    app = ReaderApp(store, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("j", "j", "j")
        chosen = screen.stories.current
        newer = feedgen.make_feed(server.url("/"), 2, seed=99)
        for item in newer.items:
            item.published = feedgen.BASE_TIME.replace(day=26)
        spec.items = newer.items + spec.items
        server.routes["/feed"] = Route(feedgen.rss(spec), "application/rss+xml")
        await pilot.press("R")
        await wait_for(pilot, lambda: screen.stories.total == 12)
        await pilot.pause()
        assert screen.stories.current.id == chosen.id
        assert screen.stories.cursor == 5
        assert screen.status.status.online is True and screen.status.status.progress is None


async def test_hostile_strings_are_shown_literally(server: LoopbackServer, tmp_path: Path) -> None:
    evil = [
        "[@click=app.quit]x[/]",
        "Ship [/foo] now",
        "[@click=app.screenshot('/tmp/pwned')]shot[/]",
        "Bell\x07 and \x1b[2J clear \u202egnp.exe",
    ]
    items = "".join(
        f"<item><guid>{i}</guid><title><![CDATA[{t}]]></title><link>https://e.org/{i}</link>"
        f"<dc:creator><![CDATA[{t}]]></dc:creator><description><![CDATA[<p>{t}</p>]]></description></item>"
        for i, t in enumerate(evil)
    )
    doc = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title><![CDATA[[bold]Feed[/] {evil[1]}]]></title>{items}</channel></rss>"
    )
    server.add("/evil", Route(doc.encode(), "application/rss+xml"))
    store = Store(tmp_path / "reader.db")
    store.add_feed(server.url("/evil"), tags=["[red]tag[/]"])
    assert (await refresh_feeds(store, store.feeds(counts=False))).new == 4
    app = ReaderApp(store, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        rows = [screen.stories.render_row(screen.stories.item(i), 100).plain for i in range(4)]
        for text in evil[:3]:
            assert any(text in row for row in rows), text
        for i in range(4):
            screen.stories.move_to(i)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("tab", "tab", "tab")  # around the panes
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert not Path("/tmp/pwned").exists()
        body = str(screen.article.query_one("#article-header").render())
        assert "\x1b" not in body and "\u202e" not in body and "\x07" not in body
        feed_rows = [screen.feeds.render_row(r, 40).plain for r in screen.feeds.rows]
        assert any("[red]tag[/]" in r for r in feed_rows)
        app.notify(screen.stories.current.title, markup=False)
        await pilot.pause()
        assert app.is_running


async def test_first_start_offline_offers_the_sample_edition(tmp_path: Path) -> None:
    utc()
    store = Store(tmp_path / "reader.db")
    dead = [("http://127.0.0.1:9/feed.xml", "Nowhere", ("world",))]  # nothing listens on port 9
    assert subscribe_on_first_start(store, dead)
    assert not subscribe_on_first_start(store, dead)  # only once
    app = ReaderApp(store, clock=lambda: NOW, first_start=True)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.screen_stack[0]  # the reader's screen is the default screen
        await wait_for(pilot, lambda: bool(first.query("#article")))
        assert "sample edition" in first.stories.empty_message
        await wait_for(pilot, lambda: app.screen is not first)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.sample
        await wait_for(pilot, lambda: bool(screen.query("#article")) and screen.stories.total >= 24)
        assert first.status.status.online is False


async def test_a_huge_cache_opens_without_loading_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    feed, _ = store.add_feed("https://e.org/feed", tags=["big"])
    with store.writing() as db:
        db.executemany(
            "INSERT INTO stories (feed_id, guid, link, title, first_seen, sort_time, hash) VALUES (?, ?, ?, ?, ?, ?, '')",
            (
                (feed.id, f"g{i}", f"https://e.org/{i}", f"Story number {i}", NOW - i, NOW - i)
                for i in range(100_000)
            ),
        )
    app = ReaderApp(store, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.pause()
        stories = screen.stories
        assert stories.total == 100_000
        visible = stories.scrollable_content_region.height
        assert stories.rows_loaded <= max(visible, 100)  # one page, not the table
        assert len(list(app.screen.walk_children())) < 60  # no widget per row
        await pilot.press("G")
        assert (
            stories.current.title == "Story number 0"
            or stories.current.title == "Story number 99999"
        )
        assert stories.rows_loaded <= 300


async def test_names_without_author_records_still_show_in_the_author_pane(tmp_path: Path) -> None:
    """A story kept from before author records (or whose names no page confirmed) still says
    who wrote it there, as its byline does, rather than that nobody is named."""
    store = Store(tmp_path / "reader.db")
    feed, _ = store.add_feed("https://e.org/feed")
    with store.writing() as db:
        db.execute(
            "INSERT INTO stories (feed_id, guid, link, title, authors, first_seen, sort_time, hash) "
            "VALUES (?, 'g', 'https://e.org/1', 'A story', ?, ?, ?, '')",
            (feed.id, '["Ana Ruiz", "Jonas Brekke"]', NOW, NOW),
        )
    app = ReaderApp(store, clock=lambda: NOW, theme="reader-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        card = str(app.screen.query_one("#author-card").render())
        assert "Ana Ruiz and Jonas Brekke" in card and "No author is named" not in card


async def test_search_shows_its_matches_then_counts_them(tmp_path: Path) -> None:
    """As you type, the first page of matches is drawn without waiting for their count (as
    long again for a common word); the count follows, for the list's length."""
    store = Store(tmp_path / "reader.db")
    feed, _ = store.add_feed("https://e.org/feed")
    entries = [
        Entry(f"g{i}", f"https://e.org/{i}", f"Harbour news number {i}", published=NOW - i)
        for i in range(250)
    ]
    parsed = ParsedFeed("Feed", "https://e.org/", entries)
    store.store_feed(feed, parsed, etag=None, last_modified=None, when=NOW)
    app = ReaderApp(store, clock=lambda: NOW, theme="reader-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        stories = app.screen.stories
        await pilot.press("slash", *"harbo")
        assert stories.current is not None and "Harbour" in stories.current.title
        await pilot.pause()
        assert stories.total == 250  # the count came after the first page of 100
