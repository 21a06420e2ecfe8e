"""Running extraction where it cannot freeze or exhaust the reader: a child process with a time
limit and a memory cap, killed when it overruns.

readability-lxml can spend minutes on one hostile page, and a thread cannot be stopped; a process
can. Children come from a fork server that has already imported the extraction stack, so each
costs milliseconds, and several run at once on several cores.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any

_CONTEXT: Any = None
MEMORY_CAP = 1024 * 1024 * 1024


class ExtractionFailed(Exception):
    """The page could not be extracted in time or within memory; the message says which."""


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        method = (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        _CONTEXT = multiprocessing.get_context(method)
        if method == "forkserver":
            _CONTEXT.set_forkserver_preload(["tui_reader.core.extract", "readability", "lxml.html"])
    return _CONTEXT


def _child(
    conn: Connection, html: str, url: str, feed_html: str, feed_authors: Sequence[Any], memory: int
) -> None:
    try:
        import resource

        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass
    try:
        from tui_reader.core.extract import extract

        conn.send(("ok", extract(html, url, feed_html=feed_html, feed_authors=feed_authors)))
    except MemoryError:
        conn.send(("error", "the page needs too much memory to extract"))
    except BaseException as error:  # anything a page can provoke becomes that page's error
        conn.send(("error", f"extraction failed: {type(error).__name__}: {error}"[:300]))
    finally:
        conn.close()


def extract_limited(
    html: str,
    url: str = "",
    *,
    feed_html: str = "",
    feed_authors: Sequence[Any] = (),
    timeout: float = 20.0,
    memory: int = MEMORY_CAP,
) -> Any:
    """`core.extract.extract` in a child process; raise `ExtractionFailed` past the limits."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child, args=(send, html, url, feed_html, list(feed_authors), memory), daemon=True
    )
    with _real_stderr():
        process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise ExtractionFailed(f"extraction took longer than {timeout:g} s and was stopped")
        kind, value = receive.recv()
    except EOFError:
        raise ExtractionFailed("the extraction process died (out of memory?)") from None
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join(2)
        if hasattr(process, "close") and not process.is_alive():
            process.close()
    if kind != "ok":
        raise ExtractionFailed(value)
    return value


def warm_up() -> None:
    """Start the fork server ahead of the first article (optional: it also starts on demand)."""
    if os.name != "posix" or _context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    with _real_stderr():
        forkserver.ensure_running()


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """multiprocessing's resource tracker passes `sys.stderr.fileno()` to the process it starts;
    inside Textual, sys.stderr is a capture object with no usable descriptor ("bad value(s) in
    fds_to_keep"). Point it at the real stderr while a process starts."""
    with _STDERR_LOCK:
        current = sys.stderr
        try:
            usable = current is not None and current.fileno() >= 0
        except (AttributeError, OSError, ValueError):
            usable = False
        if usable or sys.__stderr__ is None:
            yield
            return
        sys.stderr = sys.__stderr__
        try:
            yield
        finally:
            sys.stderr = current
