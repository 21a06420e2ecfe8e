"""`tui-reader extract`: the full-text pipeline on one page, or on a stream of pages."""

from __future__ import annotations

import argparse
import sys


def cmd_extract(args: argparse.Namespace) -> int:
    print("tui-reader: extract is not implemented yet", file=sys.stderr)
    return 1
