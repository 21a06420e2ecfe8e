"""The hostile corpus end to end: served on loopback, refreshed into a store, checked case by case
for its safe outcome; then the store as a whole, its exports, and parser bombs in a bounded
process."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.hostile import corpus
from tests.hostile.checks import MARKUP, forbidden, leaked_markers
from tests.hostile.conftest import World
from tui_reader.core.blocks import html_to_document
from tui_reader.core.store import Store
from tui_reader.core.subscriptions import read_subscriptions, write_opml

NAMES = [case.name for case in corpus.corpus("http://127.0.0.1:1", "/trap")]
REPO = Path(__file__).resolve().parents[2]


def test_the_corpus_is_broad() -> None:
    cases = corpus.corpus("http://127.0.0.1:1", "/trap")
    families = Counter(case.family for case in cases)
    assert len(cases) >= 60
    assert set(families) == set(corpus.FAMILIES)
    assert all(count >= 4 for count in families.values()), families
    assert all(case.routes and case.feed_path in case.routes for case in cases)


def _feed_text(store: Store, feed_id: int) -> tuple[list[str], list[tuple]]:
    """Every stored string of one feed, HTML bodies also as decoded and as rendered blocks."""
    feed = store.feed(feed_id)
    assert feed is not None
    texts = [feed.url, feed.title, feed.display_title, feed.site_url, feed.last_error or ""]
    texts += list(feed.tags)
    stories = store.db.execute(
        "SELECT guid, link, title, authors, summary, content, published, read, starred "
        "FROM stories WHERE feed_id = ? ORDER BY id",
        (feed_id,),
    ).fetchall()
    for guid, link, title, authors, summary, content, *_ in stories:
        texts += [guid, link, title, authors]
        for body in (summary, content):
            texts += [body, html.unescape(body)]
            doc = html_to_document(body, link)
            texts += [doc.plain, *doc.links]
    texts += [
        " ".join(row)
        for row in store.db.execute(
            "SELECT DISTINCT a.name, a.url, a.role, a.bio FROM authors a "
            "JOIN story_authors sa ON sa.author_id = a.id JOIN stories s ON s.id = sa.story_id "
            "WHERE s.feed_id = ?",
            (feed_id,),
        )
    ]
    return texts, stories


def _problems(world: World, store: Store, case: corpus.Case) -> list[str]:
    found: list[str] = []
    if case.name not in world.feed_ids:
        return ["not subscribed (its listing was not imported)"]
    outcome = world.outcomes.get(case.name)
    if outcome is None:
        return ["no outcome"]
    if case.outcome == "stored" and outcome.status != "fetched":
        found.append(f"expected stored, got {outcome.status}: {outcome.error}")
    if case.outcome == "failed" and (
        outcome.status != "failed" or case.reason not in (outcome.error or "")
    ):
        found.append(
            f"expected failure with {case.reason!r}, got {outcome.status}: {outcome.error}"
        )
    if case.outcome == "either" and outcome.status not in ("fetched", "failed"):
        found.append(f"unexpected outcome {outcome.status}")
    if case.new is not None and outcome.status == "fetched" and outcome.new != case.new:
        found.append(f"expected {case.new} new stories, got {outcome.new}")
    if world.seconds[case.name] > case.seconds:
        found.append(f"took {world.seconds[case.name]:.1f} s (bound {case.seconds} s)")
    texts, stories = _feed_text(store, world.feed_ids[case.name])
    everything = "\n".join(texts)
    if bad := forbidden(everything):
        found.append(f"control characters stored: {bad}")
    if leaks := leaked_markers(everything):
        found.append(f"escape payload survived: {leaks}")
    found += [f"{text!r} stored" for text in case.absent if text in everything]
    found += [f"{text!r} not stored literally" for text in case.present if text not in everything]
    baseline = {row[0]: row for row in stories if row[0].startswith("base-")}
    first = baseline.get(f"base-{case.name}-1")
    if len(baseline) != 2 or first is None or not (first[7] and first[8]):
        found.append("the stories from before, or their read/starred state, were lost")
    fresh = [row for row in stories if not row[0].startswith("base-")]
    links = [row[1] for row in fresh]
    if case.links is not None and tuple(links) != case.links:
        found.append(f"links {links} != {list(case.links)}")
    if any(link and not link.startswith(("http://", "https://")) for link in links):
        found.append(f"a non-http(s) link was stored: {links}")
    latest = time.time() + 2 * 86_400
    if any(row[6] is not None and not 0 <= row[6] <= latest for row in stories):
        found.append("an absurd date was stored")
    feed = store.feed(world.feed_ids[case.name])
    if case.feed_title is not None and feed is not None and feed.display_title != case.feed_title:
        found.append(f"feed title {feed.display_title!r} != {case.feed_title!r}")
    if "subscriptions" in case.extra:
        subscribed = read_subscriptions(case.listing).subscriptions
        if len(subscribed) != case.extra["subscriptions"]:
            found.append(f"subscriptions {[s.url for s in subscribed]}")
    if "document_links" in case.extra:
        doc = html_to_document(fresh[0][4] or fresh[0][5], fresh[0][1])
        if tuple(doc.links) != case.extra["document_links"]:
            found.append(f"document links {doc.links}")
    found += [f"{path} was requested" for path in case.never_hit if world.server.hits[path]]
    return found


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", NAMES)
def test_case_reaches_its_safe_outcome(hostile: World, name: str) -> None:
    with Store(hostile.database) as store:
        assert _problems(hostile, store, hostile.case(name)) == []


@pytest.mark.timeout(120)
def test_the_store_survives_the_corpus(hostile: World) -> None:
    with Store(hostile.database) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        urls = [f.url for f in store.feeds(counts=False)]
        assert all(url.startswith(hostile.server.base) for url in urls), urls
        assert len(urls) == len(hostile.cases)
    assert hostile.summary is not None and hostile.summary.seconds < 30
    assert not any(hostile.trap.iterdir())
    entity_hits = {p: n for p, n in hostile.server.hits.items() if p.endswith("/entity")}
    assert entity_hits == {}


@pytest.mark.timeout(60)
def test_exports_and_listings_are_clean(hostile: World, capsys: pytest.CaptureFixture[str]) -> None:
    from lxml import etree

    from tui_reader.cli import main

    with Store(hostile.database) as store:
        exported = write_opml(store.feeds(counts=False))
    etree.fromstring(exported.encode())  # strict XML: a control character would not parse
    assert not forbidden(exported) and not leaked_markers(exported)
    assert "[@click=app.quit]x[/]" in html.unescape(exported)
    for argv in (["feeds"], ["stories"], ["stories", "--json"], ["feeds", "--json"]):
        assert main(["--home", str(hostile.home), *argv]) == 0
        out, err = capsys.readouterr()
        assert not forbidden(out + err), argv
        assert not leaked_markers(out + err), argv
    url = hostile.server.url(hostile.case("markup-rss-titles").feed_path)
    assert main(["--home", str(hostile.home), "stories", "--feed", url, "--json"]) == 0
    listing = json.loads(capsys.readouterr()[0])
    titles = {s["title"] for s in listing["stories"]}
    assert set(MARKUP) <= titles


_BOMBS = """
import json, resource, sys, time
from tests.hostile import corpus, guarded
guarded.apply_limits()
from tui_reader.core.feeds import FeedError, parse_feed
from tui_reader.core.text_encoding import to_utf8
results = {}
for case in corpus.bomb_cases("http://127.0.0.1:1"):
    route = case.routes[case.feed_path]
    started = time.monotonic()
    try:
        outcome = f"{len(parse_feed(to_utf8(route.body, route.content_type)).entries)} entries"
    except FeedError as error:
        outcome = f"FeedError: {error}"
    results[case.name] = [round(time.monotonic() - started, 2), outcome]
results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(results))
"""


@pytest.mark.timeout(90)
def test_parser_bombs_stay_within_time_and_memory() -> None:
    """Each bomb parsed in a process capped at 3 GiB of address space: fast, and the peak
    resident memory stays modest (a 100,000-deep nesting alone took 800 MB before the guard)."""
    done = subprocess.run(
        [sys.executable, "-c", _BOMBS],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=80,
        env={**os.environ, "GUARD_MEMORY_MB": "3072"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    peak = results.pop("peak_mb")
    slow = {name: r for name, r in results.items() if r[0] > 3.0}
    assert slow == {}
    assert peak < 700, f"peak RSS {peak} MB: {results}"
