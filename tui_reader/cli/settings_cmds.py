"""`tui-reader config` and `tui-reader serve`."""

from __future__ import annotations

import argparse
import shlex
import sys

from tui_reader.cli.output import print_json
from tui_reader.core.config import describe, load_settings
from tui_reader.core.paths import Paths


def cmd_config(args: argparse.Namespace) -> int:
    paths = Paths.resolve(getattr(args, "home", None))
    loaded = load_settings(paths.config_file)
    from tui_reader.ui.themes import load_themes

    themes, theme_problems = load_themes(paths.config_dir / "themes")
    problems = loaded.problems + theme_problems
    if args.json:
        print_json(
            {
                "path": str(paths.config_file),
                "exists": loaded.found,
                "settings": dict(describe(loaded.settings)),
                "themes": sorted(t.name for t in themes),
                "problems": problems,
            }
        )
        return 0
    state = "" if loaded.found else "  (not created yet: every setting has its default)"
    print(f"config file: {paths.config_file}{state}")
    print(f"user themes: {paths.config_dir / 'themes'}")
    print(f"database:    {paths.database}")
    print(f"cache:       {paths.cache_dir}\n")
    for key, value in describe(loaded.settings):
        shown = repr(value) if not isinstance(value, dict) else (value or "{}")
        print(f"{key:<22} = {shown}")
    print(f"\nthemes: {', '.join(sorted(t.name for t in themes))}")
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(
            "tui-reader: serve needs textual-serve: pip install 'tui-reader[serve]'",
            file=sys.stderr,
        )
        return 1
    command = [sys.executable, "-m", "tui_reader"]
    if getattr(args, "home", None):
        command += ["--home", args.home]
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"tui-reader: serving on {args.host}: anyone who can reach it can read your feeds",
            file=sys.stderr,
        )
    server = Server(shlex.join(command), host=args.host, port=args.port, title="tui-reader")
    server.serve()
    return 0
