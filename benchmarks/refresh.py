"""Refreshing many feeds end to end over real HTTP: why the fetch limits are what they are.

    python -m benchmarks.refresh [--feeds 500] [--items 50] [--runs 3] [--latency-ms 0,50]
                                 [--servers 10] [--sweep-latency-ms 50] [--sweep-runs N]

`Limits.concurrency` and `Limits.per_host` bound how much of a refresh runs at once, and the
only way to choose them is to time a whole refresh (fetch, gunzip, parse, store) against servers
that answer like real ones: gzip, ETag and Last-Modified, some latency. This serves generated
RSS and Atom feeds from `--servers` loopback servers in a child process and times, each run into
a fresh temporary store:

1. a cold refresh into an empty store, at each latency;
2. a warm refresh right after it, where every feed answers 304 Not Modified;
3. a concurrency sweep at 50 ms latency on the 10 hosts with the default per-host gate: cold
   refresh, and warm, since a warm refresh is the common case and the one bound by latency.

Server k listens on 127.0.0.{k+1} (Linux routes all of 127.0.0.0/8 to loopback), so the feeds
are spread over 10 hostnames the way a real subscription list spans many sites. That matters:
`Fetcher` keys its per-host gate (`per_host`, 4) on the hostname, so were every server on
127.0.0.1, only 4 fetches would run at once across all 500 feeds: 500 / 4 x 50 ms = 6.25 s of
latency alone, a figure about "500 feeds on one site", not about the reader. Those are the
headline rows ("10 hosts"). The comparison rows ("one host") serve the same feeds from servers
all on 127.0.0.1, where the gate of 4 binds: the cost of the politeness gate when it does.

Parsing runs in worker processes once a refresh has more than `parsing.INLINE` documents, so
`time.process_time()` here no longer sees it. The workers are children of multiprocessing's fork
server, which reaps them when the pool shuts down at the end of each refresh, so the fork
server's CPU (its own and its reaped children's, `cores.fork_server_cpu`) measured around a
refresh is the workers' CPU. Each row prints CPU here, in the parse workers, in the servers, and
the total, and how many cores the reader (here + workers) kept busy on average. The fork server
itself starts in the untimed warm-up (it imports the parsers once), so every timed refresh finds
it running, the first one included.

The servers run in a child process: even with each answer's gzip and ETag made once, before
timing (as a static file server keeps them), serving costs CPU that in this process would fight
the refresh for the GIL and be counted as refresh time. Each server listens with a backlog of
128 rather than socketserver's 5 (see `_serve`).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import cast

from benchmarks.common import report
from benchmarks.cores import fork_server_cpu, fork_server_pid
from benchmarks.serving import ServerProcess
from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tui_reader.core import processes
from tui_reader.core.net import Limits
from tui_reader.core.refresh import refresh
from tui_reader.core.store import Store

FORMATS = ("rss", "atom")
SWEEP = (8, 16, 24, 48)
PIPE_TIMEOUT_S = 120.0
BUDGET_S = 600.0  # the whole default run should stay under ten minutes
MAX_HOSTS = 254  # 127.0.0.1 to 127.0.0.254
LABEL_WIDTH = 66


def host(k: int) -> str:
    """The loopback address of server k: one hostname per server, like separate sites."""
    return f"127.0.0.{k + 1}"


# -- the servers, in a child process -----------------------------------------------------------


def _serve(
    conn: Connection, feeds: int, items: int, servers: int, backlog: int, one_host: bool
) -> None:
    """Child process: serve the feeds until told to stop; answer commands on the pipe.

    Always from `servers` servers on as many hosts; with `one_host`, the same routes also from
    `servers` more, all on 127.0.0.1. Both share the routes, so each answer is encoded once."""
    spread = [LoopbackServer(host=host(k)).start() for k in range(servers)]
    single = [LoopbackServer(host="127.0.0.1").start() for _ in range(servers if one_host else 0)]
    for server in spread + single:
        # socketserver listens with a backlog of 5: a burst of 24 connects overflows it and the
        # kernel drops SYNs, which the client resends only after a 1 s timeout. Real servers
        # listen with hundreds; without this the wide rows measure that second, not the reader.
        server.httpd.socket.listen(backlog)
    urls: tuple[list[str], list[str]] = ([], [])
    for i in range(feeds):
        fmt = FORMATS[i % len(FORMATS)]
        spec = feedgen.make_feed(f"https://site{i}.example/", items, seed=i)
        route = Route(feedgen.FORMATS[fmt](spec), feedgen.CONTENT_TYPES[fmt], gzip=True)
        route.encoded(route.payload())  # ETag and gzip made now, not during the first refresh
        urls[0].append(spread[i % servers].add(f"/feed/{i}.{fmt}", route))
        if single:
            urls[1].append(single[i % servers].add(f"/feed/{i}.{fmt}", route))
    conn.send(urls)
    try:
        for _ in range(100_000):  # bounded: the parent sends a few commands per refresh
            if not conn.poll(3600):
                break
            command, value = conn.recv()
            if command == "latency":
                for server in spread + single:
                    server.latency = value
                conn.send(None)
            elif command == "cpu":
                conn.send(time.process_time())
            else:
                break
    finally:
        for server in spread + single:
            server.stop()


class Servers(ServerProcess):
    """The parent's handle on the child process serving the feeds.

    `urls`: the feeds spread over `servers` hosts (127.0.0.1, .2, ...), one server each;
    `one_host_urls` (with `one_host=True`, else empty): the same feeds, all on 127.0.0.1."""

    what = "the feed servers"
    timeout_s = PIPE_TIMEOUT_S

    def __init__(
        self, feeds: int, items: int, servers: int, backlog: int, *, one_host: bool = False
    ) -> None:
        if not 1 <= servers <= MAX_HOSTS:
            raise ValueError(f"servers must be 1 to {MAX_HOSTS}: one loopback address each")
        super().__init__(_serve, feeds, items, servers, backlog, one_host)
        self.urls, self.one_host_urls = cast(tuple[list[str], list[str]], self.served)


# -- the measurements ------------------------------------------------------------------------


@dataclass
class Samples:
    """One row: wall seconds of each refresh, and the CPU seconds it cost here, in the parse
    workers (None where the fork server cannot be read: not Linux, or none running) and in the
    servers."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    worker_cpu: list[float | None] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)


def _timed_refresh(
    servers: Servers, store: Store, limits: Limits, into: Samples, expect: tuple[str, int, int]
) -> None:
    server_cpu = servers.cpu()
    workers = fork_server_cpu()  # read outside the timed span: it scans /proc
    cpu = time.process_time()  # every thread of this process, not the parse workers
    started = time.perf_counter()
    summary = refresh(store, limits=limits)
    into.seconds.append(time.perf_counter() - started)
    into.cpu.append(time.process_time() - cpu)
    # The pool has shut down and the fork server has reaped its workers by now (it reaps a
    # child before telling us it ended), so their CPU is in the fork server's cutime/cstime.
    after = fork_server_cpu()
    into.worker_cpu.append(after - workers if after is not None and workers is not None else None)
    into.server_cpu.append(servers.cpu() - server_cpu)
    status, feeds, new = expect
    if summary.count(status) != feeds or summary.new != new:
        failures = "; ".join(f"{o.url}: {o.error}" for o in summary.failures[:3])
        raise SystemExit(
            f"expected {feeds} feeds {status} with {new} new stories, got "
            f"{summary.count(status)} and {summary.new}; failures: {failures or 'none'}"
        )


def measure(
    servers: Servers,
    args: argparse.Namespace,
    limits: Limits,
    runs: int,
    urls: list[str] | None = None,
) -> tuple[Samples, Samples]:
    """Cold refreshes into fresh stores, each followed by a warm one where every feed is 304.

    `urls`: the feeds to subscribe to, `servers.urls` (spread over the hosts) unless given."""
    cold, warm = Samples(), Samples()
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="tui-reader-bench-") as tmp:
            store = Store(Path(tmp) / "bench.db")
            try:
                for url in urls if urls is not None else servers.urls:
                    store.add_feed(url)
                fetched = ("fetched", args.feeds, args.feeds * args.items)
                _timed_refresh(servers, store, limits, cold, fetched)
                _timed_refresh(servers, store, limits, warm, ("not_modified", args.feeds, 0))
            finally:
                store.close()
    return cold, warm


def warm_up(servers: Servers) -> str:
    """Start the fork server, then one small untimed refresh, so that the first timed refresh
    pays neither for imports nor for the fork server's start (it imports the parsers); returns
    a line saying so, for the output."""
    processes.warm_up()
    servers.set_latency(0.0)
    with tempfile.TemporaryDirectory(prefix="tui-reader-bench-") as tmp:
        store = Store(Path(tmp) / "bench.db")
        try:
            for url in servers.urls[:10]:
                store.add_feed(url)
            refresh(store)
        finally:
            store.close()
    pid = fork_server_pid()
    server = f"fork server (pid {pid})" if pid is not None else "fork server (not found)"
    return (
        f"untimed warm-up: {server} started, then a refresh of {min(10, len(servers.urls))} "
        "feeds; every timed refresh finds both done"
    )


def listen_overflows() -> int | None:
    """The kernel's count of connections dropped on a full listen queue (Linux), or None."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:") and "ListenOverflows" in names.split():
            return int(values.split()[names.split().index("ListenOverflows")])
    return None


def arm_deadline(seconds: float) -> None:
    """Stop the run if it takes far longer than it should: a slow store makes every refresh hang."""

    def expire(signum: int, frame: object) -> None:
        raise SystemExit(f"abandoned: the run took over {seconds:g} s (--deadline-s)")

    if hasattr(signal, "SIGALRM") and seconds > 0:
        signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)


def load_note(when: str, *, flag: bool = False) -> str:
    """The load average, since other work on the machine inflates every wall-clock figure."""
    if not hasattr(os, "getloadavg"):
        return f"load average {when}: unknown"
    one, five, _ = os.getloadavg()
    cpus = os.cpu_count() or 1
    busy = "  <- busy machine: figures will be inflated" if flag and one > cpus / 2 else ""
    return f"load average {when}: {one:.2f} (1 min), {five:.2f} (5 min) on {cpus} CPUs{busy}"


def show(label: str, samples: Samples, width: int = LABEL_WIDTH) -> None:
    """The row's wall seconds, then where its CPU went: the reader on both cores shows as a
    "cores busy" figure over 1."""
    report(label, samples.seconds, width=width)
    here, served = statistics.median(samples.cpu), statistics.median(samples.server_cpu)
    runs = list(
        zip(samples.seconds, samples.cpu, samples.worker_cpu, samples.server_cpu, strict=True)
    )
    if any(w is None for _, _, w, _ in runs):
        total = statistics.median(c + s for _, c, _, s in runs)
        workers, tail = "unknown", f"over {total:.2f} s (workers not counted)"
    else:
        workers = f"{statistics.median(w or 0.0 for _, _, w, _ in runs):.2f} s"
        total = statistics.median(c + (w or 0.0) + s for _, c, w, s in runs)
        cores = statistics.median((c + (w or 0.0)) / t for t, c, w, _ in runs)
        tail = f"{total:.2f} s; the reader kept {cores:.2f} cores busy"
    print(
        f"    CPU median: this process {here:.2f} s + parse workers {workers} "
        f"+ servers {served:.2f} s = {tail}"
    )


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--latency-ms", default="0,50", help="comma-separated, added to each answer")
    ap.add_argument("--servers", type=int, default=10, help=f"one host each, at most {MAX_HOSTS}")
    ap.add_argument("--sweep-latency-ms", type=float, default=50.0)
    ap.add_argument(
        "--sweep-runs", type=int, default=None, help="runs per sweep point (default: --runs)"
    )
    ap.add_argument(
        "--deadline-s",
        type=float,
        default=2 * BUDGET_S,
        help="abandon the whole run after this long (a refresh itself has no overall bound)",
    )
    ap.add_argument(
        "--backlog", type=int, default=128, help="listen backlog of each server (stdlib: 5)"
    )
    args = ap.parse_args()
    latencies = [float(x) for x in args.latency_ms.split(",") if x.strip()]
    if min(args.feeds, args.items, args.runs, args.servers, args.backlog) < 1 or not latencies:
        ap.error("--feeds, --items, --runs, --servers and --backlog must be positive")
    if args.servers > MAX_HOSTS:
        ap.error(f"--servers: at most {MAX_HOSTS}, one loopback address each")
    if args.sweep_runs is not None and args.sweep_runs < 1:
        ap.error("--sweep-runs must be positive")
    began = time.perf_counter()
    arm_deadline(args.deadline_s)

    hosts = plural(args.servers, "host")
    print(load_note("at start", flag=True))
    print(f"{args.feeds} feeds x {args.items} items ({'/'.join(FORMATS)}, gzip, ETag made before "
          "timing), served from a child process")  # fmt: skip
    print(f"'{hosts}': {args.servers} loopback servers on {host(0)}..{host(args.servers - 1)}, "
          f"one host each; 'one host': {args.servers} more, all on 127.0.0.1")  # fmt: skip
    servers = Servers(args.feeds, args.items, args.servers, args.backlog, one_host=True)
    overflows = listen_overflows()
    slowest = 0.0  # the slowest cold + warm pair so far, to size the sweep
    try:
        default = Limits()
        spread = min(default.concurrency, args.servers * default.per_host)
        print(
            f"defaults: concurrency={default.concurrency}, per_host={default.per_host}, keyed on "
            f"the hostname: at most {spread} fetches at once on {hosts}, "
            f"{min(default.concurrency, default.per_host)} on one host"
        )
        print(warm_up(servers) + "\n")
        for latency_ms in latencies:
            servers.set_latency(latency_ms / 1000)
            for name, urls in (
                (f"{hosts}, default limits", servers.urls),
                ("one host (per-host gate binds), default limits", servers.one_host_urls),
            ):
                cold, warm = measure(servers, args, default, args.runs, urls)
                show(f"cold {latency_ms:g} ms, {name}", cold)
                show(f"warm (304) {latency_ms:g} ms, {name}", warm)
                slowest = max(slowest, max(cold.seconds) + max(warm.seconds))
            print()

        sweep_runs = args.sweep_runs or args.runs
        if args.sweep_runs is None:
            # Every sweep point lets at least 8 fetches run at once, so none is slower than the
            # one-host rows above, which let 4; reduce the runs if they would break the budget.
            elapsed = time.perf_counter() - began
            while sweep_runs > 1 and elapsed + slowest * len(SWEEP) * sweep_runs > BUDGET_S:
                sweep_runs -= 1
            if sweep_runs < args.runs:
                print(
                    f"NOTE: sweep reduced to {sweep_runs} run(s) per point (from {args.runs}) "
                    f"to keep the whole run under {BUDGET_S / 60:.0f} minutes"
                )
        lat = args.sweep_latency_ms
        print(
            f"concurrency sweep at {lat:g} ms on {hosts}, per_host={default.per_host} (so at most "
            f"{args.servers * default.per_host} at once), {plural(sweep_runs, 'run')} per point "
            "(each: a cold refresh, then a warm one)"
        )
        servers.set_latency(lat / 1000)
        sweep = []
        for c in SWEEP:
            sweep.append(measure(servers, args, Limits(concurrency=c), sweep_runs))
        for c, (cold, _) in zip(SWEEP, sweep, strict=True):
            show(f"cold {lat:g} ms, concurrency={c}", cold)
        for c, (_, warm) in zip(SWEEP, sweep, strict=True):
            show(f"warm (304) {lat:g} ms, concurrency={c}", warm)
    finally:
        servers.close()

    if overflows is not None:
        dropped = (listen_overflows() or 0) - overflows
        print(
            f"\nconnections dropped on a full listen queue, system-wide, during the run: {dropped}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    peak_mib = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    print(
        f"peak RSS of this process (the servers and parse workers run in others): {peak_mib:.0f} MiB"
    )
    print(load_note("at end (this run's own processes count)"))
    print(f"total time: {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
