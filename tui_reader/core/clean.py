"""The one place where strangers' text is made safe for a terminal.

Feeds and pages can carry escape sequences (clipboard writes, screen clears, hyperlinks), raw C1
bytes and bidi overrides; Textual and Rich pass nearly all of them through. Everything from the
network goes through `clean_text` (bodies), `clean_markup` (HTML bodies) or `clean_line` (titles,
names, URLs) at ingest, and the UI runs the same functions again at render, so a row written by an
older version is safe too.
"""

from __future__ import annotations

import re
from functools import cache

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
# zero-width characters that can hide text; plus lone surrogates and non-characters. The zero-width
# non-joiner (U+200C) stays: Persian and Indic spelling need it, and it moves nothing.
_FORBIDDEN = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200d-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    "\ud800-\udfff\ufffe\uffff"
)
_CONTROLS = re.compile(f"[{_FORBIDDEN}]")


@cache
def _char_ref() -> re.Pattern[str]:
    """Character references, read the way `html.unescape` and HTML parsers read them (the
    semicolon is optional for numbers): every numeric one, and the named ones that decode to a
    forbidden character. Built on first use: only markup needs it, and reading the entity table
    was most of this module's import, which the reader's first paint pays."""
    from html.entities import html5

    bad_names = sorted(
        {
            name[:-1]
            for name, value in html5.items()
            if name.endswith(";") and _CONTROLS.search(value)
        },
        key=len,
        reverse=True,
    )
    return re.compile(r"&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|(" + "|".join(bad_names) + r");)")


# The same sequences inside an XML document before it is parsed: libxml2 drops the ESC (illegal
# in XML) and keeps "]52;c;..." as text, so they go first, whole. Nothing here may consume a "<",
# so an unterminated sequence cannot swallow the markup after it.
_DOCUMENT_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-;=?]*[ -/]*[@-~]?
  | (?:\x1b[\]P^_X]|[\x9d\x90\x9e\x9f\x98])[^\x07\x1b\x9c<]*(?:\x07|\x1b\\|\x9c)?
  | \x1b[ -/]*[0-;=-~]?
    """,
    re.VERBOSE,
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
    if _printable(text):  # the common case, decided in C: nothing here to remove
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ESCAPE_START.search(text):
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def _printable(text: str) -> bool:
    """No character `strip_controls` removes or changes. `str.isprintable` is false for every
    forbidden character (control, format, surrogate, non-character) and also for tab, newline
    and carriage return, so those are taken out of the question first; true is then exact."""
    if text.isprintable():
        return True
    if "\r" in text:
        return False
    return text.replace("\n", "").replace("\t", "").isprintable()


def strip_escapes(document: str) -> str:
    """Whole escape sequences (CSI, OSC, DCS, ...) out of a document about to be parsed; other
    characters are left to the parser and to the cleaning of each field."""
    if not _ESCAPE_START.search(document):
        return document
    return _DOCUMENT_ESCAPES.sub("", document)


def clean_text(text: str | None, limit: int = MAX_TEXT) -> str:
    """A multi-line field (summary, body): controls removed, runs of blank lines folded."""
    if not text:
        return ""
    text = strip_controls(text[: limit * 2])
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text[:limit]


def clean_markup(text: str | None, limit: int = MAX_TEXT) -> str:
    """An HTML field (summary, content): `clean_text`, and no character reference left that would
    decode into a control (`&#27;`, `&#x9b;`, `&#8238;`, `&rlm;`) when the HTML is rendered.

    Those references are decoded first and cleaned like raw characters, so `&#27;]52;...&#7;`
    goes whole, as the escape sequence it spells, rather than leaving `]52;...` behind.
    """
    text = clean_text(text, limit)
    if "&" not in text:
        return text
    decoded = _char_ref().sub(_decode_reference, text)
    if decoded == text:
        return text
    # Decoding and removing can join the neighbours into another reference ("&#&#27;27;"): the
    # second pass replaces those; and blank lines brought together are folded again.
    text = _char_ref().sub(_replace_reference, clean_text(decoded, limit))
    return _BLANK_LINES.sub("\n\n", text)


def _forbidden_point(match: re.Match[str]) -> str | None:
    """The character a forbidden reference decodes to; None for any other reference."""
    hexa, decimal, name = match.groups()
    if name is not None:
        from html.entities import html5

        return html5[name + ";"]
    digits = (hexa or decimal or "").lstrip("0") or "0"
    if len(digits) > 7:
        return None  # beyond Unicode: decoders make it U+FFFD
    point = int(digits, 16 if hexa else 10)
    if point in (9, 10, 13) or point > 0x10FFFF or not _CONTROLS.match(chr(point)):
        return None
    return chr(point)


def _decode_reference(match: re.Match[str]) -> str:
    char = _forbidden_point(match)
    return match.group(0) if char is None else char


def _replace_reference(match: re.Match[str]) -> str:
    return match.group(0) if _forbidden_point(match) is None else "\ufffd"


def clean_line(text: str | None, limit: int = MAX_LINE) -> str:
    """A one-line field (title, name, URL): controls removed, whitespace folded, length capped."""
    if not text:
        return ""
    if len(text) <= limit and text.isprintable() and "  " not in text and text.strip() == text:
        return text  # one line already: no control, no run of spaces, nothing to cut
    text = _SPACES.sub(" ", strip_controls(text[: limit * 4])).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
