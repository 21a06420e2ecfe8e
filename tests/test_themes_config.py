"""Themes, config.toml, keymaps, NO_COLOR and 16-colour terminals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ui_support import sample_app
from tui_reader.cli import main
from tui_reader.core.config import Settings, load_settings
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.themes import ThemeError, load_themes, shipped_theme_dirs, theme_from_file

SHIPPED = ["high-contrast", "mono", "paper", "reader-dark", "reader-light", "terminal"]


def test_every_shipped_theme_loads_and_validates() -> None:
    themes, problems = load_themes(None)
    assert sorted(t.name for t in themes) == SHIPPED and problems == []
    assert any(t.ansi for t in themes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\nprimary = "#12345G"\n', "primary: '#12345G' is not a colour"),
        ('name = "x"\nprimary = "red"\nsparkle = true\n', "unknown keys: sparkle"),
        ('name = "x"\nprimary = "red"\n[variables]\nborder = "nope"\n', "variables.border"),
        ('primary = "red"\n', "a theme needs a name"),
        ('name = "x"\nprimary = "red"\ndark = "yes"\n', "dark: must be true or false"),
        ("name = [unclosed", "cannot be read"),
    ],
)
def test_bad_themes_are_refused_with_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ThemeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        theme_from_file(path)


async def test_a_bad_user_theme_is_skipped_and_a_good_one_used(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "broken.toml").write_text('name = "broken"\nprimary = "not-a-colour"\n')
    (themes / "mine.toml").write_text(
        'name = "mine"\nprimary = "#884488"\nbackground = "#101010"\n'
    )
    app = sample_app(tmp_path / "s", theme="mine", user_themes=themes)
    (tmp_path / "s").mkdir(exist_ok=True) if False else None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "mine" and "broken" not in app.available_themes
        assert any("broken.toml" in p for p in app.problems)


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_theme_renders(snap_compare, tmp_path: Path, name: str) -> None:
    assert snap_compare(sample_app(tmp_path, theme=name), terminal_size=(80, 24), press=["enter"])


async def test_a_theme_chosen_in_the_app_persists(tmp_path: Path) -> None:
    app = sample_app(tmp_path, theme=None)
    app.sample = False  # a real reader remembers; the sample edition does not
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "paper"
        await pilot.pause()
    assert app.store.get_state("theme") == "paper"


def test_broken_config_yields_errors_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = 5\nconcurrency = 0\nimage_mode = "huge"\nmark_read_on_open = "yes"\nfoo = 1\narticle_width = 72\n'
    )
    loaded = load_settings(path)
    assert loaded.settings.article_width == 72
    assert loaded.settings.concurrency == Settings().concurrency
    text = "\n".join(loaded.problems)
    for piece in (
        "theme: must be a string",
        "concurrency: must be between 1 and 256",
        "image_mode: must be one of auto, halfcell, off",
        "mark_read_on_open: must be true or false",
        "unknown key 'foo'",
    ):
        assert piece in text and str(path) in text
    path.write_text("this is = = not toml")
    assert "cannot be read" in load_settings(path).problems[0]


def test_config_command_prints_path_settings_and_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "h"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text("concurrency = -3\n")
    assert main(["--home", str(home), "config", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["path"] == str(home / "config" / "config.toml") and doc["exists"]
    assert (
        doc["settings"]["concurrency"] == Settings().concurrency
        and "concurrency" in doc["problems"][0]
    )
    assert sorted(doc["themes"]) == SHIPPED


async def test_invalid_config_never_stops_the_app(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('article_width = "wide"\n')
    loaded = load_settings(path)
    app = sample_app(tmp_path, settings=loaded.settings, problems=loaded.problems)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("article_width" in n.message for n in app._notifications)


async def test_keymap_override_replaces_the_default_keys(tmp_path: Path) -> None:
    app = sample_app(tmp_path, settings=Settings(keymap={"toggle-star": "f"}))
    async with app.run_test(size=(120, 40)) as pilot:
        story = app.screen.stories.current
        await pilot.press("s")
        assert not app.store.story(story.id).starred
        await pilot.press("f")
        assert app.store.story(story.id).starred


async def test_newsboat_preset(tmp_path: Path) -> None:
    app = sample_app(tmp_path, settings=Settings(keymap_preset="newsboat"))
    async with app.run_test(size=(120, 40)) as pilot:
        story = app.screen.stories.current
        await pilot.press("N")
        assert app.store.story(story.id).read
        await pilot.press("enter")
        assert app.screen.pane == "article"
        await pilot.press("q")  # newsboat: q goes back, Q quits
        assert app.is_running and app.screen.pane == "stories"
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query("Static").last().render())
        assert "Q" in help_text and "Quit" in help_text
        await pilot.press("escape")
        await pilot.press("Q")
        await pilot.pause()
    assert not app.is_running


async def test_unknown_keymap_ids_are_reported(tmp_path: Path) -> None:
    app = sample_app(tmp_path, settings=Settings(keymap={"launch-rockets": "x"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("launch-rockets" in p for p in app.problems)


@pytest.mark.parametrize(
    "env", [{"NO_COLOR": "1"}, {"TERM": "xterm"}, {"TERM": "screen", "NO_COLOR": "1"}]
)
async def test_no_color_and_16_colours_keep_every_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = sample_app(tmp_path, theme=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        if env.get("TERM") in ("xterm", "screen"):
            assert app.theme == "terminal"
        title = app.screen.article.story.title
        header = str(app.screen.article.query_one("#article-header").render())
        assert title in header
        assert app.screen.stories.render_row(app.screen.stories.item(0), 100).plain.strip()


def test_shipped_themes_are_in_the_package_too() -> None:
    assert shipped_theme_dirs(), "themes/ not found next to the package"


def test_the_docs_name_every_setting_and_binding_id() -> None:
    from textual.binding import Binding

    from tui_reader.core.config import describe
    from tui_reader.ui.app import ReaderApp

    text = (Path(__file__).parent.parent / "docs" / "config.md").read_text()
    for key, _ in describe(Settings()):
        assert f"`{key}`" in text, key
    for _, group in ReaderApp.binding_groups():
        for binding in group:
            if isinstance(binding, Binding):
                assert f"`{binding.id}`" in text, binding.id
