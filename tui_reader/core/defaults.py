"""What a first start subscribes to: a short list of public news feeds, easy to remove
(`tui-reader remove URL`, or delete them in the app). Listed in the README too."""

from __future__ import annotations

DEFAULT_FEEDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("https://kyivindependent.com/news-archive/rss/", "The Kyiv Independent", ("world",)),
    ("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News: World", ("world",)),
    ("https://www.theguardian.com/world/rss", "The Guardian: World", ("world",)),
    ("https://feeds.arstechnica.com/arstechnica/index", "Ars Technica", ("tech",)),
    ("https://lwn.net/headlines/rss", "LWN.net", ("tech",)),
    ("https://hnrss.org/frontpage", "Hacker News: Front Page", ("tech",)),
]


def subscribe_on_first_start(store, feeds=DEFAULT_FEEDS) -> bool:
    """Subscribe an empty, never-started home to the defaults; True when this was the first start."""
    if store.get_state("first_start_done") is not None or store.has_feeds():
        return False
    for url, title, tags in feeds:
        store.add_feed(url, title=title, tags=tags)
    store.set_state("first_start_done", "1")
    return True
