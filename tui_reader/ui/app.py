"""The app: wiring only. Opens the store, picks the screen, applies the theme, starts workers."""

from __future__ import annotations

import errno
import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui_reader.core.config import Settings, load_settings
from tui_reader.core.paths import Paths
from tui_reader.core.store import Store, StoreError
from tui_reader.ui.screens.main import MainScreen
from tui_reader.ui.themes import HOUSE_DARK, SIXTEEN_COLOURS, load_themes, sixteen_colour_terminal

HANGUP_CHECK_S = 5.0


class ReaderApp(App[None]):
    CSS_PATH = "reader.tcss"
    TITLE = "tui-reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command-palette"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], float] = time.time,
        sample: bool = False,
        first_start: bool = False,
        settings: Settings | None = None,
        problems: Iterable[str] = (),
        theme: str | None = None,
        user_themes: Path | None = None,
        offline: bool = False,
        home: str | None = None,
    ) -> None:
        super().__init__()
        self.offline = offline
        self.home = home
        self.store = store
        self.clock = clock
        self.sample = sample
        self.first_start = first_start
        self.settings = settings or Settings()
        self.problems = list(problems)
        self.theme_override = theme
        self._sample_home: str | None = None
        themes, theme_problems = load_themes(user_themes)
        self.problems += theme_problems
        for item in themes:
            self.register_theme(item)
        self._apply_settings()

    def get_default_screen(self) -> Screen:
        """The reader's screen is the first on the stack: composed with the app, its first
        frame is the first frame drawn (a pushed screen's first frame fell inside the app's
        start-up batch and was thrown away, then drawn again)."""
        note = "sample edition · no network" if self.sample else ""
        return MainScreen(
            self.store, self.clock, sample=self.sample, first_start=self.first_start, note=note
        )

    def on_mount(self) -> None:
        if not gc.isenabled():  # switched off for the start (cli.main): on after the first frame
            self.call_after_refresh(gc.enable)
        if not self.is_headless:
            self.set_interval(HANGUP_CHECK_S, self._leave_if_hung_up)
        for problem in self.problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)

    def _leave_if_hung_up(self) -> None:
        """A terminal that hung up without a SIGHUP (its pty closed while it was not our
        controlling terminal) leaves Textual's input thread reading end-of-file in a loop, a
        whole core for as long as the process lives: the terminal answers EIO, so leave."""
        stream = sys.__stdout__
        try:
            if stream is not None:
                os.get_terminal_size(stream.fileno())
        except OSError as error:
            if error.errno == errno.EIO:
                self.exit(return_code=1)
        except ValueError:  # stdout closed
            self.exit(return_code=1)

    def _apply_settings(self) -> None:
        from tui_reader.ui.keymaps import binding_ids, build_keymap

        overrides = self.settings.keymap
        # Every binding id is only needed to check the user's own keys (it imports the dialogs).
        known = binding_ids(*(group for _, group in self.binding_groups())) if overrides else set()
        keymap, problems = build_keymap(self.settings.keymap_preset, overrides, known)
        self.problems += problems
        self.set_keymap(keymap)
        self._start_theme(self._choose_theme())

    def _start_theme(self, name: str) -> None:
        """Set the theme before the first stylesheet parse. Setting `theme` runs Textual's
        watcher, which re-parses every stylesheet read so far; here nothing has been read yet,
        so the watcher's other effects are all that is needed (textual is pinned)."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{name}", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    @staticmethod
    def binding_groups() -> list[tuple[str, list[BindingType]]]:
        """Every binding the reader has, by where it applies: for `?`, keymaps and the docs."""
        from tui_reader.ui.screens.dialogs import LinksDialog, UrlDialog
        from tui_reader.ui.screens.feed_dialog import FeedSettingsDialog
        from tui_reader.ui.screens.help import HelpScreen
        from tui_reader.ui.widgets.article import ArticleView
        from tui_reader.ui.widgets.author_pane import AuthorPane
        from tui_reader.ui.widgets.virtual_list import VirtualList

        return [
            ("Reading", MainScreen.BINDINGS),
            ("Lists (feeds, stories, author's stories)", VirtualList.BINDINGS),
            ("Article", ArticleView.BINDINGS),
            ("Author pane", AuthorPane.BINDINGS),
            ("Everywhere", ReaderApp.BINDINGS),
            (
                "Dialogs",
                [
                    *UrlDialog.BINDINGS,
                    *LinksDialog.BINDINGS,
                    *HelpScreen.BINDINGS,
                    *FeedSettingsDialog.BINDINGS,
                ],
            ),
        ]

    def _choose_theme(self) -> str:
        """--theme, else the last choice made in the app (unless the config changed since),
        else the config, else the house theme (the 16-colour one on a 16-colour terminal)."""
        names = set(self.available_themes)
        wanted = self.theme_override
        if wanted and wanted not in names:
            known = ", ".join(sorted(names))
            self.problems.append(f"--theme: no theme named {wanted!r}; known: {known}")
            wanted = None
        chosen = self.store.get_state("theme")
        basis = self.store.get_state("theme_config_basis", "")
        if not wanted and chosen in names and basis == self.settings.theme:
            wanted = chosen
        if not wanted and self.settings.theme:
            if self.settings.theme in names:
                wanted = self.settings.theme
            else:
                self.problems.append(f"config: theme: no theme named {self.settings.theme!r}")
        if not wanted:
            wanted = SIXTEEN_COLOURS if sixteen_colour_terminal(os.environ) else HOUSE_DARK
        return wanted if wanted in names else "textual-dark"

    def watch_theme(self, name: str) -> None:
        """A theme picked in the command palette is remembered."""
        if not self.sample:
            self.store.set_state("theme", name)
            self.store.set_state("theme_config_basis", self.settings.theme)
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen) and screen.is_mounted:
                screen.theme_changed()

    # -- actions used by the screens ------------------------------------------------------------

    def open_link(self, url: str) -> None:
        from tui_reader.core.browser import open_in_browser, safe_url
        from tui_reader.ui.screens.dialogs import UrlDialog

        if safe_url(url) is None:
            self.notify(
                "Only http and https links can be opened.", severity="warning", markup=False
            )
            return
        if not open_in_browser(url, self.settings.browser or None):
            self.push_screen(UrlDialog(url, "No browser can be started here. The link:"))

    def went_offline(self, screen: MainScreen) -> None:
        """No network: say so, and on a first start show the sample edition instead of nothing."""
        if self.store.count() == 0 and not self.sample:
            self.notify(
                "No network: showing the bundled sample edition. Your feeds load when you "
                "are back online (R).",
                timeout=8,
                markup=False,
            )
            self.action_sample_edition()
        else:
            self.notify("Offline: reading from the cache.", markup=False)

    def action_sample_edition(self) -> None:
        from tui_reader.core.sample import install_sample

        if self._sample_home is None:
            self._sample_home = tempfile.mkdtemp(prefix="tui-reader-sample-")
        store = Store(Path(self._sample_home) / "sample.db")
        if store.count() == 0:
            install_sample(store)
        self.push_screen(MainScreen(store, self.clock, sample=True, note="sample edition"))

    def action_show_keys(self) -> None:
        from tui_reader.ui.screens.help import HelpScreen, describe_bindings

        self.push_screen(HelpScreen(describe_bindings(self.binding_groups(), dict(self._keymap))))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for binding in MainScreen.BINDINGS:
            if (
                isinstance(binding, Binding)
                and binding.description
                and binding.id not in ("pane-next", "pane-previous")
            ):
                action = binding.action
                yield SystemCommand(
                    binding.description,
                    f"key: {binding.key}",
                    lambda a=action: self.call_later(screen.run_action, a),
                )
        yield SystemCommand(
            "Sample edition", "open the bundled sample stories", self.action_sample_edition
        )

    def _handle_exception(self, error: Exception) -> None:
        """A database that stops working mid-session (disk full, damaged page) ends the reader
        with the store's own message and exit status 3, never a traceback."""
        cause = getattr(error, "error", error)  # a worker's failure wraps the exception
        if isinstance(cause, StoreError):
            self.exit(return_code=3, message=f"tui-reader: {cause}")
            return
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        if self._sample_home:
            shutil.rmtree(self._sample_home, ignore_errors=True)


def run(
    home: str | None = None,
    offline: bool = False,
    demo: bool = False,
    theme: str | None = None,
    defaults: list[tuple[str, str, tuple[str, ...]]] | None = None,
) -> int:
    """Start the reader; `demo` uses a throwaway home with the sample edition and no network."""
    # What the imports made lives as long as the process: the collector need never walk it again.
    gc.freeze()
    paths = Paths.resolve(home)
    loaded = load_settings(paths.config_file)
    options = {
        "offline": offline,
        "home": home,
        "settings": loaded.settings,
        "problems": loaded.problems,
        "theme": theme,
        "user_themes": paths.config_dir / "themes",
    }
    if loaded.settings.image_mode == "auto":
        from tui_reader.ui.widgets.picture_probe import probe_terminal

        probe_terminal()  # must ask the terminal before Textual owns it; free in tmux and over SSH
    if demo:
        from tui_reader.core.sample import install_sample

        folder = tempfile.mkdtemp(prefix="tui-reader-demo-")
        try:
            with Store(Paths.under(folder).database) as store:
                install_sample(store)
                ReaderApp(store, sample=True, **options).run()  # type: ignore[arg-type]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return 0
    from tui_reader.core.defaults import DEFAULT_FEEDS, subscribe_on_first_start

    with Store(paths.database) as store:
        first = subscribe_on_first_start(store, DEFAULT_FEEDS if defaults is None else defaults)
        app = ReaderApp(store, first_start=first, **options)  # type: ignore[arg-type]
        app.run()
    return app.return_code or 0
