"""A benchmark's servers in a child process, and the parent's handle on them.

The servers compress, hash and answer in Python: in the benchmark's own process they would fight
the code being measured for the GIL and be counted as its time. The child answers a few commands
on a pipe: `None` once it is serving (its answer describes what it serves), `("latency", s)`,
`("cpu", None)` and `("stop", None)`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from typing import Any, cast


class ServerProcess:
    """Starts `target(conn, *args)` in a spawned child and talks to it over the pipe."""

    what = "the servers"
    timeout_s = 120.0

    def __init__(self, target: Callable[..., None], *args: Any) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=target, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        self.served = self._ask(None)

    def _ask(self, command: tuple[str, object] | None) -> object:
        if command is not None:
            self.conn.send(command)
        if not self.conn.poll(self.timeout_s):
            raise SystemExit(f"{self.what} did not answer within {self.timeout_s:g} s")
        return self.conn.recv()

    def set_latency(self, seconds: float) -> None:
        self._ask(("latency", seconds))

    def cpu(self) -> float:
        """CPU seconds the servers have used so far."""
        return cast(float, self._ask(("cpu", None)))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(("stop", None))
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
