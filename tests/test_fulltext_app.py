"""Full text in the reader: the feed's text at once, then the page's, and the author's bio from
the story page in the author pane; served from the loopback server."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW
from tui_reader.core.refresh import refresh_feeds
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp

PAGES = Path(__file__).parent / "fixtures" / "pages"


def feed(link: str, other: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Courier</title><link>https://example.org/</link>"
        f"<item><guid>1</guid><title>Night trains return</title><link>{link}</link>"
        "<dc:creator>Mira Holloway</dc:creator><description>A short summary only.</description></item>"
        f"<item><guid>2</guid><title>Another story by her</title><link>{other}</link>"
        "<dc:creator>Mira Holloway</dc:creator><description>Later.</description></item>"
        "</channel></rss>"
    ).encode()


async def wait_for(pilot, condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.05)


async def test_full_text_replaces_the_feed_text_and_the_bio_reaches_the_author_pane(
    server: LoopbackServer, tmp_path: Path
) -> None:
    page = (PAGES / "author_card.html").read_bytes()
    # slow enough that the feed's text is certainly on screen before the page arrives
    link = server.add("/story/1", Route(page, "text/html; charset=utf-8", delay=1.0))
    other = server.add("/story/2", Route(b"<html><body><p>x</p></body></html>", "text/html"))
    server.add("/feed.xml", Route(feed(link, other), "application/rss+xml"))
    store = Store(tmp_path / "reader.db")
    store.add_feed(server.url("/feed.xml"))
    await refresh_feeds(store, store.feeds(counts=False))
    app = ReaderApp(store, clock=lambda: NOW, theme="reader-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        index = next(
            i
            for i in range(screen.stories.total)
            if screen.stories.item(i).title.startswith("Night")
        )
        screen.stories.move_to(index)
        await pilot.press("enter")
        header = lambda: str(screen.article.query_one("#article-header").render())  # noqa: E731
        assert "Fetching the full text" in header()  # the feed's text, at once
        await wait_for(pilot, lambda: "Full text" in header())
        assert "sleeper service" in screen.article.document.plain  # the page, not the summary
        card = str(screen.author.query_one("#author-card").render())
        assert "Mira Holloway" in card and "Transport correspondent" in card
        assert "has reported on railways" in card  # the bio came from the story page
    # the record serves her other stories too, and the next opening needs no network
    server.stop()
    other_story = next(s for s in store.stories(limit=-1) if s.title.startswith("Another"))
    (author,) = store.story_authors(other_story.id)
    assert author.bio.startswith("Mira Holloway has reported on railways")
    first = next(s for s in store.stories(limit=-1) if s.title.startswith("Night"))
    assert store.fulltext(first.id).status == "full"
