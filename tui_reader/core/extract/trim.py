"""Cutting what readers do not want from the edges of an article, and teaser lines inside it.

readability keeps the block around the story, and that block usually starts with the headline
again, the byline, the date and a row of share buttons, and ends with "Related stories", a
newsletter pitch and a copyright line. We look at the innermost text blocks (paragraphs,
headings, list items) from each end, remove the ones that match a kind of boilerplate
(`boilerplate`), and stop at the first real paragraph: anything long is never touched. A "Related"
heading near the end takes the short, link-heavy blocks after it along. If trimming would take
more than a third of the text, nothing is trimmed: the page was not what we expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui_reader.core.extract import boilerplate as bp
from tui_reader.core.extract.dom import class_id, squash, tag_of
from tui_reader.core.extract.text import BLOCK

HEAD_BLOCKS = 10
TAIL_BLOCKS = 25
SHORT = 160  # characters: a block longer than this is a paragraph, never boilerplate
TEASER = 260
_BYLINE = re.compile(
    r"^[\W_]*(?:by|von|par|por|door|di|da|av|af|przez|written by|words by|text(?:e)?\s*:|"
    r"autor(?:in)?\s*:|author\s*:|reporting by|posted by|geschrieben von|ein beitrag von|"
    r"redacción|redaktion)\b",
    re.I,
)
_NORM = re.compile(r"[\W_]+", re.U)


@dataclass
class Unit:
    """One innermost block and what the rules need to know about it."""

    el: Any
    text: str
    links: float  # share of the text inside links
    heading: bool


def trim(root: Any, titles: Iterable[str] = (), names: Iterable[str] = ()) -> int:
    """Remove boilerplate from `root` in place; return how many pieces were removed."""
    units = _units(root)
    total = sum(len(u.text) for u in units)
    if not total:
        return 0
    furniture = _furniture(root)
    inside = {id(el) for f in furniture for el in f.iter()}
    units = [u for u in units if id(u.el) not in inside]
    names = {_norm(n) for n in names if n}
    doomed = [u for u in units if _teaser(u)]
    doomed += _head(units, {_norm(t) for t in titles if t}, names)
    doomed += _tail(units)
    unique = {id(u): u for u in doomed}
    removed = sum(len(u.text) for u in unique.values())
    removed += sum(len(squash(f.text_content())) for f in furniture)
    if (not unique and not furniture) or removed > total / 3:
        return 0
    for el in [*furniture, *(u.el for u in unique.values())]:
        _remove(el)
    return len(unique) + len(furniture)


def _furniture(root: Any) -> list[Any]:
    """Share bars, related lists, newsletter boxes...: small elements named for what they are."""
    found: list[Any] = []
    for el in root.iterdescendants():
        if not isinstance(el.tag, str) or not bp.FURNITURE.search(class_id(el)):
            continue
        if any(f in found for f in el.iterancestors()):
            continue
        text = squash(el.text_content())
        links = sum(len(squash(a.text_content())) for a in el.iter("a"))
        if len(text) < 400 or (len(text) < 2_000 and links > 0.5 * len(text)):
            found.append(el)
    return found


def _units(root: Any) -> list[Unit]:
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    inner: set[Any] = set()  # elements holding another block: not innermost
    for el in reversed(elements):
        parent = el.getparent()
        if parent is not None and (el in inner or tag_of(el) in BLOCK):
            inner.add(parent)
    out = []
    for el in elements:
        tag = tag_of(el)
        if tag not in BLOCK or el in inner or tag in ("table", "tbody", "thead", "tfoot", "tr"):
            continue
        text = squash(el.text_content())
        if not text:
            continue
        link_text = sum(len(squash(a.text_content())) for a in el.iter("a"))
        out.append(Unit(el, text, min(1.0, link_text / len(text)), tag[:1] == "h"))
    return out


def _teaser(unit: Unit) -> bool:
    """Anywhere in the article: labels, "Read more: ..." teasers, photo credits."""
    text = unit.text
    if len(text) <= 60 and bp.LABEL.match(text):
        return True
    if len(text) <= TEASER and bp.READ_ALSO.match(text) and (unit.links >= 0.3 or len(text) < 120):
        return True
    return len(text) <= 120 and bool(bp.CREDIT.match(text)) and not text.rstrip().endswith(".")


def _head(units: list[Unit], titles: set[str], names: set[str]) -> list[Unit]:
    out = []
    for unit in units[:HEAD_BLOCKS]:
        text = unit.text
        if len(text) > SHORT:
            break
        norm = _norm(text)
        if (
            any(norm == t or (len(norm) > 20 and norm in t) for t in titles)
            or bp.is_date_line(text)
            or bp.is_share_line(text)
            or (len(text) <= 100 and _BYLINE.match(text))
            or (norm and norm in names)
            or (len(text) <= 60 and bp.LABEL.match(text))
            or bp.FOOTER.match(text)
        ):
            out.append(unit)
        elif len(text) >= 80 or (not unit.heading and len(text) >= 40):
            break
    return out


def _tail(units: list[Unit]) -> list[Unit]:
    out: list[Unit] = []
    pending: list[Unit] = []
    for unit in reversed(units[-TAIL_BLOCKS:]):
        text = unit.text
        if _about_author(text):  # the author's card: the end of the article
            out += [*pending, unit]
            pending = []
            continue
        if len(text) > TEASER:
            break
        short = len(text) <= SHORT
        if short and (bp.TAIL_START.match(text) and (unit.heading or len(text) <= 60)):
            out += [*pending, unit]
            pending = []
        elif short and (bp.FOOTER.match(text) or bp.is_share_line(text) or bp.is_date_line(text)):
            out.append(unit)
        elif unit.links >= 0.6 or (short and unit.heading):
            pending.append(unit)  # a linked headline: part of a "Related" list if one opens it
        elif len(text) >= 80 or text.rstrip().endswith((".", "!", "?", ":", '"', "”", "“")):
            break
        else:
            pending.append(unit)
    return out


def _about_author(text: str) -> bool:
    """The heading of an author box: "About the author", "Über den Autor"."""
    return len(text) <= 60 and bool(bp.ABOUT.match(text))


def _remove(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    el.drop_tree()
    while (
        parent is not None
        and tag_of(parent) in ("ul", "ol", "li", "div", "section", "p", "header", "footer")
        and len(parent) == 0
        and not (parent.text or "").strip()
        and parent.getparent() is not None
    ):
        grand = parent.getparent()
        parent.drop_tree()
        parent = grand


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.casefold()).strip()
