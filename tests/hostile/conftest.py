"""One hostile world per session: the corpus served on loopback, refreshed into a store.

Phase one serves every subscription an ordinary baseline feed (two stories, one then marked
read and starred); phase two serves the hostile version and refreshes again. The tests read the
outcome; the app tests open the same store.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile import corpus, guarded
from tests.support.server import LoopbackServer, Route
from tui_reader.core.net import Limits
from tui_reader.core.paths import Paths
from tui_reader.core.refresh import FeedOutcome, RefreshSummary, refresh
from tui_reader.core.store import Store
from tui_reader.core.subscriptions import read_subscriptions

# Short enough for the slow servers to fail fast, long enough for a loaded 2-core machine.
LIMITS = Limits(
    total_timeout=6.0, read_timeout=6.0, connect_timeout=6.0, concurrency=32, per_host=32
)


@dataclass
class World:
    server: LoopbackServer
    cases: list[corpus.Case]
    home: Path
    trap: Path
    feed_ids: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, FeedOutcome] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    summary: RefreshSummary | None = None

    @property
    def database(self) -> Path:
        return Paths.under(self.home).database

    def case(self, name: str) -> corpus.Case:
        return next(c for c in self.cases if c.name == name)


def _subscribe(store: Store, world: World, case: corpus.Case) -> None:
    url = world.server.url(case.feed_path)
    if case.listing:
        for sub in read_subscriptions(case.listing).subscriptions:
            store.add_feed(sub.url, title=sub.title, tags=sub.tags)
    else:
        store.add_feed(url)
    feed = store.feed_by_url(url)
    if feed is not None:  # else the case's test reports it
        world.feed_ids[case.name] = feed.id


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded._connect)
        patch.setattr(socket, "getaddrinfo", guarded._getaddrinfo)
        server = LoopbackServer().start()
        root = tmp_path_factory.mktemp("hostile")
        trap = root / "trap"
        trap.mkdir()
        world = World(server, corpus.corpus(server.base, str(trap)), root / "home", trap)
        try:
            _build(world)
            yield world
        finally:
            server.stop()


def _build(world: World) -> None:
    for case in world.cases:
        world.server.add(case.feed_path, Route(corpus.baseline(case.name)))
    with Store(world.database) as store:
        for case in world.cases:
            _subscribe(store, world, case)
        first = refresh(store, limits=LIMITS)
        assert not first.failures, first.failures
        for (story_id,) in store.db.execute(  # one baseline story each, read and starred
            "SELECT id FROM stories WHERE guid LIKE 'base-%-1'"
        ).fetchall():
            store.mark([story_id], read=True, starred=True)
        for case in world.cases:
            world.server.routes.update(case.routes)
        urls = {feed.id: feed.url for feed in store.feeds(counts=False)}
        by_url = {urls[feed_id]: name for name, feed_id in world.feed_ids.items()}
        started = time.monotonic()

        def progress(_done: int, _total: int, outcome: FeedOutcome) -> None:
            name = by_url[outcome.url]
            world.seconds[name] = time.monotonic() - started
            world.outcomes[name] = outcome

        world.summary = refresh(store, limits=LIMITS, progress=progress)
