"""Getting a document's bytes into UTF-8 when the server and the document disagree."""

from __future__ import annotations

import codecs
import re

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.I)
_XML_DECL_ANY = re.compile(rb"^(\s*<\?xml[^>]*?)encoding\s*=\s*[\"'][A-Za-z0-9._-]+[\"']", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def http_charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type or "")
    return _known(match.group(1)) if match else None


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def to_utf8(body: bytes, content_type: str = "") -> bytes:
    """Bytes a UTF-8 parser reads correctly: BOM, then the XML declaration, then the HTTP charset,
    then UTF-8 if it decodes, then Windows-1252 (what undeclared legacy feeds nearly always are)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return _recode(body[len(bom) :], name)
    match = _XML_DECL.match(body[:200])
    declared = _known(match.group(1).decode()) if match else None
    if declared and declared != "utf-8":
        return _recode(body, declared)
    if declared == "utf-8" and _is_utf8(body):
        return body
    charset = http_charset(content_type)
    if charset and charset != "utf-8" and not declared:
        return _recode(body, charset)
    if _is_utf8(body):
        return body
    return _recode(body, "cp1252")


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _recode(body: bytes, encoding: str) -> bytes:
    text = body.decode(encoding, "replace").encode("utf-8")
    return _XML_DECL_ANY.sub(rb'\1encoding="utf-8"', text, count=1)
