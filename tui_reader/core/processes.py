"""Child processes for CPU work (parsing feeds, extracting pages), started cheaply and safely.

Children come from one fork server per reader process that has already imported the parsing
and extraction stacks and the main module, so a child costs milliseconds instead of an import.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

_CONTEXT: Any = None
# Everything a child needs, imported once here rather than in every child. readability and
# fastfeedparser are imported lazily by the modules that use them, so they are named themselves
# (without readability here an extraction costs twice the CPU: tests/test_processes.py).
_PRELOAD = [
    "__main__",
    "tui_reader.core.parsing",
    "fastfeedparser",
    "tui_reader.core.extract",
    "readability",
    "lxml.html",
]
_STDERR_LOCK = threading.Lock()


def context() -> Any:
    """The multiprocessing context every child of the reader comes from."""
    global _CONTEXT
    if _CONTEXT is None:
        method = (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        _CONTEXT = multiprocessing.get_context(method)
        if method == "forkserver":
            _CONTEXT.set_forkserver_preload(_PRELOAD)
    return _CONTEXT


def warm_up() -> None:
    """Start the fork server ahead of the first child (optional: it also starts on demand)."""
    if os.name != "posix" or context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    with real_stderr():
        forkserver.ensure_running()


def limit_memory(limit: int) -> None:
    """In a child: cap its address space, so a bomb fails with MemoryError there, not here."""
    try:
        import resource

        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


@contextlib.contextmanager
def real_stderr() -> Iterator[None]:
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
