"""readability-lxml as the pipeline runs it: our whitespace `clean` must give readability's result.

`readable` swaps readability's `clean` (behind `text_length` and every score) for a linear one;
these tests hold the two to the same output on arbitrary whitespace and on a whole page.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from readability import readability as module

from tui_reader.core.extract import readable

WHITESPACE = [" ", "\t", "\n", "\r", "\xa0", "\u2003", "\x0b", "\x0c", "\x1c", "\x1f", "\x85"]
WHITESPACE += ["\u2028", "\u3000"]
run = st.tuples(st.sampled_from(WHITESPACE), st.integers(0, 300)).map(lambda p: p[0] * p[1])
piece = st.one_of(
    st.sampled_from(["a", "bc", "é", "漢", ".", "\xad"]), run, st.sampled_from(WHITESPACE)
)
text = st.lists(piece, max_size=30).map("".join)


@pytest.fixture(scope="module", autouse=True)
def swapped() -> None:
    readable._readability()
    assert readable.readability_clean is not None


def test_the_swap_is_in_place() -> None:
    assert module.clean is readable.clean_whitespace


@settings(max_examples=500, deadline=None, database=None)
@given(text)
def test_clean_whitespace_matches_readability(value: str) -> None:
    assert readable.clean_whitespace(value) == readable.readability_clean(value)


@pytest.mark.parametrize("size", [254, 255, 256, 600])
def test_long_runs_with_and_without_line_breaks(size: int) -> None:
    for filler in (" ", "\t", " \n", "\xa0"):
        value = "a" + (filler * size)[:size] + "b"
        assert readable.clean_whitespace(value) == readable.readability_clean(value)


def test_same_article_as_with_readabilitys_own_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    indent = "\n" + " " * 300
    paragraphs = "".join(
        f"<p>{indent}Paragraph {i} of a long story, with commas, clauses, and words{indent}"
        f"<a href='/x{i}'>a link</a>{indent}that runs on for a while.</p>"
        for i in range(30)
    )
    html = (
        f"<html><body><div class='nav'>{indent}<a href='/'>Home</a></div>"
        f"<div class='story'>{paragraphs}</div></body></html>"
    )
    ours = readable.readability_html(html)
    monkeypatch.setattr(module, "clean", readable.readability_clean)
    assert ours and readable.readability_html(html) == ours


def test_a_readability_with_another_clean_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def different(value: str) -> str:
        return value.strip().upper()

    monkeypatch.setattr(readable, "readability_clean", readable.readability_clean)
    monkeypatch.setattr(module, "clean", different)
    readable._speed_up_clean()
    assert module.clean is different


def test_a_prepared_page_is_copied_not_parsed_again() -> None:
    """The pipeline hands readability its own parsed page: same article, and the pipeline's
    tree (still needed for bylines and fallbacks) is left as it was."""
    from lxml import etree

    from tui_reader.core.extract.dom import parse_document

    story = "".join(
        f"<p>Paragraph {i} of the ferry story, with commas, and more words.</p>" for i in range(20)
    )
    html = (
        f"<html><body><nav><a href='/'>Home</a></nav><div class='story'>{story}</div></body></html>"
    )
    doc = parse_document(html)
    readable.prepare(doc)
    before = etree.tostring(doc)
    assert readable.readability_html(html, doc) == readable.readability_html(html) != ""
    assert etree.tostring(doc) == before
