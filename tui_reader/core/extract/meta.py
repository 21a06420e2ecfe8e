"""What a page says about itself in its head: title, site name, date, lead image, publishers.

Read once from the parsed page (meta tags and JSON-LD) before readability rewrites the tree, so
every later step (trimming the repeated headline, telling a site's name from a person's) works
from the same facts.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from tui_reader.core.extract import jsonld
from tui_reader.core.extract.dom import squash

MAX_META = 2_000
_TITLE_SEPARATORS = re.compile(r"\s+[|·•»:–—-]\s+")
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:published_time",
)


@dataclass
class PageMeta:
    url: str = ""
    host: str = ""
    title: str = ""
    site: str = ""
    published: float | None = None
    image: str = ""
    tags: dict[str, list[str]] = field(default_factory=dict)
    graph: jsonld.Graph = field(default_factory=jsonld.Graph)
    headlines: list[str] = field(default_factory=list)  # the title as declared and in <title>
    h1: str = ""  # the page's first <h1>, where its article usually starts
    paywalled: bool = False
    organisations: set[str] = field(default_factory=set)

    def first(self, *keys: str) -> str:
        for key in keys:
            for value in self.tags.get(key, ()):
                if value.strip():
                    return squash(value)
        return ""


def read_meta(doc: Any, url: str) -> PageMeta:
    """Everything the head of `doc` says; missing facts stay empty."""
    meta = PageMeta(url=url, host=(urlsplit(url).hostname or "").lower() if url else "")
    for el in doc.iter("meta"):
        keys = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower().split()
        content = el.get("content")
        if content is None:
            continue
        for key in keys[:8]:  # property="og:title twitter:title" names two keys
            meta.tags.setdefault(key, []).append(content)
        if len(meta.tags) > MAX_META:
            break
    meta.graph = jsonld.load(doc)
    meta.title = _title(doc, meta)
    meta.site = meta.first("og:site_name", "application-name", "twitter:site") or ""
    if meta.site.startswith("@"):
        meta.site = ""
    publishers = jsonld.publisher_names(meta.graph)  # not every Organization: authors can be
    if not meta.site:
        meta.site = next(iter(sorted(publishers, key=len)), "") or meta.host.removeprefix("www.")
    meta.organisations = {n for n in (*publishers, meta.site, meta.first("og:site_name")) if n}
    meta.organisations |= {meta.first("application-name"), meta.first("publisher")} - {""}
    suffix = _title_suffix(doc)
    if suffix:
        meta.organisations.add(suffix)
    meta.paywalled = jsonld.paywalled(meta.graph) or meta.first("article:content_tier") in (
        "locked",
        "metered",
    )
    meta.published = parse_date(
        jsonld.first(meta.graph, "datePublished", "dateCreated", "uploadDate")
        or meta.first(*_DATE_KEYS)
        or _time_element(doc)
    )
    image = meta.first("og:image", "og:image:url", "twitter:image", "twitter:image:src")
    image = image or jsonld.image(meta.graph)
    meta.image = _absolute(url, image)
    return meta


def _title(doc: Any, meta: PageMeta) -> str:
    """The headline: what the page declares (og:title, JSON-LD), else its <title> without the
    site's name, else its first <h1>. Every variant is kept in `headlines` for trimming."""
    declared = meta.first("og:title", "twitter:title", "dc:title") or jsonld.first(
        meta.graph, "headline", "name"
    )
    page_title = _strip_site(_page_title(doc), meta)
    first_h1 = next(
        (squash(h1.text_content()) for h1 in doc.iter("h1") if h1.text_content().strip()), ""
    )
    meta.headlines = [t for t in (declared, page_title) if t]
    meta.h1 = first_h1
    return (meta.headlines or [first_h1])[0]


def _page_title(doc: Any) -> str:
    el = doc.find(".//title")
    return squash(el.text_content()) if el is not None else ""


def _strip_site(title: str, meta: PageMeta) -> str:
    """ "Headline | Site" -> "Headline", when the last part is short or the site's name."""
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title
    cut = separators[-1]
    last, head = title[cut.end() :], title[: cut.start()]
    site = meta.first("og:site_name").casefold()
    if len(head.split()) >= 2 and ((site and last.casefold() == site) or len(last.split()) <= 3):
        return head
    return title


def _title_suffix(doc: Any) -> str:
    """The site name many pages append to <title>: "Headline | Site"."""
    el = doc.find(".//title")
    if el is None:
        return ""
    parts = _TITLE_SEPARATORS.split(squash(el.text_content()))
    if len(parts) > 1 and 2 <= len(parts[-1]) <= 40:
        return parts[-1].strip()
    return ""


def _time_element(doc: Any) -> str:
    for el in doc.iter("time"):
        value = el.get("datetime") or ""
        if value.strip():
            return value
    return ""


def parse_date(value: str) -> float | None:
    """ISO 8601 (what pages mostly use) or RFC 2822 to epoch seconds; naive times are UTC."""
    value = (value or "").strip()
    if not value:
        return None
    when: dt.datetime | None = None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            match = re.match(r"\d{4}-\d{2}-\d{2}", value)
            if match:
                when = dt.datetime.fromisoformat(match.group(0))
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        return when.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def _absolute(base: str, link: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    try:
        return urljoin(base, link) if base else link
    except ValueError:
        return ""
