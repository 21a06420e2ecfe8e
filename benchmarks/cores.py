"""Did the work use both cores? CPU time of the extraction children, and how many ran at once.

Extraction runs in children forked by multiprocessing's fork server, and the fork server, not
this process, waits for them. So `getrusage(RUSAGE_CHILDREN)` here never sees their CPU time
(the fork server is reaped only when this process exits). The kernel does add a reaped child's
time to its parent's `cutime`/`cstime` in /proc/PID/stat, so the fork server's own line counts
every child that has exited, and the children still running (the extraction workers) are read
from their own lines. Linux only; elsewhere the figures are reported as unknown.

CPU time alone cannot tell "two extractions at once" from "one extraction and a busy parent", so
`Overlap` also records when each extraction started and ended, from the calling side.
"""

from __future__ import annotations

import inspect
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd on (the name may hold spaces)


def fork_server_pid() -> int | None:
    """The pid of this process's multiprocessing fork server, if one is running."""
    me = os.getpid()
    for entry in Path("/proc").glob("[0-9]*"):
        fields = _stat(int(entry.name))
        if fields is None or int(fields[1]) != me:
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"forkserver" in command:
            return int(entry.name)
    return None


def fork_server_cpu() -> float | None:
    """CPU seconds of the fork server, every child it has reaped, and the children still alive
    (extraction workers live for many pages, so most of their time is in the last kind)."""
    pid = fork_server_pid()
    if pid is None:
        return None
    live = 0
    for entry in Path("/proc").glob("[0-9]*"):
        child = _stat(int(entry.name))
        if child is not None and int(child[1]) == pid:
            live += int(child[11]) + int(child[12])
    fields = _stat(pid)
    if fields is None:
        return None
    # utime, stime, cutime, cstime are fields 14-17 of the line, 12-15 of what _stat returns.
    return (live + sum(int(value) for value in fields[11:15])) / TICK


class Overlap:
    """Start and end of every call of a wrapped function, to measure how many ran at once."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """A timed `fn`, a coroutine function if `fn` is one."""
        if inspect.iscoroutinefunction(fn):

            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await fn(*args, **kwargs)
                finally:
                    self._add(started)

            return timed_async

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._add(started)

        return timed

    def _add(self, started: float) -> None:
        with self._lock:
            self.spans.append((started, time.perf_counter()))

    def profile(self, start: float, end: float) -> dict[int, float]:
        """Seconds of [start, end] during which exactly k calls were in flight, for each k."""
        events = sorted([(s, 1) for s, _ in self.spans] + [(e, -1) for _, e in self.spans])
        seconds: dict[int, float] = {}
        level, last = 0, start
        for when, step in events:
            seconds[level] = seconds.get(level, 0.0) + max(0.0, when - last)
            level, last = level + step, max(last, when)
        seconds[level] = seconds.get(level, 0.0) + max(0.0, end - last)
        return seconds


@contextmanager
def patched(module: Any, name: str, overlap: Overlap) -> Iterator[None]:
    """Replace `module.name` by its timed wrapper for the duration of the block."""
    original = getattr(module, name)
    setattr(module, name, overlap.wrap(original))
    try:
        yield
    finally:
        setattr(module, name, original)
