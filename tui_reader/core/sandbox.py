"""Running extraction where it cannot freeze or exhaust the reader: worker processes with a time
limit and a memory cap, killed when a page overruns.

readability-lxml can spend minutes on one hostile page, and a thread cannot be stopped; a process
can. Workers come from the fork server, which has already imported the extraction stack, and
stay for many pages: a fresh child per page cost 19 ms of CPU for 6 ms of extraction (forking,
copying pages of the server's memory, exiting). A worker that overruns or dies is killed and a
new one started for the next page; each is retired after `PAGES_PER_WORKER` pages, so what a
long prefetch leaves in one process's heap does not pile up, and leaves after `IDLE_S` without
a page, so a reader left open does not keep a worker's memory per core. A worker ends by itself
when the reader is gone: the reader holds the only other end of its pipe. Its stderr is the
reader's terminal, so it writes nothing there.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from tui_reader.core.processes import context, limit_memory, real_stderr

MEMORY_CAP = 1024 * 1024 * 1024
PAGES_PER_WORKER = 200
IDLE_S = 60.0  # seconds a worker waits for its next page before it exits


class ExtractionFailed(Exception):
    """The page could not be extracted in time or within memory; the message says which."""


def _serve(conn: Connection, memory: int, idle: float) -> None:
    """A worker: extract the pages the reader sends, one at a time, until it has served its
    share, sat `idle` seconds without a page, or the reader is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the reader's to handle
    # Its stderr is the reader's screen: nothing may be written there (errors go in replies).
    logging.disable(logging.CRITICAL)
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
    limit_memory(memory)
    from tui_reader.core.extract import extract

    try:
        for _ in range(PAGES_PER_WORKER):
            if not conn.poll(idle):
                return  # an idle worker gives its memory back
            html, url, feed_html, feed_authors = conn.recv()
            try:
                reply = ("ok", extract(html, url, feed_html=feed_html, feed_authors=feed_authors))
            except MemoryError:
                conn.send(("memory", "the page needs too much memory to extract"))
                return  # a heap that ran out is not trusted with another page
            except Exception as error:  # anything a page can provoke becomes that page's error
                reply = ("error", f"extraction failed: {type(error).__name__}: {error}"[:300])
            conn.send(reply)
    except (EOFError, OSError, MemoryError):
        return  # the reader is gone (or went while this page was being read)


class _Worker:
    def __init__(self, memory: int) -> None:
        ctx = context()
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(theirs, memory, IDLE_S), daemon=True)
        with real_stderr():
            self.process.start()
        theirs.close()
        self.memory = memory
        self.pages = 0

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(2)
        if not self.process.is_alive():
            self.process.close()


class _Workers:
    """Idle workers, shared by the threads that extract (the article pane, prefetch's tasks)."""

    def __init__(self) -> None:
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def take(self, memory: int) -> _Worker:
        """An idle worker with this memory cap, else a new one. One that has exited meanwhile
        (idle too long, or killed) is dropped: its pipe is at end of file."""
        while True:
            with self._lock:
                index = next((i for i, w in enumerate(self._idle) if w.memory == memory), None)
                worker = self._idle.pop(index) if index is not None else None
            if worker is None:
                return _Worker(memory)
            if worker.process.is_alive() and not worker.conn.poll(0):
                return worker
            worker.stop()

    def give(self, worker: _Worker) -> None:
        """Back to the idle list, unless retired or more are idle than there are cores."""
        if worker.pages >= PAGES_PER_WORKER:
            worker.stop()
            return
        with self._lock:
            if len(self._idle) < (os.cpu_count() or 2):
                self._idle.append(worker)
                return
        worker.stop()

    def pids(self) -> list[int]:
        with self._lock:
            return [worker.process.pid for worker in self._idle if worker.process.pid]


_WORKERS = _Workers()


def extract_limited(
    html: str,
    url: str = "",
    *,
    feed_html: str = "",
    feed_authors: Sequence[Any] = (),
    timeout: float = 20.0,
    memory: int = MEMORY_CAP,
) -> Any:
    """`core.extract.extract` in a worker process; raise `ExtractionFailed` past the limits."""
    for attempt in range(2):
        worker = _WORKERS.take(memory)
        reused = worker.pages > 0
        try:
            worker.conn.send((html, url, feed_html, list(feed_authors)))
            worker.pages += 1
            if not worker.conn.poll(timeout):
                raise ExtractionFailed(f"extraction took longer than {timeout:g} s and was stopped")
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.stop()
            if reused and attempt == 0:
                continue  # it left, idle, as the page was sent: a fresh worker takes the page
            raise ExtractionFailed("the extraction process died (out of memory?)") from None
        except BaseException:  # the time limit, or anything else: the worker is not reused
            worker.stop()
            raise
        if kind == "memory":
            worker.stop()  # it has left, as told
            raise ExtractionFailed(value)
        _WORKERS.give(worker)
        if kind != "ok":
            raise ExtractionFailed(value)
        return value
    raise AssertionError("unreachable")  # pragma: no cover
