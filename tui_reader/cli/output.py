"""How the CLI writes: JSON documents, aligned listings, and a progress bar on terminals only."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

from tui_reader.core.clean import clean_line


def iso(stamp: float | None) -> str | None:
    return datetime.fromtimestamp(stamp, UTC).isoformat().replace("+00:00", "Z") if stamp else None


def day(stamp: float | None) -> str:
    return datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M") if stamp else " " * 16


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def safe(text: str, limit: int = 200) -> str:
    """Strangers' text on a terminal: control characters gone, one line."""
    return clean_line(text, limit)


class ProgressBar:
    """`[#####.....] 23/50 example.org` on stderr, redrawn in place; silent when not a terminal."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.last = 0.0

    def update(self, done: int, total: int, detail: str = "") -> None:
        if not self.enabled or (time.monotonic() - self.last < 0.05 and done < total):
            return
        self.last = time.monotonic()
        width = 24
        filled = width * done // max(total, 1)
        line = f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {safe(detail, 40)}"
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
