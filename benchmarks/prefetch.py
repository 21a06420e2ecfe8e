"""Prefetch for offline reading: full text (and pictures) of 1,000 stories, and what it costs.

    python -m benchmarks.prefetch [--feeds 20] [--items 50] [--runs 3] [--latency-ms 0]
                                  [--modes text,images] [--profile]

The aim (issue #8): 1,000 stories in under 60 s on two cores, under 15 KB of cache per story
without pictures, with extraction on both cores. The workload is `benchmarks/story_pages.py`:
50-150 KB news pages, every second one with a 20-120 KB picture, served gzipped from loopback
servers in a child process (`benchmarks/page_servers.py`). Each run is a fresh process
(`benchmarks/prefetch_run.py`, which says why) and a fresh store: it refreshes the feeds
(untimed, printed apart), then times `prefetch(..., refresh=False)`: every story's page fetched,
extracted in a sandbox child and stored; in the `images` mode the pictures as well.

Whether both cores worked is measured three ways (`benchmarks/cores.py`): CPU seconds of the
prefetching process, CPU seconds of the extraction children (from the fork server's
reaped-children times), and how many extractions were in flight over the run. `--profile` adds
one text-only run under cProfile and prints where the prefetching process spent its time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from benchmarks.common import ROOT, report
from benchmarks.page_servers import PageServers, Workload
from benchmarks.refresh import load_note

KB, MB = 1024, 1024 * 1024
DRIVER = Path(__file__).with_name("prefetch_run.py")
RUN_TIMEOUT_S = 900.0


@dataclass
class Mode:
    name: str
    images: bool
    runs: list[dict[str, Any]] = field(default_factory=list)


def one_run(servers: PageServers, mode: Mode, stories: int, profile: bool = False) -> dict:
    """One prefetch in a fresh process and store; its figures, with the servers' CPU added."""
    with tempfile.TemporaryDirectory(prefix="tui-reader-prefetch-") as tmp:
        urls = Path(tmp) / "urls.txt"
        urls.write_text("\n".join(servers.published.urls))
        flags = ["--images"] if mode.images else []
        flags += ["--profile"] if profile else []
        server_cpu = servers.cpu()
        doc = drive(["--home", tmp, "--urls", str(urls), *flags], echo_stderr=profile)
        doc["server_cpu"] = servers.cpu() - server_cpu
    _check(doc, stories, mode)
    return doc


def drive(arguments: list[str], *, echo_stderr: bool = False) -> dict[str, Any]:
    """Run benchmarks/prefetch_run.py with `arguments`; its JSON line."""
    done = subprocess.run(
        [sys.executable, str(DRIVER), *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{DRIVER.name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    if echo_stderr:
        print(done.stderr)
    return cast(dict[str, Any], json.loads(done.stdout.strip().splitlines()[-1]))


def show_ceiling(pages: int) -> None:
    """What the sandbox allows on its own: pages from memory, no network, store or event loop."""
    doc = drive(["--ceiling", str(pages)])
    one, every = doc["sandbox_one_ms"], doc["sandbox_all_ms"]
    print(
        f"extraction alone, {pages} pages from memory: {doc['in_process_ms']:.1f} ms/page in "
        f"process; in the sandbox {one:.1f} ms/page one at a time "
        f"({doc['sandbox_one_child_cpu_ms']:.1f} ms of child CPU), {every:.1f} ms/page "
        f"{doc['cores']:.0f} at a time ({doc['sandbox_all_child_cpu_ms']:.1f} ms of child CPU): "
        f"{one / every:.2f}x from {doc['cores']:.0f} cores\n"
    )


def _check(doc: dict[str, Any], stories: int, mode: Mode) -> None:
    """A run that stored fewer stories than asked has measured something else."""
    if doc["refreshed_new"] != stories or doc["fetched"] != stories or doc["interrupted"]:
        raise SystemExit(
            f"{mode.name}: refreshed {doc['refreshed_new']} and prefetched {doc['fetched']} of "
            f"{stories} stories; first failures: {'; '.join(doc['failures']) or 'none'}"
        )


def median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(r[key]) for r in runs)


def in_flight(profile: dict[str, float], calls: int) -> tuple[str, float, float]:
    """From {k: seconds with k calls running}: the shares, the mean, and ms per call."""
    flight = {int(k): v for k, v in profile.items()}
    total = sum(flight.values()) or 1.0
    mean = sum(k * s for k, s in flight.items()) / total
    shares = ", ".join(f"{k}: {s / total:.0%}" for k, s in sorted(flight.items()) if s)
    return shares, mean, 1000 * total * mean / max(1, calls)


def show(mode: Mode, stories: int) -> None:
    runs = mode.runs
    wall = report(f"prefetch {stories:,} stories, {mode.name}", [r["seconds"] for r in runs])
    cpu, children = median(runs, "cpu"), median(runs, "extraction_cpu")
    servers = median(runs, "server_cpu")
    print(
        f"{'':<4}{stories / wall:.1f} stories/s; the refresh before it (untimed) "
        f"{median(runs, 'refresh_seconds'):.2f} s; peak RSS of the prefetching process "
        f"{median(runs, 'peak_rss_kib') / 1024:.0f} MiB"
    )
    print(
        f"{'':<4}CPU median: prefetching process {cpu:.2f} s ({cpu / wall:.2f} of a core), "
        f"extraction children {children:.2f} s ({children / wall:.2f}), servers {servers:.2f} s "
        f"({servers / wall:.2f}); all three {(cpu + children + servers) / wall:.2f} of 2 cores"
    )
    last = runs[-1]
    extracting = in_flight(last["in_flight"], last["calls"])
    held = in_flight(last["gate_held"], last["gate_calls"])
    print(
        f"{'':<4}extractions in flight, share of the wall time (last run): {extracting[0]}; "
        f"mean {extracting[1]:.2f}; {last['calls']} calls of {extracting[2]:.0f} ms each "
        f"(start to result, as the caller waits)"
    )
    print(
        f"{'':<4}stories in get_fulltext at once (fetch, extract, store; the extraction gate "
        f"covers the extraction only): mean {held[1]:.2f}; {held[2]:.0f} ms per story"
    )
    texts, images = last["sizes"]["full_texts"], last["sizes"]["images"]
    growth = last["database_growth"]
    print(
        f"{'':<4}cache: full texts {texts / MB:.2f} MB ({texts / KB / stories:.1f} KB/story); "
        f"pictures {images / MB:.2f} MB ({images / KB / stories:.1f} KB/story, "
        f"{last['images']} pictures); database growth {growth / MB:.2f} MB "
        f"({growth / KB / stories:.1f} KB/story: texts, metadata, search index)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--servers", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--latency-ms", type=float, default=0.0)
    ap.add_argument("--modes", default="text,images", help="text (no pictures), images, or both")
    ap.add_argument("--profile", action="store_true", help="add one text-only run under cProfile")
    ap.add_argument(
        "--ceiling", type=int, default=100, help="pages for the sandbox-alone figure (0: skip)"
    )
    args = ap.parse_args()
    if min(args.feeds, args.items, args.servers, args.runs) < 1:
        ap.error("--feeds, --items, --servers and --runs must be positive")
    work = Workload(args.feeds, args.items, min(args.servers, args.feeds))
    modes = [Mode(n, n == "images") for n in args.modes.split(",") if n in ("text", "images")]
    began = time.perf_counter()
    print(load_note("at start", flag=True))
    servers = PageServers(work)
    try:
        pub = servers.published
        print(
            f"{work.feeds} feeds x {work.items} stories from {work.servers} loopback servers in a "
            f"child process; pages {min(pub.page_bytes) // KB}-{max(pub.page_bytes) // KB} KB "
            f"(median {statistics.median(pub.page_bytes) / KB:.0f} KB, gzipped on the wire), "
            f"{pub.images} pictures ({pub.image_bytes / MB:.1f} MB); latency {args.latency_ms:g} ms"
        )
        print("each run: a fresh process and store (the fork server's start is counted)\n")
        servers.set_latency(args.latency_ms / 1000)
        if args.ceiling:
            show_ceiling(args.ceiling)
        for mode in modes:
            for _ in range(args.runs):
                mode.runs.append(one_run(servers, mode, work.stories))
            show(mode, work.stories)
        if args.profile:
            print("\none text-only run under cProfile (the prefetching process only):")
            one_run(servers, Mode("text", False), work.stories, profile=True)
    finally:
        servers.close()
    print(load_note("at end"))
    print(f"total time: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
