"""What `benchmarks/prefetch_run.py` does in its own process; prints one JSON line.

Two measurements. The prefetch: a fresh store refreshed from the workload's feeds (untimed),
then `prefetch(..., refresh=False)` timed, with the extraction calls (`extract_limited`) and the
calls that hold prefetch's extraction gate (`get_fulltext`) recorded by `benchmarks.cores`. The
ceiling: the same pages extracted straight from memory, in this process, then in the sandbox
one at a time and `os.cpu_count()` at a time: what the sandbox itself allows, with no network,
store or event loop in the way.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.cores import Overlap, fork_server_cpu, patched
from benchmarks.story_pages import story_page
from tests.support import feedgen
from tui_reader.core import fulltext, offline, sandbox
from tui_reader.core.extract import extract
from tui_reader.core.net import Limits
from tui_reader.core.refresh import refresh
from tui_reader.core.store import Store

# All servers are 127.0.0.1 and the fetcher gates per hostname: open the gate, as stories from
# 20 sites would come from 20 hosts (see benchmarks/RESULTS.md, refresh).
FEED_LIMITS = Limits(per_host=1000)
PAGE_LIMITS = Limits(max_bytes=fulltext.PAGE_LIMITS.max_bytes, per_host=1000)


def filled_store(home: Path, urls: list[str]) -> tuple[Store, dict[str, object]]:
    """A fresh store subscribed to `urls` and refreshed; the refresh's time and new stories."""
    store = Store(home / "reader.db")
    for url in urls:
        store.add_feed(url)
    started = time.perf_counter()
    summary = refresh(store, limits=FEED_LIMITS)
    return store, {"refresh_seconds": time.perf_counter() - started, "refreshed_new": summary.new}


def timed_prefetch(store: Store, home: Path, *, images: bool, profile: bool) -> dict[str, object]:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # so the growth is not the WAL's
    database = store.cache_bytes()["database"]
    extracting, gate = Overlap(), Overlap()
    coroutine = offline.prefetch(store, home / "cache", images=images, limits=FEED_LIMITS,
                                 page_limits=PAGE_LIMITS, refresh=False)  # fmt: skip
    cpu, started = time.process_time(), time.perf_counter()
    with patched(fulltext, "extract_limited", extracting), patched(offline, "get_fulltext", gate):
        profiler = cProfile.Profile() if profile else None
        run = profiler.runcall if profiler else (lambda fn, arg: fn(arg))
        summary = run(asyncio.run, coroutine)
    ended = time.perf_counter()
    cpu = time.process_time() - cpu
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sizes = store.cache_bytes()
    return {
        "seconds": ended - started,
        "cpu": cpu,
        "extraction_cpu": fork_server_cpu(),  # it started during the run: all of it counts
        "in_flight": extracting.profile(started, ended),
        "calls": len(extracting.spans),
        "gate_held": gate.profile(started, ended),
        "gate_calls": len(gate.spans),
        "sizes": sizes,
        "database_growth": sizes["database"] - database,
        "fetched": summary.fetched,
        "images": summary.images,
        "failures": [f"{i}: {reason}" for i, _, reason in summary.failures[:5]],
        "interrupted": summary.interrupted or summary.network_down,
    }


def ceiling(count: int) -> dict[str, float]:
    """Milliseconds per page: in this process, in the sandbox alone, and cpu_count at a time."""
    spec = feedgen.make_feed("https://gazette.example/", count, seed=5)
    pages = [
        (story_page(item, seed=i, site=spec.site, image=None).decode(), item.link)
        for i, item in enumerate(spec.items)
    ]
    out = {"pages": float(count), "cores": float(os.cpu_count() or 1)}
    started = time.perf_counter()
    for html, url in pages:
        extract(html, url)
    out["in_process_ms"] = (time.perf_counter() - started) * 1000 / count
    sandbox.extract_limited(*pages[0])  # starts the fork server
    for label, width in (("sandbox_one_ms", 1), ("sandbox_all_ms", os.cpu_count() or 1)):
        children, started = fork_server_cpu() or 0.0, time.perf_counter()
        with ThreadPoolExecutor(width) as pool:
            list(pool.map(lambda page: sandbox.extract_limited(*page), pages))
        out[label] = (time.perf_counter() - started) * 1000 / count
        out[label.replace("_ms", "_child_cpu_ms")] = (
            ((fork_server_cpu() or 0.0) - children) * 1000 / count
        )
    return out


def peak_rss_kib() -> int:
    """This process's peak RSS. VmHWM where there is /proc: Linux's ru_maxrss also counts what
    the process was before `exec`, a copy of the (larger or smaller) benchmark that started it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--home", type=Path)
    ap.add_argument("--urls", type=Path)
    ap.add_argument("--images", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--ceiling", type=int, default=0, help="only the ceiling, over N pages")
    args = ap.parse_args()
    if args.ceiling:
        doc: dict[str, object] = dict(ceiling(args.ceiling))
    else:
        if args.home is None or args.urls is None:
            ap.error("--home and --urls are needed for a prefetch")
        store, doc = filled_store(args.home, args.urls.read_text().split())
        try:
            doc |= timed_prefetch(store, args.home, images=args.images, profile=args.profile)
        finally:
            store.close()
    doc["peak_rss_kib"] = peak_rss_kib()
    print(json.dumps(doc))
    return 0
