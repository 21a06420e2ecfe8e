"""Feeds as parsed: what the fetching side hands the store, cleaned but not yet stored."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    """An author as a feed names them: a name, and a URL or e-mail when given."""

    name: str
    url: str = ""
    email: str = ""


@dataclass(frozen=True)
class Entry:
    """One item of a parsed feed, already cleaned."""

    guid: str
    link: str
    title: str
    authors: tuple[Person, ...] = ()
    published: float | None = None
    updated: float | None = None
    summary: str = ""
    content: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    """A feed document after parsing and cleaning, before it is stored."""

    title: str
    site_url: str
    entries: list[Entry] = field(default_factory=list)
