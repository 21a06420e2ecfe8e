"""The process that prefetches, for `benchmarks/prefetch.py`: it runs `prefetch_work.run`.

    python benchmarks/prefetch_run.py --home DIR --urls FILE --stories N [--images] [--profile]
    python benchmarks/prefetch_run.py --ceiling N

Why a separate process, started by path, importing only what the `tui-reader` console script
imports: multiprocessing's fork server runs `spawn.prepare` in every extraction child, and that
re-imports the parent's main module by path. Under `tui-reader` every child re-imports
`tui_reader.cli` (about 5 ms of CPU); under `python -m benchmarks.prefetch` it would re-import
the benchmark and all it imports (about 90 ms), and the benchmark would time itself rather than
the reader. A child's re-import of this file runs the two imports below and stops at the
`__main__` guard, as a child's re-import of the console script does. A fresh process per run also
counts the fork server's start, as the command does.
"""

from __future__ import annotations

import sys

from tui_reader.cli import main  # noqa: F401 - the console script's one import (see above)

if __name__ == "__main__":
    from benchmarks.prefetch_work import run

    sys.exit(run())
