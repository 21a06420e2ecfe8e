"""Parsing every feed format from bytes, and turning bad documents into per-feed errors."""

from __future__ import annotations

import json

import pytest

from tests.support import feedgen
from tui_reader.core.feeds import FeedError, parse_feed
from tui_reader.core.text_encoding import to_utf8


@pytest.mark.parametrize("fmt", ["rss", "atom", "json", "rdf", "rss091"])
def test_every_format_gives_titles_links_and_dates(fmt: str) -> None:
    spec = feedgen.make_feed("https://example.org/", 5, seed=3, title="Harbour News")
    parsed = parse_feed(feedgen.FORMATS[fmt](spec))
    assert parsed.title == "Harbour News"
    assert [e.title for e in parsed.entries] == [i.title for i in spec.items]
    assert [e.link for e in parsed.entries] == [i.link for i in spec.items]
    if fmt != "rss091":  # RSS 0.91 has no dates, guids or authors
        assert parsed.entries[1].published == spec.items[1].published.timestamp()
        assert parsed.entries[0].authors[0].name == "Author 3-0"
        # entry 0 has two authors in the generator: both must survive
        assert [a.name for a in parsed.entries[0].authors] == ["Author 3-0", "Author 3-1"]


@pytest.mark.parametrize("fmt", ["atom", "json"])
def test_author_urls_are_kept(fmt: str) -> None:
    spec = feedgen.make_feed("https://example.org/", 2, seed=1)
    entry = parse_feed(feedgen.FORMATS[fmt](spec)).entries[0]
    assert entry.authors[0].url == "https://example.org/authors/1-0"


def test_rss_email_author_becomes_a_name() -> None:
    doc = b"""<rss version="2.0"><channel><title>t</title><item><title>a</title><guid>g</guid>
    <author>jane@example.org (Jane Doe)</author></item></channel></rss>"""
    assert parse_feed(doc).entries[0].authors[0].name == "Jane Doe"


def test_hostile_text_is_cleaned_at_ingest() -> None:
    doc = (
        '<rss version="2.0"><channel><title>Evil \u202eTitle</title><item><guid>g</guid>'
        "<title>Ship [/foo] now \u009b2J\u202e</title><description>a\u0085b"
        "</description></item></channel></rss>"
    ).encode()
    parsed = parse_feed(doc)
    assert parsed.title == "Evil Title"
    assert parsed.entries[0].title == "Ship [/foo] now"
    assert "ab" in (parsed.entries[0].summary, parsed.entries[0].content)


def test_bad_character_references_are_repaired_not_fatal() -> None:
    doc = b"<rss version='2.0'><channel><title>T &#xD800;</title><item><guid>g</guid><title>a&#1234567890;b</title></item></channel></rss>"
    parsed = parse_feed(doc)
    assert parsed.entries[0].title.startswith("a")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (b"<!doctype html><html><body>Hello</body></html>", "HTML page"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>cut',
            "truncated",
        ),
        (b'{"version": "https://jsonfeed.org/version/1", "items": "nope"}', "malformed feed"),
        (b"\x00\x01\x02 binary junk", "feed"),
    ],
)
def test_bad_documents_raise_feed_error(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(body)


def test_json_feed_without_ids_falls_back_to_url_then_content() -> None:
    doc = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "J",
            "items": [{"url": "https://e.org/1", "title": "one"}, {"content_text": "only text"}],
        }
    )
    entries = parse_feed(doc.encode()).entries
    assert entries[0].guid == "https://e.org/1"
    assert entries[1].guid.startswith("hash:") or entries[1].guid


def test_absurd_dates_become_none() -> None:
    doc = b"""<rss version="2.0"><channel><title>t</title>
    <item><guid>1</guid><pubDate>Mon, 01 Jan 2999 00:00:00 GMT</pubDate></item>
    <item><guid>2</guid><pubDate>not a date</pubDate></item></channel></rss>"""
    assert [e.published for e in parse_feed(doc).entries] == [None, None]


def test_http_charset_is_used_when_the_document_declares_none() -> None:
    body = '<rss version="2.0"><channel><title>Новини</title><item><guid>1</guid><title>Київ</title></item></channel></rss>'
    raw = body.encode("windows-1251")
    parsed = parse_feed(to_utf8(raw, "application/rss+xml; charset=windows-1251"))
    assert parsed.title == "Новини"
    assert parsed.entries[0].title == "Київ"


def test_declared_encoding_wins_and_missing_charset_falls_back_to_cp1252() -> None:
    declared = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Café</title><item><guid>1</guid><title>é</title></item></channel></rss>'
    assert (
        parse_feed(to_utf8(declared.encode("latin-1"), "text/xml; charset=utf-8")).title == "Café"
    )
    undeclared = '<rss version="2.0"><channel><title>Caf\u00e9 \u2019</title><item><guid>1</guid><title>x</title></item></channel></rss>'
    assert parse_feed(to_utf8(undeclared.encode("cp1252"), "text/xml")).title == "Café ’"


def test_item_cap_bounds_huge_feeds() -> None:
    spec = feedgen.make_feed("https://example.org/", 2_500, seed=1, content_paragraphs=0)
    assert len(parse_feed(feedgen.rss(spec)).entries) == 2_000
