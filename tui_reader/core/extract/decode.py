"""Bytes of a web page to text, the way a browser decides its encoding.

Follows the WHATWG order: a byte-order mark wins, then the HTTP charset, then a `<meta charset>`
or `http-equiv` declaration in the first 4 KiB (the prescan window; we look at 16 KiB because
real pages put long comments first), then UTF-8 when the bytes are valid UTF-8, then
Windows-1252, which is what undeclared legacy pages nearly always are. Labels are mapped as
browsers map them: latin-1 and ASCII mean Windows-1252, and a UTF-16 label inside an
ASCII-compatible document means UTF-8.
"""

from __future__ import annotations

import codecs
import re

from tui_reader.core.text_encoding import http_charset

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.I,
)
PRESCAN = 16_384
_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gbk",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-16": "utf-8",
    "utf-32": "utf-8",
}


def decode_page(body: bytes, content_type: str = "") -> str:
    """The page as text; never raises (undecodable bytes become U+FFFD)."""
    if not body:
        return ""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace")
    declared = _browser_name(http_charset(content_type)) or _meta_charset(body[:PRESCAN])
    if declared:
        return body.decode(declared, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def _meta_charset(head: bytes) -> str | None:
    for match in _META.finditer(head):
        name = _browser_name(_lookup(match.group(1).decode("ascii", "replace")))
        if name:
            return name
    return None


def _lookup(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def _browser_name(name: str | None) -> str | None:
    if not name:
        return None
    return _ALIASES.get(name, name)
