"""Starting the reader app from the command line."""

from __future__ import annotations

import argparse
import sys


def run_app(args: argparse.Namespace) -> int:
    try:
        from tui_reader.ui.app import run
    except ImportError:
        from tui_reader.cli import build_parser

        build_parser().print_help(sys.stderr)
        return 0
    return run(
        home=getattr(args, "home", None), demo=args.demo, theme=args.theme, offline=args.offline
    )
