"""Finding the article block: readability-lxml first, simpler candidates when it fails.

readability-lxml scores paragraphs and keeps the best block with its siblings. We run it with a
cheaper parse step: its own runs the whole page through lxml's Cleaner, whose link rewriting
costs about half its time, to strip javascript: links and event attributes that
`sanitize` removes from the (much smaller) result anyway. Scoring sees the same tree: hidden
elements, scripts, styles, comments and inline styles are gone as before. The pipeline hands it
a copy of the page it has already parsed, and its whitespace `clean` runs in one pass
(`clean_whitespace`): both give the same article, sooner.

It returns an empty body on about 1% of pages (its clean-up drops the block it picked) and now
and then picks a sidebar, so `candidates` offers what a page marks as its article: <article>,
`itemprop=articleBody`, <main>, well-known content classes, and the element holding the most
paragraph text.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from tui_reader.core.extract.dom import class_id, parse_document, squash, tag_of

_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I
)
_CONTENT_CLASS = re.compile(
    r"article[-_]?(?:body|content|text)|story[-_]?(?:body|content)|post[-_]?(?:body|content)"
    r"|entry[-_]?content|body[-_]?text|main[-_]?content|content[-_]?body|rich[-_]?text"
)
_document_class: Any = None
MAX_CANDIDATES = 40
_QUERIES = (
    "//*[@itemprop='articleBody' or @itemprop='text' or @property='articleBody']",
    "//article",
    "//main | //*[@role='main']",
)


def readability_html(markup: str, prepared: Any = None) -> str:
    """readability-lxml's article as an HTML document; "" when it finds none or fails.

    Every element of the result carries `x`, its position in `prepare`d page order, so
    `recover` can find where it came from. Not `html_partial=True`: in 0.9 that changes which
    block wins on some pages. `prepared`, the page already parsed and `prepare`d, is copied
    rather than parsed again (a copy costs two thirds of a parse, and no second `prepare`)."""
    try:
        source = prepared if prepared is not None else markup
        return _readability()(source, xpath=True).summary() or ""
    except Exception:  # readability raises Unparseable and, on odd pages, anything else
        return ""


def prepare(doc: Any) -> None:
    """The page as readability scores it: no hidden elements, scripts, styles, comments."""
    from lxml import etree

    drop_hidden(doc)
    etree.strip_elements(
        doc, "script", "style", "link", etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    etree.strip_attributes(doc, "style")


def page_order(doc: Any) -> list[Any]:
    """The elements of a `prepare`d page in document order: what an `x` index points at."""
    return [el for el in doc.iter() if isinstance(el.tag, str)]


def _readability() -> Any:
    global _document_class
    if _document_class is None:
        from readability import Document

        class Document_(Document):
            def _parse(self, input: Any) -> Any:
                if not isinstance(input, str):
                    return deepcopy(input)  # readability changes its tree; the caller's stays
                doc = parse_document(input)
                if doc is None:
                    raise ValueError("nothing to parse")
                prepare(doc)
                return doc

            def _html(self, force: bool = False) -> Any:
                # readability's xpath mode stores getpath() on every element; an index is
                # cheaper, and readability strips `x` before judging the result's length.
                if force or self.html is None:
                    self.html = self._parse(self.input)
                    for index, el in enumerate(page_order(self.html)):
                        el.set("x", str(index))
                return self.html

        _document_class = Document_
        _speed_up_clean()
    return _document_class


# Whitespace runs that readability's `clean` rewrites: two or more characters, or one tab.
_RUN = re.compile(r"\s{2,}|\t")
_TABS = re.compile(r"\t|[ \t]{2,}")


def clean_whitespace(text: str) -> str:
    """readability's `clean`, the same result in one linear pass.

    Readability cleans the text of every candidate and every link below it, and its three
    substitutions backtrack: once the first has turned a run of 255 or more into 255 spaces,
    `\\s*\\n\\s*` scans from each of them to the end of the run. That was a quarter of
    our extraction time on real pages (benchmarks/RESULTS.md). Here each run is rewritten as
    the three would leave it: a long run becomes one space, a run with a line break becomes
    the break, and spaces and tabs within any other run shrink to one space."""
    return _RUN.sub(_squeeze, text).strip()


def _squeeze(match: re.Match[str]) -> str:
    run = match.group()
    if len(run) >= 255:
        return " "
    if "\n" in run:
        return "\n"
    return _TABS.sub(" ", run)


readability_clean: Any = None  # readability's own, kept for the tests that compare the two
_PROBES = ("", " a ", "a\t b", "a \n\t b", "a" + " " * 300 + "b", "a\xa0 \r  b", " x\n")


def _speed_up_clean() -> None:
    """Put `clean_whitespace` in place of readability's `clean` (its `text_length` and every
    method call it by module name), only if both agree on probes that cover each rule: a
    readability release that changes `clean` keeps its own."""
    global readability_clean
    from readability import readability as module

    if module.clean is clean_whitespace:
        return
    readability_clean = module.clean
    if all(readability_clean(probe) == clean_whitespace(probe) for probe in _PROBES):
        module.clean = clean_whitespace


def drop_hidden(doc: Any) -> None:
    """Remove what a browser would not show: `hidden`, display:none and visibility:hidden.

    Not aria-hidden: pages put it on whole article containers (behind a consent layer)."""
    for el in doc.xpath("//*[@hidden or @style]"):
        if el.getparent() is None:
            continue
        if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
            el.drop_tree()


def candidates(doc: Any) -> list[Any]:
    """Elements a page marks as its article, most specific first, then the densest text block."""
    found: list[Any] = []
    for query in _QUERIES:
        found.extend(doc.xpath(query)[:MAX_CANDIDATES])
    body = doc.find("body")
    if body is not None:
        found.extend(
            el for el in body.iter("div", "section") if _CONTENT_CLASS.search(class_id(el))
        )
        densest = densest_block(body)
        if densest is not None:
            found.append(densest)
    unique: list[Any] = []
    for el in found:
        if el not in unique:
            unique.append(el)
    return unique[:MAX_CANDIDATES]


def densest_block(body: Any) -> Any:
    """The element whose direct <p> children hold the most text: a page's main column."""
    totals: dict[Any, int] = {}
    for p in body.iter("p"):
        parent = p.getparent()
        if parent is None or tag_of(parent) in ("a", "li", "td"):
            continue
        size = len(p.text_content())
        if size >= 40:
            totals[parent] = totals.get(parent, 0) + size
    if not totals:
        return None
    return max(totals, key=totals.__getitem__)


def plausible(element: Any, min_length: float, anchor: str, max_links: float = 0.3) -> bool:
    """An article candidate worth cleaning: long enough, mostly prose rather than links, and
    containing `anchor` (the start of what readability found), when there is one."""
    text = squash(element.text_content())
    if len(text) < min_length or (anchor and anchor not in text):
        return False
    links = sum(len(squash(a.text_content())) for a in element.iter("a"))
    return links <= max_links * len(text)
