"""Running newsboat: one `-x reload` timed with its CPU and peak memory, and its first paint.

newsboat is a separate program, so its CPU seconds and peak RSS come from outside it (see
`run`). Each configuration gets its own folder: a urls file, a config file (`reload-threads N`)
and the cache.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.app import first_paint

TIMEOUT_S = 900.0
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None


@dataclass(frozen=True)
class Usage:
    """One process's run: wall seconds, CPU seconds (user + system), peak RSS in MiB."""

    seconds: float
    cpu: float
    rss_mib: float


@dataclass(frozen=True)
class Setup:
    """A folder with what `newsboat -u URLS -c CACHE -C CONFIG` needs."""

    folder: Path
    threads: int

    @property
    def urls(self) -> Path:
        return self.folder / "urls"

    @property
    def config(self) -> Path:
        return self.folder / "config"

    @property
    def cache(self) -> Path:
        return self.folder / "cache.db"

    def command(self, *extra: str) -> list[str]:
        return ["newsboat", "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config),
                *extra]  # fmt: skip


def version() -> str | None:
    """newsboat's version ("2.21.0"), or None where it is not installed."""
    if shutil.which("newsboat") is None:
        return None
    out = subprocess.run(["newsboat", "-v"], capture_output=True, text=True, timeout=30)
    found = re.search(r"newsboat (\S+)", out.stdout)
    return found.group(1) if found else "unknown"


def prepare(folder: Path, urls: list[str], threads: int) -> Setup:
    """A fresh folder: the feeds to read, and a config whose only setting is the thread count."""
    folder.mkdir(parents=True)
    setup = Setup(folder, threads)
    setup.urls.write_text("".join(f"{url}\n" for url in urls))
    setup.config.write_text(f"reload-threads {threads}\n")
    return setup


def run(command: list[str], folder: Path) -> Usage:
    """Run `command` to its end; its wall time, CPU and peak RSS (its own, not ours).

    Through GNU time where installed: Linux adds the RSS a process had before `exec` to its
    peak, and a child of this process starts as a copy of it (tens of MB), so `os.wait4` here
    would report our size, not newsboat's. `time` is small, and it reports newsboat's own.
    """
    report = folder / "usage.txt"
    wrapped = [GNU_TIME, "-f", "%U %S %M", "-o", str(report), *command] if GNU_TIME else command
    started = time.perf_counter()
    process = subprocess.Popen(wrapped, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    timer = threading.Timer(TIMEOUT_S, process.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} exited with {process.returncode}: {errors[-2000:]}")
    if not GNU_TIME:
        return Usage(seconds, usage.ru_utime + usage.ru_stime, float("nan"))
    user, system, peak_kib = report.read_text().split()[-3:]
    return Usage(seconds, float(user) + float(system), int(peak_kib) / 1024)


def reload(setup: Setup, expect_items: int) -> Usage:
    """`newsboat -x reload`, checked: its cache must hold every item afterwards."""
    usage = run(setup.command("-x", "reload"), setup.folder)
    with sqlite3.connect(f"file:{setup.cache}?mode=ro", uri=True) as db:
        items = db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
    if items != expect_items:
        raise SystemExit(f"newsboat's cache holds {items} items, expected {expect_items}")
    return usage


def paint(setup: Setup, env: dict[str, str], marker: bytes) -> float:
    """Seconds from starting newsboat on its filled cache to `marker` on its terminal."""
    try:
        return first_paint(setup.command(), env, marker)
    finally:
        lock = setup.cache.with_name(setup.cache.name + ".lock")
        lock.unlink(missing_ok=True)  # it was killed, not quit: the next start must not wait
