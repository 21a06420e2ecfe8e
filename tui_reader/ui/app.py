"""The app: wiring only. Opens the store, picks the screen, applies the theme, starts workers."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui_reader.core.paths import Paths
from tui_reader.core.store import Store
from tui_reader.ui.screens.main import MainScreen


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
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.sample = sample
        self.first_start = first_start
        self._sample_home: str | None = None

    def on_mount(self) -> None:
        note = (
            "sample edition · no network" if self.sample else ""
        )
        self.push_screen(
            MainScreen(
                self.store, self.clock, sample=self.sample, first_start=self.first_start, note=note
            )
        )

    # -- actions used by the screens ------------------------------------------------------------

    def open_link(self, url: str) -> None:
        from tui_reader.core.browser import open_in_browser, safe_url
        from tui_reader.ui.screens.dialogs import UrlDialog

        if safe_url(url) is None:
            self.notify(
                "Only http and https links can be opened.", severity="warning", markup=False
            )
            return
        if not open_in_browser(url):
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
        from tui_reader.ui.widgets.article import ArticleView
        from tui_reader.ui.widgets.author_pane import AuthorPane
        from tui_reader.ui.widgets.virtual_list import VirtualList

        sections = [
            ("Reading", MainScreen.BINDINGS),
            ("Lists (feeds, stories, author's stories)", VirtualList.BINDINGS),
            ("Article", ArticleView.BINDINGS),
            ("Author pane", AuthorPane.BINDINGS),
            ("Everywhere", ReaderApp.BINDINGS),
        ]
        self.push_screen(HelpScreen(describe_bindings(sections, dict(self._keymap))))

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

    def on_unmount(self) -> None:
        if self._sample_home:
            shutil.rmtree(self._sample_home, ignore_errors=True)


def run(
    home: str | None = None,
    demo: bool = False,
    defaults: list[tuple[str, str, tuple[str, ...]]] | None = None,
) -> int:
    """Start the reader; `demo` uses a throwaway home with the sample edition and no network."""
    if demo:
        from tui_reader.core.sample import install_sample

        folder = tempfile.mkdtemp(prefix="tui-reader-demo-")
        try:
            with Store(Paths.under(folder).database) as store:
                install_sample(store)
                ReaderApp(store, sample=True).run()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return 0
    from tui_reader.core.defaults import DEFAULT_FEEDS, subscribe_on_first_start

    paths = Paths.resolve(home)
    with Store(paths.database) as store:
        first = subscribe_on_first_start(store, DEFAULT_FEEDS if defaults is None else defaults)
        ReaderApp(store, first_start=first).run()
    return 0
