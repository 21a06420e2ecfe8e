"""Getting a story's full text: fetch its page within the limits, extract it in a child process,
store the result (or why there is none). The feed's own text stays the fallback."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from tui_reader.core.models import Author, Story
from tui_reader.core.net import Fetcher, FetchError, Limits
from tui_reader.core.sandbox import ExtractionFailed, extract_limited
from tui_reader.core.store import Store
from tui_reader.core.store.fulltext import FullText

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
PAGE_LIMITS = Limits(max_bytes=5 * 1024 * 1024)  # story pages: bigger than feeds, still bounded


@dataclass(frozen=True)
class PageResult:
    story_id: int
    status: str  # full | feed | failed
    reason: str
    network_down: bool = False


async def fetch_page(fetcher: Fetcher, url: str) -> tuple[str, str]:
    """The page's HTML as text and its final URL; `FetchError` for anything unusable."""
    from tui_reader.core.extract import decode_page

    response = await fetcher.get(url, accept=PAGE_ACCEPT)
    kind = response.content_type.split(";")[0].strip().lower()
    if kind and "html" not in kind and kind not in ("text/plain", "application/octet-stream"):
        raise FetchError(f"not HTML ({kind})")
    return decode_page(response.body, response.content_type), response.url


async def get_fulltext(
    store: Store,
    fetcher: Fetcher,
    story: Story,
    *,
    timeout: float = 20.0,
    gate: asyncio.Semaphore | None = None,
) -> PageResult:
    """Fetch, extract and store one story's full text; every failure is recorded, none raised.

    `gate` bounds the extractions running at once (one per core in a prefetch); it is held for
    the extraction only, not the fetch or the store.
    """

    if not story.link.lower().startswith(("http://", "https://")):
        return _record(store, story.id, "failed", "the story has no web page")
    try:
        html, final_url = await fetch_page(fetcher, story.link)
    except FetchError as error:
        reason = "page too large" if "too large" in str(error) else str(error)
        return _record(store, story.id, "failed", reason, network_down=error.network_down)
    feed_html = story.content or story.summary
    people = _feed_people(store, story)
    try:
        async with gate or contextlib.nullcontext():
            result = await asyncio.to_thread(
                extract_limited,
                html,
                final_url,
                feed_html=feed_html,
                feed_authors=people,
                timeout=timeout,
            )
    except ExtractionFailed as error:
        return _record(store, story.id, "failed", str(error))
    status = "full" if result.status == "full" else "feed"
    html_out = result.html if status == "full" else ""
    words = result.word_count if html_out else 0  # counted as the pane counts, in the child
    meta = {
        "title": result.title,
        "site": result.site,
        "published": result.published,
        "images": result.images[:50],
        "url": final_url,
    }
    store.save_fulltext(
        FullText(story.id, status, result.reason, html_out, words, time.time(), meta)
    )
    # The feed's own site when it named the authors: a bio from this page then serves every story
    # of theirs in that feed (pages often live on another host than the feed).
    site = next((a.site for a in store.story_authors(story.id)), urlsplit(final_url).hostname or "")
    store.set_story_authors(
        story.id,
        site,
        [Author(0, a.name, a.url, a.role, a.bio, site, a.image) for a in result.authors if a.name],
    )
    return PageResult(story.id, status, result.reason)


def _feed_people(store: Store, story: Story) -> list:
    from tui_reader.core.extract import AuthorInfo

    return [
        AuthorInfo(a.name, a.role, a.bio, a.url, a.image) for a in store.story_authors(story.id)
    ]


def _record(
    store: Store, story_id: int, status: str, reason: str, *, network_down: bool = False
) -> PageResult:
    if not network_down:  # a dead network says nothing about the page: try again later
        store.save_fulltext(FullText(story_id, status, reason, "", 0, time.time(), {}))
    return PageResult(story_id, status, reason, network_down)
