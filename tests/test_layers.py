"""The layers hold: the core never imports the UI, and start-up never imports the network stack."""

from __future__ import annotations

import subprocess
import sys


def imported_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(out.stdout.split())


def test_core_never_imports_textual() -> None:
    modules = imported_after(
        "import tui_reader.core.refresh, tui_reader.core.store, tui_reader.core.subscriptions, "
        "tui_reader.core.subscribe, tui_reader.core.feeds"
    )
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}
    assert not {m for m in modules if m.startswith("tui_reader.ui")}


def test_importing_the_extraction_pipeline_loads_neither_lxml_nor_textual() -> None:
    """lxml and readability load in the extraction workers, when a page is extracted."""
    modules = imported_after("import tui_reader.core.extract")
    assert not [m for m in modules if m.split(".")[0] in ("lxml", "readability", "textual")]


def test_cli_start_does_not_import_network_or_parsers() -> None:
    modules = imported_after(
        "import tui_reader.cli, tui_reader.core.store; tui_reader.cli.build_parser()"
    )
    for heavy in ("httpx", "fastfeedparser", "feedparser", "readability", "lxml"):
        assert heavy not in modules, heavy


def test_first_paint_imports_no_network_parser_or_extraction_stack(tmp_path) -> None:
    probe = f"""
import asyncio, sys
from tui_reader.core.sample import install_sample
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp

async def main():
    store = Store({str(tmp_path / "r.db")!r})
    install_sample(store)
    app = ReaderApp(store, sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.stories.total > 0
        print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in
              ("httpx", "fastfeedparser", "feedparser", "readability", "lxml"))))

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_the_reader_imports_only_what_its_first_screen_needs() -> None:
    """What only writing, markup or pictures need is imported when first used: each of these
    cost the first paint one to five milliseconds (benchmarks/RESULTS.md)."""
    modules = imported_after("import tui_reader.cli, tui_reader.ui.app")
    later = {
        "tui_reader.core.blocks",  # HTML to blocks, for the first story opened
        "tui_reader.core.parsed",  # what a feed parser hands the store
        "tui_reader.core.store.rows",
        "tui_reader.core.store.filters",
        "tui_reader.core.store.retention",
        "tui_reader.core.store.fulltext",
        "tui_reader.core.store.images",
        "tui_reader.ui.widgets.pictures",
        "html.entities",  # character references in markup
        "hashlib",  # story digests, when writing
        "PIL",
    }
    assert not later & modules, later & modules
