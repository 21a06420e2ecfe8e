"""Making an article fragment safe and self-contained: no active content, no trackers, no
relative addresses.

The article HTML is stored and rendered later, away from the page, so every link and image must
be absolute (against the page URL and its <base href>), and nothing in it may act: scripts,
frames, forms, event attributes and javascript:/data:/file: links go. An allow-list of attributes
is simpler to trust than a block-list. Lazy-loading images keep their real address in data-src
or srcset; those are promoted before the allow-list drops them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from tui_reader.core.extract.dom import tag_of

DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "iframe",
    "frame",
    "frameset",
    "embed",
    "object",
    "applet",
    "param",
    "button",
    "input",
    "select",
    "option",
    "textarea",
    "link",
    "meta",
    "base",
    "svg",
    "canvas",
    "video",
    "audio",
    "source",
    "track",
    "dialog",
    "nav",
}
KEEP_ATTRS = {
    "href",
    "src",
    "alt",
    "title",
    "colspan",
    "rowspan",
    "start",
    "datetime",
    "cite",
    "lang",
    "dir",
}
_LAZY = ("data-src", "data-lazy-src", "data-original", "data-url", "data-srcset", "srcset")
_PIXEL_HOSTS = re.compile(
    r"(?:^|\.)(?:doubleclick\.net|google-analytics\.com|googletagmanager\.com|scorecardresearch"
    r"\.com|quantserve\.com|pixel\.wp\.com|stats\.wordpress\.com|facebook\.com|bat\.bing\.com"
    r"|feedburner\.com|chartbeat\.net|imrworldwide\.com|amazon-adsystem\.com|adsrvr\.org"
    r"|pixel\.[a-z0-9.-]+|vg\d*\.met\.vgwort\.de|ssl-vg\d*\.met\.vgwort\.de|ioam\.de)$"
)
_PIXEL_PATH = re.compile(r"(?:^|/)(?:pixel|1x1|spacer|blank|transparent|tracking|beacon)[^/]*$")
_INERT_SCHEMES = ("javascript:", "data:", "file:", "vbscript:", "about:", "blob:")


def base_url(doc: Any, url: str) -> str:
    """The page's <base href> resolved against its URL; the URL when there is none."""
    if doc is not None:
        for base in doc.iter("base"):
            href = (base.get("href") or "").strip()
            if href and not href.lower().startswith(_INERT_SCHEMES):
                return _join(url, href) or url
    return url


def sanitize(root: Any, base: str) -> None:
    """Remove active content and trackers, make addresses absolute (see the module docstring).

    Attributes stay until `strip_attributes`: trimming reads class and id first."""
    from lxml import etree

    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    doomed = [el for el in root.iter() if tag_of(el) in DROP]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter("img", "a")):
        if el.tag == "img":
            _fix_image(el, base)
            if not el.get("src") and el.getparent() is not None:
                el.drop_tree()
        else:
            _fix_link(el, base)


def strip_attributes(root: Any) -> None:
    """Keep only the attributes of the allow-list: no event handlers, styles or classes."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            if name not in KEEP_ATTRS:
                del el.attrib[name]


def _fix_link(el: Any, base: str) -> None:
    href = (el.get("href") or "").strip()
    if not href:
        return
    url = _join(base, href)
    if url and urlsplit(url).scheme in ("http", "https", "mailto"):
        el.set("href", url)
    else:
        del el.attrib["href"]


def _fix_image(el: Any, base: str) -> None:
    src = (el.get("src") or "").strip()
    if not src or src.lower().startswith("data:") or _is_placeholder(src):
        for key in _LAZY:
            value = (el.get(key) or "").strip()
            if value:
                src = value.split(",")[0].strip().split(" ")[0]
                break
    url = _join(base, src) if src else ""
    if not url or urlsplit(url).scheme not in ("http", "https") or is_pixel(el, url):
        el.attrib.pop("src", None)
        return
    el.set("src", url)


def is_pixel(el: Any, url: str) -> bool:
    """A tracking pixel: a 0/1-pixel image, or one served from a known analytics host."""
    sizes = [(el.get(k) or "").strip().lower().removesuffix("px") for k in ("width", "height")]
    if any(s in ("0", "1") for s in sizes):
        return True
    parts = urlsplit(url)
    return bool(_PIXEL_HOSTS.search(parts.hostname or "") or _PIXEL_PATH.search(parts.path))


def _is_placeholder(src: str) -> bool:
    return bool(_PIXEL_PATH.search(urlsplit(src).path)) or src.endswith("lazy.gif")


def _join(base: str, link: str) -> str:
    try:
        return urljoin(base, link) if base else link
    except ValueError:
        return ""
