"""Finding a site's feed from its HTML page (`<link rel="alternate" type="application/rss+xml">`)."""

from __future__ import annotations

from urllib.parse import urljoin

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
)


def looks_like_html(body: bytes, content_type: str = "") -> bool:
    if "html" in content_type.lower() and "xhtml+xml" not in content_type.lower():
        return True
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]


def feed_links(body: bytes, base_url: str) -> list[str]:
    """Feed URLs a page advertises, best first (RSS/Atom before JSON), made absolute."""
    from lxml import html

    try:
        doc = html.document_fromstring(body[:2_000_000])
    except Exception:
        return []
    base = urljoin(base_url, next((b.get("href") for b in doc.iter("base") if b.get("href")), ""))
    found: list[tuple[int, str]] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            url = urljoin(base, href)
            if url.startswith(("http://", "https://")) and url not in [u for _, u in found]:
                found.append((FEED_TYPES.index(kind), url))
    return [url for _, url in sorted(found, key=lambda pair: pair[0])]
