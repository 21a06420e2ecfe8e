"""Refreshing against a real HTTP server on 127.0.0.1: conditional GET, caps, errors per feed."""

from __future__ import annotations

import asyncio
import gzip
import time

import pytest

from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tui_reader.core.net import Limits
from tui_reader.core.parsing import INLINE, Parsers, Prepared, parse_document
from tui_reader.core.refresh import _Writer, refresh
from tui_reader.core.store import Store


def serve(
    server: LoopbackServer, path: str, n: int = 5, fmt: str = "rss", seed: int = 1, **kw: object
) -> str:
    spec = feedgen.make_feed(server.url("/"), n, seed=seed)
    return server.add(path, Route(feedgen.FORMATS[fmt](spec), feedgen.CONTENT_TYPES[fmt], **kw))  # type: ignore[arg-type]


def test_first_refresh_stores_every_story_from_every_format(
    server: LoopbackServer, store: Store
) -> None:
    for i, fmt in enumerate(feedgen.FORMATS):
        store.add_feed(serve(server, f"/{fmt}", n=6, fmt=fmt, seed=i))
    summary = refresh(store)
    assert summary.count("fetched") == 5 and summary.new == 30 and not summary.failures
    assert store.count() == 30
    ua = server.requests[0][1]["user-agent"]
    assert ua.startswith("tui-reader/")


def test_second_refresh_is_conditional_and_writes_nothing(
    server: LoopbackServer, store: Store
) -> None:
    store.add_feed(serve(server, "/feed", n=5))
    refresh(store)
    before = store.db.total_changes
    summary = refresh(store)
    assert summary.count("not_modified") == 1 and summary.new == 0
    headers = server.requests[-1][1]
    assert headers["if-none-match"].startswith('"') and "if-modified-since" in headers
    # one UPDATE of the feed's fetch time plus the refresh time in the state table
    assert store.db.total_changes - before <= 2


def test_updated_item_updates_in_place_and_keeps_state(
    server: LoopbackServer, store: Store
) -> None:
    spec = feedgen.make_feed(server.url("/"), 3, seed=1)
    url = server.add("/feed", Route(feedgen.rss(spec), "application/rss+xml"))
    store.add_feed(url)
    refresh(store)
    target = next(s for s in store.stories() if s.guid == spec.items[0].guid)
    store.mark([target.id], read=True, starred=True)
    spec.items[0].title = "A corrected headline"
    server.routes["/feed"] = Route(feedgen.rss(spec), "application/rss+xml")
    summary = refresh(store)
    assert (summary.new, summary.updated) == (0, 1)
    after = store.story(target.id)
    assert (
        after is not None and after.title == "A corrected headline" and after.read and after.starred
    )
    assert store.count() == 3


def test_gzip_is_decoded(server: LoopbackServer, store: Store) -> None:
    store.add_feed(serve(server, "/gz", n=4, gzip=True))
    assert refresh(store).new == 4


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(b"nope", status=404), "HTTP 404"),
        (Route(b"boom", status=500), "HTTP 500"),
        (Route(b"<!doctype html><html><body>hi</body></html>", "text/html"), "HTML page"),
        (Route(b"<rss><channel><title>x</title><item><title>cut"), "truncated"),
        (Route(b""), "empty document"),
        (
            Route(b'{"version": "https://jsonfeed.org/version/1", "items": 7}', "application/json"),
            "malformed",
        ),
        (Route(b"<rss" + b" " * (300 * 1024) + b"/>"), "too large"),
        (
            Route(
                gzip.compress(b"<rss>" + b" " * (2 * 1024 * 1024) + b"</rss>"),
                headers={"Content-Encoding": "gzip"},
            ),
            "too large",
        ),
        (Route(b"<rss></rss>", headers={"Content-Encoding": "gzip, gzip"}), "stacked"),
    ],
)
def test_a_broken_feed_fails_alone(
    server: LoopbackServer, store: Store, route: Route, reason: str
) -> None:
    store.add_feed(serve(server, "/good", n=3))
    store.add_feed(server.add("/bad", route))
    summary = refresh(store, limits=Limits(max_bytes=256 * 1024))
    assert summary.count("fetched") == 1 and summary.new == 3
    (failure,) = summary.failures
    assert failure.url.endswith("/bad") and reason in (failure.error or "")
    bad = store.feed_by_url(server.url("/bad"))
    assert bad is not None and reason in (bad.last_error or "")
    assert not summary.all_failed


def test_a_slow_server_times_out_within_the_deadline(server: LoopbackServer, store: Store) -> None:
    store.add_feed(serve(server, "/slow", n=2, drip=0.05))
    started = time.monotonic()
    summary = refresh(store, limits=Limits(total_timeout=1.0, read_timeout=5.0))
    assert time.monotonic() - started < 5
    assert "timed out" in (summary.failures[0].error or "")


def test_unreachable_host_is_a_network_failure(store: Store) -> None:
    store.add_feed("http://127.0.0.1:9/feed")  # the discard port: nothing listens
    summary = refresh(store)
    assert summary.all_failed and summary.failures[0].network_down
    assert "refused" in (summary.failures[0].error or "")


def test_retry_after_skips_the_feed_until_then(server: LoopbackServer, store: Store) -> None:
    store.add_feed(server.add("/busy", Route(b"", status=429, headers={"Retry-After": "120"})))
    first = refresh(store)
    assert "retry later" in (first.failures[0].error or "")
    second = refresh(store)
    assert second.count("skipped") == 1 and server.hits["/busy"] == 1
    assert refresh(store, force=True).count("failed") == 1 and server.hits["/busy"] == 2


def test_redirects_are_followed_a_few_times_only(server: LoopbackServer, store: Store) -> None:
    target = serve(server, "/final", n=2)
    server.add("/hop", Route(b"", status=301, headers={"Location": target}))
    for i in range(7):
        server.add(f"/loop{i}", Route(b"", status=302, headers={"Location": f"/loop{i + 1}"}))
    server.add("/evil", Route(b"", status=302, headers={"Location": "javascript:alert(1)"}))
    for path in ("/hop", "/loop0", "/evil"):
        store.add_feed(server.url(path))
    summary = refresh(store)
    reasons = {o.url.rsplit("/", 1)[1]: o.error for o in summary.outcomes}
    assert reasons["hop"] is None and summary.new == 2
    assert "too many redirects" in (reasons["loop0"] or "")
    assert "non-http(s)" in (reasons["evil"] or "")


def test_410_stops_polling(server: LoopbackServer, store: Store) -> None:
    store.add_feed(server.add("/gone", Route(b"bye", status=410)))
    first = refresh(store)
    assert "410" in (first.failures[0].error or "")
    second = refresh(store)
    assert second.count("skipped") == 1 and "no longer polled" in (second.outcomes[0].error or "")
    assert server.hits["/gone"] == 1


def test_a_301_moves_the_subscription_only_to_a_working_feed(
    server: LoopbackServer, store: Store
) -> None:
    new_url = serve(server, "/new", n=2)
    server.add("/old", Route(b"", status=301, headers={"Location": new_url}))
    server.add("/old-broken", Route(b"", status=301, headers={"Location": server.url("/nothing")}))
    store.add_feed(server.url("/old"))
    store.add_feed(server.url("/old-broken"))
    refresh(store)
    urls = {f.url for f in store.feeds()}
    assert new_url in urls and server.url("/old") not in urls
    assert server.url("/old-broken") in urls  # the new address 404s: keep the old one
    assert store.feed_by_url(new_url).total == 2


# -- many feeds: parsing in worker processes, writing in batches --------------------------------


def test_many_feeds_parse_in_worker_processes_like_in_a_thread(
    server: LoopbackServer, store: Store
) -> None:
    """Past the first few documents a refresh parses in processes: the stories are the same."""
    count = INLINE + 6
    for i in range(count):
        store.add_feed(serve(server, f"/f{i}", n=4, fmt=("rss", "atom")[i % 2], seed=i))
    server.add("/broken", Route(b"<rss><channel><item>", "application/rss+xml"))
    store.add_feed(server.url("/broken"))
    summary = refresh(store)
    assert summary.count("fetched") == count and summary.new == count * 4
    assert [o.error for o in summary.failures] == [
        "malformed feed: the document ends before its closing tag (truncated)"
    ]
    documents = [
        (feedgen.FORMATS[("rss", "atom")[i % 2]](feedgen.make_feed(server.url("/"), 4, seed=i)),)
        for i in range(3)
    ]
    parsers = Parsers(workers=2)
    parsers.seen = INLINE  # as if the thread had taken the first few: these go to the workers

    async def both() -> list[Prepared]:
        return await asyncio.gather(
            *(parsers(body, "application/xml", server.url("/x")) for (body,) in documents)
        )

    try:
        from_workers = asyncio.run(both())
        assert parsers.pool is not None  # they really went to processes
    finally:
        parsers.close()
    in_thread = [parse_document(body, "application/xml", server.url("/x")) for (body,) in documents]
    assert from_workers == in_thread


def test_a_write_that_fails_in_a_batch_fails_alone(store: Store) -> None:
    """Writes queued together share a transaction, each in a savepoint: one failing is rolled
    back alone, and the writes around it are kept."""
    feeds = [store.add_feed(f"https://e.org/{i}")[0] for i in range(3)]

    def broken(feed_id: int, error: str, when: float) -> None:
        store.record_error(feed_id, error, when)
        raise RuntimeError("a bug half-way through a write")

    async def queue() -> list[object]:
        write = _Writer(store)
        return await asyncio.gather(
            write(store.record_error, feeds[0].id, "first", 1.0),
            write(broken, feeds[1].id, "second", 2.0),
            write(store.record_error, feeds[2].id, "third", 3.0),
            return_exceptions=True,
        )

    results = asyncio.run(queue())
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], RuntimeError)
    errors = {f.id: f.last_error for f in store.feeds(counts=False)}
    assert errors == {feeds[0].id: "first", feeds[1].id: None, feeds[2].id: "third"}


def test_feeds_between_fetch_and_write_are_bounded(
    server: LoopbackServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow writer does not let every fetched feed pile up in memory: no more than the
    fetches in flight plus a few waiting are between their fetch and their write."""
    from tui_reader.core import refresh as refresh_module

    count = 40
    for i in range(count):
        store.add_feed(serve(server, f"/b{i}", n=3, seed=i))
    store_feed = Store.store_feed

    def slow_write(self: Store, *args: object, **kwargs: object) -> tuple[int, int]:
        time.sleep(0.02)  # the writer thread is the bottleneck
        return store_feed(self, *args, **kwargs)

    monkeypatch.setattr(Store, "store_feed", slow_write)
    between, most = 0, 0
    refresh_one = refresh_module._refresh_one

    async def counted(*args: object, **kwargs: object) -> object:
        nonlocal between, most
        between += 1
        most = max(most, between)
        try:
            return await refresh_one(*args, **kwargs)
        finally:
            between -= 1

    monkeypatch.setattr(refresh_module, "_refresh_one", counted)
    summary = refresh(store, limits=Limits(concurrency=2))
    assert summary.count("fetched") == count
    assert 2 < most <= 2 + refresh_module.WAITING < count  # waiting happened, within the bound
