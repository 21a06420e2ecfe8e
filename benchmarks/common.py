"""Shared helpers: import the test workload generator, and print medians with min and max."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def report(
    label: str, seconds: list[float], unit: str = "s", scale: float = 1.0, width: int = 48
) -> float:
    med = statistics.median(seconds) * scale
    print(
        f"{label:<{width}} median {med:9.3f} {unit}   min {min(seconds) * scale:9.3f}   "
        f"max {max(seconds) * scale:9.3f}   (n={len(seconds)})"
    )
    return med
