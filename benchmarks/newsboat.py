"""newsboat against tui-reader on the same feeds, in the same run: refresh, memory, start-up.

    python -m benchmarks.newsboat [--runs 2] [--startup-runs 3] [--big-items 200]
                                  [--big-threads 16] [--deadline-s 3600]

Issue #8 asks how tui-reader compares with newsboat (`apt-get install newsboat` gives 2.21).
Both read the workload of `benchmarks/refresh.py`, from its servers in a child process: 500
RSS and Atom feeds, gzip, ETag and Last-Modified, spread over 10 loopback servers on 10 hosts
(127.0.0.1 to 127.0.0.10), as a real subscription list spans many sites (see refresh.py). For
each workload (500 x 50 at 0 and 50 ms, then 500 x 200 at 0 ms):

* tui-reader: `refresh.measure`, a cold refresh into a fresh store, then a warm one (all 304),
  with the default limits (on 10 hosts its per-host gate of 4 rarely binds), printing its CPU
  here, in the parse worker processes and in the servers;
* newsboat: `newsboat -u URLS -c CACHE -C CONFIG -x reload` into a fresh cache (cold), then again
  (warm: newsboat sends If-None-Match and gets 304), with `reload-threads` 1 and 16; its CPU and
  peak RSS from `os.wait4`;
* start-up on the stories of the cold refresh, at 0 ms: each program in a pseudo-terminal of
  120x40 until its first screen shows (tui-reader: the newest story's title; newsboat: the
  first feed's title in its feed list), as `benchmarks/app.py` times first paint.

Ratios are tui-reader's median over newsboat's: below 1, tui-reader is faster. Where newsboat
is not installed this prints a line saying so and exits 0.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import newsboat_run
from benchmarks.app import environment, first_paint
from benchmarks.common import report
from benchmarks.newsboat_run import Setup, Usage
from benchmarks.refresh import (
    Samples,
    Servers,
    arm_deadline,
    load_note,
    measure,
    show,
    warm_up,
)
from tui_reader.core.net import Limits
from tui_reader.core.refresh import refresh
from tui_reader.core.store import Store

MB = 1024 * 1024
TUI_LIMITS = {"default limits": Limits()}


@dataclass(frozen=True)
class Workload:
    feeds: int
    items: int
    latency_ms: float
    threads: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"{self.feeds} feeds x {self.items} items, {self.latency_ms:g} ms"


def tui_reader(servers: Servers, work: Workload, runs: int) -> dict[str, tuple[Samples, Samples]]:
    """tui-reader's cold and warm refreshes of `work`, as refresh.py times them."""
    shape = argparse.Namespace(feeds=work.feeds, items=work.items)
    rows = {}
    for name, limits in TUI_LIMITS.items():
        rows[name] = cold, warm = measure(servers, shape, limits, runs)
        show(f"tui-reader cold, {name}", cold, width=48)
        show(f"tui-reader warm (304), {name}", warm, width=48)
    return rows


def newsboat(
    servers: Servers, work: Workload, threads: int, runs: int, folder: Path
) -> tuple[list[Usage], list[Usage], Setup]:
    """newsboat's cold and warm reloads; and the last run's folder, for its start-up."""
    cold, warm = [], []
    setup = None
    for run in range(runs):
        setup = newsboat_run.prepare(folder / f"t{threads}-{run}", servers.urls, threads)
        cold.append(newsboat_run.reload(setup, work.feeds * work.items))
        warm.append(newsboat_run.reload(setup, work.feeds * work.items))
    assert setup is not None
    for name, rows in (("cold", cold), ("warm (304)", warm)):
        report(f"newsboat {name}, reload-threads {threads}", [u.seconds for u in rows])
        print(f"{'':<48} CPU median {statistics.median(u.cpu for u in rows):6.2f} s, "
              f"peak RSS {statistics.median(u.rss_mib for u in rows):.0f} MiB")  # fmt: skip
    return cold, warm, setup


def ratios(
    tui: dict[str, tuple[Samples, Samples]], boat: dict[int, tuple[list[Usage], list[Usage]]]
) -> None:
    print("ratios, tui-reader median / newsboat median (below 1: tui-reader is faster):")
    for name, (tui_cold, tui_warm) in tui.items():
        parts = []
        for threads, (cold, warm) in boat.items():
            c = statistics.median(tui_cold.seconds) / statistics.median(u.seconds for u in cold)
            w = statistics.median(tui_warm.seconds) / statistics.median(u.seconds for u in warm)
            parts.append(
                f"vs {threads} thread{'s' if threads > 1 else ''}: cold {c:.2f}, warm {w:.2f}"
            )
        print(f"  tui-reader {name}: " + "; ".join(parts))


def startup(servers: Servers, work: Workload, setup: Setup, runs: int, folder: Path) -> None:
    """First paint of both programs on the same stories; the two stores' sizes."""
    home = folder / "tui-home"
    (home / "data").mkdir(parents=True)
    with Store(home / "data" / "reader.db") as store:
        for url in servers.urls:
            store.add_feed(url)
        refresh(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = store.cache_bytes()["database"]
    env = environment(home)
    command = [sys.executable, "-m", "tui_reader", "--offline"]
    ours = report(
        f"tui-reader first paint, {work.feeds * work.items:,} stories",
        [first_paint(command, env, b"Story 0 of feed 0:") for _ in range(runs)],
    )
    theirs = report(
        f"newsboat first paint, {work.feeds * work.items:,} stories",
        [newsboat_run.paint(setup, env, b"Feed 0: ") for _ in range(runs)],
    )
    print(f"ratio tui-reader / newsboat first paint: {ours / theirs:.2f}")
    print(f"on disk: tui-reader database {size / MB:.0f} MB, newsboat cache "
          f"{setup.cache.stat().st_size / MB:.0f} MB")  # fmt: skip


def one_workload(servers: Servers, work: Workload, args: argparse.Namespace, folder: Path) -> None:
    print(f"\n== {work.label} ==")
    servers.set_latency(work.latency_ms / 1000)
    tui = tui_reader(servers, work, args.runs)
    boat, setup = {}, None
    for threads in work.threads:
        cold, warm, setup = newsboat(servers, work, threads, args.runs, folder / work.label)
        boat[threads] = (cold, warm)
    ratios(tui, boat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS of this process so far (tui-reader refreshes in it, parsing in workers): {peak:.0f} MiB"
    )
    if work.latency_ms == 0 and setup is not None and args.startup_runs:
        startup(servers, work, setup, args.startup_runs, folder / work.label)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--startup-runs", type=int, default=3)
    ap.add_argument("--big-items", type=int, default=200, help="0: skip the large workload")
    ap.add_argument("--big-threads", default="16", help="reload-threads for the large workload")
    ap.add_argument("--deadline-s", type=float, default=3600.0)
    args = ap.parse_args()
    found = newsboat_run.version()
    if found is None:
        print("newsboat: skipped, not installed (`apt-get install newsboat` gives 2.21)")
        return
    arm_deadline(args.deadline_s)
    began = time.perf_counter()
    print(load_note("at start", flag=True))
    print(f"newsboat {found}; servers: benchmarks/refresh.py's, on 10 loopback hosts, in a child")
    big = tuple(int(t) for t in args.big_threads.split(","))
    shapes = {
        (args.feeds, args.items): [Workload(args.feeds, args.items, 0, (1, 16)),
                                   Workload(args.feeds, args.items, 50, (1, 16))],
        (args.feeds, args.big_items): [Workload(args.feeds, args.big_items, 0, big)],
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="tui-reader-newsboat-") as tmp:
        for (feeds, items), works in shapes.items():
            if items < 1:
                continue
            servers = Servers(feeds, items, 10, 128)
            try:
                print(warm_up(servers))
                for work in works:
                    one_workload(servers, work, args, Path(tmp))
            finally:
                servers.close()
    print(load_note("at end"))
    print(f"total time: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
