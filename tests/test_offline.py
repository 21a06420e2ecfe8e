"""Offline reading end to end: prefetch from the loopback server, stop it, read everything."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import pytest

from tests.support import feedgen
from tests.support.pages import article_page, png
from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW
from tui_reader.cli import main
from tui_reader.core.offline import prefetch
from tui_reader.core.paths import Paths
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.screens.main import MainScreen


def noisy_png(seed: int, size: int = 150) -> bytes:
    return png(size, size, noise=seed)


def publish(server: LoopbackServer, n: int = 8, *, big_images: bool = False) -> str:
    spec = feedgen.make_feed(server.url("/"), n, seed=7, title="Offline Gazette")
    for i, item in enumerate(spec.items):
        picture = f"/img/{i}.png"
        server.add(picture, Route(noisy_png(i) if big_images else png(shade=i), "image/png"))
        path = item.link.removeprefix(server.base)
        server.add(path, Route(article_page(item, image=picture), "text/html; charset=utf-8"))
    return server.add("/feed.xml", Route(feedgen.rss(spec), "application/rss+xml"))


@pytest.mark.timeout(120)
async def test_prefetch_then_read_every_story_offline(
    server: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_url = publish(server)
    paths = Paths.under(home)
    with Store(paths.database) as store:
        store.add_feed(feed_url)
    code = await asyncio.to_thread(main, ["--home", str(home), "prefetch", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0, doc
    assert doc["ready_offline"] == 8 and doc["with_images"] == 8 and doc["images"] == 8, doc
    assert doc["failures"] == []
    files = list((paths.cache_dir / "images").glob("*/*.png"))
    assert len(files) == 8
    server.stop()  # the flight leaves

    store = Store(paths.database)
    for story in store.stories(limit=-1):
        (image,) = store.story_images(story.id)
        assert image.status == "ok" and (paths.cache_dir / image.path).is_file()
    app = ReaderApp(store, clock=lambda: NOW, theme="reader-dark")
    started = time.monotonic()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("R")  # the refresh finds no network
        deadline = time.monotonic() + 30
        while screen.status.status.online is not False:
            assert time.monotonic() < deadline
            await pilot.pause(0.05)
        assert "offline" in screen.status.render_status().plain
        assert "8 readable in full" in screen.status.render_status().plain
        for index in range(screen.stories.total):
            screen.stories.move_to(index)
            await pilot.press("enter")
            await pilot.pause()
            header = str(screen.article.query_one("#article-header").render())
            assert "Full text" in header, header
            assert "paragraph 3" in screen.article.document.plain
            # The stored count (from the extraction child) is the count the pane shows.
            stored = store.fulltext(screen.article.story.id)
            assert stored.word_count == screen.article.document.word_count > 0
            await pilot.press("escape")
        assert screen.stories.render_row(screen.stories.item(0), 100).plain[2] == "▣"
    assert time.monotonic() - started < 60


async def test_flight_mode_never_fetches(server: LoopbackServer, home: Path) -> None:
    feed_url = publish(server, 2)
    store = Store(Paths.under(home).database)
    feed, _ = store.add_feed(feed_url)
    from tui_reader.core.refresh import refresh_feeds

    await refresh_feeds(store, [feed])
    hits = sum(server.hits.values())
    app = ReaderApp(store, clock=lambda: NOW, theme="reader-dark", offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause(0.3)
        header = str(screen.article.query_one("#article-header").render())
        assert "not downloaded" in header
        await pilot.press("R", "P")
        await pilot.pause(0.3)
        assert "offline" in screen.status.render_status().plain
    assert sum(server.hits.values()) == hits  # not one request


async def test_max_mb_is_respected(server: LoopbackServer, home: Path) -> None:
    feed_url = publish(server, 10, big_images=True)
    paths = Paths.under(home)
    store = Store(paths.database)
    store.add_feed(feed_url)
    budget = 0.25
    summary = await prefetch(store, paths.cache_dir, max_mb=budget)
    sizes = store.cache_bytes()
    assert summary.budget_reached
    assert sizes["full_texts"] + sizes["images"] <= budget * 1024 * 1024
    assert 0 < summary.fetched < 10


async def test_interrupted_prefetch_resumes_without_refetching(
    server: LoopbackServer, home: Path
) -> None:
    feed_url = publish(server, 8)
    paths = Paths.under(home)
    store = Store(paths.database)
    store.add_feed(feed_url)
    seen: list[int] = []

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "stories":
            seen.append(done)

    task = asyncio.create_task(prefetch(store, paths.cache_dir, progress=progress))
    while len(seen) < 3:
        await asyncio.sleep(0.01)
    task.cancel()
    first = await task
    assert first.interrupted or first.fetched < 8
    stored = {
        s.link.removeprefix(server.base) for s in store.stories(limit=-1) if store.fulltext(s.id)
    }
    assert stored, "the first run stored nothing before it was interrupted"
    hits_before = dict(server.hits)
    second = await prefetch(store, paths.cache_dir)
    assert second.already + second.fetched == 8
    for page in stored:  # what the first run stored is not fetched again
        assert server.hits[page] == hits_before[page], page


async def test_show_reads_from_the_cache_only(
    server: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_url = publish(server, 2)
    paths = Paths.under(home)
    store = Store(paths.database)
    store.add_feed(feed_url)
    await prefetch(store, paths.cache_dir, images=False)
    server.stop()
    first, second = store.stories(limit=-1)
    store.db.execute("DELETE FROM fulltext WHERE story_id = ?", (second.id,))
    assert (
        await asyncio.to_thread(main, ["--home", str(home), "show", str(first.id), "--json"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["full_text"] and "paragraph 3" in doc["text"] and doc["authors"]
    assert await asyncio.to_thread(main, ["--home", str(home), "show", str(second.id)]) == 0
    out = capsys.readouterr().out
    assert "full text not downloaded" in out


async def test_cache_report_and_prune_keep_starred(
    server: LoopbackServer, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_url = publish(server, 4)
    paths = Paths.under(home)
    store = Store(paths.database)
    store.add_feed(feed_url)
    await prefetch(store, paths.cache_dir)
    stories = store.stories(limit=-1)
    store.mark([stories[0].id], starred=True)
    store.db.execute("UPDATE stories SET sort_time = 1000")  # all ancient
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text("keep_days = 30\n")
    store.close()
    assert await asyncio.to_thread(main, ["--home", str(home), "cache", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert (
        before["full_texts"] == 4
        and before["with_images"] == 4
        and before["megabytes"]["images"] >= 0
    )
    assert await asyncio.to_thread(main, ["--home", str(home), "cache", "--prune", "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["stories"] == 1 and after["full_texts"] == 1 and after["pruned"]["stories"] == 3
    assert len(list((paths.cache_dir / "images").glob("*/*"))) == 1
    with Store(paths.database) as again:
        (kept,) = again.stories(limit=-1)
        assert kept.starred and kept.id == stories[0].id
    assert os.path.exists(paths.database)
