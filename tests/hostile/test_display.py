"""The display families in the app (Pilot): every hostile story opened, its author shown, links,
help and the command palette used; nothing rendered holds a control character, markup stays text
(no quit, no crash, no screenshot written), and links open only as http(s), never via a shell."""

from __future__ import annotations

import contextlib
import io
import sqlite3
import stat
import time
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot

from tests.hostile.checks import forbidden, leaked_markers, plant_legacy_rows
from tests.hostile.conftest import World
from tests.ui_support import NOW, utc
from tui_reader.core.browser import open_in_browser, safe_url
from tui_reader.core.store import Store, StoryQuery
from tui_reader.ui.app import ReaderApp

KEYED = ("markup-rss-titles", "link-in-content")  # also driven with keys
# Sequences a screen may never carry, whatever Textual itself draws with (it uses CSI and OSC 22).
NEVER = ("\x1b]52", "\x1b]8;", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b]0;", "\x1b]2;")


def copy_store(world: World, folder: Path) -> Path:
    """The app writes (read marks, full-text records): it gets its own copy of the store, with
    two rows as a version that cleaned nothing at ingest would have written them. Full text is
    fetched only for the key-driven cases: a page fetch per story would double the test's time."""
    target = folder / "reader.db"
    keyed = ",".join(str(world.feed_ids[name]) for name in KEYED)
    with sqlite3.connect(world.database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
        plant_legacy_rows(copy)
        with contextlib.suppress(sqlite3.OperationalError):  # a store without the setting
            copy.execute(f"UPDATE feeds SET fulltext = 0 WHERE id NOT IN ({keyed})")
    return target


def screen_output(app: ReaderApp) -> tuple[str, str]:
    """What the app would write to a terminal now: the plain text, and the styled bytes."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False), console.file.getvalue()  # type: ignore[attr-defined]


def assert_screen_safe(app: ReaderApp, where: str) -> None:
    text, raw = screen_output(app)
    assert app.is_running, where
    assert forbidden(text) == [], where
    assert leaked_markers(text) == [], where
    assert [seq for seq in NEVER if seq in raw] == [], where
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in raw), where


def recorder(folder: Path) -> tuple[str, Path]:
    """A stand-in browser that writes each argument it gets on a line of its own."""
    log = folder / "opened.txt"
    script = folder / "browser.sh"
    script.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a" >> "{log}"; done\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script), log


@pytest.mark.timeout(120)
async def test_display_families_in_the_app(
    hostile: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every display story is opened (as Enter does) and checked; a few cases are also driven with
    the keys: Enter, Tab to the author pane, o to open in the browser, l for the links dialog."""
    utc()
    browser, opened = recorder(tmp_path)
    monkeypatch.setenv("BROWSER", browser)
    store = Store(copy_store(hostile, tmp_path))
    app = ReaderApp(store, clock=lambda: NOW)
    shown = 0
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert_screen_safe(app, "start")
        legacy = store.feed_by_url("http://127.0.0.1:1/legacy")
        assert legacy is not None
        screen.stories.show(StoryQuery(feed_id=legacy.id))
        for index in range(2):
            screen.open_story(screen.stories.item(index))
            await pilot.pause(0.01)
            assert_screen_safe(app, f"legacy story {index}")
        for case in (c for c in hostile.cases if c.display):
            screen.stories.show(StoryQuery(feed_id=hostile.feed_ids[case.name]))
            await pilot.pause(0.01)
            assert_screen_safe(app, f"{case.name} list")
            for index in range(screen.stories.total):
                story = screen.stories.item(index)
                screen.open_story(story)
                await pilot.pause(0.01)
                assert_screen_safe(app, f"{case.name} story {index}")
                shown += 1
            if case.name in KEYED:
                await drive_with_keys(pilot, app, case.name)
        screen.stories.show(StoryQuery(feed_id=hostile.feed_ids["markup-rss-titles"]))
        await pilot.pause()
        for row in range(screen.stories.total):  # a live [@click=...] would act on a click
            await pilot.click("#stories", offset=(12, row))
        assert_screen_safe(app, "markup rows clicked")
        await pilot.press("question_mark")
        await pilot.pause()
        assert_screen_safe(app, "help")
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"[/]")
        await pilot.pause()
        assert_screen_safe(app, "command palette")
        await pilot.press("escape")
        app.notify(f"Notified: {hostile.case('markup-rss-titles').present[0]}", markup=False)
        await pilot.pause()
        assert_screen_safe(app, "notification")
        assert app.is_running
    store.close()
    assert shown >= 60
    assert not any(hostile.trap.iterdir())
    urls = opened.read_text().splitlines() if opened.exists() else []
    assert all(safe_url(url) == url for url in urls), urls


async def drive_with_keys(pilot: Pilot, app: ReaderApp, name: str) -> None:
    app.screen.stories.move_to(0)
    app.screen.stories.focus()
    await pilot.press("enter")
    await pilot.pause()
    assert_screen_safe(app, f"{name}: Enter")
    await pilot.press("tab")
    await pilot.pause()
    assert_screen_safe(app, f"{name}: author pane")
    await pilot.press("o", "l")  # the recording browser; the links dialog, when there are links
    await pilot.pause()
    assert_screen_safe(app, f"{name}: o, l")
    await pilot.press("escape", "escape")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>x</script>",
        "-oProxyCommand=touch /tmp/pwned",
        "--help",
        "http://",
        "http://e.org/\x1b]52;c;aGk=\x07",
        "http://e.org/a b",
        "http://e.org/\nrm -rf ~",
        "//e.org/relative",
        "/relative",
    ],
)
def test_only_http_links_open(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser, opened = recorder(tmp_path)
    monkeypatch.setenv("BROWSER", browser)
    assert safe_url(url) is None
    assert open_in_browser(url) is False
    assert not opened.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://e.org/a?b=$(touch${IFS}pwned)&c=`id`",
        "http://e.org/;touch${IFS}pwned;",
        "http://e.org/'\"|&<>*?",
    ],
)
def test_links_reach_the_browser_as_one_argument_never_a_shell(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser, opened = recorder(tmp_path)
    monkeypatch.setenv("BROWSER", browser)
    monkeypatch.chdir(tmp_path)
    assert safe_url(url) == url
    assert open_in_browser(url) is True
    deadline = time.monotonic() + 5
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.05)
    assert opened.read_text().splitlines() == [url]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.timeout(30)
def test_a_story_with_ten_thousand_links_opens_quickly() -> None:
    from tui_reader.core.blocks import html_to_document

    body = "".join(f"<a href='http://127.0.0.1:1/{i}'>x</a> " for i in range(10_000))
    started = time.monotonic()
    document = html_to_document(body)
    assert len(document.links) == 10_000
    assert time.monotonic() - started < 0.5
