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


def test_cli_start_does_not_import_network_or_parsers() -> None:
    modules = imported_after(
        "import tui_reader.cli, tui_reader.core.store; tui_reader.cli.build_parser()"
    )
    for heavy in ("httpx", "fastfeedparser", "feedparser", "readability", "lxml"):
        assert heavy not in modules, heavy
