"""The one place where strangers' text is made safe for a terminal.

Feeds and pages can carry escape sequences (clipboard writes, screen clears, hyperlinks), raw C1
bytes and bidi overrides; Textual and Rich pass nearly all of them through. Everything from the
network goes through `clean_text` (bodies) or `clean_line` (titles, names, URLs) at ingest, and
the UI runs the same functions again at render, so a row written by an older version is safe too.
"""

from __future__ import annotations

import re

# Whole escape sequences first, so their parameters do not survive as visible junk:
# CSI (7-bit and 8-bit), OSC / DCS / SOS / PM / APC strings up to their terminator, two-byte ESC.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                      # CSI
  | (?:\x1b[\]P^_X]|[\x9d\x90\x9e\x9f\x98])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # strings
  | \x1b[ -/]*[0-~]?                                       # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 except tab and newline, DEL, C1, bidi embeddings/overrides/isolates and marks, and the
# zero-width characters that can hide text; plus lone surrogates and non-characters.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)
_ESCAPE_START = re.compile("[\x1b\x80-\x9f]")
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")

MAX_LINE = 1_000
MAX_TEXT = 2_000_000


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters; keep tabs and newlines."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ESCAPE_START.search(text):
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_text(text: str | None, limit: int = MAX_TEXT) -> str:
    """A multi-line field (summary, body): controls removed, runs of blank lines folded."""
    if not text:
        return ""
    text = _BLANK_LINES.sub("\n\n", strip_controls(text[: limit * 2]))
    return text[:limit]


def clean_line(text: str | None, limit: int = MAX_LINE) -> str:
    """A one-line field (title, name, URL): controls removed, whitespace folded, length capped."""
    if not text:
        return ""
    text = _SPACES.sub(" ", strip_controls(text[: limit * 4])).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
