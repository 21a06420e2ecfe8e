"""Running extraction where it cannot freeze or exhaust the reader: a child process with a time
limit and a memory cap, killed when it overruns.

readability-lxml can spend minutes on one hostile page, and a thread cannot be stopped; a process
can. Children come from a fork server that has already imported the extraction stack, so each
costs milliseconds, and several run at once on several cores.
"""

from __future__ import annotations

from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from tui_reader.core.processes import context, limit_memory, real_stderr

MEMORY_CAP = 1024 * 1024 * 1024


class ExtractionFailed(Exception):
    """The page could not be extracted in time or within memory; the message says which."""


def _child(
    conn: Connection, html: str, url: str, feed_html: str, feed_authors: Sequence[Any], memory: int
) -> None:
    limit_memory(memory)
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
    ctx = context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child, args=(send, html, url, feed_html, list(feed_authors), memory), daemon=True
    )
    with real_stderr():
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
