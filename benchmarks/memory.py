"""Peak memory of the reader after moving through every story, measured from a small parent.

    python -m benchmarks.memory [--stories 100000]

`benchmarks/app.py` reports the keys script's `ru_maxrss`, but on Linux a process's `ru_maxrss`
also counts the RSS it had before `exec`, and a child of a Python process starts as a copy of
it: app.py builds its 100,000-story store in its own process first, so the child's figure is at
least app.py's own peak. This builds the store in one child and runs app.py's keys script in
another, from a parent that stays small, and prints the keys script's peak next to the parent's,
and the reader's own high-water mark (VmHWM) when the parent's would have masked it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.app import KEYS_SCRIPT
from benchmarks.common import ROOT

BUILD = "import sys; from benchmarks.stores import build_store; build_store(sys.argv[1], int(sys.argv[2]))"
# The keys script, with the reader's own high-water mark added to what it prints.
HWM = (
    "import atexit, sys\n"
    "def _hwm():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            print('VmHWM', int(line.split()[1]) // 1024, file=sys.stderr)\n"
    "atexit.register(_hwm)\n"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--presses", type=int, default=20)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="tui-reader-memory-") as folder:
        path = Path(folder) / "reader.db"
        subprocess.run([sys.executable, "-c", BUILD, str(path), str(args.stories)], env=env,
                       check=True, timeout=900)  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-c", HWM + KEYS_SCRIPT, str(path), str(args.presses)],
            env=env, capture_output=True, text=True, timeout=1800, check=True,
        )  # fmt: skip
    doc = json.loads(done.stdout.strip().splitlines()[-1])
    hwm = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("VmHWM")]
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    masked = "may mask it" if parent >= doc["rss_mb"] else "is below it: it did not mask it"
    print(
        f"peak RSS after moving through all {args.stories:,} stories: {doc['rss_mb']:.0f} MB "
        f"(ru_maxrss; VmHWM {hwm[0] if hwm else '?'} MB); this parent's peak, "
        f"{parent:.0f} MB, {masked}"
    )


if __name__ == "__main__":
    main()
