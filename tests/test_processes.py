"""Children of the reader's fork server: what they would import for themselves is preloaded."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.support import feedgen

PAGE = Path(__file__).parent / "fixtures" / "pages" / "author_card.html"

CHILD = textwrap.dedent("""
    import importlib, json, sys
    from tui_reader.core import processes
    for name in processes._PRELOAD:
        if name != "__main__":
            importlib.import_module(name)
    before = set(sys.modules)
    from tui_reader.core.extract import extract
    from tui_reader.core.parsing import parse_document
    extract(open(sys.argv[1], encoding="utf-8").read(), "https://example.org/story")
    parse_document(open(sys.argv[2], "rb").read(), "application/rss+xml", "https://example.org/")
    print(json.dumps(sorted(set(sys.modules) - before)))
""")


def test_a_child_imports_nothing_heavy_of_its_own(tmp_path: Path) -> None:
    """A module a child imports lazily costs its import in every child (one per page): a page
    cost twice the CPU when readability was left out of the preload."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(feedgen.rss(feedgen.make_feed("https://example.org/", 3)))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(PAGE), str(feed)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    imported = json.loads(out.stdout.strip().splitlines()[-1])
    heavy = [m for m in imported if m.split(".")[0] in ("readability", "lxml", "fastfeedparser")]
    assert heavy == []


ORPHAN = textwrap.dedent("""
    import asyncio, os, sys
    from tui_reader.core import parsing
    from tests.support import feedgen

    async def main():
        parsers = parsing.Parsers(workers=2)
        parsers.seen = parsing.INLINE
        body = feedgen.rss(feedgen.make_feed("https://example.org/", 2))
        await parsers(body, "application/rss+xml", "https://example.org/")
        print(list(parsers.pool._processes), flush=True)
        os._exit(0)  # gone without shutting the pool down, as a killed reader would be

    asyncio.run(main())
""")


def test_parse_workers_do_not_outlive_a_killed_reader() -> None:
    out = subprocess.run(
        [sys.executable, "-c", ORPHAN], capture_output=True, text=True, check=True, timeout=60
    )
    workers = json.loads(out.stdout.strip().splitlines()[-1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.2)
    assert workers and not any(map(_alive, workers))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaping is left
