"""Pictures in the reader: drawn from the cache only where the figure is, capped, split into text
runs, handed to textual-image on terminals with graphics, and never a crash or a download."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Static

from tests.support import feedgen
from tests.support.pages import article_page, bomb_png, png
from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW, sample_app
from tui_reader.core.config import Settings
from tui_reader.core.offline import prefetch
from tui_reader.core.paths import Paths
from tui_reader.core.refresh import refresh_feeds
from tui_reader.core.store import Store
from tui_reader.core.store.fulltext import FullText
from tui_reader.core.store.images import StoredImage
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets import picture_probe
from tui_reader.ui.widgets.picture_probe import Probe
from tui_reader.ui.widgets.pictures import (
    MAX_PICTURES,
    Picture,
)

WIDE = (120, 40)


# -- helpers ----------------------------------------------------------------------------------------


async def one_story(server: LoopbackServer, home: Path, stories: int = 1) -> Store:
    """A store with real stories refreshed from the loopback server (no full text yet)."""
    spec = feedgen.make_feed(server.url("/"), stories, seed=3, title="Picture Post")
    server.add("/feed.xml", Route(feedgen.rss(spec), "application/rss+xml"))
    store = Store(Paths.under(home).database)
    feed, _ = store.add_feed(server.url("/feed.xml"))
    await refresh_feeds(store, [feed])
    return store


def full_text(store: Store, story_id: int, html: str) -> None:
    store.save_fulltext(FullText(story_id, "full", "", html, 500, time.time(), {}))


def cached_picture(
    store: Store, home: Path, story_id: int, url: str, data: bytes, *, lead: bool = False
) -> Path:
    """A picture as prefetch leaves it: a file named by its hash and an `ok` row."""
    digest = hashlib.sha256(data).hexdigest()
    relative = Path("images") / digest[:2] / f"{digest}.png"
    target = Paths.under(home).cache_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    store.save_image(
        StoredImage(story_id, url, digest, str(relative), len(data), "image/png", "ok", "", lead)
    )
    return target


def reader(store: Store, home: Path, mode: str = "halfcell") -> ReaderApp:
    return ReaderApp(
        store,
        clock=lambda: NOW,
        theme="reader-dark",
        home=str(home),
        settings=Settings(image_mode=mode),
    )


async def settle(pilot, app: ReaderApp) -> None:
    """Let the body be replaced and every picture decoded."""
    for _ in range(3):
        await pilot.pause()
    await app.workers.wait_for_complete()
    for _ in range(3):
        await pilot.pause()


def body_parts(app: ReaderApp) -> list[Static | Picture]:
    return list(app.screen.query_one("#article-body").children)  # type: ignore[arg-type]


def text_of(part: Static | Picture) -> str:
    region = Region(0, 0, part.size.width, part.size.height)
    return "\n".join(strip.text for strip in part.render_lines(region))


def body_text(app: ReaderApp) -> str:
    return "\n".join(text_of(part) for part in body_parts(app))


def picture_strips(picture: Picture) -> list:
    return picture.render_lines(Region(0, 0, picture.size.width, picture.size.height))


def paragraphs(n: int, word: str = "words") -> str:
    return "".join(f"<p>Paragraph {i} with some {word} in it.</p>" for i in range(n))


# -- in the reader ----------------------------------------------------------------------------------


def publish_with_picture(server: LoopbackServer) -> str:
    spec = feedgen.make_feed(server.url("/"), 1, seed=11, title="Photo Desk")
    item = spec.items[0]
    server.add("/img/0.png", Route(png(200, 100, shade=30), "image/png"))
    page = article_page(item, image="/img/0.png")
    server.add(item.link.removeprefix(server.base), Route(page, "text/html; charset=utf-8"))
    return server.add("/feed.xml", Route(feedgen.rss(spec), "application/rss+xml"))


@pytest.mark.timeout(120)
async def test_a_prefetched_picture_is_drawn_where_the_figure_is(
    server: LoopbackServer, home: Path
) -> None:
    paths = Paths.under(home)
    store = Store(paths.database)
    store.add_feed(publish_with_picture(server))
    summary = await prefetch(store, paths.cache_dir)
    assert summary.images == 1, summary.as_json()
    server.stop()  # read offline
    app = reader(store, home, "halfcell")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(pilot, app)
        parts = body_parts(app)
        assert [type(p).__name__ for p in parts] == ["Picture", "Static"]
        picture = parts[0]
        assert isinstance(picture, Picture) and not picture.failed
        assert picture.figure.block.alt.startswith("A picture for")
        assert picture.size == (20, 5)  # 200x100 pixels
        strips = picture_strips(picture)
        assert len(strips) == 5 and all(s.text == "▀" * 20 for s in strips)
        assert any(seg.style.bgcolor for seg in strips[0])  # colours, not blanks
        assert text_of(parts[1]).startswith("Caption")  # the figure's caption follows it
        assert "[image:" not in body_text(app)
        header = app.screen.query_one("#article-header").region
        assert picture.region.y >= header.bottom


async def test_image_mode_off_shows_the_alt_line(server: LoopbackServer, home: Path) -> None:
    store = await one_story(server, home)
    story = store.stories(limit=-1)[0]
    full_text(
        store, story.id, '<p>Before.</p><img src="https://e.org/p.png" alt="A cat"><p>After.</p>'
    )
    cached_picture(store, home, story.id, "https://e.org/p.png", png(100, 50))
    app = reader(store, home, "off")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(pilot, app)
        assert not app.screen.query(Picture)
        assert [type(p).__name__ for p in body_parts(app)] == ["Static"]
        assert "[image: A cat]" in body_text(app)


async def test_a_picture_not_downloaded_is_never_fetched(
    server: LoopbackServer, home: Path
) -> None:
    store = await one_story(server, home)
    story = store.stories(limit=-1)[0]
    server.add("/img/online.png", Route(png(100, 50), "image/png"))
    server.add("/img/failed.png", Route(png(100, 50), "image/png"))
    server.add("/img/deleted.png", Route(png(100, 50), "image/png"))
    html = "".join(
        f'<p>Text {name}.</p><img src="{server.url(f"/img/{name}.png")}" alt="Picture {name}">'
        for name in ("online", "failed", "deleted")
    )
    full_text(store, story.id, html)
    failed = server.url("/img/failed.png")
    store.save_image(StoredImage(story.id, failed, "", "", 0, "", "failed", "timed out", False))
    gone = cached_picture(store, home, story.id, server.url("/img/deleted.png"), png(100, 50))
    gone.unlink()
    before = sum(server.hits.values())
    app = reader(store, home, "halfcell")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(pilot, app)
        assert not app.screen.query(Picture)
        text = body_text(app)
        for name in ("online", "failed", "deleted"):
            assert f"[image: Picture {name}]" in text
    assert sum(server.hits.values()) == before  # the pane asked the network for nothing


async def test_a_corrupt_picture_file_shows_the_alt_line(
    server: LoopbackServer, home: Path
) -> None:
    store = await one_story(server, home)
    story = store.stories(limit=-1)[0]
    full_text(
        store,
        story.id,
        '<p>One.</p><img src="https://e.org/junk.png" alt="Junk">'
        '<p>Two.</p><img src="https://e.org/cut.png" alt="Cut short">'
        '<p>Three.</p><img src="https://e.org/bomb.png" alt="Bomb"><p>Four.</p>',
    )
    cached_picture(store, home, story.id, "https://e.org/junk.png", b"\x89PNG\r\n" + b"x" * 500)
    cached_picture(store, home, story.id, "https://e.org/cut.png", png(300, 200)[:70])
    cached_picture(store, home, story.id, "https://e.org/bomb.png", bomb_png(50_000, 50_000))
    app = reader(store, home, "halfcell")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(pilot, app)
        (cut,) = app.screen.query(Picture)  # the only one whose header could be read
        assert cut.failed
        text = body_text(app)
        for alt in ("Junk", "Cut short", "Bomb"):
            assert f"[image: {alt}]" in text
        assert "Four." in text


async def test_many_pictures_are_capped_and_the_text_split_into_runs(
    server: LoopbackServer, home: Path
) -> None:
    store = await one_story(server, home)
    story = store.stories(limit=-1)[0]
    count = MAX_PICTURES + 10
    html = "".join(
        f'{paragraphs(40, f"w{i}")}<img src="https://e.org/{i}.png" alt="Figure {i}">'
        for i in range(count)
    ) + paragraphs(5, "end")
    full_text(store, story.id, html)
    for i in range(count):
        cached_picture(store, home, story.id, f"https://e.org/{i}.png", png(120, 60, shade=i))
    app = reader(store, home, "halfcell")
    async with app.run_test(size=WIDE) as pilot:
        started = time.monotonic()
        await pilot.press("enter")
        await settle(pilot, app)
        elapsed = time.monotonic() - started
        parts = body_parts(app)
        shown = [p for p in parts if isinstance(p, Picture)]
        runs = [p for p in parts if not isinstance(p, Picture)]
        assert len(shown) == MAX_PICTURES
        assert len(runs) == MAX_PICTURES + 1  # text before each picture, and after the last
        assert all(isinstance(p, Static) for p in runs)
        assert all(p.image is not None and not p.failed for p in shown)
        last = body_text(app).split("Figure 19")[-1]
        assert "[image: Figure 20]" in last and f"[image: Figure {count - 1}]" in last
        heights = {p.size.height for p in shown}
        assert max(heights) <= app.screen.article.size.height // 2
        assert elapsed < 20, elapsed


async def test_a_lead_picture_not_in_the_body_comes_first(
    server: LoopbackServer, home: Path
) -> None:
    store = await one_story(server, home)
    story = store.stories(limit=-1)[0]
    full_text(store, story.id, '<p>Body.</p><img src="https://e.org/in.png" alt="Inside">')
    cached_picture(store, home, story.id, "https://e.org/lead.png", png(300, 150), lead=True)
    cached_picture(store, home, story.id, "https://e.org/in.png", png(100, 50))
    app = reader(store, home, "halfcell")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(pilot, app)
        parts = body_parts(app)
        assert [type(p).__name__ for p in parts] == ["Picture", "Static", "Picture"]
        lead = parts[0]
        assert isinstance(lead, Picture) and lead.has_class("-first")
        assert lead.figure.block.src == "https://e.org/lead.png"
        assert lead.styles.margin.top == 0 and lead.styles.margin.bottom == 1


async def test_links_follow_a_picture_that_ends_the_story(
    server: LoopbackServer, home: Path
) -> None:
    store = await one_story(server, home)
    story = store.stories(limit=-1)[0]
    html = (
        '<p>See <a href="https://e.org/more">more</a>.</p><img src="https://e.org/end.png" alt="E">'
    )
    full_text(store, story.id, html)
    cached_picture(store, home, story.id, "https://e.org/end.png", png(100, 50))
    app = reader(store, home, "halfcell")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(pilot, app)
        parts = body_parts(app)
        assert [type(p).__name__ for p in parts] == ["Static", "Picture", "Static"]
        assert "Links" not in text_of(parts[0])
        links = text_of(parts[2]).splitlines()
        assert links[0].strip() == "Links" and "[1] https://e.org/more" in links[1]


async def test_scroll_and_theme_changes_keep_pictures_in_place(
    server: LoopbackServer, home: Path
) -> None:
    store = await one_story(server, home, stories=2)
    first, second = store.stories(limit=-1)
    html = paragraphs(60) + '<img src="https://e.org/p.png" alt="P">' + paragraphs(60, "more")
    full_text(store, first.id, html)
    full_text(store, second.id, paragraphs(10))
    cached_picture(store, home, first.id, "https://e.org/p.png", png(200, 100))
    app = reader(store, home, "halfcell")
    async with app.run_test(size=WIDE) as pilot:
        screen = app.screen
        screen.stories.move_to(screen.stories.index_of(first))
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("space", "space", "space")
        await pilot.pause()
        kept = screen.article.scroll_y
        assert kept > 0
        picture = screen.query_one(Picture)
        app.theme = "reader-light"  # re-renders the text; the picture widget stays
        await settle(pilot, app)
        assert screen.query_one(Picture) is picture and picture.image is not None
        assert screen.article.scroll_y == kept
        await pilot.press("escape")
        screen.stories.move_to(screen.stories.index_of(second))
        await pilot.press("enter")
        await settle(pilot, app)
        assert not screen.query(Picture) and screen.article.scroll_y == 0
        await pilot.press("escape")
        screen.stories.move_to(screen.stories.index_of(first))
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.article.scroll_y == kept
        assert screen.query_one(Picture).image is not None


@pytest.mark.parametrize("method", ["kitty", "sixel"])
async def test_terminal_graphics_are_handed_to_textual_image(
    server: LoopbackServer, home: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """What `auto` does after a probe found Kitty or Sixel (the terminal itself is faked)."""
    terminal = io.StringIO()
    monkeypatch.setattr(sys, "__stdout__", terminal)  # textual-image writes there directly
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setenv("TERM", "xterm-kitty")
    monkeypatch.setattr(picture_probe, "_probe", Probe(method, (10, 20)))
    store = await one_story(server, home)
    story = store.stories(limit=-1)[0]
    full_text(store, story.id, '<p>Text.</p><img src="https://e.org/p.png" alt="P">')
    cached_picture(store, home, story.id, "https://e.org/p.png", png(200, 100))
    app = reader(store, home, "auto")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("enter")
        await settle(pilot, app)
        picture = app.screen.query_one(Picture)
        (graphics,) = picture.children
        kind = {"kitty": "TGPImage", "sixel": "sixel.Image"}[method]
        assert f"{type(graphics).__module__}.{type(graphics).__name__}".endswith(kind)
        assert graphics.size == picture.size == (20, 5)
        inner = graphics.children[0] if graphics.children else graphics  # Sixel draws in a child
        region = Region(0, 0, *inner.size)
        drawn = "".join(seg.text for strip in inner.render_lines(region) for seg in strip)
    if method == "kitty":
        assert "\x1b_G" in terminal.getvalue()  # the picture went to the terminal as Kitty data
        assert chr(0x10EEEE) in drawn  # and the cells hold Kitty's placeholders
    else:
        assert "\x1bP" in drawn  # a Sixel sequence is drawn into the cells


def test_snapshot_of_a_half_cell_picture(snap_compare, tmp_path: Path) -> None:
    app = sample_app(tmp_path, settings=Settings(image_mode="halfcell"))
    store = app.store
    home = Path(os.environ["TUI_READER_HOME"])
    for story in store.stories(limit=-1):
        cached_picture(store, home, story.id, "https://e.org/lead.png", png(160, 60), lead=True)

    async def open_story(pilot) -> None:
        await pilot.press("enter", "j", "enter")
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_story)


def test_the_widgets_package_stays_free_of_pillow_at_import() -> None:
    code = "import sys, tui_reader.ui.widgets.article; print('PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
