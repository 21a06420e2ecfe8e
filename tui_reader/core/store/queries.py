"""Which stories a list shows, as SQL; and turning rows into records."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from tui_reader.core.models import Feed, Story

STORY_COLUMNS = (
    "s.id, s.feed_id, s.guid, s.link, s.title, s.authors, s.published, s.updated, s.summary, "
    "s.content, s.read, s.starred, s.first_seen, COALESCE(f.user_title, f.title), f.url, "
    "(SELECT 1 + EXISTS(SELECT 1 FROM images i WHERE i.story_id = s.id AND i.status = 'ok') "
    "FROM fulltext ft WHERE ft.story_id = s.id AND ft.status = 'full')"
)
# The list needs no bodies: leaving them out keeps a page of 100 rows to a few kilobytes.
STORY_LIST_COLUMNS = STORY_COLUMNS.replace("s.summary, s.content", "'', ''")


@dataclass(frozen=True)
class StoryQuery:
    """A selection of stories: a feed, a tag, a search, an author... combined with AND.

    Stories hidden by filters are left out unless `show_hidden`; in lists that span feeds, a story
    that arrived through several feeds appears once (its copies point at it with `dup_of`).
    """

    feed_id: int | None = None
    tag: str | None = None
    untagged: bool = False
    unread: bool = False
    starred: bool = False
    title_filter: str = ""
    text: str = ""  # an FTS5 expression over title, authors and text (see core.search)
    author: str = ""
    feed_name: str = ""
    tags: tuple[str, ...] = ()
    since: float | None = None
    show_hidden: bool = False

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.feed_id is not None:
            clauses.append("s.feed_id = ?")
            params.append(self.feed_id)
        else:
            clauses.append("s.dup_of IS NULL")
        for tag in (*([self.tag] if self.tag is not None else []), *self.tags):
            clauses.append("s.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ?)")
            params.append(tag)
        if self.untagged:
            clauses.append("s.feed_id NOT IN (SELECT feed_id FROM feed_tags)")
        if self.unread:
            clauses.append("s.read = 0")
        if self.starred:
            clauses.append("s.starred = 1")
        if not self.show_hidden:
            clauses.append("s.hidden = 0")
        if self.since is not None:
            clauses.append("s.sort_time >= ?")
            params.append(self.since)
        if self.author:
            clauses.append(
                "s.id IN (SELECT sa.story_id FROM story_authors sa JOIN authors a "
                "ON a.id = sa.author_id WHERE a.key = ?)"
            )
            params.append(self.author.casefold())
        if self.feed_name:
            clauses.append(
                "s.feed_id IN (SELECT id FROM feeds WHERE url = ? "
                "OR lower(COALESCE(user_title, title)) = lower(?))"
            )
            params += [self.feed_name, self.feed_name]
        if self.text:
            clauses.append("s.id IN (SELECT rowid FROM story_search WHERE story_search MATCH ?)")
            params.append(self.text)
        if self.title_filter:
            clauses.append("s.title LIKE ? ESCAPE '\\'")
            escaped = (
                self.title_filter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            params.append(f"%{escaped}%")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def story_from_row(row: sqlite3.Row | tuple) -> Story:
    try:
        authors = tuple(json.loads(row[5])) if row[5] else ()
    except ValueError:
        authors = (row[5],)
    return Story(
        id=row[0],
        feed_id=row[1],
        guid=row[2],
        link=row[3],
        title=row[4],
        authors=authors,
        published=row[6],
        updated=row[7],
        summary=row[8],
        content=row[9],
        read=bool(row[10]),
        starred=bool(row[11]),
        first_seen=row[12],
        feed_title=row[13] or "",
        feed_url=row[14] or "",
        offline=row[15] or 0 if len(row) > 15 else 0,
    )


FEED_COLUMNS = (
    "f.id, f.url, COALESCE(f.user_title, f.title), f.site_url, f.etag, f.last_modified, "
    "f.last_fetch, f.last_error, f.retry_after, f.refresh_minutes, f.item_limit, f.fulltext, "
    "f.keep_days"
)


def feed_from_row(row: tuple, tags: tuple[str, ...], unread: int = 0, total: int = 0) -> Feed:
    return Feed(
        id=row[0],
        url=row[1],
        title=row[2] or "",
        site_url=row[3] or "",
        tags=tags,
        etag=row[4],
        last_modified=row[5],
        last_fetch=row[6],
        last_error=row[7],
        retry_after=row[8],
        unread=unread,
        total=total,
        refresh_minutes=row[9],
        item_limit=row[10],
        fulltext=bool(row[11]),
        keep_days=row[12],
    )
