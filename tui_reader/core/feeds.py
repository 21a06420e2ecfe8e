"""Bytes in, a cleaned `ParsedFeed` out: RSS 0.9x/1.0/2.0, RDF, Atom and JSON Feed.

fastfeedparser does the parsing (7x faster than feedparser on our generated feeds, see
benchmarks/parsers.py). It is given bytes only, never a string: a string that looks like a URL
makes it fetch. It keeps one author per entry and drops Atom `uri` and JSON Feed author URLs, so a
small second pass reads the authors straight from the document (feed_extras.py). Every failure, whatever the
exception type, becomes a `FeedError` with a message meant for the user.

Strangers' documents are shaped before fastfeedparser sees them, because its time grows with
the square of some inputs (100,000 attributes on one element: 20 s; 100,000 items: 30 s, holding
the GIL, so the app would freeze): the document is read once with a bounded lxml parser (no
entities, no network, libxml2's size and depth limits), and a document over the caps (items,
attributes per element, children per item) is cut down and re-serialised. JSON Feeds are
re-built from their well-typed fields only, so one odd item cannot fail the whole feed.
Relative links resolve against the feed's own URL; links that are not http(s) are dropped.
"""

from __future__ import annotations

import html
import json
import re
import time
from typing import Any

from tui_reader.core.clean import clean_line, clean_markup, strip_escapes
from tui_reader.core.feed_extras import (
    MAX_ITEM_CHILDREN,
    Extra,
    entry_authors,
    entry_date,
    json_extras,
    link,
    text_of,
    xml_extras,
)
from tui_reader.core.parsed import Entry, ParsedFeed

MAX_ENTRIES = 2_000
MAX_ATTRIBUTES = 64  # on one element; real feeds use a handful
MAX_NAMESPACES = 200  # declared on one element; real feeds declare a dozen at most
PARSE_SECONDS = 20.0  # a backstop: the caps above keep real parses far below it
_JSON_TEXT = (
    "title",
    "url",
    "external_url",
    "content_html",
    "content_text",
    "summary",
    "date_published",
    "date_modified",
)
_TAGS = re.compile(r"<[^>]*>")
_BAD_CHAR_REF = re.compile(
    rb"&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|d[89a-f][0-9a-f]{2}|[0-9a-f]{7,})|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|\d{8,}));",
    re.I,
)


class FeedError(Exception):
    """A document that is not a usable feed; the message is shown to the user."""


def parse_feed(data: bytes, base_url: str = "") -> ParsedFeed:
    """Parse a feed document; raise `FeedError` for anything that is not one.

    `base_url` is the address the document came from: relative links resolve against it.
    """
    started = time.monotonic()
    if not data.strip():
        raise FeedError("empty document")
    if _is_json(data):
        data, extras = _prepare_json(data, base_url)
    else:
        data = _ESC_REFERENCE.sub(b"\x1b", data)  # illegal in XML 1.0: read as what it spells
        if _ESCAPE_BYTES.search(data):  # before libxml2 drops the ESC and keeps the rest as text
            data = strip_escapes(data.decode("utf-8", "surrogateescape")).encode(
                "utf-8", "surrogateescape"
            )
        if _truncated(data):
            raise FeedError("malformed feed: the document ends before its closing tag (truncated)")
        data, extras = _prepare_xml(data, base_url)
    raw = _run_parser(data)
    entries = raw.get("entries") or []
    if not isinstance(entries, list):
        raise FeedError("not a feed: no list of items")
    feed = raw.get("feed") or {}
    if not entries and not text_of(feed.get("title")).strip():
        raise FeedError(_describe(None, data))
    parsed = []
    for raw_entry in entries[:MAX_ENTRIES]:
        if time.monotonic() - started > PARSE_SECONDS:
            raise FeedError(f"feed too complex: parsing took over {PARSE_SECONDS:g} s")
        if isinstance(raw_entry, dict):
            parsed.append(_entry(raw_entry, extras, base_url))
    result = ParsedFeed(
        title=_one_line(feed.get("title")),
        site_url=link(feed.get("link"), base_url),
        entries=[e for e in parsed if e is not None],
    )
    if not result.entries and not result.title:
        raise FeedError("not a feed: no usable items and no title")
    return result


def _run_parser(data: bytes) -> dict[str, Any]:
    import fastfeedparser

    options = {"include_media": False, "include_enclosures": False}
    try:
        raw = fastfeedparser.parse(data, **options)
    except Exception as first:  # the parser raises many types on bad input
        repaired = _BAD_CHAR_REF.sub(b"", data)
        try:
            raw = fastfeedparser.parse(repaired.decode("utf-8", "replace").encode(), **options)
        except Exception:
            raise FeedError(_describe(first, data)) from None
    if not isinstance(raw, dict):
        raise FeedError("not a feed")
    return raw


_ESC_REFERENCE = re.compile(rb"&#(?:0*27|[xX]0*1[bB]);")
_ESCAPE_BYTES = re.compile(rb"\x1b|\xc2[\x80-\x9f]")  # ESC, or a C1 character in UTF-8
_TRAILER = re.compile(rb"(?:\s|<!--(?:(?!-->).)*-->|<\?(?:(?!\?>).)*\?>)+\Z", re.S)
_CLOSING_ROOT = re.compile(rb"</(?:[\w.-]+:)?(?:rss|feed|rdf|channel)\s*>\Z", re.I)


def _truncated(data: bytes) -> bool:
    """An XML feed whose root element never closes: a cut-off download, not a feed to trust.

    Comments and processing instructions after the root ("<!-- served in 0.2 s -->") are not a
    truncation, and neither is a prefixed root (`</atom:feed>`).
    """
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<") or b"<html" in head or b"<!doctype html" in head:
        return False
    tail = data[-4096:]
    tail = _TRAILER.sub(b"", tail) or tail
    return not _CLOSING_ROOT.search(tail[-64:])


def _is_json(data: bytes) -> bool:
    return data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _prepare_json(data: bytes, base_url: str) -> tuple[bytes, dict[str, Extra]]:
    """A JSON Feed rebuilt from its well-typed fields, items capped; and its extras."""
    try:
        # strict=False: raw control characters in strings are read, then cleaned like the rest.
        doc = json.loads(data.decode("utf-8", "replace").lstrip("\ufeff"), strict=False)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"malformed feed: invalid JSON ({clean_line(str(error), 120)})") from None
    if not isinstance(doc, dict):
        raise FeedError("malformed feed: a JSON document that is not a JSON Feed")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError("malformed feed: the JSON Feed has no list of items")
    clean: dict[str, Any] = {
        key: doc[key]
        for key in ("version", "title", "home_page_url", "feed_url", "description")
        if isinstance(doc.get(key), str)
    }
    clean["items"] = [i for i in (_json_item(item) for item in items[:MAX_ENTRIES]) if i]
    return json.dumps(clean).encode(), json_extras(clean, base_url)


def _json_item(item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    out: dict[str, Any] = {key: item[key] for key in _JSON_TEXT if isinstance(item.get(key), str)}
    ident = item.get("id")
    if isinstance(ident, str) or (isinstance(ident, int) and not isinstance(ident, bool)):
        out["id"] = str(ident)
    people = item.get("authors")
    if not isinstance(people, list):
        people = [item["author"]] if isinstance(item.get("author"), dict) else []
    authors = [
        {key: p[key] for key in ("name", "url") if isinstance(p.get(key), str)}
        for p in people[:MAX_ITEM_CHILDREN]
        if isinstance(p, dict)
    ]
    if authors:
        out["authors"] = authors
    tags = item.get("tags")
    if isinstance(tags, list):
        out["tags"] = [t for t in tags[:MAX_ITEM_CHILDREN] if isinstance(t, str)]
    return out


def _prepare_xml(data: bytes, base_url: str) -> tuple[bytes, dict[str, Extra]]:
    """The document within the caps (unchanged when it already is), and its extras."""
    crowded = _crowded_tags(data)
    try:
        root = _read_xml(data)
    except FeedError:
        raise
    except Exception:
        return data, {}
    if root is None:
        return data, {}
    if _shape(root, crowded):
        from lxml import etree

        data = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    try:
        return data, xml_extras(root, base_url)
    except Exception:
        return data, {}


_LONG_TAG = re.compile(rb"<[A-Za-z_][^<>]{1023,}")  # a start tag, not text or CDATA


def _crowded_tags(data: bytes) -> bool:
    """Whether some start tag is long enough to hold too many attributes; raise for a tag
    declaring too many namespaces (fastfeedparser's time grows with their square, and they
    cannot be dropped without breaking the names that use them)."""
    crowded = False
    for match in _LONG_TAG.finditer(data):
        text = match.group()
        if text.count(b"xmlns") > MAX_NAMESPACES:
            raise FeedError(
                f"feed too complex: over {MAX_NAMESPACES} namespace declarations on one element"
            )
        crowded = crowded or text.count(b"=") > MAX_ATTRIBUTES
    return crowded


def _read_xml(data: bytes) -> Any:
    """The document's tree from a parser that resolves no entity, fetches nothing and keeps
    libxml2's limits (nesting depth 256, 10 MB text nodes); past a limit, `FeedError`."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        recover=True,
        huge_tree=False,
        collect_ids=False,
    )
    root = etree.fromstring(data, parser)
    for problem in parser.error_log:
        if problem.type_name == "ERR_RESOURCE_LIMIT":
            message = problem.message.lower()
            what = (
                "nested too deep"
                if "depth" in message
                else "entities that expand too much (an entity bomb)"
                if "entit" in message or "amplification" in message
                else "a text or name too long"
            )
            raise FeedError(f"feed too complex: {what} (line {problem.line})")
    return root


def _shape(root: Any, crowded: bool) -> bool:
    """Cut a tree down to the caps in place; True when anything was cut."""
    cut = False
    if crowded:
        for element in root.iter("*"):
            attributes = element.attrib
            if len(attributes) > MAX_ATTRIBUTES:
                for name in list(attributes.keys())[MAX_ATTRIBUTES:]:
                    del attributes[name]
                cut = True
    for number, entry in enumerate(list(root.iter("{*}item", "{*}entry"))):
        parent = entry.getparent()
        if number >= MAX_ENTRIES and parent is not None:
            parent.remove(entry)
            cut = True
        elif len(entry) > MAX_ITEM_CHILDREN:
            for child in entry[MAX_ITEM_CHILDREN:]:
                entry.remove(child)
            cut = True
    return cut


def _describe(error: BaseException | None, data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "not a feed: the server sent an HTML page"
    if error is None:
        return "not a feed: no items and no title"
    text = clean_line(str(error), 160) or type(error).__name__
    return f"malformed feed: {text}"


def _one_line(value: Any) -> str:
    """A title or name: when it is HTML, its tags go and its entities are decoded; a reference
    spelling a control (`&#27;`) is decoded and cleaned with the sequence it starts."""
    text = clean_markup(text_of(value), 100_000)
    if "<" in text:
        text = html.unescape(_TAGS.sub("", text))
    return clean_line(text)


def _entry(raw: dict[str, Any], extras: dict[str, Extra], base_url: str) -> Entry | None:
    written = clean_line(text_of(raw.get("link")), 2_000)
    # as written: stable across versions
    guid = clean_line(text_of(raw.get("id")), 2_000) or written
    address = link(written, base_url)
    title = _one_line(raw.get("title"))
    content = ""
    for part in raw.get("content") or ():
        if isinstance(part, dict) and part.get("value"):
            content = text_of(part["value"])
            break
    summary = text_of(raw.get("description") or raw.get("summary"))
    if summary == content:
        summary = ""
    if not guid:
        if not (title or summary or content):
            return None
        guid = "hash:" + _fingerprint(title, summary or content)
    extra = extras.get(guid) or extras.get(written) or Extra()
    authors = extra.authors or entry_authors(raw, base_url)
    tags = tuple(
        t
        for t in (_one_line(t.get("term")) for t in raw.get("tags") or () if isinstance(t, dict))
        if t
    )
    return Entry(
        guid=guid,
        link=address,
        title=title,
        authors=authors,
        published=entry_date(extra.published, raw.get("published")),
        updated=entry_date(extra.updated, raw.get("updated")),
        summary=clean_markup(summary),
        content=clean_markup(content),
        tags=tags[:20],
    )


def _fingerprint(*parts: str) -> str:
    import hashlib

    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:20]
