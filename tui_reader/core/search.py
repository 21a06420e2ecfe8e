"""The query language of search and smart feeds, turned into a `StoryQuery`.

    unread tag:world author:"Jane Doe" since:7d ceasefire "peace talks"

Words and "phrases" are searched in titles, authors, summaries and full texts (SQLite FTS5);
`unread`, `starred`, `tag:`, `feed:`, `author:` and `since:` (h, d, w) narrow the selection.
Everything combines with AND. Strangers never write queries, but users mistype: nothing here
raises, and FTS syntax characters in words are quoted away.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace

from tui_reader.core.store.queries import StoryQuery

_TOKEN = re.compile(r'(\w+):"([^"]*)"?|(\w+):(\S+)|"([^"]*)"?|(\S+)')
_UNITS = {"h": 3600, "d": 86_400, "w": 7 * 86_400, "m": 30 * 86_400, "y": 365 * 86_400}


@dataclass(frozen=True)
class ParsedQuery:
    query: StoryQuery
    terms: tuple[str, ...]  # the words and phrases, for highlighting
    problems: tuple[str, ...] = ()


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def parse_query(text: str, *, prefix: bool = False, now: float | None = None) -> ParsedQuery:
    """Parse a search or smart-feed query; `prefix` makes the last word match as typed so far."""
    query = StoryQuery()
    terms: list[str] = []
    fts: list[str] = []
    tags: list[str] = []
    problems: list[str] = []
    for match in _TOKEN.finditer(text or ""):
        key, value = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        )
        phrase, word = match.group(5), match.group(6)
        if key:
            key = key.lower()
            if key == "tag":
                tags.append(value)
            elif key == "feed":
                query = replace(query, feed_name=value)
            elif key == "author":
                query = replace(query, author=value)
            elif key == "since":
                seconds = _duration(value)
                if seconds is None:
                    problems.append(
                        f"since:{value}: use a number and h, d, w, m or y (e.g. since:7d)"
                    )
                else:
                    query = replace(query, since=(now or time.time()) - seconds)
            else:  # not an operator we know: search the words themselves
                words = f"{key} {value}".split()
                terms += words
                fts += [_quote(w) for w in words]
            continue
        if phrase is not None:
            if phrase.strip():
                terms.append(phrase.strip())
                fts.append(_quote(phrase.strip()))
            continue
        lowered = word.lower()
        if lowered == "unread":
            query = replace(query, unread=True)
        elif lowered == "starred":
            query = replace(query, starred=True)
        elif any(ch.isalnum() for ch in word):
            terms.append(word)
            fts.append(_quote(word))
    if prefix and fts and text and not text.endswith((" ", '"')) and fts[-1] == _quote(terms[-1]):
        fts[-1] += "*"
    return ParsedQuery(
        replace(query, tags=tuple(tags), text=" AND ".join(fts)), tuple(terms), tuple(problems)
    )


def _duration(value: str) -> float | None:
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([hdwmy]?)", value.strip().lower())
    if not found:
        return None
    return float(found.group(1)) * _UNITS[found.group(2) or "d"]


def highlight_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the search terms occur in `text` (case-insensitive; a word matches its prefix)."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term.strip():
            continue
        pattern = re.compile(r"\b" + re.escape(term), re.IGNORECASE)
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    return sorted(spans)
