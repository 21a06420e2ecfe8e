"""The full-text pipeline: article text, cleaning, trimming, authors, decoding, and the CLI.

Fixture pages in tests/fixtures/pages are invented (text, names, example.org addresses). Pages
that need fetching are served by the loopback server; the rest are parsed directly.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.server import LoopbackServer, Route
from tui_reader.cli import main
from tui_reader.core.extract import AuthorInfo, Extraction, decode_page, extract, readable
from tui_reader.core.extract.names import split_byline

PAGES = Path(__file__).parent / "fixtures" / "pages"
URL = "https://example.org/news/story.html"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def names(result: Extraction) -> list[str]:
    return [a.name for a in result.authors]


# --- authors -------------------------------------------------------------------------------


def test_author_card_gives_role_bio_url_and_image() -> None:
    result = extract(page("author_card.html"), URL)
    assert names(result) == ["Mira Holloway"]  # not the site's own name from <meta name=author>
    author = result.authors[0]
    assert author.role == "Transport correspondent"
    assert author.bio.startswith("Mira Holloway has reported on railways")
    assert author.url == "https://example.org/authors/mira-holloway/"
    assert author.image == "https://example.org/img/mira.jpg"
    assert "has reported on railways" not in result.text  # the card is not article text
    assert result.site == "The Example Courier"
    assert result.published == 1709627400.0


def test_jsonld_graph_with_id_references_and_two_authors() -> None:
    result = extract(page("jsonld_graph.html"), URL)
    assert names(result) == ["Ilse Marrow", "Tomas Verlaine"]
    ilse, tomas = result.authors
    assert ilse.role == "Data editor"
    assert ilse.bio.startswith("Ilse Marrow edits the data desk")
    assert ilse.url == "https://example.org/people/ilse-marrow/"
    assert ilse.image == "https://example.org/img/ilse.jpg"
    assert tomas.url == "https://example.org/people/tomas-verlaine/"
    assert result.byline == "Ilse Marrow and Tomas Verlaine"
    assert result.title == "How the river was counted"
    assert result.images[0]["url"] == "https://example.org/img/river.jpg"


def test_jsonld_author_the_page_never_shows_is_not_used() -> None:
    html = page("jsonld_graph.html").replace(
        '<p class="credits">Ilse Marrow and Tomas Verlaine</p>', ""
    )
    assert extract(html, URL).authors == []


def test_byline_only_page_names_both_authors() -> None:
    result = extract(page("byline_only.html"), URL)
    assert names(result) == ["Jane Doe", "John Roe"]
    assert result.byline == "Jane Doe and John Roe"
    assert "By Jane Doe" not in result.text  # the byline line is trimmed from the text


def test_site_name_is_not_a_person_when_a_person_is_named() -> None:
    result = extract(page("organisation.html"), URL)
    assert names(result) == ["Oskar Lindqvist"]
    assert result.authors[0].role == ""  # "Example Harbour News" is the site, not a job


def test_site_name_alone_is_no_author() -> None:
    html = page("organisation.html").replace("By <span", "<span").replace("Oskar Lindqvist", "")
    assert extract(html, URL).authors == []


def test_feed_authors_are_used_and_enriched_by_the_page() -> None:
    html = page("byline_only.html").replace("<p>By Jane Doe and John Roe</p>", "")
    feed = [AuthorInfo("Petra Quill", url="https://example.org/people/petra/")]
    result = extract(html, URL, feed_authors=feed)
    assert names(result) == ["Petra Quill"]
    assert result.authors[0].url == "https://example.org/people/petra/"


def credits(byline: str, head: str = "") -> list[str]:
    """Authors of an invented page with `byline` above the article and `head` in <head>."""
    html = page("credits.html").replace("<!--BYLINE-->", byline).replace("<!--HEAD-->", head)
    return names(extract(html, URL))


def ld(author: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", "author": {author}}}</script>'


@pytest.mark.parametrize(
    ("byline", "head", "expected"),
    [
        # a handle the byline shows and its author-archive link spells: the page's own credit
        ('<a href="/author/herr_quill/">Herr_Quill</a>', "", ["Herr_Quill"]),
        (
            "<span>von Herr_Quill</span>",
            ld('{"@type": "Person", "name": "Herr_Quill"}'),
            ["Herr_Quill"],
        ),
        ('<span class="byline">Herr_Quill</span>', "", []),  # one source alone: not trusted
        # a lower-case surname the meta tag confirms
        (
            '<span class="author">By Tarek amin</span>',
            '<meta name="author" content="Tarek amin">',
            ["Tarek amin"],
        ),
        # JSON-LD names the first author, the meta tag both
        (
            '<span class="byline">Lena Park</span>',
            ld('{"@type": "Person", "name": "Lena Park"}')
            + '<meta name="author" content="Lena Park, Omar Reyes">',
            ["Lena Park", "Omar Reyes"],
        ),
        # an organisation credited as author, other than the site itself; never the site
        (
            "",
            ld('{"@type": "Organization", "name": "Friends of the Ferry"}'),
            ["Friends of the Ferry"],
        ),
        ("", ld('{"@type": "Organization", "name": "Example Harbour News"}'), []),
        # a link to the author's archive, or to a newsroom profile, is a byline
        (
            '<p class="date"><a href="/author/fabian/">Fabian</a></p>',
            '<meta name="author" content="Theme Maker - Other Maker">',
            ["Fabian"],
        ),
        (
            '<a href="https://example.org/about/newsteam/jr-stone">J.R. Stone</a>',
            "",
            ["J.R. Stone"],
        ),
        ('<span class="byline">Von Mat\u00adthi\u00adas Lauer</span>', "", ["Matthias Lauer"]),
        ('<span class="byline">| harbourfest.example.de</span>', "", []),  # a host, not a name
        ('<span class="author-views">Views(2301)</span>', "", []),  # a counter, not a byline
    ],
)
def test_credits_from_agreeing_and_marked_sources(byline: str, head: str, expected: list) -> None:
    assert credits(byline, head) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        (
            "By JANE DOE and John Roe, Staff Writers | Updated March 3, 2024",
            ["Jane Doe", "John Roe"],
        ),
        ("Words by Ana de la Cruz @anacruz", ["Ana de la Cruz"]),
        ("Posted on May 3, 2020 by Lena Park", ["Lena Park"]),
        ("Von Max Muster und Erika Beispiel, 04.02.2022", ["Max Muster", "Erika Beispiel"]),
    ],
)
def test_bylines_split_into_names(byline: str, expected: list[str]) -> None:
    from tui_reader.core.extract.names import tidy_name

    assert [tidy_name(name) for name, _ in split_byline(byline)] == expected


def test_byline_joins_names_the_way_people_say_them() -> None:
    def byline(*people: str) -> str:
        return Extraction(authors=[AuthorInfo(p) for p in people]).byline

    assert byline() == ""
    assert byline("A") == "A"
    assert byline("A", "B") == "A and B"
    assert byline("A", "B", "C") == "A, B and C"


# --- article text, cleaning and trimming ---------------------------------------------------


def test_cleaning_removes_active_content_and_makes_addresses_absolute() -> None:
    result = extract(page("cleaning.html"), URL)
    html = result.html
    for gone in ("<script", "<style", "<iframe", "<form", "<input", "<button", "onclick"):
        assert gone not in html
    assert "onmouseover" not in html and "style=" not in html
    assert "javascript:" not in html and ">programme</a>" in html  # link text kept, href gone
    assert "pixel.example.net" not in html  # the 1x1 tracking image
    assert 'href="https://example.org/stories/lanterns.html"' in html  # against <base href>
    assert 'href="https://example.org/contact"' in html
    assert 'src="https://example.org/img/lanterns.jpg"' in html
    assert result.images == [
        {"url": "https://example.org/img/lanterns.jpg", "alt": "Lanterns at the lock"}
    ]
    assert "injected" not in result.text and "window.evil" not in result.text


def test_trimming_cuts_edges_and_keeps_paragraphs() -> None:
    result = extract(page("trimming.html"), URL)
    text = result.text
    kept = ("The central library will open", "Staff will work Sundays", "Visitors will be able")
    for sentence in kept:
        assert sentence in text
    assert text.startswith("The central library will open")  # headline, date, share row gone
    assert text.rstrip().endswith("stays closed on Sundays for now.")  # the tail is gone
    for junk in (
        "Share Tweet",
        "March 3, 2024",
        "Read more:",
        "Related stories",
        "newsletter",
        "©",
    ):
        assert junk not in text


def test_trimming_never_cuts_long_paragraphs() -> None:
    long_share = (
        "Share prices of the ferry company rose after the announcement, and analysts said the "
        "new timetable could bring the operator back to profit within two years if passenger "
        "numbers keep growing at the pace of the last summer season."
    )
    html = page("trimming.html").replace("<p>Share Tweet Email</p>", f"<p>{long_share}</p>")
    assert long_share in extract(html, URL).text


def test_readability_returning_nothing_falls_back_to_the_page_block() -> None:
    html = page("readability_empty.html")
    raw = readable.readability_html(html)  # the failure this fallback exists for
    assert "council" not in raw and "allotment" not in raw
    result = extract(html, URL)
    assert result.status == "full" and result.reason == ""
    assert "The council has changed the rules" in result.text
    assert "public meeting on the hedge rule" in result.text


def test_nothing_readable_falls_back_to_the_feed_and_says_why() -> None:
    html = "<html><body><nav><a href='/a'>Home</a> <a href='/b'>News</a></nav></body></html>"
    feed = "<p>" + "The feed carries the whole story in its own content. " * 10 + "</p>"
    result = extract(html, URL, feed_html=feed)
    assert result.status == "feed"
    assert result.reason == "extraction failed"
    assert result.text.startswith("The feed carries the whole story")


def test_page_much_shorter_than_the_feed_loses_to_it() -> None:
    html = "<html><body><article><p>Subscribe to read the whole story.</p></article></body></html>"
    feed = "<p>" + "A long story told in the feed itself, sentence after sentence. " * 20 + "</p>"
    result = extract(html, URL, feed_html=feed)
    assert (result.status, result.reason) == ("feed", "page text shorter than the feed's")
    assert result.word_count > 100


@pytest.mark.timeout(120)
def test_huge_page_returns_in_bounded_time() -> None:
    paragraph = "<p>" + "A sentence of a very long page, with commas, to score. " * 8 + "</p>\n"
    html = (
        "<html><body><article>"
        + paragraph * (5_000_000 // len(paragraph) + 1)
        + "</article></body></html>"
    )
    assert len(html) >= 5_000_000
    started = time.perf_counter()
    result = extract(html, URL)
    assert time.perf_counter() - started < 60
    assert result.status == "full" and result.word_count > 10_000


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "<", "<<<>>>", "\x00\x01\x02" * 100, "<html><body></body></html>", "<div>" * 5000],
)
def test_junk_never_raises(junk: str) -> None:
    result = extract(junk, "not a url", feed_html="<p", feed_authors=[AuthorInfo("")])
    assert result.status in ("empty", "feed", "full")
    assert result.reason or result.status == "full"


def test_binary_input_says_not_html() -> None:
    result = extract(bytes(range(256)).decode("latin-1") * 20, URL)
    assert (result.status, result.reason) == ("empty", "not HTML")


def test_control_characters_never_reach_the_output() -> None:
    html = page("byline_only.html").replace("Jane Doe", "Jane\x1b[31m Doe\u202e")
    result = extract(html, URL)
    assert "\x1b" not in result.text + result.html + result.byline
    assert "\u202e" not in result.byline


# --- decoding ------------------------------------------------------------------------------


def test_decode_page_uses_the_http_charset() -> None:
    body = "<p>Grüße aus Köln</p>".encode("iso-8859-1")
    assert "Grüße aus Köln" in decode_page(body, "text/html; charset=ISO-8859-1")


def test_decode_page_uses_a_byte_order_mark() -> None:
    assert decode_page(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>") == "<p>café</p>"
    assert decode_page("<p>café</p>".encode("utf-16")) == "<p>café</p>"
    # the BOM wins over a wrong HTTP charset, as in browsers
    assert (
        decode_page(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "text/html; charset=latin-1")
        == "<p>café</p>"
    )


def test_decode_page_uses_meta_charset() -> None:
    html = '<html><head><meta charset="shift_jis"></head><body>日本語</body></html>'
    assert "日本語" in decode_page(html.encode("shift_jis"))
    html = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>€5</p>'
    assert "€5" in decode_page(html.encode("cp1252"))


def test_decode_page_falls_back_to_utf8_then_cp1252() -> None:
    assert decode_page("<p>naïve</p>".encode()) == "<p>naïve</p>"
    assert decode_page("<p>“quoted”</p>".encode("cp1252")) == "<p>“quoted”</p>"
    assert decode_page(b"") == ""


# --- the CLI -------------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_cli_fetches_and_extracts_a_url(
    server: LoopbackServer, capsys: pytest.CaptureFixture
) -> None:
    body = page("author_card.html").encode("utf-8")
    url = server.add("/story", Route(body, "text/html; charset=utf-8"))
    assert main(["extract", "--json", url]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["title"] == "Night trains return to the valley"
    assert out["author"] == "Mira Holloway"
    assert out["authors"][0]["role"] == "Transport correspondent"
    assert out["author_bio"].startswith("Mira Holloway has reported")
    assert out["author_url"] == server.url("/authors/mira-holloway/")  # absolute, fetched URL
    assert out["published"] == "2024-03-05T08:30:00+00:00"
    assert out["status"] == "full" and out["word_count"] > 100
    assert {"site", "text", "images", "ms", "reason"} <= out.keys()


@pytest.mark.timeout(60)
def test_cli_refuses_a_non_html_response(
    server: LoopbackServer, capsys: pytest.CaptureFixture
) -> None:
    url = server.add("/image", Route(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"))
    assert main(["extract", url]) == 1
    assert "not HTML" in capsys.readouterr().err


def test_cli_reports_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", str(tmp_path / "missing.html")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_cli_prints_a_readable_page_from_a_file(capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", "--url", URL, str(PAGES / "byline_only.html")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Harbour festival moves to September"
    assert lines[1] == "by Jane Doe and John Roe"
    assert "The harbour festival, held every June" in out


@pytest.mark.timeout(120)
def test_cli_jsonl_answers_every_line_even_a_broken_one() -> None:
    requests = [
        json.dumps({"id": "a", "url": URL, "html": page("byline_only.html")}),
        '{"id": "b", "html": ',  # broken JSON
        json.dumps({"id": "c", "url": URL, "html": page("jsonld_graph.html")}),
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "tui_reader", "extract", "--jsonl"],
        input="\n".join(requests) + "\n",
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(answers) == 3
    assert answers[0]["id"] == "a" and answers[0]["author"] == "Jane Doe and John Roe"
    assert answers[1]["text"] == "" and "error" in answers[1]
    assert answers[2]["id"] == "c" and answers[2]["author"] == "Ilse Marrow and Tomas Verlaine"
