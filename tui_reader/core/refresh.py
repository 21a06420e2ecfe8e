"""Refreshing feeds: fetch, parse off the event loop, store; one outcome per feed, never a crash.

Used by the CLI and by the app's refresh worker alike. It knows nothing of the UI: progress goes
to a plain callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from tui_reader.core.feeds import FeedError
from tui_reader.core.models import Feed
from tui_reader.core.net import Fetcher, FetchError, Limits
from tui_reader.core.parsing import Parsers
from tui_reader.core.store import Store

WRITE_CACHE_KIB = 32 * 1024
WAITING = 16  # parsed or parsing feeds beyond the fetches in flight
GONE = 4_102_444_800.0  # 2100-01-01: a feed the server says is gone is not polled again

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


@dataclass
class FeedOutcome:
    url: str
    status: str  # "fetched" | "not_modified" | "failed" | "skipped"
    new: int = 0
    updated: int = 0
    error: str | None = None
    network_down: bool = False


@dataclass
class RefreshSummary:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def updated(self) -> int:
        return sum(o.updated for o in self.outcomes)

    @property
    def failures(self) -> list[FeedOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def all_failed(self) -> bool:
        tried = [o for o in self.outcomes if o.status != "skipped"]
        return bool(tried) and all(o.status == "failed" for o in tried)

    def as_json(self) -> dict[str, object]:
        return {
            "feeds": len(self.outcomes),
            "fetched": self.count("fetched"),
            "not_modified": self.count("not_modified"),
            "failed": self.count("failed"),
            "skipped": self.count("skipped"),
            "new_stories": self.new,
            "updated_stories": self.updated,
            "seconds": round(self.seconds, 3),
            "failures": [{"url": o.url, "reason": o.error} for o in self.failures],
            "skipped_feeds": [
                {"url": o.url, "reason": o.error} for o in self.outcomes if o.status == "skipped"
            ],
        }


Progress = Callable[[int, int, FeedOutcome], None]


class _Writer:
    """Every store write of a refresh, in a thread, so the event loop keeps fetching while SQLite
    works. Writes that queue up while one batch runs go together in the next: one transaction
    for the batch, a savepoint for each write, so a failing write still fails alone."""

    MAX_BATCH = 32

    def __init__(self, store: Store) -> None:
        self.store = store
        self.queue: list[tuple[Callable[..., Any], tuple, dict, asyncio.Future]] = []
        self.draining = False

    async def __call__(self, write: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        self.queue.append((write, args, kwargs, future))
        if not self.draining:
            self.draining = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self.queue:
                group, self.queue = self.queue[: self.MAX_BATCH], self.queue[self.MAX_BATCH :]
                try:
                    results = await asyncio.to_thread(self._write, [g[:3] for g in group])
                except BaseException as error:  # the thread itself failed: tell every waiter
                    results = [(False, error)] * len(group)
                for (*_, future), (ok, value) in zip(group, results, strict=True):
                    if future.done():
                        continue
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        finally:
            self.draining = False

    def _write(self, group: list[tuple[Callable[..., Any], tuple, dict]]) -> list[tuple[bool, Any]]:
        if len(group) > 1:
            try:
                with self.store.batch():
                    results = [_attempt(*item, self.store.writing) for item in group]
                    if self.store.db.in_transaction:
                        return results
            except Exception:
                pass
        return [_attempt(*item) for item in group]


def _attempt(
    write: Callable[..., Any],
    args: tuple,
    kwargs: dict,
    savepoint: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
) -> tuple[bool, Any]:
    """One write, its outcome as a value; within a batch, rolled back alone when it fails."""
    try:
        with savepoint():
            return True, write(*args, **kwargs)
    except Exception as error:
        return False, error


async def refresh_feeds(
    store: Store,
    feeds: Iterable[Feed],
    *,
    limits: Limits | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> RefreshSummary:
    """Refresh the feeds concurrently within the fetcher's limits; write each in one transaction."""
    feeds = list(feeds)
    started = time.monotonic()
    summary = RefreshSummary()
    done = 0
    write = _Writer(store)
    parse = Parsers()
    limits = limits or Limits()
    # Held from before a fetch until its write: parsed feeds waiting for the one writer are
    # bounded, so memory stays flat however many feeds a refresh has. 16 beyond the fetches
    # keep the parse workers and the writer fed: 500 x 200 items peaks at 162 MiB, where
    # twice the concurrency took 199 MiB in the same time (benchmarks/RESULTS.md).
    in_flight = asyncio.Semaphore(limits.concurrency + WAITING)
    # A larger page cache for the writes: index pages stay in memory between feeds.
    cache_size = store.db.execute("PRAGMA cache_size").fetchone()[0]
    store.db.execute(f"PRAGMA cache_size = {-WRITE_CACHE_KIB}")
    async with Fetcher(limits) as fetcher:

        async def one(feed: Feed) -> None:
            nonlocal done
            async with in_flight:
                outcome = await _refresh_one(store, fetcher, write, parse, feed, force=force)
            summary.outcomes.append(outcome)
            done += 1
            if progress:
                progress(done, len(feeds), outcome)

        try:
            await asyncio.gather(*(one(feed) for feed in feeds))
        finally:
            parse.close()
            store.db.execute(f"PRAGMA cache_size = {cache_size}")
    order = {feed.url: i for i, feed in enumerate(feeds)}
    summary.outcomes.sort(key=lambda o: order.get(o.url, 0))
    summary.seconds = time.monotonic() - started
    store.set_state("last_refresh", str(time.time()))
    return summary


def refresh(store: Store, feeds: Iterable[Feed] | None = None, **kwargs: object) -> RefreshSummary:
    """Blocking wrapper for scripts and thread workers."""
    chosen = list(feeds) if feeds is not None else store.feeds(counts=False)
    return asyncio.run(refresh_feeds(store, chosen, **kwargs))  # type: ignore[arg-type]


async def _refresh_one(
    store: Store, fetcher: Fetcher, write: _Writer, parse: Parsers, feed: Feed, *, force: bool
) -> FeedOutcome:
    now = time.time()
    if feed.retry_after and feed.retry_after > now and not force:
        if feed.retry_after >= GONE:
            return FeedOutcome(
                feed.url,
                "skipped",
                error="gone (HTTP 410): no longer polled; "
                "remove it, or refresh --force to try again",
            )
        wait = int(feed.retry_after - now)
        return FeedOutcome(feed.url, "skipped", error=f"server asked to wait; retrying in {wait} s")
    due = (feed.last_fetch or 0) + (feed.refresh_minutes or 0) * 60
    if feed.refresh_minutes and due > now and not force:
        return FeedOutcome(
            feed.url,
            "skipped",
            error=f"not due: this feed refreshes every {feed.refresh_minutes} min",
        )
    try:
        response = await fetcher.get(
            feed.url,
            etag=None if force else feed.etag,
            last_modified=None if force else feed.last_modified,
            accept=FEED_ACCEPT,
        )
        if response.status == 304:
            await write(store.record_not_modified, feed.id, now)
            return FeedOutcome(feed.url, "not_modified")
        parsed, rows = await parse(response.body, response.content_type, response.url)
        new, updated = await write(
            store.store_feed,
            feed,
            parsed,
            etag=response.etag,
            last_modified=response.last_modified,
            when=now,
            rows=rows,
        )
        if response.permanent_redirect and response.permanent_redirect != feed.url:
            # Moved for good, and the new address serves a valid feed: follow it from now on.
            await write(store.move_feed, feed.id, response.permanent_redirect)
        return FeedOutcome(feed.url, "fetched", new=new, updated=updated)
    except (FetchError, FeedError) as error:
        retry_after = getattr(error, "retry_after", None)
        if getattr(error, "status", None) == 410:
            retry_after = GONE
        await write(store.record_error, feed.id, str(error), now, retry_after)
        return FeedOutcome(
            feed.url, "failed", error=str(error), network_down=getattr(error, "network_down", False)
        )
    except Exception as error:  # a bug or a parser surprise must not stop the other feeds
        reason = f"unexpected error: {type(error).__name__}: {error}"
        await write(store.record_error, feed.id, reason, now)
        return FeedOutcome(feed.url, "failed", error=reason)


def outcome_dict(outcome: FeedOutcome) -> dict[str, object]:
    return asdict(outcome)
