"""What fastfeedparser loses, read from the document itself: every author of an entry with
their URL, and the raw date text (read strictly here, since the parser turns junk into today).

Also the small readers of untrusted values both modules use: text of any value, and links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from tui_reader.core.clean import clean_line
from tui_reader.core.parsed import Person

MAX_ITEM_CHILDREN = 500  # authors, categories, links... of one item
_PLAIN_ABSOLUTE = re.compile(r"https?://[^\s\[\]?#]+(?:\?[^\s\[\]?#]+)?(?:#[^\s\[\]#]+)?")
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_ATOM = "{http://www.w3.org/2005/Atom}"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_ATOM_AUTHOR = f"{_ATOM}author"
_EXTRA_TAGS = frozenset(
    (
        *(f"{_ATOM}id", "guid", "link", f"{_RSS1}link"),
        *("pubDate", f"{_ATOM}published", _DC_DATE, f"{_ATOM}updated"),
    )
)


def text_of(value: Any) -> str:
    """Text, or a number as text; anything else a parser may hand back (dict, list) is no text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def link(value: Any, base_url: str) -> str:
    """An http(s) address, made absolute; anything else (javascript:, data:, file:) is dropped."""
    text = clean_line(text_of(value), 2_000)
    if not text:
        return ""
    if _PLAIN_ABSOLUTE.fullmatch(text):
        return text  # already absolute and plain: urljoin would hand it back as it is
    if base_url:
        try:
            text = clean_line(urljoin(base_url, text), 2_000)
        except ValueError:  # e.g. a malformed IPv6 host
            return ""
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in ("http", "https") else ""


def entry_authors(raw: dict[str, Any], base_url: str) -> tuple[Person, ...]:
    people = raw.get("authors")
    found = [
        _person(a.get("name"), link(a.get("href") or a.get("uri"), base_url))
        for a in (people if isinstance(people, list) else ())[:MAX_ITEM_CHILDREN]
        if isinstance(a, dict)
    ]
    if not found and raw.get("author"):
        found = [_person(raw.get("author"))]
    return _unique(found)


def _person(name: Any, url: Any = None, email: Any = None) -> Person | None:
    text = text_of(name).strip()
    match = _EMAIL_NAME.match(text)
    if match:
        email, text = text.split("(", 1)[0].strip(), match.group(1)
    text = clean_line(text, 200)
    if not text:
        return None
    return Person(text, clean_line(text_of(url), 2_000), clean_line(text_of(email), 200))


def _unique(people: list[Person | None]) -> tuple[Person, ...]:
    seen: dict[str, Person] = {}
    for person in people:
        if person and person.name.casefold() not in seen:
            seen[person.name.casefold()] = person
    return tuple(seen.values())[:20]


@dataclass
class Extra:
    """What fastfeedparser loses: every author with URL, and the raw date text."""

    authors: tuple[Person, ...] = ()
    published: str = ""
    updated: str = ""


def json_extras(doc: dict[str, Any], base_url: str) -> dict[str, Extra]:
    """Per entry id, from a JSON Feed already reduced to well-typed fields by `_json_item`."""
    found: dict[str, Extra] = {}
    for item in doc["items"]:
        found[clean_line(text_of(item.get("id") or item.get("url")), 2_000)] = Extra(
            _unique(
                [
                    _person(p.get("name"), link(p.get("url"), base_url))
                    for p in item.get("authors", ())
                ]
            ),
            text_of(item.get("date_published")),
            text_of(item.get("date_modified")),
        )
    return found


def xml_extras(root: Any, base_url: str) -> dict[str, Extra]:
    """Per entry id, read straight from the tree in one pass over each entry's children."""
    found: dict[str, Extra] = {}
    for entry in root.iter(f"{_ATOM}entry", "item", f"{_RSS1}item"):
        first: dict[str, str] = {}
        people: list[Person | None] = []
        creators: list[Person | None] = []
        plain: list[Person | None] = []
        for child in entry:
            tag = child.tag
            if tag == _ATOM_AUTHOR:
                people.append(
                    _person(
                        child.findtext(f"{_ATOM}name"),
                        link(child.findtext(f"{_ATOM}uri"), base_url),
                        child.findtext(f"{_ATOM}email"),
                    )
                )
            elif tag == _DC_CREATOR:
                creators.append(_person(child.text))
            elif tag == "author":
                plain.append(_person(child.text))
            elif tag in _EXTRA_TAGS and tag not in first:
                first[tag] = child.text or ""
        guid = (
            first.get(f"{_ATOM}id")
            or first.get("guid")
            or first.get("link")
            or first.get(f"{_RSS1}link")
            or entry.get(f"{_RDF}about", "")
        )
        found[clean_line(guid, 2_000)] = Extra(
            _unique(people + creators + plain),
            first.get("pubDate") or first.get(f"{_ATOM}published") or first.get(_DC_DATE) or "",
            first.get(f"{_ATOM}updated", ""),
        )
    return found


def entry_date(raw_text: str, parsed: Any) -> float | None:
    """Our own strict reading first; the parser's lenient one only when the year agrees.

    fastfeedparser turns text like "not a date" into today's date, which would put junk at the
    top of every list.
    """
    if raw_text:
        strict = parseentry_date(raw_text)
        if strict is not None:
            return strict
        lenient = parseentry_date(parsed)
        if lenient is not None and str(datetime.fromtimestamp(lenient, UTC).year) in raw_text:
            return lenient
        return None
    return parseentry_date(parsed)


def parseentry_date(value: Any) -> float | None:
    """Seconds since the epoch, or None for a missing or absurd date."""
    text = text_of(value).strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        stamp = when.timestamp()
    except (OverflowError, OSError, ValueError):
        return None
    now = datetime.now(UTC).timestamp()
    if stamp < 0 or stamp > now + 2 * 86_400:
        return None
    return stamp
