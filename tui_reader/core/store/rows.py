"""What the store writes for each parsed entry, worked out before the write.

Everything here is a pure function of the entry: the change digest, the author names as stored,
the canonical URL and the text the search index takes. A refresh computes it in its parsing
processes, on the other cores, so that the single writer only runs SQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from tui_reader.core.canonical import canonical_url
from tui_reader.core.parsed import Entry
from tui_reader.core.store.search_index import index_body


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One entry as the store will write it."""

    entry: Entry
    digest: str
    names: str  # the `authors` column: a JSON list of names, or ""
    canonical: str
    search_body: str  # the search index's body text for the feed's own summary and content


def prepare(entries: Sequence[Entry]) -> list[StoryRow]:
    """The entries of one document, each guid once (the first wins), ready to write."""
    seen: set[str] = set()
    rows = []
    for entry in entries:
        if entry.guid in seen:
            continue
        seen.add(entry.guid)
        names = names_json(entry)
        rows.append(
            StoryRow(
                entry,
                digest(entry, names),
                names,
                canonical_url(entry.link),
                index_body(entry.summary, entry.content),
            )
        )
    return rows


def names_json(entry: Entry) -> str:
    if not entry.authors:
        return ""
    return json.dumps([p.name for p in entry.authors], ensure_ascii=False)


def digest(entry: Entry, names: str) -> str:
    """Whether anything the reader shows of an entry changed since it was stored."""
    h = hashlib.blake2b(digest_size=12)
    for part in (
        entry.title,
        entry.link,
        entry.summary,
        entry.content,
        names,
        repr(entry.published),
        repr(entry.updated),
        entry.guid,
    ):
        h.update(part.encode("utf-8", "replace"))
        h.update(b"\x00")
    return h.hexdigest()
