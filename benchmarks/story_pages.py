"""Story pages the size and shape of real news pages, for timing prefetch.

`tests/support/pages.article_page` makes 3-5 KB pages from a 39-word vocabulary: right for tests,
wrong for a benchmark, because extraction time grows with the page and the cache per story with
how well the text compresses. A news page is 50-150 KB, and most of it is not the article: inline
CSS and script (a framework's JSON state), a navigation bar of dozens of links, a tail of related
stories and a footer. The article is 1-6 KB of prose in paragraphs, with a list, a subheading, a
quote and sometimes a figure. Words come from a 3,000-word made-up vocabulary drawn with Zipf
frequencies, so the text compresses about as well as English does.
"""

from __future__ import annotations

import json
import random
from itertools import accumulate
from xml.sax.saxutils import escape

from benchmarks.common import ROOT  # noqa: F401 - puts the repo root on sys.path
from tests.support.feedgen import Item

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "re",
    "sa",
    "tu",
    "ven",
    "dor",
    "al",
    "is",
    "en",
    "ter",
    "pol",
    "an",
    "gra",
    "mor",
    "fe",
    "shi",
    "ul",
    "bra",
    "on",
    "cet",
    "wy",
    "ni",
]


def _vocabulary(size: int = 3000) -> tuple[list[str], list[float]]:
    """Made-up words, and cumulative Zipf weights to draw them with."""
    rng = random.Random(42)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words, list(accumulate(1 / rank for rank in range(1, size + 1)))


WORDS, _CUMULATIVE = _vocabulary()


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=_CUMULATIVE, k=count))


def sentence(rng: random.Random, count: int) -> str:
    text = words(rng, count)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def paragraph(rng: random.Random, link_base: str) -> str:
    parts = [sentence(rng, rng.randint(8, 24)) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.4:  # an inline link, as articles cite things
        at = rng.randrange(len(parts))
        parts[at] = f'<a href="{link_base}{rng.randint(1, 9999)}">{parts[at]}</a>'
    return "<p>" + " ".join(parts) + "</p>"


def _nav(rng: random.Random, count: int) -> str:
    links = "".join(
        f'<li><a href="/section/{i}">{words(rng, rng.randint(1, 2)).title()}</a></li>'
        for i in range(count)
    )
    return f'<header class="site-header"><a class="logo" href="/">Gazette</a><nav><ul>{links}</ul></nav></header>'


def _article(rng: random.Random, item: Item, image: str | None, site: str) -> str:
    byline = " and ".join(name for name, _ in item.authors)
    body = [paragraph(rng, f"{site}ref/") for _ in range(rng.randint(6, 22))]
    middle = len(body) // 2
    body.insert(middle, f"<h2>{escape(sentence(rng, 5)[:-1])}</h2>")
    items = "".join(
        f"<li>{sentence(rng, rng.randint(6, 14))}</li>" for _ in range(rng.randint(3, 6))
    )
    body.insert(middle + 2, f"<ul>{items}</ul>")
    body.insert(len(body) - 2, f"<blockquote><p>{sentence(rng, 20)}</p></blockquote>")
    figure = ""
    if image:
        figure = (
            f'<figure><img src="{image}" width="1200" height="800" alt="{escape(sentence(rng, 6))}">'
            f"<figcaption>{escape(sentence(rng, 10))}</figcaption></figure>"
        )
    return (
        f'<article><h1>{escape(item.title)}</h1><p class="byline">By <a rel="author" '
        f'href="{escape(item.authors[0][1])}">{escape(byline)}</a></p>'
        f'<time datetime="{item.published.isoformat()}">{item.published:%d %B %Y}</time>'
        f'{figure}<div class="article-body">{"".join(body)}</div></article>'
    )


def _related(rng: random.Random, site: str) -> str:
    cards = "".join(
        f'<li class="card"><a href="{site}story/related/{rng.randint(1, 99999)}">'
        f"<h3>{escape(sentence(rng, 8)[:-1])}</h3></a><p>{escape(sentence(rng, 18))}</p></li>"
        for _ in range(rng.randint(12, 30))
    )
    return f'<aside class="related"><h2>More stories</h2><ul>{cards}</ul></aside>'


def _footer(rng: random.Random) -> str:
    links = "".join(
        f'<a href="/about/{i}">{words(rng, rng.randint(1, 3)).title()}</a>'
        for i in range(rng.randint(30, 70))
    )
    return f'<footer class="site-footer">{links}<p>Copyright the Generated Gazette</p></footer>'


def _style(rng: random.Random, rules: int) -> str:
    out = []
    for i in range(rules):
        name = words(rng, 1)
        out.append(
            f".{name}-{i}{{margin:{rng.randint(0, 32)}px {rng.randint(0, 32)}px;"
            f"color:#{rng.randrange(16**6):06x};font-size:{rng.randint(10, 40)}px}}"
        )
    return "<style>" + "".join(out) + "</style>"


def _state_script(rng: random.Random, size: int) -> str:
    """A framework's page state as JSON: what usually makes a news page 100 KB."""
    entries = []
    total = 0
    while total < size:
        entry = {
            "id": rng.getrandbits(48),
            "slug": words(rng, 4).replace(" ", "-"),
            "headline": sentence(rng, 9),
            "teaser": sentence(rng, 20),
            "section": words(rng, 1),
            "ts": rng.randint(1_700_000_000, 1_800_000_000),
        }
        text = json.dumps(entry)
        total += len(text) + 1
        entries.append(text)
    return '<script id="__STATE__" type="application/json">[' + ",".join(entries) + "]</script>"


def story_page(item: Item, *, seed: int, site: str, image: str | None) -> bytes:
    """One news page for `item`, between 50 and 150 KB, with `image` as its figure if given."""
    rng = random.Random(seed)
    target = rng.randint(50_000, 150_000)
    byline = " and ".join(name for name, _ in item.authors)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "datePublished": item.published.isoformat(),
        "author": [{"@type": "Person", "name": n, "url": u} for n, u in item.authors],
    }
    head = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(item.title)}"
        f" | Gazette</title><meta name='author' content='{escape(byline)}'>"
        f"<meta property='og:title' content='{escape(item.title)}'>"
        + (f"<meta property='og:image' content='{image}'>" if image else "")
        + f"<link rel='canonical' href='{escape(item.link)}'>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
        + _style(rng, rng.randint(80, 240))
        + "</head><body>"
    )
    visible = (
        _nav(rng, rng.randint(25, 60))
        + f"<main>{_article(rng, item, image, site)}{_related(rng, site)}</main>"
        + _footer(rng)
    )
    filler = max(0, target - len(head) - len(visible) - 40)
    return (head + visible + _state_script(rng, filler) + "</body></html>").encode()


def noisy_png(seed: int, size: int) -> bytes:
    """A real PNG of about `size` bytes that does not compress away (photographs do not)."""
    from tests.support.pages import png

    return png(256, max(1, size // (256 * 3)), noise=seed)
