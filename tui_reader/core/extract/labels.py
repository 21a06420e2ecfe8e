"""Labels that open a byline ("By", "Von:", "Interview") and the words they introduce.

The name follows its label on the same line ("<b>By</b> Jane Doe"), in the next element
("<span>By</span><a>Jane Doe</a>"), or, for a label alone in its own block, in the next block (a
two-column grid of meta data). Pages put the same words in menus, search forms, tables of facts,
photo captions, headings and sort controls, where they introduce no author: those are told apart
here. Every walk is bounded, so a page of 30,000 labels costs no more than their count.
"""

from __future__ import annotations

import re
from typing import Any

from tui_reader.core.extract.dom import spaced_text, squash, tag_of

MAX_FOLLOW = 160  # characters: a byline is shorter (byline.MAX_BYLINE)
LABEL_DEPTH = 3  # levels a label alone may be wrapped in, above its name's block
LABEL = re.compile(
    r"^(?:by|von|par|por|door|av|af|przez|text|texte|autor|autorin|author|authors|written by|"
    r"words by|redaktion|interview|posted by|geschrieben von|verfasst von|escrito por|"
    r"text(?:e)?\s*(?:&|und|and|et|y|/|\+)\s*(?:fotos?|photos?|bilder?|pictures?)|"
    r"责任编辑|编辑|作者|记者|撰文)\s*[:：]?$",
    re.I,
)
# Labels that, standing alone in a block of their own, introduce a person
BARE = re.compile(
    r"(?:by|von|par|por|door|przez|interview|written by|words by|geschrieben von|"
    r"verfasst von|escrito por|作者|记者|撰文)\s*[:：]?$",
    re.I,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_FORMS = ("form", "button", "select", "label", "option", "fieldset")
# A label inside these never introduces the article's author: a form field, a photo credit
_FIGURES = ("figure", "figcaption")
_SILENT = (*_FORMS, *_FIGURES)
# ... nor, unless the name follows on its line ("<h5>Autor:</h5> Jane Doe"), in a heading: a
# kicker over the next heading, or a section's title
_SILENT_OR_HEADING = (*_SILENT, *_HEADINGS)
_SILENT_OR_LINK = frozenset(("a", "nav", *_SILENT_OR_HEADING))
_NOT_BARE = frozenset(("table", "dl", "li", *_SILENT_OR_LINK))
_CELLS = ("td", "th", "dt", "dd", "li")
_TAG_LINK = re.compile(
    r"/(?:tags?|category|categories|topics?|themen|thema|schlagworte?|rubrik|section|keyword)/",
    re.I,
)
_CJK_LABEL = re.compile(r"(?:责任编辑|编辑|作者|记者|撰文)\s*[:：]")
_SEPARATORS = ("|", "·", "•", "/", "-", "–", "—", ",", ";")
# A line that goes on after a line break: "By Jane Doe and<br>John Roe"
_GOES_ON = re.compile(r"(?:[&+]|\s(?:and|und|et|och|og|en))$", re.I)


def labelled(el: Any) -> str:
    """The element's text; for a label alone ("Text:", "By") the label and the words after it."""
    text = spaced_text(el)
    if len(text) > 14 or not LABEL.match(text) or _within(el, _SILENT):
        return text
    tail = el.tail or ""
    if tail.strip():
        return squash(f"{text} {tail[:MAX_FOLLOW]}")  # "<b>By</b> Jane Doe"
    if _within(el, _HEADINGS):
        return text
    after = el.getnext()
    if after is not None:
        if _preceded(el) or _apart(el, after):
            return text  # "Sort <span>by</span> <span>Newest</span>", "<td>By</td><td>..."
        follow = _names_in(after)
        if follow:
            return squash(f"{text} {follow}")  # "<span>By</span><a>Jane Doe</a>"
    parent = el.getparent()
    whole = spaced_text(parent, MAX_FOLLOW * 2) if parent is not None else text
    if whole != text:
        return whole  # "<a><b>Von:</b><br>Jane Doe</a>"
    block = _next_block(el) if bare_label(el) else None
    return squash(f"{text} {spaced_text(block, MAX_FOLLOW)}") if block is not None else text


def _names_in(el: Any) -> str:
    """The text after a label; a list's items as a list of names ("A, B"), not one name."""
    if tag_of(el) in ("ul", "ol"):
        items = [spaced_text(li, MAX_FOLLOW) for li in el.iterchildren("li")][:12]
        return ", ".join(item for item in items if item)[:MAX_FOLLOW]
    return spaced_text(el, MAX_FOLLOW)


def label_element(el: Any) -> bool:
    """An element that is only a label introducing a person ("By", "Interview"), first in its
    block: with the name after it on its line ("<b>By</b> Jane Doe", in a list or a table
    cell too), or alone above the name's block (`bare_label`)."""
    if not _lone_label(el):
        return False
    if squash(el.tail):
        return not _within(el, _SILENT)
    if el.getnext() is not None:  # "<li><span>By</span> <a>Jane Doe</a></li>"
        return not _within(el, _SILENT_OR_LINK)
    return not _within(el, _NOT_BARE)


def bare_label(el: Any) -> bool:
    """A label alone that introduces a person, first in its block, and not in a link, a form,
    a table, a list, a figure or a heading: "Sort by", a caption's "By Getty Images", a book
    review's "Author | Jane Austen" and menus say nothing of the article."""
    return _lone_label(el) and not _within(el, _NOT_BARE)


def _lone_label(el: Any) -> bool:
    text = (el.text or "").strip()
    return not len(el) and len(text) <= 14 and bool(BARE.match(text)) and not _preceded(el)


def first_line(el: Any) -> str | None:
    """A "By ..." element's text up to the line break after the names (the place or the date
    on the next line, "Von Jane Doe<br>Kakuma/Kenia", is none of them); None without a break.
    Stops reading past a byline's length."""
    from lxml import etree

    pieces: list[str] = []
    size = hidden = 0
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = tag_of(node)
        if event == "start":
            if tag == "br" and not hidden:
                line = squash(" ".join(pieces))
                if not (LABEL.match(line) or _GOES_ON.search(line)):
                    return line
            hidden += tag == "svg"  # an icon's <title> is no part of the line
            piece = "" if hidden else node.text or ""
        else:
            hidden -= tag == "svg"
            piece = "" if hidden or node is el else node.tail or ""
        piece = squash(piece)  # templates indent: count the words, not the spaces
        pieces.append(piece)
        size += len(piece)
        if size > MAX_FOLLOW * 2:
            break
    return None


def _next_block(el: Any) -> Any:
    """The block after a label that stands alone in its own ("<div><p><b>By</b></p></div>
    <div><p>Jane Doe</p></div>"), a few levels up at most; None where what follows is no name
    (see `_apart`)."""
    node = el
    for _ in range(LABEL_DEPTH):
        parent = node.getparent()
        if parent is None or (node.tail or "").strip():
            return None
        after = node.getnext()
        if after is not None:
            return None if _apart(node, after) else after
        if squash(parent.text) or spaced_text(parent, MAX_FOLLOW) != spaced_text(el):
            return None
        node = parent
    return None


def _apart(el: Any, after: Any) -> bool:
    """What follows a label is not its name: another cell, item or definition (a table of
    facts, a menu), a heading (the next section's title, an interviewee's name), or a lone
    link to a tag or category page."""
    if tag_of(el) in _CELLS or tag_of(after) in _CELLS:
        return True
    if tag_of(after) in _HEADINGS or after.find(".//h1") is not None:
        return True
    links = after if tag_of(after) == "a" else after.find(".//a")
    return links is not None and bool(_TAG_LINK.search(links.get("href") or ""))


def _preceded(el: Any) -> bool:
    """Words run into the label in its block: "Sort by", "Updated by", not a byline's label.
    A Chinese label ("来源：人民网 作者：") or one after a separator or a date ("3 May 2024 · By")
    starts afresh."""
    if _CJK_LABEL.match((el.text or "").strip()):
        return False
    parent = el.getparent()
    if parent is None:
        return True
    before = el.getprevious()
    for _ in range(8):  # a few icons or images may come first
        if before is None:
            return _runs_on(parent.text)
        if squash(before.tail):
            return _runs_on(before.tail)
        shown = spaced_text(before, 81) if isinstance(before.tag, str) else ""
        if shown:  # "<span>3 May 2024</span><span>By</span>"; a long text is running prose
            return len(shown) > 80 or _runs_on(shown)
        before = before.getprevious()
    return True


def _runs_on(text: str | None) -> bool:
    """Text before a label that it continues ("Sort by"), rather than a separator or a date
    that the label follows ("3 May 2024 · By", "<time>3 May 2024</time> By")."""
    text = squash(text)
    return bool(text) and not text.endswith(_SEPARATORS) and not text[-1].isdigit()


def _within(el: Any, tags: tuple[str, ...] | frozenset[str]) -> bool:
    """`el` is one of `tags`, or sits in one a few levels up; for the tags that silence a
    label, also in a figure at any depth (a photo credit deep in a caption's layout)."""
    figures = tags is _SILENT or "figure" in tags
    if tag_of(el) in tags:
        return True
    for depth, parent in enumerate(el.iterancestors()):
        tag = tag_of(parent)
        if (figures and tag in _FIGURES) or (depth <= LABEL_DEPTH and tag in tags):
            return True
    return False
