"""Every benchmark, one after another: `python -m benchmarks.run [--small] [--only NAMES]`.

Full size by default (about 45 minutes on two cores): the figures in benchmarks/RESULTS.md.
`--small` runs each at a size that finishes in well under two minutes in all, so that CI runs
them (.ci/run) and they cannot rot: a benchmark that crashes fails the run, a slow one does not.
Nothing here asserts a timing; CI machines are too noisy for that. newsboat is skipped in
`--small` (it needs a system package). Extraction quality (`benchmarks.extraction`) is not a
speed benchmark and needs data outside the repository; it runs on its own.

Each benchmark runs in its own process, so one's memory and threads never colour another's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from benchmarks.common import ROOT
from benchmarks.refresh import load_note


@dataclass(frozen=True)
class Step:
    name: str
    full: tuple[str, ...]  # arguments at full size (mostly each benchmark's defaults)
    small: tuple[str, ...] | None  # at CI size; None: not run with --small


STEPS = (
    Step("refresh", (), ("--feeds", "50", "--items", "20", "--runs", "1", "--sweep-runs", "1")),
    Step("parsers", (), ("--feeds", "50", "--items", "20", "--runs", "1")),
    Step("app", (), ("--sizes", "100,2000", "--runs", "1", "--presses", "10")),
    Step("memory", (), ("--stories", "1000", "--presses", "5")),
    Step("search", (), ("--stories", "5000", "--runs", "1")),
    Step(
        "prefetch",
        ("--profile",),
        ("--feeds", "2", "--items", "25", "--runs", "1", "--ceiling", "10"),
    ),
    Step("newsboat", (), None),
)


def run_step(step: Step, small: bool) -> tuple[int, float]:
    """Run one benchmark module; its exit status and how long it took."""
    arguments = step.small if small else step.full
    command = [sys.executable, "-m", f"benchmarks.{step.name}", *(arguments or ())]
    print(f"\n==== {step.name}: {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.returncode, time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--small", action="store_true", help="CI size: every benchmark, quickly")
    ap.add_argument(
        "--only", default="", help=f"comma list from: {', '.join(s.name for s in STEPS)}"
    )
    args = ap.parse_args()
    chosen = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = chosen - {s.name for s in STEPS}
    if unknown:
        ap.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    print(load_note("at start"))
    print(f"{'small (CI) size' if args.small else 'full size'}; Python {sys.version.split()[0]}")
    outcomes = []
    for step in STEPS:
        if chosen and step.name not in chosen:
            continue
        if args.small and step.small is None:
            print(f"\n==== {step.name}: skipped with --small")
            continue
        outcomes.append((step.name, *run_step(step, args.small)))
    print("\n==== summary")
    for name, status, seconds in outcomes:
        print(f"{name:<10} {'ok' if status == 0 else f'FAILED ({status})':<12} {seconds:7.1f} s")
    print(load_note("at end"))
    return 1 if any(status != 0 for _, status, _ in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
