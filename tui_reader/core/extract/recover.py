"""Putting back what readability-lxml left out: what its clean-up cut from inside the block it
chose, and the lead paragraph between the headline and that block.

After picking the article block, readability removes "suspicious" lists, tables, headings and
figures from it by counting links, images and paragraphs. That takes out share bars, but also
recipe ingredients, step lists, data tables and section headings: the commonest cause of missing
text. Each element of its result carries its index in the page (`readable.page_order`), so we
walk the original children of every kept element and restore the dropped ones that read like
prose: few links, no form controls, no furniture class, enough words. Trimming runs afterwards
and still removes boilerplate that comes back this way.

Measured on the shared test pages, the lead recovery is what lifts recall most on news sites
(readability scores blocks one at a time and leaves the intro paragraph behind); sub-headings
and "dek" summaries stay out, as the hand-made ground truths leave them out.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from tui_reader.core.extract import boilerplate as bp
from tui_reader.core.extract.dom import class_id, squash, tag_of

RESTORABLE = {
    "ul",
    "ol",
    "dl",
    "table",
    "blockquote",
    "pre",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "img",
    "picture",
}
WIDGETS = ("form", "input", "button", "select", "textarea", "iframe", "nav", "aside", "footer")
MAX_LINKS = 0.25
MAX_LIST_LINKS = 0.5  # lists of changes or sources link every item, but mostly to explain it
# readability's own "unlikely" and "negative" class words: never restore what they name.
_UNLIKELY = re.compile(
    r"combx|comment|community|disqus|extra|foot|header|menu|remark|rss|shoutbox|sidebar|sponsor|"
    r"ad-break|agegate|pagination|pager|popup|tweet|twitter|contact|masthead|outbrain|promo|"
    r"related|scroll|shopping|tags|tool|widget|share|social|newsletter|subscribe",
    re.I,
)


def recover(summary: Any, page: list[Any], position: dict[int, int]) -> int:
    """Restore dropped content into `summary` (readability's result) in place; return how many
    elements came back. `page` is the prepared page in document order, `position` maps
    id(element) to its index there."""
    kept: dict[int, Any] = {}
    for el in summary.iter():
        index = el.get("x") if isinstance(el.tag, str) else None
        if index and index.isdigit() and int(index) < len(page):
            kept[int(index)] = el
    if not kept:
        return 0
    restored = 0
    for original, copy, first, last in _gaps(kept, page, position):
        anchor = None  # the copy of the last kept (or restored) child seen so far
        for child in original[first:last]:
            at = position.get(id(child))
            if at is not None and at in kept:
                anchor = kept[at]
                continue
            if at is None or not _restorable(child):
                continue
            clone = deepcopy(child)
            clone.tail = None  # readability kept the dropped element's tail text already
            if anchor is not None and anchor.getparent() is not None:
                anchor.addnext(clone)
            elif copy is not None:
                copy.insert(0, clone)
            else:
                continue
            anchor = clone
            restored += 1
    return restored


def _gaps(kept: dict[int, Any], page: list[Any], position: dict[int, int]) -> list[tuple]:
    """(original parent, its copy or None, first, last child slot to look at).

    A kept element's children are all looked at; a parent readability did not keep (it
    gathered some of its children as siblings) only between its first and last kept child."""
    out: list[tuple] = []
    parents: dict[int, Any] = {}
    for index, copy in kept.items():
        original = page[index]
        out.append((original, copy, 0, len(original)))
        parent = original.getparent()
        at = position.get(id(parent)) if parent is not None else None
        if at is not None and at not in kept:
            parents[at] = parent
    for parent in parents.values():
        slots = [i for i, child in enumerate(parent) if position.get(id(child), -1) in kept]
        if len(slots) > 1:
            out.append((parent, None, slots[0], slots[-1] + 1))
    return out


def _restorable(el: Any) -> bool:
    tag = tag_of(el)
    if tag not in RESTORABLE:
        return False
    names = class_id(el)
    if names.strip() and (_UNLIKELY.search(names) or bp.FURNITURE.search(names)):
        return False
    if tag in ("img", "picture", "figure"):
        return el.find(".//img") is not None or tag == "img"
    if next(el.iter(*WIDGETS), None) is not None:
        return False
    text = squash(el.text_content())
    if len(text) < (3 if tag[:1] == "h" else 25):
        return False
    links = sum(len(squash(a.text_content())) for a in el.iter("a"))
    if links > (MAX_LIST_LINKS if tag in ("ul", "ol") else MAX_LINKS) * len(text):
        return False
    if tag[:1] == "h":
        return len(text) <= 200 and not bp.TAIL_START.match(text)
    return not (len(text) <= 160 and (bp.FOOTER.match(text) or bp.TAIL_START.match(text)))


def recover_lead(
    summary: Any, page: list[Any], position: dict[int, int], headlines: list[str], span: tuple
) -> int:
    """Put back the standfirst: the paragraphs between the headline and the block readability
    chose. News pages set the lead apart (a bold intro, an abstract under the title), and
    readability, scoring blocks one at a time, leaves it behind. Only short-range, prose-like
    blocks come back; byline and date lines among them are trimmed like any others."""
    start = span[0]
    if start < 0 or summary is None:
        return 0
    top = _headline_position(page, start, headlines)
    if top < 0:
        return 0
    lead = []
    for el in page[top + 1 : start]:
        if _inside(el, lead) or not _lead_like(el, position, start):
            continue
        lead.append(el)
    for el in reversed(lead):
        clone = deepcopy(el)
        clone.tail = None
        summary.insert(0, clone)
    return len(lead)


LEAD_WINDOW = 120  # elements between a headline and the article body
_HEADINGS = ("h1", "h2")


def _headline_position(page: list[Any], start: int, headlines: list[str]) -> int:
    wanted = {squash(h).casefold() for h in headlines if h}
    for at in range(start - 1, max(start - LEAD_WINDOW, 0) - 1, -1):
        el = page[at]
        if tag_of(el) in _HEADINGS and squash(el.text_content()).casefold() in wanted:
            return at
    return -1


def _inside(el: Any, chosen: list[Any]) -> bool:
    return any(parent in chosen for parent in el.iterancestors())


def _lead_like(el: Any, position: dict[int, int], start: int) -> bool:
    tag = tag_of(el)
    if tag not in ("p", "div", "section", "ul", "ol", "blockquote"):
        return False  # not h2/h3: a sub-heading under the title is a dek, a summary of the story
    last = el
    for last in el.iterdescendants():  # noqa: B007 - the last one is wanted
        pass
    if position.get(id(last), start) >= start:
        return False  # a container of the article body itself
    if tag in ("div", "section") and any(tag_of(c) in ("p", "div", "ul", "ol") for c in el):
        return False  # a wrapper: its paragraphs are looked at one by one
    names = " ".join(class_id(a) for a in (el, el.getparent()) if a is not None)
    if names.strip() and (
        _UNLIKELY.search(names)
        or bp.FURNITURE.search(names)
        or _CAPTION.search(names)
        or _DEK.search(names)
    ):
        return False
    if any(
        tag_of(a) in ("nav", "aside", "figure", "form", "figcaption") for a in el.iterancestors()
    ):
        return False
    if _next_to_image(el):
        return False  # a caption without the markup of one
    text = squash(el.text_content())
    if len(text) < 60 or not text.rstrip("\"”“'»«)").endswith((".", "!", "?", "…")):
        return False
    if bp.FOOTER.match(text) or bp.READ_ALSO.match(text) or bp.is_date_line(text):
        return False
    links = sum(len(squash(a.text_content())) for a in el.iter("a"))
    return links <= MAX_LINKS * len(text)


_CAPTION = re.compile(r"caption|credit|photo|image|img|media|figure|picture|gallery|video", re.I)
# A dek (standfirst, blurb, summary) restates the story in a line; a lead paragraph starts it.
_DEK = re.compile(
    r"dek|deck|sub-?head|subtitle|subline|blurb|description|excerpt|summary|standfirst|strap",
    re.I,
)


def _next_to_image(el: Any) -> bool:
    before = el.getprevious()
    parent = el.getparent()
    if before is not None and (
        tag_of(before) in ("img", "picture", "figure") or before.find(".//img") is not None
    ):
        return True
    return parent is not None and len(parent) <= 3 and parent.find(".//img") is not None
