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


_WIDE_STARTS = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def http_charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type or "")
    return _known(match.group(1)) if match else None


# Names Python knows that are not a document's character encoding: they raise or mangle.
_NOT_CHARSETS = frozenset(
    ("undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "mbcs", "oem")
)


def _known(name: str) -> str | None:
    """The codec's canonical name, or None for an unknown name or one that is not a charset
    (`zlib`, `base64` and `rot13` are codecs too, and raise when a document says it uses them)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def to_utf8(body: bytes, content_type: str = "") -> bytes:
    """Bytes a UTF-8 parser reads correctly: BOM, then the XML declaration, then the HTTP charset,
    then UTF-8 if it decodes, then Windows-1252 (what undeclared legacy feeds nearly always are).

    A declaration naming something that is not a usable charset, or UTF-16/32 when the document
    plainly is not (its declaration was just read as single bytes), is ignored and rewritten.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return _recode(body[len(bom) :], name)
    for start, name in _WIDE_STARTS:  # UTF-16/32 without a BOM: "<" beside zero bytes
        if body.startswith(start):
            return _recode(body, name)
    match = _XML_DECL.match(body[:200])
    declared = _plausible(_known(match.group(1).decode()) if match else None, body)
    if declared and declared != "utf-8":
        return _recode(body, declared)
    if declared == "utf-8" and _is_utf8(body):
        return body
    charset = _plausible(http_charset(content_type), body)
    if charset and charset != "utf-8" and not declared:
        return _recode(body, charset)
    if _is_utf8(body):
        return _XML_DECL_ANY.sub(rb'\1encoding="utf-8"', body, count=1) if match else body
    return _recode(body, "cp1252")


def _plausible(encoding: str | None, body: bytes) -> str | None:
    """UTF-16 and UTF-32 put a zero byte beside every ASCII character: without one, it is not."""
    if encoding and encoding.startswith(("utf-16", "utf-32")) and b"\x00" not in body[:64]:
        return None
    return encoding


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _recode(body: bytes, encoding: str) -> bytes:
    try:
        text = body.decode(encoding, "replace").encode("utf-8")
    except (LookupError, UnicodeError, ValueError):  # a codec that fails even with "replace"
        text = body.decode("cp1252", "replace").encode("utf-8")
    return _XML_DECL_ANY.sub(rb'\1encoding="utf-8"', text, count=1)
