"""Plain text of an article tree: one paragraph per block, blank lines between blocks.

The same block boundaries as `core.blocks` (and a browser): headings, paragraphs, list items,
quotes, table rows and line breaks start new lines, inline elements flow together.
"""

from __future__ import annotations

import re
from typing import Any

from tui_reader.core.extract.dom import INVISIBLE, tag_of

BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_BREAK = "\x00"
_LINE = "\x01"
_SPACES = re.compile(r"\s+")


def block_texts(root: Any) -> list[str]:
    """The text of each block of `root`, in order, whitespace folded; empty blocks skipped."""
    parts: list[str] = []
    stack: list[tuple[bool, Any]] = [(False, root)]
    while stack:
        is_tail, node = stack.pop()
        tag = tag_of(node)
        if is_tail:
            if tag in BLOCK:
                parts.append(_BREAK)
            if node.tail:
                parts.append(node.tail)
            continue
        if tag in INVISIBLE or not isinstance(node.tag, str):
            continue
        if tag in BLOCK:
            parts.append(_BREAK)
        elif tag == "br":
            parts.append(_LINE)
        if node.text:
            parts.append(node.text)
        for child in reversed(node):
            stack.append((True, child))
            stack.append((False, child))
    blocks = []
    for chunk in "".join(parts).split(_BREAK):
        lines = (_SPACES.sub(" ", line).strip() for line in chunk.split(_LINE))
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
    return blocks


def plain_text(root: Any) -> str:
    return "\n\n".join(block_texts(root))
