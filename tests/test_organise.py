"""Tags, full-text search, smart feeds, following authors, filters, cross-feed dedupe, per-feed
settings, newsboat's cache and exporting starred stories."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tui_reader.cli import main
from tui_reader.core.parsed import Entry, ParsedFeed, Person
from tui_reader.core.paths import Paths
from tui_reader.core.refresh import refresh
from tui_reader.core.search import highlight_spans, parse_query
from tui_reader.core.store import Store, StoryQuery
from tui_reader.core.store.fulltext import FullText

NOW = time.time()


def entry(
    i: int, title: str, *, author: str = "Jane Doe", days: float = 1, body: str = "", link: str = ""
) -> Entry:
    return Entry(
        guid=f"g{i}",
        link=link or f"https://e.org/{i}",
        title=title,
        authors=(Person(author),) if author else (),
        published=NOW - days * 86_400,
        summary=f"<p>{body}</p>" if body else "",
    )


@pytest.fixture
def filled(store: Store) -> Store:
    world, _ = store.add_feed("https://e.org/world.xml", tags=["world"])
    tech, _ = store.add_feed("https://e.org/tech.xml", tags=["tech"])
    store.store_feed(
        world,
        ParsedFeed(
            "World Desk",
            "https://e.org/",
            [
                entry(
                    1, "Ceasefire talks resume in Geneva", body="Negotiators met for peace talks."
                ),
                entry(2, "Harbour bridge reopens", author="John Roe", days=10),
                entry(3, "Ceasefire holds overnight", days=3, body="Quiet streets."),
            ],
        ),
        etag=None,
        last_modified=None,
        when=NOW,
    )
    store.store_feed(
        tech,
        ParsedFeed(
            "Tech Desk",
            "https://e.org/",
            [
                entry(
                    11,
                    "Terminal emulators add sixel",
                    author="Priya Lindqvist",
                    body="Pictures in the terminal.",
                ),
                entry(12, "Ceasefire in the editor wars", author="Jane Doe", days=20),
            ],
        ),
        etag=None,
        last_modified=None,
        when=NOW,
    )
    return store


def titles(store: Store, query: StoryQuery) -> set[str]:
    return {s.title for s in store.stories(query, limit=-1)}


def test_full_text_search_over_titles_authors_and_text(filled: Store) -> None:
    assert titles(filled, parse_query("ceasefire").query) == {
        "Ceasefire talks resume in Geneva",
        "Ceasefire holds overnight",
        "Ceasefire in the editor wars",
    }
    assert titles(filled, parse_query("negotiators").query) == {"Ceasefire talks resume in Geneva"}
    assert titles(filled, parse_query("lindqvist").query) == {"Terminal emulators add sixel"}
    assert titles(filled, parse_query('"peace talks"').query) == {
        "Ceasefire talks resume in Geneva"
    }
    assert titles(filled, parse_query('"talks peace"').query) == set()
    assert titles(filled, parse_query("termin", prefix=True).query) == {
        "Terminal emulators add sixel"
    }
    assert titles(filled, parse_query("NEAR( * OR").query) == set()  # FTS syntax is quoted away


def test_the_index_follows_every_write(filled: Store) -> None:
    story = next(s for s in filled.stories(limit=-1) if s.title.startswith("Harbour"))
    filled.save_fulltext(
        FullText(story.id, "full", "", "<p>The ferry timetable changes.</p>", 4, NOW, {})
    )
    assert titles(filled, parse_query("timetable").query) == {"Harbour bridge reopens"}
    filled.save_fulltext(FullText(story.id, "full", "", "<p>Now about trams.</p>", 3, NOW, {}))
    assert titles(filled, parse_query("timetable").query) == set()
    assert titles(filled, parse_query("trams").query) == {"Harbour bridge reopens"}
    world = filled.feed_by_url("https://e.org/world.xml")
    filled.store_feed(
        world,
        ParsedFeed(
            "World Desk",
            "https://e.org/",
            [entry(2, "Harbour bridge closes again", author="John Roe", days=10)],
        ),
        etag=None,
        last_modified=None,
        when=NOW,
    )
    assert titles(filled, parse_query("reopens").query) == set()
    assert titles(filled, parse_query("closes").query) == {"Harbour bridge closes again"}
    filled.remove_feed("https://e.org/world.xml")
    assert (
        filled.db.execute(
            "SELECT count(*) FROM story_search WHERE story_search MATCH 'harbour'"
        ).fetchone()[0]
        == 0
    )


def test_highlight_spans() -> None:
    assert highlight_spans("Ceasefire talks: the ceasefire holds", ("ceasefire",)) == [
        (0, 9),
        (21, 30),
    ]
    assert highlight_spans("Terminal", ("term",)) == [(0, 4)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "unread",
            {
                "Ceasefire talks resume in Geneva",
                "Harbour bridge reopens",
                "Ceasefire holds overnight",
                "Terminal emulators add sixel",
                "Ceasefire in the editor wars",
            },
        ),
        ("starred", {"Harbour bridge reopens"}),
        ("tag:world ceasefire", {"Ceasefire talks resume in Geneva", "Ceasefire holds overnight"}),
        (
            "feed:https://e.org/tech.xml",
            {"Terminal emulators add sixel", "Ceasefire in the editor wars"},
        ),
        ('feed:"Tech Desk" ceasefire', {"Ceasefire in the editor wars"}),
        (
            'author:"Jane Doe"',
            {
                "Ceasefire talks resume in Geneva",
                "Ceasefire holds overnight",
                "Ceasefire in the editor wars",
            },
        ),
        ("since:7d ceasefire", {"Ceasefire talks resume in Geneva", "Ceasefire holds overnight"}),
        (
            'unread tag:world author:"Jane Doe" since:2d ceasefire',
            {"Ceasefire talks resume in Geneva"},
        ),
        ("since:48h", {"Ceasefire talks resume in Geneva", "Terminal emulators add sixel"}),
    ],
)
def test_every_smart_feed_operator(filled: Store, query: str, expected: set[str]) -> None:
    harbour = next(s for s in filled.stories(limit=-1) if s.title.startswith("Harbour"))
    filled.mark([harbour.id], starred=True)
    parsed = parse_query(query)
    assert parsed.problems == ()
    assert titles(filled, parsed.query) == expected


def test_smart_feeds_and_following_an_author_pick_up_new_stories(
    server: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = feedgen.make_feed(server.url("/"), 3, seed=4)
    server.add("/feed", Route(feedgen.atom(spec), "application/atom+xml"))
    main(["add", server.url("/feed")])
    author = spec.items[0].authors[0][0]
    assert main(["smart", "add", f"Follow {author}", f'author:"{author}"']) == 0
    capsys.readouterr()
    main(["smart", "--json"])
    (before,) = json.loads(capsys.readouterr().out)["smart_feeds"]
    newer = feedgen.make_feed(server.url("/"), 1, seed=4)
    newer.items[0].guid = newer.items[0].link = server.url("/story/new")
    newer.items[0].title = "A brand new story"
    spec.items.insert(0, newer.items[0])
    server.routes["/feed"] = Route(feedgen.atom(spec), "application/atom+xml")
    main(["refresh"])
    capsys.readouterr()
    main(["smart", "--json"])
    (after,) = json.loads(capsys.readouterr().out)["smart_feeds"]
    assert after["unread"] == before["unread"] + 1 and after["total"] == before["total"] + 1
    assert main(["smart", "remove", f"Follow {author}"]) == 0


def test_filters_hide_count_and_unhide(filled: Store) -> None:
    everyone = filled.count()
    rule = filled.add_filter("title", "ceasefire")
    assert rule.hidden == 3 and filled.count() == everyone - 3
    assert "Ceasefire holds overnight" not in titles(filled, StoryQuery())
    assert "Ceasefire holds overnight" in titles(filled, StoryQuery(show_hidden=True))
    filled.enable_filter(rule.id, False)
    assert filled.count() == everyone
    filled.enable_filter(rule.id, True)
    assert filled.count() == everyone - 3
    assert filled.remove_filter(rule.id) == 3 and filled.count() == everyone
    tech = filled.feed_by_url("https://e.org/tech.xml")
    regex = filled.add_filter("author", r"^priya\b", regex=True, feed_id=tech.id)
    assert regex.hidden == 1
    text_rule = filled.add_filter("text", "quiet streets")
    assert text_rule.hidden == 1
    with pytest.raises(ValueError, match="regular expression"):
        filled.add_filter("title", "([", regex=True)
    world = filled.feed_by_url("https://e.org/world.xml")  # a new story meets the rules at once
    filled.store_feed(
        world,
        ParsedFeed(
            "World Desk",
            "https://e.org/",
            [entry(5, "Quiet streets again", body="Quiet streets everywhere.")],
        ),
        etag=None,
        last_modified=None,
        when=NOW,
    )
    assert "Quiet streets again" not in titles(filled, StoryQuery())


def test_one_story_through_several_feeds_is_listed_once(
    server: LoopbackServer, store: Store
) -> None:
    spec = feedgen.make_feed(server.url("/"), 2, seed=1)
    tracked = feedgen.make_feed(server.url("/"), 2, seed=1)
    for item in tracked.items:
        item.guid = item.guid + "-agency"
        item.link = (
            item.link.replace("http://127.0.0.1", "http://127.0.0.1") + "?utm_source=agency#top"
        )
    server.add("/a", Route(feedgen.rss(spec), "application/rss+xml"))
    server.add("/b", Route(feedgen.atom(tracked), "application/atom+xml"))
    store.add_feed(server.url("/a"))
    store.add_feed(server.url("/b"))
    refresh(store)
    assert store.count() == 2  # All: once each
    story = store.stories()[0]
    assert len(store.sources(story.id)) == 2


def test_per_feed_settings_are_honoured(
    server: LoopbackServer, store: Store, tmp_path: Path
) -> None:
    spec = feedgen.make_feed(server.url("/"), 6, seed=2)
    server.add("/feed", Route(feedgen.rss(spec), "application/rss+xml"))
    feed, _ = store.add_feed(server.url("/feed"))
    store.set_feed_settings(feed.id, refresh_minutes=60, item_limit=4, fulltext=False, keep_days=3)
    assert refresh(store).count("fetched") == 1
    assert store.count(StoryQuery(feed_id=feed.id)) == 4  # item_limit
    again = refresh(store)
    assert again.count("skipped") == 1 and "every 60 min" in again.outcomes[0].error
    forced = refresh(store, force=True)
    assert forced.count("fetched") == 1 and forced.new == 0  # the limit does not refill
    from tui_reader.core.offline import candidates

    assert candidates(store, feed_ids=None, since_days=None) == []  # full text off
    from tui_reader.core.store.retention import prune

    store.db.execute("UPDATE stories SET sort_time = ?", (time.time() - 5 * 86_400,))
    assert (
        prune(store.db, tmp_path, keep_days=90, keep_per_feed=0, max_bytes=0).stories == 4
    )  # its 3 days
    assert refresh(store, force=True).new == 0  # pruned stories do not come back as new


def test_tag_command_and_feeds_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(Paths.under(home).database) as store:
        store.add_feed("https://e.org/f.xml", tags=["old"])
    assert main(["tag", "https://e.org/f.xml", "world", "news"]) == 0
    assert main(["tag", "https://e.org/f.xml", "--add", "kyiv", "--remove", "news"]) == 0
    capsys.readouterr()
    main(["feeds", "--json"])
    assert json.loads(capsys.readouterr().out)["feeds"][0]["tags"] == ["kyiv", "world"]


def test_stories_search_command(
    filled: Store, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stories", "--search", "tag:world ceasefire", "--json"]) == 0
    found = {s["title"] for s in json.loads(capsys.readouterr().out)["stories"]}
    assert found == {"Ceasefire talks resume in Geneva", "Ceasefire holds overnight"}


def test_newsboat_cache_import(
    filled: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache.db"
    db = sqlite3.connect(cache)
    db.executescript("""
        CREATE TABLE rss_feed (rssurl VARCHAR(1024) PRIMARY KEY NOT NULL, url VARCHAR(1024) NOT NULL,
            title VARCHAR(1024) NOT NULL, lastmodified INTEGER(11) NOT NULL DEFAULT 0,
            is_rtl INTEGER(1) NOT NULL DEFAULT 0, etag VARCHAR(128) NOT NULL DEFAULT "");
        CREATE TABLE rss_item (id INTEGER PRIMARY KEY AUTOINCREMENT, guid VARCHAR(64) NOT NULL,
            title VARCHAR(1024) NOT NULL, author VARCHAR(1024) NOT NULL, url VARCHAR(1024) NOT NULL,
            feedurl VARCHAR(1024) NOT NULL, pubDate INTEGER NOT NULL, content VARCHAR(65535) NOT NULL,
            unread INTEGER(1) NOT NULL, enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024),
            enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52), deleted INTEGER(1) NOT NULL DEFAULT 0,
            base VARCHAR(128) NOT NULL DEFAULT "", content_mime_type VARCHAR(255) NOT NULL DEFAULT "");
    """)
    rows = [
        ("g1", "https://e.org/1", "https://e.org/world.xml", 0, ""),
        ("g2", "https://e.org/2", "https://e.org/world.xml", 1, "s"),
        ("nope", "https://e.org/unknown", "https://e.org/world.xml", 0, ""),
    ]
    for guid, url, feed, unread, flags in rows:
        db.execute(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread, flags) "
            "VALUES (?, 't', 'a', ?, ?, 0, '', ?, ?)",
            (guid, url, feed, unread, flags),
        )
    db.commit()
    db.close()
    assert main(["import", "--newsboat-cache", str(cache), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"newsboat_items": 3, "matched": 2, "marked_read": 1, "starred": 1}
    one = next(s for s in filled.stories(limit=-1) if s.guid == "g1")
    two = next(s for s in filled.stories(limit=-1) if s.guid == "g2")
    assert one.read and not one.starred and two.starred and not two.read


def test_export_starred_json_and_markdown(
    filled: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    story = next(s for s in filled.stories(limit=-1) if s.title.startswith("Ceasefire talks"))
    filled.db.execute(
        "UPDATE stories SET title = ? WHERE id = ?",
        ("Ceasefire [talks](javascript:x) *now*", story.id),
    )
    filled.mark([story.id], starred=True)
    assert main(["export", "--starred", "--format", "json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)["stories"]
    assert item["link"] == "https://e.org/1" and item["authors"][0]["name"] == "Jane Doe"
    assert "Negotiators met" in item["text"]
    assert main(["export", "--starred", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "## [Ceasefire \\[talks\\](javascript:x) \\*now\\*](https://e.org/1)" in markdown
    assert "By Jane Doe" in markdown and "Negotiators met" in markdown


def test_parse_problems_are_reported() -> None:
    assert parse_query("since:soon").problems
    assert replace(parse_query("").query) == StoryQuery()
