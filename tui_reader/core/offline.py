"""Prefetch: make what the user wants to read available offline, text and pictures.

Refresh the feeds, then fetch and extract the full text of the unread and starred stories (newest
first), then their pictures; concurrently, within the fetch limits, extraction on every core.
Resumable: what is already cached is skipped. Bounded by a cache budget in megabytes.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui_reader.core.blocks import html_to_document
from tui_reader.core.fulltext import get_fulltext
from tui_reader.core.images import download_image
from tui_reader.core.models import Story
from tui_reader.core.net import Fetcher, Limits
from tui_reader.core.refresh import RefreshSummary, refresh_feeds
from tui_reader.core.store import Store, StoryQuery

MB = 1024 * 1024


@dataclass
class PrefetchSummary:
    candidates: int = 0
    already: int = 0  # cached before this run
    fetched: int = 0  # full text stored by this run
    with_images: int = 0
    images: int = 0
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # id, title, reason
    budget_reached: bool = False
    interrupted: bool = False
    network_down: bool = False
    bytes_used: int = 0
    seconds: float = 0.0
    refresh: RefreshSummary | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "stories": self.candidates,
            "ready_offline": self.already + self.fetched,
            "full_text_fetched": self.fetched,
            "already_cached": self.already,
            "with_images": self.with_images,
            "images": self.images,
            "megabytes_used": round(self.bytes_used / MB, 3),
            "budget_reached": self.budget_reached,
            "interrupted": self.interrupted,
            "offline": self.network_down,
            "seconds": round(self.seconds, 2),
            "failures": [{"id": i, "title": t, "reason": r} for i, t, r in self.failures],
            "feed_failures": [
                {"url": o.url, "reason": o.error}
                for o in (self.refresh.failures if self.refresh else [])
            ],
        }


Progress = Callable[[str, int, int], None]  # phase, done, total


def candidates(
    store: Store, *, feed_ids: list[int] | None, since_days: float | None
) -> list[Story]:
    """Unread and starred stories, newest first, that have no stored page result yet."""
    stories: list[Story] = []
    seen: set[int] = set()
    no_fulltext = {f.id for f in store.feeds(counts=False) if not f.fulltext}
    for query in (StoryQuery(unread=True), StoryQuery(starred=True)):
        for story in store.stories(query, limit=-1, bodies=True):
            if story.id in seen or (feed_ids is not None and story.feed_id not in feed_ids):
                continue
            if story.feed_id in no_fulltext:  # the feed's own setting: its text is enough
                continue
            if since_days is not None and story.sort_time < time.time() - since_days * 86_400:
                continue
            seen.add(story.id)
            stories.append(story)
    stories.sort(key=lambda s: (s.sort_time, s.id), reverse=True)
    return stories


async def prefetch(
    store: Store,
    cache_dir: Path,
    *,
    feed_ids: list[int] | None = None,
    since_days: float | None = None,
    max_mb: float | None = None,
    images: bool = True,
    limits: Limits | None = None,
    page_limits: Limits | None = None,
    progress: Progress | None = None,
    refresh: bool = True,
) -> PrefetchSummary:
    started = time.monotonic()
    summary = PrefetchSummary()
    feeds = [f for f in store.feeds(counts=False) if feed_ids is None or f.id in feed_ids]
    if refresh and feeds:
        summary.refresh = await refresh_feeds(
            store,
            feeds,
            limits=limits,
            progress=(lambda d, t, _o: progress("refresh", d, t)) if progress else None,
        )
        if summary.refresh.all_failed and all(o.network_down for o in summary.refresh.failures):
            summary.network_down = True
    wanted = candidates(store, feed_ids=feed_ids, since_days=since_days)
    summary.candidates = len(wanted)
    budget = max_mb * MB if max_mb else None
    used = _offline_bytes(store)
    todo = []
    for story in wanted:
        text = store.fulltext(story.id)
        if text is not None and (text.status == "full" or not images):
            summary.already += text.status == "full"
            if text.status == "full" and images:
                todo.append(story)  # its pictures may still be missing
            continue
        todo.append(story)
    fetch_gate = asyncio.Semaphore((limits or Limits()).concurrency)
    extract_gate = asyncio.Semaphore(max(1, os.cpu_count() or 1))
    done = 0
    state = {"used": used, "reserved": 0, "per_story": 40_000, "per_image": 64 * 1024}

    def over_budget(extra: int) -> bool:
        if budget is not None and state["used"] + state["reserved"] + extra > budget:
            summary.budget_reached = True
        return summary.budget_reached

    async def one(story: Story) -> None:
        nonlocal done
        async with fetch_gate:
            if summary.network_down or over_budget(state["per_story"]):
                return
            state["reserved"] += state[
                "per_story"
            ]  # concurrent stories must not all fit the same room
            reserved = state["per_story"]
            try:
                await _one_story(story)
            finally:
                state["reserved"] -= reserved
        done += 1
        if progress:
            progress("stories", done, len(todo))

    async def _one_story(story: Story) -> None:
        before = store.fulltext(story.id)
        if before is None or before.status != "full":
            size = store.fulltext_bytes(story.id)
            # The gate holds only the extraction: pages are fetched and stored meanwhile, so a
            # page is ready whenever a core frees.
            result = await get_fulltext(store, fetcher, story, gate=extract_gate)
            if result.network_down:
                summary.network_down = True
                return
            if result.status == "full":
                summary.fetched += 1
            else:
                summary.failures.append((story.id, story.title, result.reason))
            grown = store.fulltext_bytes(story.id) - size  # not a re-count of the whole cache
            state["used"] += grown
            state["per_story"] = max(8_000, (state["per_story"] + grown) // 2)
        text = store.fulltext(story.id)
        if images and text is not None and text.status == "full":
            got = await _pictures(  # awaited first: `x += await f()` loses concurrent updates
                store, fetcher, story, text.html, text.meta, cache_dir, over_budget, state
            )
            summary.images += got
            if any(i.status == "ok" for i in store.story_images(story.id)):
                summary.with_images += 1

    async with Fetcher(page_limits or limits) as fetcher:
        try:
            await asyncio.gather(*(one(story) for story in todo))
        except asyncio.CancelledError:
            summary.interrupted = True
    summary.bytes_used = _offline_bytes(store)
    summary.seconds = time.monotonic() - started
    return summary


def _offline_bytes(store: Store) -> int:
    """What the budget counts: stored full texts and pictures (the story index is not optional)."""
    sizes = store.cache_bytes()
    return sizes["full_texts"] + sizes["images"]


async def _pictures(
    store: Store,
    fetcher: Fetcher,
    story: Story,
    html: str,
    meta: dict,
    cache_dir: Path,
    over_budget: Callable[[int], bool],
    state: dict[str, int],
) -> int:
    """Download a story's pictures (the lead image first); return how many were stored."""
    have = {image.url for image in store.story_images(story.id)}
    urls: list[tuple[str, bool]] = []
    found = meta.get("images") or []
    if found and isinstance(found[0], dict) and found[0].get("url"):
        urls.append((found[0]["url"], True))
    for block in html_to_document(html, meta.get("url") or story.link).blocks:
        if block.kind == "image" and block.src not in [u for u, _ in urls]:
            urls.append((block.src, False))
    got = 0
    for url, is_lead in urls[:30]:
        if url in have:
            continue
        known = store.known_image(url)
        if known is not None:
            image = replace(known, story_id=story.id, lead=is_lead)
        else:
            if over_budget(state["per_image"]):
                return got
            image = await download_image(fetcher, story.id, url, cache_dir, lead=is_lead)
            state["per_image"] = max(state["per_image"], image.bytes)
            if image.status == "ok" and over_budget(image.bytes):
                shared = store.db.execute(
                    "SELECT 1 FROM images WHERE sha256 = ? AND status = 'ok'", (image.sha256,)
                ).fetchone()
                if not shared:
                    (cache_dir / image.path).unlink(missing_ok=True)  # the budget is a promise
                return got
            state["used"] += image.bytes
        store.save_image(image)
        got += image.status == "ok"
    return got
