"""Parsing a page once, and the small tree helpers every step shares.

lxml is imported inside the functions: the reader's start-up must not pay for it. Inputs are
capped so a hostile page costs at most a bounded, linear amount of parsing.
"""

from __future__ import annotations

import re
from typing import Any

MAX_HTML = 3_000_000  # characters parsed; the fetcher already caps pages at a few MB
_WS = re.compile(r"\s+")
INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "svg"}
_parser: Any = None


def parse_document(markup: str) -> Any:
    """The page as an lxml document, or None when there is nothing to parse."""
    if not markup or not markup.strip():
        return None
    from lxml import etree
    from lxml import html as lhtml

    global _parser
    if _parser is None:
        _parser = lhtml.HTMLParser(encoding="utf-8")
    data = markup[:MAX_HTML].encode("utf-8", "replace")
    try:
        doc = lhtml.document_fromstring(data, parser=_parser)
    except (etree.ParserError, ValueError):
        return None
    return doc if isinstance(doc.tag, str) else None


def parse_fragment(markup: str) -> Any:
    """An HTML fragment (a feed's content) under one <div>; a whole document (readability's
    output) becomes its <body>, renamed <div>."""
    from lxml import etree
    from lxml import html as lhtml

    if not markup or not markup.strip():
        return None
    try:
        if markup.lstrip()[:5].lower() == "<html":
            body = lhtml.document_fromstring(markup).find("body")
            if body is not None:
                body.tag = "div"
                body.attrib.clear()
            return body
        return lhtml.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def tag_of(el: Any) -> str:
    """The lower-case tag name, "" for comments and processing instructions."""
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def squash(text: str | None) -> str:
    """Whitespace folded to single spaces, trimmed."""
    return _WS.sub(" ", text or "").strip()


def spaced_text(el: Any, limit: int = 2_000) -> str:
    """Text with a space between elements: "<b>By</b><a>Jane</a>" reads "By Jane", not "ByJane".
    Meant for short runs (bylines); article text goes through `text.block_texts`."""
    pieces: list[str] = []
    size = 0
    for piece in el.itertext():  # lazily: a byline's element may hold a whole page
        if piece:
            pieces.append(piece)
            size += len(piece) + 1
            if size > limit:
                break
    return squash(" ".join(pieces)[:limit])


def class_id(el: Any) -> str:
    """An element's class and id in one lower-case string, for keyword tests."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()
