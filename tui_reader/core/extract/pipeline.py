"""`extract`: a fetched page in, the readable article and its people out.

Steps, each in its own module: parse once (`dom`), read what the head says (`meta`), find the
people (`authors`), find the article block (`readable`), clean it (`sanitize`), cut the edges a
reader does not want (`trim`), and fall back to a better candidate or the feed's own text when
the page gives less than it should.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from tui_reader.core.clean import clean_line, clean_text
from tui_reader.core.extract import readable
from tui_reader.core.extract.authors import find_authors
from tui_reader.core.extract.dom import parse_document, parse_fragment
from tui_reader.core.extract.meta import PageMeta, read_meta
from tui_reader.core.extract.model import AuthorInfo, Extraction
from tui_reader.core.extract.recover import recover, recover_lead
from tui_reader.core.extract.sanitize import base_url, sanitize, strip_attributes
from tui_reader.core.extract.text import block_texts
from tui_reader.core.extract.trim import trim

MAX_OUTPUT_HTML = 2_000_000
SHORT = 500  # characters: below this, a page's article is worth a second look
WORSE = 0.5  # a result under half a rival's length loses to it


class Article:
    """One candidate article: cleaned tree, its blocks of text, and where it came from."""

    def __init__(self, root: Any, source: str) -> None:
        self.root = root
        self.source = source
        self.blocks = block_texts(root) if root is not None else []
        self.length = sum(len(b) for b in self.blocks)

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def extract(
    html: str,
    url: str = "",
    *,
    feed_html: str = "",
    feed_authors: Sequence[AuthorInfo] = (),
) -> Extraction:
    """The article of a page (see `Extraction`); never raises, whatever the input."""
    started = time.perf_counter()
    try:
        result = _extract(html or "", url or "", feed_html or "", list(feed_authors or ()))
    except Exception:  # a page must never crash the reader; the reason says it failed
        result = Extraction(status="empty", reason="extraction failed")
    result.ms = (time.perf_counter() - started) * 1000
    return result


def _extract(html: str, url: str, feed_html: str, feed_authors: list[AuthorInfo]) -> Extraction:
    doc = parse_document(html) if not _binary(html) else None
    meta = read_meta(doc, url) if doc is not None else PageMeta(url=url)
    base = base_url(doc, url)
    feed = _article(parse_fragment(feed_html), base, "feed")
    if doc is None:
        page, authors = Article(None, "none"), [_cleaned(a) for a in feed_authors if a.name]
    else:
        page, authors = _from_page(html, doc, meta, base, feed, feed_authors)
    chosen, status, reason = _choose(page, feed, html, meta)
    result = Extraction(
        title=clean_line(meta.title),
        authors=authors,
        published=meta.published,
        site=clean_line(meta.site),
        status=status,
        reason=reason,
    )
    _fill(result, chosen, meta)
    return result


def _from_page(
    html: str,
    doc: Any,
    meta: PageMeta,
    base: str,
    feed: Article,
    feed_authors: list[AuthorInfo],
) -> tuple[Article, list[AuthorInfo]]:
    """The page's article and authors: readability's block, what its clean-up dropped put
    back, the people named around it."""
    readable.prepare(doc)
    order = readable.page_order(doc)
    position = {id(el): i for i, el in enumerate(order)}  # `order` keeps the proxies alive
    summary = parse_fragment(readable.readability_html(html, doc))
    span = _span(summary)
    authors = find_authors(order, position, meta, feed_authors, span)
    if summary is not None:
        recover(summary, order, position)
        recover_lead(summary, order, position, [*meta.headlines, meta.h1], span)
    wanted = max(SHORT, feed.length * WORSE)
    names = [a.name for a in authors]
    return _page_article(summary, doc, base, meta.headlines, names, wanted), authors


def _cleaned(author: AuthorInfo) -> AuthorInfo:
    return AuthorInfo(
        *(clean_line(v, 2_000) for v in (author.name, author.role)),
        clean_text(author.bio, 2_000),
        clean_line(author.url, 2_000),
        clean_line(author.image, 2_000),
    )


def _span(summary: Any) -> tuple[int, int]:
    """The article's first and last element in page order, from readability's `x` marks."""
    if summary is None:
        return -1, -1
    marks = [int(x) for x in summary.xpath(".//@x") if x.isdigit()]
    return (min(marks), max(marks)) if marks else (-1, -1)


def _article(
    root: Any, base: str, source: str, titles: Sequence[str] = (), names: Sequence[str] = ()
) -> Article:
    if root is None:
        return Article(None, source)
    sanitize(root, base)
    if source != "feed":
        trim(root, titles, names)
    strip_attributes(root)
    return Article(root, source)


def _page_article(
    summary: Any, doc: Any, base: str, titles: Sequence[str], names: Sequence[str], wanted: float
) -> Article:
    """readability-lxml's choice, or a page-marked candidate when that is clearly better.
    Candidates are looked at only when the choice is shorter than `wanted` characters."""
    best = _article(summary, base, "readability", titles, names)
    if best.length >= wanted:
        return best
    anchor = _anchor(best)
    for element in readable.candidates(doc):
        # Nothing at all is the worst answer: with no text yet, a link-heavy block will do.
        max_links = 0.5 if not best.length else 0.3
        if not readable.plausible(element, best.length * 1.5 + 50, anchor, max_links):
            continue
        candidate = _article(deepcopy(element), base, "candidate", titles, names)
        if candidate.length > best.length * 1.5 + 50:
            best, anchor = candidate, anchor or _anchor(candidate)
    body = doc.find("body")
    if not best.length and body is not None:  # last resort: the whole page, cleaned
        best = _article(deepcopy(body), base, "page", titles, names)
    return best


def _anchor(article: Article) -> str:
    """A sentence of the article that any better candidate must also contain."""
    for block in article.blocks:
        if len(block) >= 40:
            return block[:80]
    return ""


def _choose(page: Article, feed: Article, html: str, meta: PageMeta) -> tuple[Article, str, str]:
    """The page's article when it is at least half the feed's text, else the feed's; `status`
    and `reason` say which and why."""
    if page.length and page.length >= feed.length * WORSE:
        return page, "full", ""
    if not page.length:
        reason = _why_empty(html, page)
    else:
        reason = "paywall" if meta.paywalled else "page text shorter than the feed's"
    return (feed, "feed", reason) if feed.length else (page, "empty", reason)


def _why_empty(html: str, page: Article) -> str:
    if not html.strip():
        return "empty page"
    if page.source == "none" or _binary(html):
        return "not HTML"
    return "extraction failed"


def _binary(text: str) -> bool:
    """NUL and other C0 controls in the first KiB: bytes of an image or a PDF, not a page."""
    head = text[:1024]
    return sum(ch < " " and ch not in "\t\n\r\f" for ch in head) > len(head) // 20


def count_words(text: str) -> int:
    """Words as the article pane counts them: CJK characters count as half a word each."""
    return len(text.split()) + sum(1 for ch in text if "\u3040" <= ch <= "\u9fff") // 2


def _fill(result: Extraction, article: Article, meta: PageMeta) -> None:
    from lxml import etree

    if article.root is None:
        return
    result.text = clean_text(article.text)
    result.word_count = count_words(result.text)
    markup = etree.tostring(article.root, encoding="unicode", method="html")
    result.html = clean_text(markup[:MAX_OUTPUT_HTML])
    result.images = _images(article.root, meta)


def _images(root: Any, meta: PageMeta) -> list[dict]:
    images: list[dict] = []
    seen = set()
    if meta.image:
        images.append({"url": clean_line(meta.image, 2_000), "alt": ""})
        seen.add(meta.image)
    for img in root.iter("img"):
        src = img.get("src") or ""
        if src and src not in seen:
            seen.add(src)
            images.append({"url": clean_line(src, 2_000), "alt": clean_line(img.get("alt"), 300)})
    return images[:100]
