"""Children of the reader's fork server: what they would import for themselves is preloaded."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
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
