"""Where a page shows its authors: rel=author and itemprop=author links, byline elements,
"By ..." lines, and the author card (name, role, bio, photo) under the article.

Every finding keeps its position in page order, so the decision can prefer the byline next to
the article over one in a sidebar teaser. The scan is capped: a page with a million elements
costs no more than one with `MAX_SCAN`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tui_reader.core.extract.dom import class_id, spaced_text, squash, tag_of
from tui_reader.core.extract.labels import (
    BARE,
    LABEL,
    LABEL_DEPTH,
    first_line,
    label_element,
    labelled,
)

MAX_SCAN = 30_000
MAX_BYLINE = 160
MAX_CARD = 2_000
BYLINE_CLASS = re.compile(
    r"(?:byline|by-line|authors?|autor|autoren|auteur|writer|reporter|verfasser|contributor|"
    r"creator|posted-by|postedby|submitted|journalist)(?:$|[\s_-]|name|link|info|wrap|data)",
    re.I,
)
CARD_CLASS = re.compile(
    r"author[-_ ]?(?:bio|box|info|card|profile|details|about|description|wrap|block)|"
    r"about[-_ ]?(?:the[-_ ]?)?author|abouttheauthor|autor(?:en)?[-_ ]?(?:box|info|bio)|"
    r"bio[-_]?box|biography",
    re.I,
)
# The author's picture, bio or label, or a commenter: not the byline itself.
_NOT_BYLINE = re.compile(
    r"author[-_]?(?:avatar|image|img|photo|pic|thumb|icon|label|title|views?|count|stats|date)|"
    r"(?:avatar|image|img|photo|thumb|icon)[-_]?author|comment",
    re.I,
)
_AWAY = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|related|teasers?|recommended|popular|trending|"
    r"more-from|newsletter|promo|sponsor|sponsored)(?:$|[\s_-])",
    re.I,
)
AWAY_DEPTH = 6  # page-layout classes further up ("content-area sidebar") say nothing
# Classes that name such a box only to say it is absent or closed: "no-promo", "has-comments"
_NOT_AWAY = re.compile(
    r"(?:^|(?<=[\s_-]))(?:no|has|with|without|disabled?|hide|show|open)[-_]+"
    r"(?:comments?|related|newsletter|promo|teasers?)|"
    r"(?:comments?|newsletter)[-_]+(?:open|closed|count|number|link|icon|button|enabled|disabled)",
    re.I,
)
_TEASER = re.compile(r"(?:^|[\s_-])teasers?(?:$|[\s_-])", re.I)
_TEXT_BYLINE = re.compile(
    r"^\s*(?:(?:ein|eine|a|an)\s+(?:artikel|beitrag|post|article|story)\s+(?:von|by)|"
    r"(?:artikel|beitrag|story|post)\s+(?:von|by)|"
    r"(?:by|von|par|por|door|av|af|przez)\s*:?|written by|words by|text(?:e)?\s*:|redaktion\s*:|"
    r"text(?:e)?\s*(?:&|und|and|et|y|/|\+)\s*(?:fotos?|photos?|bilder?|pictures?)\s*:|"
    r"(?:责任编辑|编辑|作者|记者|撰文)\s*[:：]|"
    r"interview\s*:|"
    r"autor(?:in)?\s*:|author\s*:|posted by|geschrieben von|ein beitrag von|verfasst von|"
    r"escrito por|reporting by)(?:\s+\S|\s*$|(?<=[:：])\S)",
    re.I,
)
_NAME_CLASS = re.compile(r"(?:^|[\s_-])(?:name|fn|author-name|authorname|title)(?:$|[\s_-])", re.I)
_ROLE_CLASS = re.compile(r"job|role|position|title|function|subtitle", re.I)


@dataclass
class Found:
    """A mention of an author somewhere in the page."""

    text: str  # the byline or name as written
    source: str  # rel | itemprop | class | text | card
    position: int = -1
    url: str = ""
    role: str = ""
    bio: str = ""
    image: str = ""


def scan(page: list[Any], position: dict[int, int]) -> list[Found]:
    """Every byline-like mention in the page (in page order), in page order. `position` maps
    id(element) to its index in `page`."""
    out: list[Found] = []
    for el in _candidates(page):
        at = position.get(id(el), -1)
        if at < 0 or tag_of(el) in ("html", "body"):
            continue
        for finding in (_finding(el, at), _tail_label(el, at)):
            if finding is not None and finding.text and not _away(el):
                out.append(finding)
    return sorted(out, key=lambda f: f.position)


def _tail_label(el: Any, at: int) -> Found | None:
    """ "<span>[fix]</span>责任编辑：Jane Doe": a labelled credit in the text after an element,
    not inside one. Only a label with a colon counts; "by" in running text is no byline."""
    tail = squash(el.tail or "")
    if tail and len(tail) <= MAX_TAIL and _TAIL_LABEL.match(tail):
        return Found(tail, "text", at)
    return None


def _finding(el: Any, at: int) -> Found | None:
    tag = tag_of(el)
    rel = (el.get("rel") or "").lower().split()
    prop = (el.get("itemprop") or "").lower().split()
    names = class_id(el)
    if tag == "a" and "author" in rel:
        return Found(spaced_text(el), "rel", at, el.get("href") or "")
    if "author" in prop or "creator" in prop:
        return _itemprop(el, at)
    if CARD_CLASS.search(names):
        return _card(el, at)
    if BYLINE_CLASS.search(names) and not _NOT_BYLINE.search(names) and tag not in _HEADINGS:
        return _short(labelled(el), "class", el, at)
    lead = (el.text or "").lstrip(_LEADING)
    if _TEXT_BYLINE.match(lead):
        line = first_line(el)
        return _short(labelled(el) if line is None else line, "text", el, at)
    if label_element(el):
        return _short(labelled(el), "text", el, at)  # "Interview" above "Jane Doe"
    if tag == "a" and AUTHOR_HREF.search(el.get("href") or ""):
        # a link to the author's page; its "© Jane Doe" is her credit, not a photo's
        return _short(_COPY.sub("", spaced_text(el)), "link", el, at)
    return None


def _short(text: str, source: str, el: Any, at: int) -> Found | None:
    if len(text) > MAX_BYLINE:
        return None
    url = _author_link(el)
    after = el.getnext() if not url and len(el) == 0 and LABEL.match(squash(el.text)) else None
    if after is not None:  # a label alone: "<span>by</span> <a href=/author/jdoe/>Jane Doe</a>"
        url = _author_link(after)
    return Found(text, source, at, url)


_DASHES = " -–—|·•\u00a0"
MAX_TAIL = 60
_TAIL_LABEL = re.compile(
    r"(?:责任编辑|编辑|作者|记者|撰文)\s*[:：]|(?:autor(?:in)?|author|text(?:e)?|redaktion)\s*:",
    re.I,
)
_SPACES = str.maketrans("\xa0\n\r\t", "    ")  # "By\nJane Doe" as "By Jane Doe"
_LEADING = _DASHES + "\n\r\t"  # templates indent the text: "\n      von Jane Doe"
_COPY = re.compile(r"^\s*(?:©|\(c\))\s*", re.I)
_HEADINGS = ("h1", "h2", "h3")
_KEYWORDS = (
    "author", "autor", "auteur", "byline", "by-line", "writer", "reporter", "verfasser",
    "contributor", "creator", "posted", "submitted", "journalist", "bio", "meta", "info",
)  # fmt: skip
_KEYWORD = re.compile("|".join(map(re.escape, _KEYWORDS)))  # one search, not one per word
_PREFIXES = (
    "by ", "von ", "par ", "por ", "door ", "av ", "af ", "przez ", "written by", "words by",
    "text:", "autor:", "autorin:", "author:", "posted by", "geschrieben von", "ein beitrag von",
    "verfasst von", "escrito por", "reporting by", "redaktion:", "interview:", "von:", "by:",
    "ein artikel von", "ein beitrag von", "artikel von", "a post by", "posted by", "story by",
    "text &", "text und", "text and", "text/", "texte et", "责任编辑", "编辑", "作者", "记者", "撰文",
)  # fmt: skip


def _candidates(page: list[Any]) -> list[Any]:
    """Elements worth a closer look: cheap substring tests first, regexes only on hits."""
    out = []
    for el in page[:MAX_SCAN]:
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if (
            _KEYWORD.search(names)
            or el.get("itemprop")
            or "author" in (el.get("rel") or "")
            or (el.tag == "a" and "/" in (el.get("href") or ""))
        ):
            out.append(el)
            continue
        tail = el.tail
        if tail and (":" in tail or "：" in tail) and _TAIL_LABEL.match(tail.lstrip()[:12]):
            out.append(el)
            continue
        text = el.text
        lead = text.lstrip(_LEADING)[:16] if text else ""
        if lead and len(el) and tag_of(el[0]) == "br":
            lead = f"{lead} "  # "<p>By<br>Jane Doe</p>": the break ends the word
        if lead and lead.lower().translate(_SPACES).startswith(_PREFIXES):
            out.append(el)
        elif lead and len(text) <= 200 and BARE.match(text.strip()) and label_element(el):
            out.append(el)  # a label alone: "<b>By</b> Jane Doe", "Interview" above a name
    return out


def _away(el: Any) -> bool:
    """Inside a comment thread, a teaser list or a sidebar box: someone else's byline. An
    <aside> inside the article is the article's own margin (date, byline), so the search stops
    at the article."""
    for depth, parent in enumerate(el.iterancestors()):
        tag = tag_of(parent)
        if tag in ("body", "html", "article", "main") or depth >= AWAY_DEPTH:
            return False
        if tag in ("aside", "nav") and depth < 3:
            return not any(tag_of(a) in ("article", "main") for a in parent.iterancestors())
        names = _NOT_AWAY.sub(" ", class_id(parent))
        if _AWAY.search(names) and not (_TEASER.search(names) and _headline_box(parent)):
            return True
    return False


def _headline_box(el: Any) -> bool:
    """A "teaser" box that holds the page's <h1> or comes right after it is the article's own
    header: sites reuse their teaser styles there. Boxes further up ("related") still count."""
    if el.find(".//h1") is not None:
        return True
    node = el
    for _ in range(LABEL_DEPTH):  # the box may open a block that follows the headline
        before = node.getprevious()
        if before is not None:
            return tag_of(before) == "h1"
        node = node.getparent()
        if node is None:
            break
    return False


def _itemprop(el: Any, position: int) -> Found:
    named = el.xpath(".//*[@itemprop='name']")
    if named:
        text = named[0].get("content") or named[0].text_content()
    else:
        text = el.get("content") or el.text_content()
    url = el.get("href") or ""
    if not url:
        links = el.xpath(
            ".//*[@itemprop='url']/@href | .//*[@itemprop='url']/@content | .//a/@href"
        )
        url = links[0] if links else ""
    return Found(squash(text)[:MAX_BYLINE], "itemprop", position, str(url))


def _author_link(el: Any) -> str:
    for a in el.iter("a"):
        href = a.get("href") or ""
        if AUTHOR_HREF.search(href):
            return href
    return ""


AUTHOR_HREF = re.compile(
    r"/(?:author|autor|autoren|authors|auteur|autores|journalists?|redakteur|redakteure|"
    r"people|staff|newsteam|writers?|contributors?|columnists?|reporters?)/[\w.%-]+/?(?:$|[?#])",
    re.I,
)


def _card(el: Any, position: int) -> Found | None:
    """An author box: a name, maybe a role and a photo, and a bio paragraph."""
    text = squash(el.text_content())
    if len(text) <= 100:
        return _short(labelled(el), "class", el, position)  # a byline in an "author box"
    if len(text) > MAX_CARD:
        return None
    name = ""
    for child in el.iter():
        names = class_id(child)
        if tag_of(child) in ("h2", "h3", "h4", "h5", "strong", "b") or (
            names.strip() and _NAME_CLASS.search(names)
        ):
            name = squash(child.text_content())
            if 2 < len(name) <= 80:
                break
            name = ""
    if not name:
        for a in el.iter("a"):
            if "author" in (a.get("rel") or "") or _author_link(a.getparent()) == a.get("href"):
                name = squash(a.text_content())
                break
    paragraphs = [squash(p.text_content()) for p in el.iter("p")]
    bio = max(paragraphs, key=len, default="")
    if len(bio) < 40:
        bio = text.replace(name, "", 1).strip() if name else text
    role = ""
    for child in el.iter():
        names = class_id(child)
        if child is not el and names.strip() and _ROLE_CLASS.search(names):
            role = squash(child.text_content())
            if role and role != name and len(role) <= 80:
                break
            role = ""
    image = next((img.get("src") or "" for img in el.iter("img") if img.get("src")), "")
    return Found(name, "card", position, _author_link(el), role, bio, image)
