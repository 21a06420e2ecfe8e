"""Records passed between the layers: stored rows on the way out (parsed feeds on the way in
are in `parsed`, which the reader's first paint does not import)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feed:
    """A subscription as stored, with its fetch state, counts and own settings."""

    id: int
    url: str
    title: str
    site_url: str
    tags: tuple[str, ...]
    etag: str | None
    last_modified: str | None
    last_fetch: float | None
    last_error: str | None
    retry_after: float | None = None
    unread: int = 0
    total: int = 0
    refresh_minutes: int | None = None  # per-feed settings; None: the global default
    item_limit: int | None = None
    fulltext: bool = True
    keep_days: int | None = None

    @property
    def display_title(self) -> str:
        return self.title or self.url


@dataclass(frozen=True)
class Story:
    """A stored story, as the lists and the article pane read it."""

    id: int
    feed_id: int
    guid: str
    link: str
    title: str
    authors: tuple[str, ...]
    published: float | None
    updated: float | None
    summary: str
    content: str
    read: bool
    starred: bool
    first_seen: float
    feed_title: str = ""
    feed_url: str = ""
    offline: int = 0  # 0: only the feed's text; 1: full text stored; 2: full text and images

    @property
    def sort_time(self) -> float:
        return self.published or self.first_seen


@dataclass(frozen=True)
class Author:
    """An author record of one site, enriched as pages name them."""

    id: int
    name: str
    url: str
    role: str
    bio: str
    site: str
    image: str = ""
