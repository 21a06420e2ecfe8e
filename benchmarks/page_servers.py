"""Feeds, their story pages and pictures, served from a child process on 127.0.0.1.

The servers run in their own process for the reason `benchmarks/refresh.py` gives: serving costs
CPU, and in the measured process it would fight the prefetch for the GIL and count as its time.
Pages are gzipped once, when published, rather than on every request as `Route(gzip=True)`
would: on two cores, the servers' CPU is taken from the extraction being measured.
"""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import cast

from benchmarks.serving import ServerProcess
from benchmarks.story_pages import noisy_png, story_page
from tests.support import feedgen
from tests.support.server import LoopbackServer, Route

PIPE_TIMEOUT_S = 300.0
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Workload:
    """`feeds` x `items` stories; every `image_every`-th story's page has a picture."""

    feeds: int
    items: int
    servers: int = 10
    image_every: int = 2

    @property
    def stories(self) -> int:
        return self.feeds * self.items


@dataclass(frozen=True)
class Published:
    """What the servers hold: the feed URLs and the sizes of what a prefetch can fetch."""

    urls: list[str]
    page_bytes: list[int]
    images: int
    image_bytes: int


def _gzipped(body: bytes, content_type: str) -> Route:
    return Route(body=gzip.compress(body, 6), content_type=content_type,
                 headers={"Content-Encoding": "gzip"})  # fmt: skip


def publish(pool: list[LoopbackServer], work: Workload) -> Published:
    """Put every feed, page and picture on the servers (feed n and its pages on one server)."""
    urls, sizes, images, image_bytes = [], [], 0, 0
    for n in range(work.feeds):
        server = pool[n % len(pool)]
        spec = feedgen.make_feed(server.url("/"), work.items, seed=n)
        for i, item in enumerate(spec.items):
            number = n * work.items + i
            picture = None
            if number % work.image_every == 0:
                picture = f"/img/{n}/{i}.png"
                data = noisy_png(number, 20_000 + number * 7919 % 100_000)
                server.add(picture, Route(data, "image/png"))
                images, image_bytes = images + 1, image_bytes + len(data)
            page = story_page(item, seed=number, site=server.url("/"), image=picture)
            sizes.append(len(page))
            server.add(item.link.removeprefix(server.base), _gzipped(page, HTML))
        feed = feedgen.rss(spec)
        urls.append(server.add(f"/feed/{n}.xml", _gzipped(feed, feedgen.CONTENT_TYPES["rss"])))
    return Published(urls, sizes, images, image_bytes)


def _serve(conn: Connection, work: Workload, backlog: int) -> None:
    """Child process: serve the workload until told to stop; answer commands on the pipe."""
    pool = [LoopbackServer().start() for _ in range(work.servers)]
    for server in pool:
        server.httpd.socket.listen(backlog)  # see benchmarks/refresh.py: a burst overflows 5
    conn.send(publish(pool, work))
    try:
        for _ in range(100_000):  # bounded: the parent sends a few commands per run
            if not conn.poll(3600):
                break
            command, value = conn.recv()
            if command == "latency":
                for server in pool:
                    server.latency = cast(float, value)
                conn.send(None)
            elif command == "cpu":
                conn.send(time.process_time())
            else:
                break
    finally:
        for server in pool:
            server.stop()


class PageServers(ServerProcess):
    """The parent's handle on the child process serving the workload."""

    what = "the page servers"
    timeout_s = PIPE_TIMEOUT_S

    def __init__(self, work: Workload, backlog: int = 128) -> None:
        super().__init__(_serve, work, backlog)
        self.published = cast(Published, self.served)
