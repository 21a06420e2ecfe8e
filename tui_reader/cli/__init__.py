"""`tui-reader`: the reader with no arguments, and commands for scripts and cron.

Imports stay inside the command functions so `tui-reader --help` and the app's first paint do
not pay for httpx, the feed parser or readability.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from tui_reader import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DATABASE = 0, 1, 2, 3


_TOP_VALUE_OPTIONS = ("--home", "--theme")


def _opens_the_reader(argv: Sequence[str]) -> bool:
    """Whether these arguments can only start the reader: options of the top level, no command,
    no help. Then the commands' parsers are not built (a tenth of start-up before the screen)."""
    expect_value = False
    for arg in argv:
        if expect_value:
            expect_value = False
        elif arg in _TOP_VALUE_OPTIONS:
            expect_value = True
        elif not arg.startswith("--") or arg in ("--help", "--version"):
            return False
    return not expect_value


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep all state (config, database, cache) under DIR (also: TUI_READER_HOME)",
    )
    parser = argparse.ArgumentParser(
        prog="tui-reader",
        parents=[common],
        description="A fast, offline-first terminal news reader. With no command, opens the reader.",
    )
    parser.add_argument("--version", action="version", version=f"tui-reader {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the bundled sample edition in a throwaway home (no network)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="flight mode: never touch the network, read from the cache",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        default=None,
        help="use this theme (see `tui-reader config` for the list)",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help, description=help)

    p = command("add", "subscribe to feeds (a feed URL, or a site URL whose feed is discovered)")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument("--tag", action="append", default=[], help="tag the feeds (repeatable)")
    p.add_argument("--title", default="", help="show the feed under this title")

    p = command("remove", "unsubscribe from a feed and delete its stories")
    p.add_argument("url", metavar="URL")

    p = command("import", "import subscriptions from OPML or a newsboat urls file")
    p.add_argument("file", nargs="?", metavar="FILE", help="the file, or - for standard input")
    p.add_argument(
        "--newsboat-cache",
        metavar="PATH",
        help="bring over read and flagged (starred) state from newsboat's cache.db",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document (--newsboat-cache)")

    p = command("export", "print the subscriptions as OPML 2.0 (or the starred stories)")
    p.add_argument("--starred", action="store_true", help="export starred stories instead")
    p.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="markdown",
        help="for --starred: json or markdown (default)",
    )

    p = command("tag", "show or set a feed's tags")
    p.add_argument("url", metavar="URL")
    p.add_argument("tags", nargs="*", metavar="TAG", help="replace the tags with these")
    p.add_argument("--add", action="append", default=[], metavar="TAG")
    p.add_argument("--remove", action="append", default=[], metavar="TAG")

    p = command("smart", "list, add or remove smart feeds (saved searches)")
    p.add_argument("action", nargs="?", choices=("list", "add", "remove"), default="list")
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument(
        "query",
        nargs="?",
        metavar="QUERY",
        help="e.g. 'unread tag:world author:\"Jane Doe\" since:7d ceasefire'",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("filter", "list, add, remove, enable or disable filters that hide stories")
    p.add_argument(
        "action", nargs="?", choices=("list", "add", "remove", "enable", "disable"), default="list"
    )
    p.add_argument(
        "field",
        nargs="?",
        choices=("title", "author", "link", "text"),
        metavar="FIELD",
        help="for add: title, author, link or text",
    )
    p.add_argument(
        "pattern", nargs="?", metavar="PATTERN", help="for add: words (all must appear) or a regex"
    )
    p.add_argument("--regex", action="store_true", help="PATTERN is a regular expression")
    p.add_argument("--feed", metavar="URL", help="only this feed's stories")
    p.add_argument("--id", type=int, default=None, help="for remove, enable, disable")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command(
        "feed-settings", "show or set one feed's refresh interval, item limit, full text, retention"
    )
    p.add_argument("url", metavar="URL")
    p.add_argument(
        "--refresh-minutes",
        type=int,
        metavar="N",
        help="refresh at most every N minutes (0: default)",
    )
    p.add_argument(
        "--item-limit", type=int, metavar="N", help="keep at most N stories (0: no limit)"
    )
    p.add_argument(
        "--fulltext", choices=("on", "off"), help="fetch full text for this feed's stories"
    )
    p.add_argument(
        "--keep-days", type=int, metavar="N", help="prune its stories after N days (0: default)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("refresh", "fetch every feed (or the given ones)")
    p.add_argument("--feed", action="append", default=[], metavar="URL", help="only this feed")
    p.add_argument(
        "--force", action="store_true", help="ignore ETag, Last-Modified and Retry-After"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("feeds", "list subscriptions with unread and total counts")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("stories", "list stories, newest first")
    p.add_argument("--feed", metavar="URL", help="only this feed's stories")
    p.add_argument("--unread", action="store_true", help="only unread stories")
    p.add_argument("--starred", action="store_true", help="only starred stories")
    p.add_argument(
        "--search",
        metavar="QUERY",
        help="full-text search and operators: unread starred tag: feed: author: since:7d",
    )
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N stories")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("extract", "extract a page's readable text and authors (the full-text pipeline)")
    p.add_argument(
        "source",
        nargs="?",
        default=None,
        metavar="FILE|-|URL",
        help="an HTML file, - for standard input, or an http(s) URL to fetch",
    )
    p.add_argument("--url", default=None, help="the page's address, for relative links (FILE or -)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help='batch: read {"id", "url", "html"} lines on stdin, write one result line each',
    )

    p = command(
        "prefetch",
        "refresh, then fetch full texts (and pictures) of unread and starred stories for reading offline",
    )
    p.add_argument("--feed", action="append", default=[], metavar="URL", help="only this feed")
    p.add_argument(
        "--since",
        type=float,
        default=None,
        metavar="DAYS",
        help="only stories from the last DAYS days",
    )
    p.add_argument(
        "--max-mb",
        type=float,
        default=None,
        metavar="N",
        help="stop before full texts and pictures grow past N MB",
    )
    images = p.add_mutually_exclusive_group()
    images.add_argument(
        "--images",
        dest="images",
        action="store_true",
        default=True,
        help="also fetch pictures (default)",
    )
    images.add_argument("--no-images", dest="images", action="store_false", help="text only")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command(
        "show", "print one cached story (full text where downloaded); never waits on the network"
    )
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("cache", "show the cache's size by kind; --prune trims it to the configured limits")
    p.add_argument(
        "--prune",
        action="store_true",
        help="remove old stories, full texts and pictures (never starred ones)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("config", "print the config file's path, the effective settings and the themes")
    p.add_argument("--json", action="store_true", help="print one JSON document")

    p = command("serve", "serve the reader to a web browser (needs the 'serve' extra)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8566, help="port (default 8566)")

    p = command("mark", "mark stories read, unread, starred or unstarred")
    state = p.add_mutually_exclusive_group(required=True)
    for flag in ("read", "unread", "star", "unstar"):
        state.add_argument(f"--{flag}", action="store_true")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    reader = _opens_the_reader(argv)
    if reader:
        # Start-up allocates a great deal and frees little: the collector's passes over it are
        # pure cost (in a marked start-up, six times the bare Textual app's collection time).
        # The app re-enables it once the first frame is drawn.
        gc.disable()
    parser = build_parser(commands=not reader)
    args = parser.parse_args(argv)
    from tui_reader.core.store import StoreError

    try:
        if args.command is None:
            from tui_reader.cli.launch import run_app

            return run_app(args)
        if args.command in ("tag", "smart", "filter", "feed-settings"):
            from tui_reader.cli import organise_cmds

            return getattr(organise_cmds, f"cmd_{args.command.replace('-', '_')}")(args)
        if args.command in ("prefetch", "show", "cache"):
            from tui_reader.cli import offline_cmds

            return getattr(offline_cmds, f"cmd_{args.command}")(args)
        if args.command in ("config", "serve"):
            from tui_reader.cli import settings_cmds

            return getattr(settings_cmds, f"cmd_{args.command}")(args)
        if args.command == "extract":
            from tui_reader.cli.extract_cmd import cmd_extract

            return cmd_extract(args)
        from tui_reader.cli import commands

        return getattr(commands, f"cmd_{args.command}")(args)
    except StoreError as error:
        print(f"tui-reader: {error}", file=sys.stderr)
        return EXIT_DATABASE
    except KeyboardInterrupt:
        print("tui-reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
