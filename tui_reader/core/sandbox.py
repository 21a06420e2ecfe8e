"""Running extraction where it cannot freeze or exhaust the reader: worker processes with a time
limit and a memory cap, killed when a page overruns.

readability-lxml can spend minutes on one hostile page, and a thread cannot be stopped; a process
can. Workers come from the fork server, which has already imported the extraction stack, and
stay for many pages: a fresh child per page cost 19 ms of CPU for 6 ms of extraction (forking,
copying pages of the server's memory, exiting). A worker that overruns or dies is killed and a
new one started for the next page; each is retired after `PAGES_PER_WORKER` pages, so what a
long prefetch leaves in one process's heap does not pile up. A worker ends by itself when the
reader is gone: the reader holds the only other end of its pipe.
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


class ExtractionFailed(Exception):
    """The page could not be extracted in time or within memory; the message says which."""


def _serve(conn: Connection, memory: int) -> None:
    """A worker: extract the pages the reader sends, one at a time, until told or left alone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the reader's to handle
    logging.disable(logging.CRITICAL)  # its stderr is the reader's screen; errors go in replies
    limit_memory(memory)
    from tui_reader.core.extract import extract

    for _ in range(PAGES_PER_WORKER):
        try:
            html, url, feed_html, feed_authors = conn.recv()
        except (EOFError, OSError):
            return  # the reader is gone
        try:
            conn.send(("ok", extract(html, url, feed_html=feed_html, feed_authors=feed_authors)))
        except MemoryError:
            conn.send(("error", "the page needs too much memory to extract"))
            return  # a heap that ran out is not trusted with another page
        except BaseException as error:  # anything a page can provoke becomes that page's error
            conn.send(("error", f"extraction failed: {type(error).__name__}: {error}"[:300]))


class _Worker:
    def __init__(self, memory: int) -> None:
        ctx = context()
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(theirs, memory), daemon=True)
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
        with self._lock:
            for index, worker in enumerate(self._idle):
                if worker.memory == memory:
                    return self._idle.pop(index)
        return _Worker(memory)

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
    worker = _WORKERS.take(memory)
    try:
        worker.conn.send((html, url, feed_html, list(feed_authors)))
        worker.pages += 1
        if not worker.conn.poll(timeout):
            worker.stop()
            raise ExtractionFailed(f"extraction took longer than {timeout:g} s and was stopped")
        kind, value = worker.conn.recv()
    except (EOFError, OSError):
        worker.stop()
        raise ExtractionFailed("the extraction process died (out of memory?)") from None
    if kind == "ok":
        _WORKERS.give(worker)
        return value
    if "memory" in value:
        worker.stop()  # it has left, as told
    else:
        _WORKERS.give(worker)
    raise ExtractionFailed(value)
