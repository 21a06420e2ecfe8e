"""Article-text and byline extraction against real pages: ours next to raw readability-lxml.

    python -m benchmarks.extraction [--datasets mozilla-readability,...] [--limit N]

Runs the shared evaluation tool (../shared/tools/extraction_eval.py, relative to the repository
root) on the shared data sets (../shared/extraction): its built-in readability-lxml baseline, and
our pipeline through the installed `tui-reader extract --jsonl` in one long-running process. It
prints the tool's tables (text F1 per set, byline accuracy, spurious authors, empty pages, time
per page). The data and the tool live outside the repository (the pages belong to their
publishers); without them this prints why it skips and exits 0.

The tool needs readability-lxml, lxml_html_clean and lxml in the Python that runs it; set
EXTRACTION_EVAL_PYTHON (default: this interpreter) to a venv that has them.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys

from benchmarks.common import ROOT

SHARED = ROOT.parent / "shared"
TOOL = SHARED / "tools" / "extraction_eval.py"
DATA = SHARED / "extraction"


def command(args: argparse.Namespace, ours: str) -> list[str]:
    python = os.environ.get("EXTRACTION_EVAL_PYTHON", sys.executable)
    argv = [
        python,
        str(TOOL),
        "--data-dir",
        str(DATA),
        "--extractors",
        "readability",
        "--cmd-mode",
        "jsonl",
        "--cmd",
        f"{ours} extract --jsonl",
        "--cmd-name",
        "tui-reader",
        "--subsets",
        args.subsets,
        "--quiet",
    ]
    if args.datasets:
        argv += ["--datasets", args.datasets]
    if args.limit:
        argv += ["--limit", str(args.limit)]
    if args.out_json:
        argv += ["--out-json", args.out_json]
    return argv


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", default="", help="comma list (default: all three)")
    ap.add_argument("--limit", type=int, default=0, help="first N pages per data set")
    ap.add_argument("--subsets", default="public", help="public, heldout, all")
    ap.add_argument("--out-json", default="", help="per-page records for failure analysis")
    args = ap.parse_args()
    if not TOOL.is_file() or not DATA.is_dir():
        print(f"skipped: needs the evaluation tool at {TOOL} and the pages at {DATA}")
        return 0
    ours = shutil.which("tui-reader") or f"{shlex.quote(sys.executable)} -m tui_reader"
    argv = command(args, ours)
    print("$", " ".join(shlex.quote(a) for a in argv), flush=True)
    try:
        return subprocess.run(argv, cwd=ROOT, check=False).returncode
    except OSError as error:
        print(f"skipped: cannot run the evaluation tool: {error}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
