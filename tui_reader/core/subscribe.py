"""Turning what a user typed (a feed or a site address) into a subscription."""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.core.discover import feed_links, looks_like_html
from tui_reader.core.feeds import FeedError, parse_feed
from tui_reader.core.net import Fetcher, FetchError, Response
from tui_reader.core.parsed import ParsedFeed
from tui_reader.core.refresh import FEED_ACCEPT
from tui_reader.core.text_encoding import to_utf8


@dataclass
class Found:
    url: str
    parsed: ParsedFeed
    response: Response


async def find_feed(fetcher: Fetcher, url: str) -> Found:
    """The feed at `url`, or the first working feed its page advertises; raise otherwise."""
    response = await fetcher.get(url, accept=FEED_ACCEPT)
    if not looks_like_html(response.body, response.content_type):
        return Found(url, parse_feed(to_utf8(response.body, response.content_type), url), response)
    candidates = feed_links(response.body, response.url)
    if not candidates:
        raise FeedError("no feed found: the page is HTML and advertises no RSS, Atom or JSON feed")
    problems = []
    for candidate in candidates[:5]:
        try:
            found = await fetcher.get(candidate, accept=FEED_ACCEPT)
            parsed = parse_feed(to_utf8(found.body, found.content_type), candidate)
        except (FetchError, FeedError) as error:
            problems.append(f"{candidate}: {error}")
            continue
        return Found(candidate, parsed, found)
    raise FeedError("the page's advertised feeds do not work: " + "; ".join(problems))
