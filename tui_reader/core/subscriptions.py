"""Subscription lists in and out: OPML 2.0 (folders as tags) and newsboat's `urls` file."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from tui_reader.core.clean import clean_line, strip_escapes
from tui_reader.core.models import Feed

_ESCAPE_BYTES = re.compile(rb"\x1b|\xc2[\x80-\x9f]")  # ESC, or a C1 character in UTF-8


@dataclass
class Subscription:
    url: str
    title: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    subscriptions: list[Subscription] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "what: why", one per unusable line


def read_subscriptions(data: bytes) -> ImportResult:
    """OPML when the file is XML, newsboat's urls format otherwise."""
    text_head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_head.startswith(b"<"):
        return read_opml(data)
    return read_newsboat_urls(data.decode("utf-8", "replace"))


def _usable(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and " " not in url


def read_opml(data: bytes) -> ImportResult:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    if _ESCAPE_BYTES.search(data):  # whole sequences, before libxml2 drops the ESC alone
        data = strip_escapes(data.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape"
        )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"not an OPML file: {error}") from None
    if root is None or root.find("body") is None:
        raise ValueError("not an OPML file: no <body>")
    result = ImportResult()

    def walk(node: etree._Element, folders: list[str]) -> None:
        for outline in node.iterchildren("outline"):
            url = clean_line(outline.get("xmlUrl") or outline.get("xmlurl") or "", 2_000)
            title = clean_line(outline.get("title") or outline.get("text") or "")
            if url:
                title = "" if title == url else title
                if not _usable(url):
                    result.skipped.append(f"{url}: not an http(s) feed address")
                    continue
                categories = [
                    c.strip().strip("/").split("/")[-1]
                    for c in (outline.get("category") or "").split(",")
                    if c.strip().strip("/")
                ]
                tags = list(dict.fromkeys([*folders, *categories]))
                result.subscriptions.append(Subscription(url, title, tags))
            else:
                walk(outline, [*folders, title] if title else folders)

    walk(root.find("body"), [])
    return result


def read_newsboat_urls(text: str) -> ImportResult:
    result = ImportResult()
    # Lines end at "\n" only, as in newsboat: `splitlines` would also split at NEL, U+2028 and
    # the C0 separators, so a title could smuggle in a line of its own.
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=False, posix=True)
        except ValueError as error:
            result.skipped.append(f"line {number}: {error}")
            continue
        url, rest = words[0], words[1:]
        if not _usable(url):
            kind = url.split(":", 1)[0] if ":" in url else "this"
            result.skipped.append(
                f"line {number}: {kind}: lines are newsboat-only and not imported"
            )
            continue
        title = ""
        tags = []
        for word in rest:
            if word.startswith("~"):
                title = clean_line(word[1:])
            elif word.startswith("!") and len(word) == 1:
                continue  # newsboat's "hidden" marker
            else:
                tags.append(clean_line(word.lstrip("!"), 80))
        result.subscriptions.append(
            Subscription(clean_line(url, 2_000), title, [t for t in tags if t])
        )
    return result


def write_opml(feeds: list[Feed], title: str = "tui-reader subscriptions") -> str:
    """OPML 2.0; a feed sits in the folder of its first tag, and `category` lists all its tags."""
    now = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title><dateCreated>{now}</dateCreated></head>",
        "  <body>",
    ]
    folders: dict[str, list[Feed]] = {}
    loose: list[Feed] = []
    for feed in feeds:
        (folders.setdefault(feed.tags[0], []) if feed.tags else loose).append(feed)
    for tag in sorted(folders):
        name = clean_line(tag, 80)
        lines.append(f"    <outline text={quoteattr(name)} title={quoteattr(name)}>")
        lines += [f"      {_outline(f)}" for f in folders[tag]]
        lines.append("    </outline>")
    lines += [f"    {_outline(f)}" for f in loose]
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _outline(feed: Feed) -> str:
    """One feed; every value cleaned again (a row from an older version may hold a control
    character, which XML cannot carry even escaped)."""
    attrs = {"type": "rss", "text": feed.display_title}
    if feed.title:
        attrs["title"] = feed.title
    attrs["xmlUrl"] = feed.url
    if feed.site_url:
        attrs["htmlUrl"] = feed.site_url
    if len(feed.tags) > 1:
        attrs["category"] = ",".join(feed.tags)
    return (
        "<outline "
        + " ".join(f"{k}={quoteattr(clean_line(v, 2_000))}" for k, v in attrs.items())
        + "/>"
    )


def _text(value: str) -> str:
    value = clean_line(value, 2_000)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
