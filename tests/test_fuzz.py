"""Property-based tests: the sanitiser, the feed parser and the render boundary on arbitrary input.

Text is drawn from all of Unicode and, more often, from the pieces escape sequences and character
references are made of, so the interesting cases come up in a few hundred examples.
"""

from __future__ import annotations

import html
import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from tests.hostile.checks import FORBIDDEN, PAYLOAD
from tests.support import feedgen
from tui_reader.core.blocks import html_to_document
from tui_reader.core.clean import clean_line, clean_markup, clean_text, strip_escapes
from tui_reader.core.feeds import FeedError, parse_feed
from tui_reader.core.models import Author, Story
from tui_reader.core.text_encoding import to_utf8
from tui_reader.ui.render import article_body, article_header, author_card, story_row

FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PIECES = [
    "\x1b", "[", "]", "P", "52;c;", "8;;", "2J", "\x07", "\\", "\x9b", "\x9d", "\x90", "\x9c",
    "\x85", "\x00", "\x7f", "\r", "\n", "\t", " ", "\u202e", "\u2066", "\u200f", "\u061c",
    "&#27;", "&#x9b;", "&#155;", "&#8238;", "&#", "x1b", "27", ";", "&rlm;", "&amp;", "&lt;b&gt;",
    "<", ">", "<p>", "</p>", "<a href='/x'>", "</a>", "[/]", "[@click=app.quit]", "a", "é", "漢",
]  # fmt: skip
hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join),
)


def assert_clean(text: str) -> None:
    assert not FORBIDDEN.search(text), [hex(ord(c)) for c in FORBIDDEN.findall(text)]


# -- the sanitiser ---------------------------------------------------------------------------


@FAST
@given(hostile_text, st.integers(min_value=1, max_value=400))
def test_clean_line_is_one_safe_capped_line(text: str, limit: int) -> None:
    line = clean_line(text, limit)
    assert_clean(line)
    assert "\n" not in line and "\t" not in line
    assert len(line) <= limit
    assert clean_line(line, limit) == line


@FAST
@given(hostile_text, st.integers(min_value=1, max_value=4_000))
def test_clean_text_is_safe_capped_and_idempotent(text: str, limit: int) -> None:
    body = clean_text(text, limit)
    assert_clean(body)
    assert len(body) <= limit and "\n\n\n" not in body
    assert clean_text(body, limit) == body


@FAST
@given(hostile_text)
def test_clean_markup_leaves_no_reference_that_decodes_to_a_control(text: str) -> None:
    body = clean_markup(text)
    assert_clean(body)
    assert_clean(html.unescape(body).replace("\r", ""))
    assert_clean(html_to_document(body).plain)
    assert clean_markup(body) == body


@FAST
@given(hostile_text)
def test_strip_escapes_removes_every_escape_and_keeps_the_markup(text: str) -> None:
    stripped = strip_escapes(text)
    assert "\x1b" not in stripped and "\x9b" not in stripped and "\x9d" not in stripped
    assert stripped.count("<") == text.count("<")


# -- the parser: bytes in, a clean ParsedFeed or FeedError out ---------------------------------


def assert_parsed_clean(data: bytes) -> None:
    try:
        parsed = parse_feed(to_utf8(data, "application/xml"), "http://127.0.0.1:1/feed")
    except FeedError as error:
        assert str(error)
        return
    assert_clean(parsed.title + parsed.site_url)
    assert len(parsed.entries) <= 2_000
    for entry in parsed.entries:
        fields = [entry.guid, entry.link, entry.title, entry.summary, entry.content, *entry.tags]
        fields += [part for person in entry.authors for part in (person.name, person.url)]
        for text in fields:
            assert_clean(text)
        assert "\n" not in entry.title
        assert entry.link == "" or entry.link.startswith(("http://", "https://"))
        assert_clean(html.unescape(entry.content + entry.summary).replace("\r", ""))


@FAST
@given(st.binary(max_size=2_000))
def test_parse_feed_on_arbitrary_bytes(data: bytes) -> None:
    assert_parsed_clean(data)


SPECS = {
    fmt: build(feedgen.make_feed("http://127.0.0.1:1/", 3, seed=7, content_paragraphs=1))
    for fmt, build in feedgen.FORMATS.items()
}
INSERTS = [p.encode() for p in PIECES] + [PAYLOAD.encode(), b"&#27;", b"<![CDATA[", b"]]>", b"\xff"]


@st.composite
def mutated_feeds(draw: st.DrawFn) -> bytes:
    """A generated feed of any format with bytes inserted, deleted, repeated or flipped."""
    data = bytearray(SPECS[draw(st.sampled_from(sorted(SPECS)))])
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 8))):
        at = rng.randrange(len(data) + 1)
        action = rng.randrange(4)
        if action == 0:
            data[at:at] = rng.choice(INSERTS)
        elif action == 1:
            del data[at : at + rng.randrange(1, 40)]
        elif action == 2:
            data[at:at] = data[at : at + rng.randrange(1, 200)] * rng.randrange(1, 4)
        elif data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
    return bytes(data)


@FAST
@given(mutated_feeds())
def test_parse_feed_on_mutated_feeds(data: bytes) -> None:
    assert_parsed_clean(data)


@pytest.mark.parametrize("fmt", sorted(SPECS))
def test_unmutated_feeds_parse(fmt: str) -> None:
    assert len(parse_feed(SPECS[fmt]).entries) == 3


# -- the render boundary ---------------------------------------------------------------------


def plain(renderable: object, width: int = 80) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text(styles=False)


def story(title: str, author: str, feed_title: str, body: str, read: bool = False) -> Story:
    return Story(
        id=1,
        feed_id=1,
        guid="g",
        link="http://127.0.0.1:1/s",
        title=title,
        authors=(author, author[::-1]),
        published=1_790_000_000.0,
        updated=None,
        summary=body,
        content=body,
        read=read,
        starred=not read,
        first_seen=1_790_000_000.0,
        feed_title=feed_title,
    )


@FAST
@given(hostile_text, hostile_text, hostile_text, st.integers(min_value=1, max_value=200))
def test_story_rows_and_headers_render_safely(
    title: str, author: str, feed_title: str, width: int
) -> None:
    for read in (False, True):
        row = story_row(story(title, author, feed_title, "", read), width, 1_790_000_500.0)
        assert "\n" not in row.plain
        assert_clean(row.plain)
    header = article_header(story(title, author, feed_title, ""), 120, note="Full text")
    assert_clean(header.plain.replace("\n", ""))


def test_article_header_cleans_its_note() -> None:
    header = article_header(story("t", "a", "f", ""), 120, note="Full text unavailable: \x1b[2J")
    assert_clean(header.plain.replace("\n", ""))


@FAST
@given(hostile_text, st.integers(min_value=10, max_value=160))
def test_article_bodies_render_safely(body: str, width: int) -> None:
    document = html_to_document(body, "http://127.0.0.1:1/s")
    assert_clean(plain(article_body(document), width).replace("\n", ""))


@FAST
@given(hostile_text, hostile_text, hostile_text, hostile_text, st.integers(0, 3))
def test_author_cards_render_safely(name: str, role: str, bio: str, url: str, index: int) -> None:
    card = author_card(Author(1, name, url, role, bio, "site"), index, 4)
    assert_clean(card.plain.replace("\n", ""))
    assert_clean(author_card(None, 0, 0).plain)
    assert_clean(author_card(None, 0, 0, (name, role)).plain.replace("\n", ""))
