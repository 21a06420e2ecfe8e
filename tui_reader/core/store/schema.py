"""The database schema as a list of migrations; `user_version` says how many have run.

Each migration upgrades the previous version in place, inside one transaction, so a database
from any older release opens in this one with its stories and read/star state intact.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

V1 = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    site_url TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    etag TEXT,
    last_modified TEXT,
    last_fetch REAL,
    last_error TEXT,
    added REAL NOT NULL
);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    authors TEXT NOT NULL DEFAULT '',
    published REAL,
    updated REAL,
    summary TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    first_seen REAL NOT NULL,
    UNIQUE (feed_id, guid)
);
"""

V2 = """
CREATE TABLE feed_tags (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (feed_id, tag)
) WITHOUT ROWID;
ALTER TABLE feeds ADD COLUMN retry_after REAL;
ALTER TABLE feeds ADD COLUMN user_title TEXT;
ALTER TABLE stories ADD COLUMN hash TEXT;
ALTER TABLE stories ADD COLUMN sort_time REAL NOT NULL DEFAULT 0;
UPDATE stories SET sort_time = COALESCE(published, first_seen);
CREATE INDEX stories_by_feed ON stories (feed_id, sort_time DESC, id DESC);
CREATE INDEX stories_by_time ON stories (sort_time DESC, id DESC);
CREATE INDEX stories_unread ON stories (feed_id) WHERE read = 0;
CREATE INDEX stories_starred ON stories (sort_time DESC, id DESC) WHERE starred = 1;
CREATE INDEX stories_link ON stories (feed_id, link);
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    image TEXT NOT NULL DEFAULT '',
    updated REAL,
    UNIQUE (site, key)
);
CREATE TABLE story_authors (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (story_id, author_id)
) WITHOUT ROWID;
CREATE INDEX story_authors_by_author ON story_authors (author_id);
CREATE TABLE fulltext (
    story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    body BLOB,
    word_count INTEGER NOT NULL DEFAULT 0,
    fetched REAL NOT NULL
);
CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


def _v2_data(db: sqlite3.Connection) -> None:
    """Version 1 kept tags and authors as comma-joined text; version 2 has a table and JSON."""
    for feed_id, tags in db.execute("SELECT id, tags FROM feeds WHERE tags != ''").fetchall():
        for tag in {t.strip() for t in tags.split(",") if t.strip()}:
            db.execute("INSERT OR IGNORE INTO feed_tags VALUES (?, ?)", (feed_id, tag))
    rows = db.execute("SELECT id, authors FROM stories WHERE authors != ''").fetchall()
    for story_id, authors in rows:
        names = [a.strip() for a in authors.split(",") if a.strip()]
        db.execute("UPDATE stories SET authors = ? WHERE id = ?", (json.dumps(names), story_id))


V3 = """
ALTER TABLE fulltext ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
CREATE INDEX authors_by_key ON authors (key);
"""

V4 = """
CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    bytes INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    lead INTEGER NOT NULL DEFAULT 0,
    fetched REAL NOT NULL,
    UNIQUE (story_id, url)
);
CREATE INDEX images_by_sha ON images (sha256);
CREATE INDEX fulltext_full ON fulltext (story_id) WHERE status = 'full';
"""

V5 = """
CREATE VIRTUAL TABLE story_search USING fts5(
    title, authors, body, content='', tokenize='unicode61 remove_diacritics 2'
);
ALTER TABLE stories ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN canonical TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN dup_of INTEGER;
CREATE INDEX stories_canonical ON stories (canonical) WHERE canonical != '';
CREATE INDEX stories_dups ON stories (dup_of) WHERE dup_of IS NOT NULL;
ALTER TABLE feeds ADD COLUMN refresh_minutes INTEGER;
ALTER TABLE feeds ADD COLUMN item_limit INTEGER;
ALTER TABLE feeds ADD COLUMN fulltext INTEGER NOT NULL DEFAULT 1;
ALTER TABLE feeds ADD COLUMN keep_days INTEGER;
CREATE TABLE smart_feeds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE filters (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    pattern TEXT NOT NULL,
    regex INTEGER NOT NULL DEFAULT 0,
    enabled INTEGER NOT NULL DEFAULT 1,
    created REAL NOT NULL
);
CREATE TABLE story_filters (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    filter_id INTEGER NOT NULL REFERENCES filters(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, filter_id)
) WITHOUT ROWID;
CREATE INDEX story_filters_by_filter ON story_filters (filter_id);
CREATE TABLE gone_stories (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    PRIMARY KEY (feed_id, guid)
) WITHOUT ROWID;
"""


def _v5_data(db: sqlite3.Connection) -> None:
    from tui_reader.core.canonical import canonical_url
    from tui_reader.core.store.search_index import backfill

    rows = db.execute("SELECT id, link FROM stories WHERE link != ''").fetchall()
    db.executemany(
        "UPDATE stories SET canonical = ? WHERE id = ?",
        ((canonical_url(link), i) for i, link in rows),
    )
    backfill(db)


# Counting is most of start-up on a big cache: these partial indexes cover exactly the conditions
# the lists use (not hidden by a filter, not a copy of a story from another feed).
V6 = """
DROP INDEX stories_unread;
CREATE INDEX stories_unread ON stories (feed_id, dup_of) WHERE read = 0 AND hidden = 0;
CREATE INDEX stories_listed ON stories (sort_time DESC, id DESC) WHERE hidden = 0 AND dup_of IS NULL;
ANALYZE;
"""

Migration = str | Callable[[sqlite3.Connection], None]

# Append only: a released migration is never edited.
MIGRATIONS: list[tuple[Migration, ...]] = [
    (V1,),
    (V2, _v2_data),
    (V3,),
    (V4,),
    (V5, _v5_data),
    (V6,),
]
LATEST = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, target: int = LATEST) -> int:
    """Run the migrations between the database's version and `target`; return the new version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:
        raise sqlite3.DatabaseError(
            f"the database is from a newer tui-reader (schema {version}, this one knows {LATEST})"
        )
    for number in range(version + 1, target + 1):
        db.execute("BEGIN IMMEDIATE")
        if db.execute("PRAGMA user_version").fetchone()[0] >= number:
            db.execute("COMMIT")  # another process ran this step while we waited for the lock
            continue
        try:
            for step in MIGRATIONS[number - 1]:
                if isinstance(step, str):
                    for statement in step.split(";"):
                        if statement.strip():
                            db.execute(statement)
                else:
                    step(db)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return max(version, target)
