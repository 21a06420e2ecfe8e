"""The SQLite store: WAL, migrations, dedupe, and state that survives refreshes."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tui_reader.core.parsed import Entry, ParsedFeed, Person
from tui_reader.core.store import Store, StoreError, StoryQuery, search_index
from tui_reader.core.store.db import PAGE_SIZE
from tui_reader.core.store.schema import LATEST, MIGRATIONS


def entry(i: int, **kw: object) -> Entry:
    base = Entry(
        guid=f"g{i}",
        link=f"https://e.org/{i}",
        title=f"Story {i}",
        authors=(Person("Jane Doe", "https://e.org/jane"),),
        published=1_700_000_000.0 + i,
        summary=f"summary {i}",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def feed_of(*entries: Entry) -> ParsedFeed:
    return ParsedFeed("Feed", "https://e.org/", list(entries))


def test_database_is_wal_with_foreign_keys(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 30_000


def test_a_new_database_has_larger_pages(store: Store, tmp_path: Path) -> None:
    assert store.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as db:  # made by an older version, with SQLite's default pages
        db.execute("CREATE TABLE t (x)")
    with Store(old) as reopened:
        assert reopened.db.execute("PRAGMA page_size").fetchone()[0] == 4096


def test_new_stories_are_indexed_with_the_text_a_later_update_forgets(store: Store) -> None:
    """New stories are indexed from texts built before the write; the contentless index can
    only forget a row given those exact texts, which are rebuilt from the stored row."""
    feed, _ = store.add_feed("https://e.org/feed")
    people = (Person("Jane Doe"), Person("Ann Lee"))
    first = entry(1, summary="<p>Harbour &amp; <b>bridge</b></p>", content="<p>ferry\n news</p>")
    store.store_feed(
        feed, feed_of(replace(first, authors=people)), etag=None, last_modified=None, when=1.0
    )
    story_id = store.db.execute("SELECT id FROM stories").fetchone()[0]
    assert search_index._row_values(store.db, story_id) == (
        "Story 1",
        "Jane Doe Ann Lee",
        "Harbour & bridge ferry news",
    )
    changed = replace(first, authors=people, summary="lighthouse", content="")
    assert store.store_feed(feed, feed_of(changed), etag=None, last_modified=None, when=2.0) == (
        0,
        1,
    )
    found = lambda word: store.count(StoryQuery(text=word))  # noqa: E731
    assert (found("harbour"), found("ferry"), found("lighthouse"), found("lee")) == (0, 0, 1, 1)


def test_a_write_inside_a_batch_is_a_savepoint(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    with store.batch():
        store.record_error(feed.id, "kept", 1.0)
        with pytest.raises(RuntimeError), store.writing() as db:
            db.execute("UPDATE feeds SET last_error = 'lost' WHERE id = ?", (feed.id,))
            raise RuntimeError
    assert store.feed(feed.id).last_error == "kept"


def test_store_feed_inserts_then_writes_nothing_when_unchanged(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    assert store.store_feed(
        feed, feed_of(entry(1), entry(2)), etag='"a"', last_modified=None, when=1.0
    ) == (2, 0)
    changes = store.db.total_changes
    assert store.store_feed(
        feed, feed_of(entry(1), entry(2)), etag='"a"', last_modified=None, when=2.0
    ) == (0, 0)
    assert store.db.total_changes - changes == 1  # only the feed row's fetch time
    assert store.count() == 2


def test_update_in_place_keeps_read_and_starred(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    store.store_feed(feed, feed_of(entry(1)), etag=None, last_modified=None, when=1.0)
    (story,) = store.stories(bodies=True)
    store.mark([story.id], read=True, starred=True)
    changed = entry(1, title="Story 1, corrected", content="<p>new body</p>")
    assert store.store_feed(feed, feed_of(changed), etag=None, last_modified=None, when=2.0) == (
        0,
        1,
    )
    (after,) = store.stories(bodies=True)
    assert (after.id, after.title, after.content) == (
        story.id,
        "Story 1, corrected",
        "<p>new body</p>",
    )
    assert after.read and after.starred
    assert after.first_seen == 1.0


def test_dedupe_by_guid_within_a_document(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    store.store_feed(
        feed, feed_of(entry(1), entry(1, title="dup")), etag=None, last_modified=None, when=1.0
    )
    assert [s.title for s in store.stories()] == ["Story 1"]


def test_dedupe_by_link_when_the_feed_changes_its_guids(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    store.store_feed(feed, feed_of(entry(1)), etag=None, last_modified=None, when=1.0)
    store.mark([store.stories()[0].id], read=True)
    store.store_feed(
        feed, feed_of(entry(1, guid="new-guid-scheme-1")), etag=None, last_modified=None, when=2.0
    )
    stories = store.stories(bodies=True)
    assert len(stories) == 1 and stories[0].guid == "new-guid-scheme-1" and stories[0].read


def test_shared_links_do_not_merge_distinct_stories(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    store.store_feed(
        feed,
        feed_of(entry(1, link="https://e.org/"), entry(2, link="https://e.org/")),
        etag=None,
        last_modified=None,
        when=1.0,
    )
    assert store.count() == 2


def test_same_story_in_two_feeds_is_listed_once_with_both_sources(store: Store) -> None:
    a, _ = store.add_feed("https://e.org/a")
    b, _ = store.add_feed("https://e.org/b")
    for feed in (a, b):
        store.store_feed(feed, feed_of(entry(1)), etag=None, last_modified=None, when=1.0)
    assert store.count(StoryQuery(feed_id=a.id)) == store.count(StoryQuery(feed_id=b.id)) == 1
    (listed,) = store.stories()
    assert store.count() == 1
    assert [url for _, url in store.sources(listed.id)] == ["https://e.org/a", "https://e.org/b"]
    store.mark([listed.id], read=True)  # read through one feed, read through both
    assert store.count(StoryQuery(feed_id=b.id, unread=True)) == 0


def test_authors_are_records_shared_across_stories(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    store.store_feed(feed, feed_of(entry(1), entry(2)), etag=None, last_modified=None, when=1.0)
    first, second = store.stories()
    (author,) = store.story_authors(first.id)
    assert (author.name, author.url, author.site) == ("Jane Doe", "https://e.org/jane", "e.org")
    assert [s.id for s in store.stories_by_author(author.id, exclude=first.id)] == [second.id]


def test_queries_filter_and_page(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed", tags=["world"])
    store.store_feed(
        feed, feed_of(*(entry(i) for i in range(10))), etag=None, last_modified=None, when=1.0
    )
    page = store.stories(limit=3, offset=3)
    assert [s.title for s in page] == ["Story 6", "Story 5", "Story 4"]
    store.mark([page[0].id], starred=True)
    assert store.count(StoryQuery(starred=True)) == 1
    assert store.count(StoryQuery(tag="world")) == 10 and store.count(StoryQuery(tag="tech")) == 0
    assert store.count(StoryQuery(title_filter="Story 1")) == 1
    assert store.count(StoryQuery(title_filter="%")) == 0
    ids = store.mark_all_read(StoryQuery(feed_id=feed.id))
    assert len(ids) == 10 and store.count(StoryQuery(unread=True)) == 0


def test_removing_a_feed_removes_its_stories(store: Store) -> None:
    feed, _ = store.add_feed("https://e.org/feed")
    store.store_feed(feed, feed_of(entry(1)), etag=None, last_modified=None, when=1.0)
    assert store.remove_feed("https://e.org/feed")
    assert store.count() == 0


def test_a_version_1_database_migrates_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0][0])  # type: ignore[arg-type]
    db.execute(
        "INSERT INTO feeds (url, title, tags, added) VALUES ('https://e.org/f', 'Old', 'world, tech', 1)"
    )
    db.execute(
        "INSERT INTO stories (feed_id, guid, link, title, authors, published, read, starred, first_seen) "
        "VALUES (1, 'g', 'https://e.org/1', 'Kept', 'Jane Doe, John Roe', 5, 1, 1, 2)"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store(path) as store:
        (feed,) = store.feeds()
        assert feed.tags == ("tech", "world")
        (story,) = store.stories()
        assert (story.title, story.read, story.starred) == ("Kept", True, True)
        assert story.authors == ("Jane Doe", "John Roe")
        raw = store.db.execute("SELECT sort_time, authors FROM stories").fetchone()
        assert raw[0] == 5 and json.loads(raw[1]) == ["Jane Doe", "John Roe"]


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {LATEST + 5}").connection.commit()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_a_corrupt_file_is_reported_with_a_way_out(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StoreError, match=r"damaged.*Move it aside"):
        Store(path)


def test_two_connections_write_without_locking_errors(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    with Store(path) as one, Store(path) as two:
        feed, _ = one.add_feed("https://e.org/feed")
        one.db.execute("BEGIN IMMEDIATE")
        one.db.execute("UPDATE feeds SET title = 'x'")
        assert two.count() == 0  # readers are not blocked by a writer in WAL mode
        one.db.execute("COMMIT")
        two.store_feed(feed, feed_of(entry(1)), etag=None, last_modified=None, when=1.0)
        assert one.count() == 1
