"""Turning fetched feed documents into rows ready to write, on every core.

A cold refresh of hundreds of feeds is CPU work: decoding, parsing, cleaning and preparing each
story (its digest, canonical URL and search text) costs far more than writing it. Threads cannot
spread that over cores, so past a few documents it moves to worker processes; the refresh's
single writer then only runs SQL. A few documents (the usual refresh) stay in a thread: a process
pool costs more to start than they take.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tui_reader.core.feeds import FeedError, parse_feed
from tui_reader.core.parsed import ParsedFeed
from tui_reader.core.processes import context, limit_memory, real_stderr
from tui_reader.core.store.rows import StoryRow, prepare
from tui_reader.core.text_encoding import to_utf8

INLINE = 8  # documents parsed in a thread before a refresh starts worker processes
MEMORY_CAP = 1024 * 1024 * 1024  # per worker: a hostile document fails there, not in the reader

Prepared = tuple[ParsedFeed, list[StoryRow]]


def parse_document(body: bytes, content_type: str, url: str) -> Prepared:
    """A fetched document as a parsed feed and its rows; `FeedError` if it is not a feed."""
    parsed = parse_feed(to_utf8(body, content_type), url)
    return parsed, prepare(parsed.entries)


def _worker_start(parent: int) -> None:
    limit_memory(MEMORY_CAP)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker when the reader has gone without shutting the pool down (killed, or
    quit mid-refresh): a worker holds its own queue's write end, so it never sees an EOF."""
    while not _gone(parent):
        time.sleep(1.0)
    os._exit(0)


def _gone(pid: int) -> bool:
    """Exited, even if not yet reaped (a zombie still answers `kill(pid, 0)`)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True
    except (OSError, IndexError):  # no /proc here: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            pass
        return False


class Parsers:
    """Where one refresh's documents are parsed: a thread for the first few, then processes."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.pool: ProcessPoolExecutor | None = None
        self.seen = 0

    async def __call__(self, body: bytes, content_type: str, url: str) -> Prepared:
        self.seen += 1
        if self.workers < 2 or self.seen <= INLINE:
            return await asyncio.to_thread(parse_document, body, content_type, url)
        for attempt in (1, 2):
            pool = self._pool()
            try:
                with real_stderr():  # the pool starts its processes as work arrives
                    future = asyncio.get_running_loop().run_in_executor(
                        pool, parse_document, body, content_type, url
                    )
                return await future
            except MemoryError:
                raise FeedError("feed too large: parsing it needs too much memory") from None
            except BrokenProcessPool:
                # A worker died (killed, or crashed by some document): later documents get a
                # fresh pool; this one is tried once more before it is blamed.
                if self.pool is pool:
                    self.pool = None
                    pool.shutdown(wait=False, cancel_futures=True)
                if attempt == 2:
                    raise FeedError("the feed crashed the parser") from None
        raise AssertionError("unreachable")

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context(),
                initializer=_worker_start,
                initargs=(os.getpid(),),
            )
        return self.pool

    def close(self) -> None:
        """Stop the workers; whatever they were given has finished or is cancelled by now."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
