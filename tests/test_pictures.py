"""Pictures in the article pane: drawn from the cache only, capped, split into text runs, and
never a crash or a download, whatever the file holds."""

from __future__ import annotations

import hashlib
import io
import os
import select
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Static

from tests.support import feedgen
from tests.support.pages import article_page, png
from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW, sample_app
from tui_reader.core.blocks import Block, Document, Span
from tui_reader.core.config import Settings
from tui_reader.core.offline import prefetch
from tui_reader.core.paths import Paths
from tui_reader.core.refresh import refresh_feeds
from tui_reader.core.store import Store
from tui_reader.core.store.fulltext import FullText
from tui_reader.core.store.images import StoredImage
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets import picture_probe, pictures
from tui_reader.ui.widgets.picture_probe import Probe, not_worth_asking, picture_method
from tui_reader.ui.widgets.pictures import (
    MAX_PICTURES,
    Picture,
    Pictures,
    cells,
    decode,
    measure,
    plan,
)

WIDE = (120, 40)


# -- helpers ----------------------------------------------------------------------------------------


def bomb_png(width: int, height: int) -> bytes:
    """A PNG header claiming a huge picture, with almost no data behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


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


# -- the pure parts ---------------------------------------------------------------------------------


def test_cells_fit_the_text_width_and_half_the_pane() -> None:
    assert cells((200, 100), 80, 20) == (20, 5)  # natural size at 10x20 pixels a cell
    assert cells((4000, 1000), 80, 20) == (80, 10)  # no wider than the text
    assert cells((1000, 4000), 80, 20) == (10, 20)  # no taller than the cap, aspect kept
    assert cells((3, 2), 80, 20) == (1, 1)
    assert cells((720, 360), 100, 30, cell=(9, 18)) == (80, 20)  # the terminal's own cell size


def test_plan_splits_only_at_pictures_on_disk(tmp_path: Path) -> None:
    files = {}
    for name in ("a", "b", "lead"):
        path = tmp_path / f"{name}.png"
        path.write_bytes(png(40, 20))
        files[f"https://e.org/{name}.png"] = path
    doc = Document(
        [
            Block("paragraph", [Span("one")]),
            Block("image", src="https://e.org/a.png", alt="A"),
            Block("caption", [Span("caption")]),
            Block("image", src="https://e.org/missing.png", alt="gone"),
            Block("image", src="https://e.org/b.png", alt="B"),
            Block("paragraph", [Span("two")]),
        ]
    )
    pieces = plan(doc, Pictures(files, lead="https://e.org/lead.png"))
    kinds = [p.block.alt if isinstance(p, pictures.Figure) else [b.kind for b in p] for p in pieces]
    assert kinds == ["", ["paragraph"], "A", ["caption", "image"], "B", ["paragraph"]]
    assert plan(doc, None) == [doc.blocks]
    capped = plan(doc, Pictures(files, lead="https://e.org/lead.png"), limit=1)
    assert sum(isinstance(p, pictures.Figure) for p in capped) == 1
    in_body = plan(doc, Pictures(files, lead="https://e.org/a.png"))
    assert [p.block.alt for p in in_body if isinstance(p, pictures.Figure)] == ["A", "B"]


def test_hostile_files_are_refused_or_fail_loudly(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png(60_000, 60_000))
    assert measure(bomb) is None  # 3.6 gigapixels: refused from the header, nothing decoded
    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(300))
    assert measure(garbage) is None
    eps = tmp_path / "x.png"
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    assert measure(eps) is None  # only the raster formats prefetch stores are opened
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(png(300, 200)[:60])
    assert measure(truncated) == (300, 200)  # the header is fine...
    with pytest.raises((OSError, SyntaxError, ValueError)):
        decode(truncated, (100, 100))  # ...the pixels are not
    good = tmp_path / "good.png"
    good.write_bytes(png(300, 200))
    image = decode(good, (60, 60))
    assert image.size == (60, 40) and image.mode == "RGBA"


def test_picture_method_follows_the_setting_and_the_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setenv("TERM", "xterm-kitty")
    monkeypatch.setattr(picture_probe, "_probe", None)
    assert picture_method("off") == "off"
    assert picture_method("halfcell") == "halfcell"
    assert picture_method("auto") == "halfcell"  # never probed: half blocks need no query
    monkeypatch.setattr(picture_probe, "_probe", Probe("kitty", (9, 18)))
    assert picture_method("auto") == "kitty"
    assert picture_method("halfcell") == "halfcell"
    assert picture_method("auto", {"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"}) == "halfcell"
    assert picture_method("auto", {"TERM": "screen-256color"}) == "halfcell"


def test_who_is_asked_before_start_up() -> None:
    kitty = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}
    assert not_worth_asking(kitty, tty=True) == ""
    assert not_worth_asking({"TERM": "foot"}, tty=True) == ""
    assert not_worth_asking({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, tty=True) == ""
    assert not_worth_asking(kitty, tty=False) == "not a terminal"
    assert "tmux" in not_worth_asking({**kitty, "TMUX": "/tmp/t,1,0"}, tty=True)
    assert "tmux" in not_worth_asking({"TERM": "tmux-256color"}, tty=True)
    assert "SSH" in not_worth_asking({**kitty, "SSH_CONNECTION": "1 2 3 4"}, tty=True)
    assert "announce" in not_worth_asking({"TERM": "xterm-256color"}, tty=True)
    assert picture_probe.probe_terminal().method == "halfcell"  # pytest's stdout is no terminal


def probe_in_pty(env: dict[str, str], *, kitty: bool) -> tuple[str, bytes]:
    """Run probe_terminal() in a child on a pseudo-terminal that answers like Kitty (or not)."""
    import pty

    child = (
        "import fcntl, struct, termios\n"
        "fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 1080, 760))\n"
        "from tui_reader.ui.widgets.picture_probe import probe_terminal\n"
        "p = probe_terminal()\n"
        "print('PROBE', p.method, p.cell[0], p.cell[1], flush=True)\n"
    )
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(Path(__file__).parent.parent)
        os.execve(sys.executable, [sys.executable, "-c", child], env)
    seen = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
        if kitty and b"\x1b_G" in data:
            os.write(fd, b"\x1b_Gi=1;OK\x1b\\")
        if b"\x1b[c" in data:
            os.write(fd, b"\x1b[?62;22c")
        if b"PROBE" in seen and seen.endswith(b"\n"):
            break
    os.waitpid(pid, 0)
    os.close(fd)
    line = next((x for x in seen.decode(errors="replace").splitlines() if "PROBE" in x), "")
    return line, seen


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pty")
def test_probe_in_a_terminal_that_speaks_kitty_and_in_tmux() -> None:
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(Path(__file__).parent.parent)}
    line, _ = probe_in_pty({**base, "TERM": "xterm-kitty"}, kitty=True)
    assert line.split()[1:] == ["kitty", "9", "19"], line
    line, seen = probe_in_pty({**base, "TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"}, kitty=True)
    assert line.split()[1] == "halfcell", line
    assert b"\x1b_G" not in seen and b"\x1b[c" not in seen  # tmux is not even asked


def test_first_paint_imports_no_pillow(tmp_path: Path) -> None:
    probe = f"""
import asyncio, sys
from tui_reader.core.sample import install_sample
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp

async def main():
    store = Store({str(tmp_path / "r.db")!r})
    install_sample(store)
    app = ReaderApp(store, sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.article.story is not None
        print(" ".join(m for m in sys.modules if m.split(".")[0] in ("PIL", "textual_image")))

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""  # a story with no stored picture loads no image code


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
