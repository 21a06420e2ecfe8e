"""Generated feeds and pages for tests and benchmarks: RSS 2.0, RSS 0.91, RDF, Atom, JSON Feed."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

WORDS = [
    "harbour",
    "council",
    "river",
    "bridge",
    "market",
    "winter",
    "energy",
    "grid",
    "school",
    "rail",
    "station",
    "budget",
    "museum",
    "archive",
    "festival",
    "garden",
    "library",
    "tram",
    "storm",
    "coast",
    "forest",
    "valley",
    "port",
    "signal",
    "network",
    "engine",
    "village",
    "theatre",
    "orchestra",
    "harvest",
    "ferry",
    "tunnel",
    "factory",
    "clinic",
    "report",
    "plan",
    "vote",
    "city",
    "street",
]
BASE_TIME = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@dataclass
class Item:
    guid: str
    title: str
    link: str
    authors: list[tuple[str, str]]  # (name, url)
    published: datetime
    summary: str
    content: str


@dataclass
class FeedSpec:
    title: str
    site: str
    items: list[Item] = field(default_factory=list)


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_feed(
    site: str, n_items: int, *, seed: int = 0, title: str | None = None, content_paragraphs: int = 4
) -> FeedSpec:
    rng = random.Random(seed)
    spec = FeedSpec(title or f"Feed {seed}: {sentence(rng, 3)[:-1]}", site)
    people = [(f"Author {seed}-{i}", f"{site}authors/{seed}-{i}") for i in range(3)]
    for i in range(n_items):
        paras = "".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(content_paragraphs))
        spec.items.append(
            Item(
                guid=f"{site}story/{seed}/{i}",
                title=f"Story {i} of feed {seed}: {sentence(rng, 6)[:-1]}",
                link=f"{site}story/{seed}/{i}",
                authors=[people[i % 3]] + ([people[(i + 1) % 3]] if i % 7 == 0 else []),
                published=BASE_TIME - timedelta(hours=i + seed),
                summary=sentence(rng, 30),
                content=paras,
            )
        )
    return spec


def rss(spec: FeedSpec) -> bytes:
    items = []
    for it in spec.items:
        creators = "".join(f"<dc:creator>{escape(n)}</dc:creator>" for n, _ in it.authors)
        items.append(
            f"<item><title>{escape(it.title)}</title><link>{escape(it.link)}</link>"
            f'<guid isPermaLink="false">{escape(it.guid)}</guid>{creators}'
            f"<pubDate>{format_datetime(it.published)}</pubDate>"
            f"<description>{escape(it.summary)}</description>"
            f"<content:encoded><![CDATA[{it.content}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(spec.title)}</title><link>{escape(spec.site)}</link>"
        f"<description>generated</description>{''.join(items)}</channel></rss>"
    ).encode()


def atom(spec: FeedSpec) -> bytes:
    entries = []
    for it in spec.items:
        authors = "".join(
            f"<author><name>{escape(n)}</name><uri>{escape(u)}</uri></author>"
            for n, u in it.authors
        )
        entries.append(
            f"<entry><id>{escape(it.guid)}</id><title>{escape(it.title)}</title>"
            f'<link rel="alternate" href="{escape(it.link)}"/>{authors}'
            f"<published>{it.published.isoformat()}</published>"
            f"<updated>{it.published.isoformat()}</updated>"
            f"<summary>{escape(it.summary)}</summary>"
            f'<content type="html">{escape(it.content)}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(spec.title)}</title><id>{escape(spec.site)}</id>"
        f'<link rel="alternate" href="{escape(spec.site)}"/>'
        f"<updated>{BASE_TIME.isoformat()}</updated>{''.join(entries)}</feed>"
    ).encode()


def json_feed(spec: FeedSpec) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": spec.title,
            "home_page_url": spec.site,
            "items": [
                {
                    "id": it.guid,
                    "url": it.link,
                    "title": it.title,
                    "content_html": it.content,
                    "summary": it.summary,
                    "date_published": it.published.isoformat(),
                    "authors": [{"name": n, "url": u} for n, u in it.authors],
                }
                for it in spec.items
            ],
        }
    ).encode()


def rdf(spec: FeedSpec) -> bytes:
    items = "".join(
        f'<item rdf:about="{escape(it.link)}"><title>{escape(it.title)}</title>'
        f"<link>{escape(it.link)}</link><description>{escape(it.summary)}</description>"
        f"<dc:date>{it.published.isoformat()}</dc:date>"
        + "".join(f"<dc:creator>{escape(n)}</dc:creator>" for n, _ in it.authors)
        + "</item>"
        for it in spec.items
    )
    return (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{escape(spec.site)}"><title>{escape(spec.title)}</title>'
        f"<link>{escape(spec.site)}</link><description>generated</description></channel>"
        f"{items}</rdf:RDF>"
    ).encode()


def rss091(spec: FeedSpec) -> bytes:
    items = "".join(
        f"<item><title>{escape(it.title)}</title><link>{escape(it.link)}</link>"
        f"<description>{escape(it.summary)}</description></item>"
        for it in spec.items
    )
    return (
        '<?xml version="1.0"?>\n<rss version="0.91"><channel>'
        f"<title>{escape(spec.title)}</title><link>{escape(spec.site)}</link>"
        f"<description>generated</description><language>en</language>{items}</channel></rss>"
    ).encode()


FORMATS = {"rss": rss, "atom": atom, "json": json_feed, "rdf": rdf, "rss091": rss091}
CONTENT_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
    "rdf": "application/rdf+xml",
    "rss091": "text/xml",
}


def story_page(item: Item, site_name: str = "Generated Site") -> bytes:
    byline = " and ".join(n for n, _ in item.authors)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(item.title)}</title>"
        f"<meta name='author' content='{escape(byline)}'></head><body>"
        f"<header><nav><a href='/'>{site_name}</a> <a href='/world'>World</a></nav></header>"
        f"<article><h1>{escape(item.title)}</h1><p class='byline'>By {escape(byline)}</p>"
        f"{item.content}</article><footer>Copyright {site_name}</footer></body></html>"
    ).encode()
