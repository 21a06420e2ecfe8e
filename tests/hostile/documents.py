"""Builders for the documents of the hostile corpus: RSS, Atom, JSON Feed, RDF and OPML, with
the hostile text put exactly where a case says (no escaping unless the case asks for it)."""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

DATE = "Fri, 20 Nov 2026 10:00:00 GMT"
ISO = "2026-11-20T10:00:00Z"


def rss(title: str, items: str, *, head: str = "", decl: str = "", ns: str = "") -> bytes:
    return (
        f'{decl}{head}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/"{ns}><channel>'
        f"<title>{title}</title><link>/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def item(
    guid: str, title: str = "A story", *, link: str = "", body: str = "", more: str = ""
) -> str:
    link = link or f"/story/{guid}"
    return (
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title><link>{link}</link>"
        f"<pubDate>{DATE}</pubDate><description>{body or 'A summary.'}</description>{more}</item>"
    )


def atom(title: str, entries: str, *, attrs: str = "") -> bytes:
    return (
        f'<feed xmlns="http://www.w3.org/2005/Atom"{attrs}><title>{title}</title>'
        f'<id>urn:feed</id><updated>{ISO}</updated><link href="/"/>{entries}</feed>'
    ).encode()


def entry(
    ident: str, title: str = "An entry", *, more: str = "", link: str = "", kind: str = "text"
) -> str:
    return (
        f"<entry><id>{ident}</id><title type='{kind}'>{title}</title>"
        f"<link href={quoteattr(link or f'/e/{ident}')}/>"
        f"<updated>{ISO}</updated><published>{ISO}</published>{more}</entry>"
    )


def json_feed(title: object, items: list[object], **extra: object) -> bytes:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items, **extra}
    return json.dumps(doc).encode()


def json_item(ident: str, **fields: object) -> dict[str, object]:
    return {"id": ident, "url": f"/j/{ident}", "date_published": ISO, **fields}


def rdf(title: str, items: str) -> bytes:
    return (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="/"><title>{title}</title><link>/</link><description>d</description>'
        f"</channel>{items}</rdf:RDF>"
    ).encode()


def rdf_item(about: str, title: str = "An item", *, more: str = "") -> str:
    return (
        f'<item rdf:about="{about}"><title>{title}</title><link>{about}</link>'
        f"<dc:date>{ISO}</dc:date>{more}</item>"
    )


def cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


def baseline(name: str) -> bytes:
    """What every subscription serves before its hostile version: two ordinary stories."""
    return rss(
        f"Baseline {name}",
        item(f"base-{name}-1", "Baseline story one") + item(f"base-{name}-2", "Baseline story two"),
    )


def opml(outlines: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{head}<opml version="2.0"><head><title>subs</title></head>'
        f"<body>{outlines}</body></opml>"
    ).encode()
