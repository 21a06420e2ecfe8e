"""Credits of last resort: organisations, staff labels and sites crediting themselves.

The fixture page (tests/fixtures/pages/credits.html) is invented: a ferry story on "Example
Harbour News" with a slot for the byline and one for tags in <head>.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.core.extract import extract
from tui_reader.core.extract.names import leads_with_domain

PAGES = Path(__file__).parent / "fixtures" / "pages"
URL = "https://example.org/news/story.html"
SITE = "Example Harbour News"


def credits(byline: str, head: str = "") -> list[str]:
    """Authors of the invented page with `byline` above the article and `head` in <head>."""
    html = (PAGES / "credits.html").read_text(encoding="utf-8")
    html = html.replace("<!--BYLINE-->", byline).replace("<!--HEAD-->", head)
    return [a.name for a in extract(html, URL).authors]


def ld(author: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", "author": {author}}}</script>'


ARCHIVE = f'<a rel="author" href="/author/example-harbour-news/">{SITE}</a>'


@pytest.mark.parametrize(
    ("byline", "head", "expected"),
    [
        # the site's own author account, shown as the byline: the page's credit
        (f"By {ARCHIVE}", "", [SITE]),
        # ... but a person, when one is named, always wins
        (f'<span class="byline">By Oskar Lindqvist</span> {ARCHIVE}', "", ["Oskar Lindqvist"]),
        # the site's name in the byline and the template's meta tag or JSON-LD: no credit
        (f'<span class="byline">By {SITE}</span>', f'<meta name="author" content="{SITE}">', []),
        (f'<span class="byline">{SITE}</span>', ld(f'{{"@type": "Person", "name": "{SITE}"}}'), []),
        # the site's name in <head> alone never is
        ("", f'<meta name="author" content="{SITE}">', []),
        ("", ld(f'{{"@type": "Organization", "name": "{SITE}"}}'), []),
    ],
)
def test_site_credits_itself_only_through_its_author_account(
    byline: str, head: str, expected: list[str]
) -> None:
    assert credits(byline, head) == expected


def test_a_web_address_as_byline_is_kept_as_written() -> None:
    byline = 'Autor: <a href="/author/ferry-notes/">www.ferry-notes.example.org</a>'
    assert credits(f'<span class="byline">{byline}</span>') == ["www.ferry-notes.example.org"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<span class="byline">By Staff Writer</span>', ["Staff Writer"]),
        ('<span class="byline">By EHN Staff Report</span>', ["EHN Staff Report"]),
        ('<span class="author">Harbour staff</span>', ["Harbour staff"]),
        ('<span class="byline">By Lena Park, Staff Writer</span>', ["Lena Park"]),
        ('<span class="byline">By Lena Park and Harbour staff</span>', ["Lena Park"]),
    ],
)
def test_staff_label_is_the_credit_when_no_person_is_named(byline: str, expected: list) -> None:
    assert credits(byline) == expected


def test_places_after_the_sites_address_are_no_people() -> None:
    head = '<meta name="author" content="harbour.example.org, Oslo, Norway">'
    assert credits("", head) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("harbour.example.org, Oslo, Norway", True),
        ("Von www.example.de | Redaktion", True),
        ("Jane Doe, example.org", False),
        ("By Jane Doe", False),
    ],
)
def test_leads_with_domain(text: str, expected: bool) -> None:
    assert leads_with_domain(text) is expected
