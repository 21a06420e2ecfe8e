"""The reader's one screen: feeds, stories, article and author, wide or one pane at a time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input

from tui_reader.core.store import Store, StoryQuery
from tui_reader.ui.render import Palette
from tui_reader.ui.screens.background import BackgroundWork
from tui_reader.ui.screens.offline_work import OfflineWork
from tui_reader.ui.screens.searching import Searching
from tui_reader.ui.screens.story_actions import StoryActions
from tui_reader.ui.widgets.article import ArticleView
from tui_reader.ui.widgets.author_pane import AuthorPane, AuthorStories
from tui_reader.ui.widgets.feed_list import FeedList, FeedRow, build_rows
from tui_reader.ui.widgets.key_hints import KeyHints
from tui_reader.ui.widgets.status_bar import StatusBar
from tui_reader.ui.widgets.story_list import StoryList
from tui_reader.ui.widgets.virtual_list import VirtualList

PANES = ("feeds", "stories", "article", "author")
WIDE = 110  # columns from which all four panes show together


class MainScreen(StoryActions, Searching, BackgroundWork, OfflineWork, Screen[None]):
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "cycle(1)", "Next pane", show=False, priority=True, id="pane-next"),
        Binding(
            "shift+tab", "cycle(-1)", "Previous pane", show=False, priority=True, id="pane-previous"
        ),
        Binding("escape", "back", "Back", show=False, id="back"),
        Binding("n", "next_unread", "Next unread", id="next-unread"),
        Binding("p", "previous_unread", "Prev unread", show=False, id="previous-unread"),
        Binding("o", "open_browser", "Browser", id="open-browser"),
        Binding("m", "toggle_read", "Read/unread", show=False, id="toggle-read"),
        Binding("s", "toggle_star", "Star", id="toggle-star"),
        Binding("A", "mark_all_read", "All read", show=False, id="mark-all-read"),
        Binding("u", "undo", "Undo", show=False, id="undo"),
        Binding("r", "refresh_selected", "Refresh", show=False, id="refresh-feed"),
        Binding("R", "refresh_all", "Refresh all", id="refresh-all"),
        Binding("slash", "search", "Search", id="search"),
        Binding("ctrl+s", "save_search", "Save search", show=False, id="save-search"),
        Binding("t", "edit_feed", "Feed settings", show=False, id="feed-settings"),
        Binding("a", "focus_author", "Author", show=False, id="focus-author"),
        Binding("l", "links", "Links", show=False, id="links"),
        Binding("space", "article_page(1)", "Page down", show=False, id="page-down"),
        Binding("b", "article_page(-1)", "Page up", show=False, id="page-up"),
        Binding("P", "prefetch", "Prefetch for offline", show=False, id="prefetch"),
        Binding("question_mark", "help", "Keys", id="help"),
        Binding("D", "app.sample_edition", "Sample edition", show=False, id="sample-edition"),
    ]

    def __init__(
        self,
        store: Store,
        clock: Callable[[], float] = time.time,
        *,
        sample: bool = False,
        first_start: bool = False,
        note: str = "",
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.sample = sample
        self.first_start = first_start
        self.note = note
        self.pane = "feeds"
        self.narrow = False
        self.undo_stack: list[tuple[list[int], str]] = []
        self.palette = Palette()
        self.search_input: Input | None = None  # mounted by the first `/`
        self._resumed = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield FeedList(id="feeds")
            with Vertical(id="right"):
                yield StoryList(self.store, self.clock, id="stories")
                with Horizontal(id="reading"):
                    yield ArticleView(id="article")
                    yield AuthorPane(self.store, self.clock, id="author")
        yield StatusBar(id="status")
        yield KeyHints(id="keys")

    # -- start ----------------------------------------------------------------------------------

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles every widget when a screen resumes; the first time, each was styled
        as it mounted, after the theme was set, so that pass (a fiftieth of the first paint) is
        skipped. Runs before Screen's own handler, which reads the flag."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        keymap = dict(self.app._keymap)
        self.query_one(KeyHints).show_bindings(
            [*MainScreen.BINDINGS, Binding("q", "quit", "Quit", id="quit")], keymap
        )
        self.palette = self._palette()
        # The first frame shows names and the newest stories; the counts, which read a whole
        # index (30 ms at 100,000 stories), follow right after it.
        self.reload_feeds(counts=False)
        self.stories.show(StoryQuery(), count=False)
        self.call_after_refresh(self._count_after_first_frame)
        wide = self.app.size.width >= WIDE
        self.narrow = not wide
        self.set_pane("stories" if wide else "feeds")
        last = self.store.get_state("last_refresh")
        self.status.set(
            self.clock(),
            last_refresh=float(last) if last else None,
            note=self.note,
            online=False if self.sample or self.app.offline else None,  # type: ignore[attr-defined]
            readable=self.store.offline_counts()[0] if self.app.offline else None,  # type: ignore[attr-defined]
        )
        self.set_interval(30, lambda: self.status.set(self.clock()))  # "refreshed 5m ago" ticks on
        settings = self.app.settings  # type: ignore[attr-defined]
        self.query_one("#article-body").styles.max_width = settings.article_width
        if settings.auto_refresh_minutes and not self.sample:
            self.set_interval(settings.auto_refresh_minutes * 60, self.auto_refresh)
        if self.app.offline and self.stories.total == 0:  # type: ignore[attr-defined]
            self.stories.empty_message = "Nothing cached yet, and flight mode fetches nothing. Press D for the sample edition."
        if self.first_start and not self.app.offline:  # type: ignore[attr-defined]
            self.stories.empty_message = (
                "Fetching your first feeds… (press D to read the sample edition meanwhile)"
            )
            self.stories.refresh()
            self.start_refresh(None)

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = event.size.width < WIDE
        self._sync_classes()

    def _palette(self) -> Palette:
        return Palette.from_variables(self.app.theme_variables)

    def theme_changed(self) -> None:
        """Re-render the open article in the new theme's colours (Rich text holds its colours)."""
        self.palette = self._palette()
        if self.article.story is not None:
            self.show_article(self.article.story, keep_scroll=True, fetch=False)

    # -- parts ----------------------------------------------------------------------------------

    @property
    def feeds(self) -> FeedList:
        return self.query_one(FeedList)

    @property
    def stories(self) -> StoryList:
        return self.query_one(StoryList)

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def author(self) -> AuthorPane:
        return self.query_one(AuthorPane)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def reload_feeds(self, *, counts: bool = True) -> None:
        from tui_reader.core.search import parse_query

        feeds = self.store.feeds(totals=False, counts=counts)
        smart = []
        for item in self.store.smart_feeds():
            query = parse_query(item.query).query
            unread = (
                self.store.count(StoryQuery(**{**query.__dict__, "unread": True})) if counts else 0
            )
            smart.append((item.name, query, unread))
        rows = build_rows(
            feeds,
            self.store.starred_count(),
            unread_total=self.store.count(StoryQuery(unread=True)) if counts else 0,
            smart=smart,
        )
        self.feeds.set_rows(rows)

    def _count_after_first_frame(self) -> None:
        self.reload_feeds()  # the story list counts its own (StoryList.show)
        self.status.set(self.clock(), unread=self._unread_total())

    def _unread_total(self) -> int:
        return self.feeds.rows[0].unread if self.feeds.rows else 0

    # -- panes ----------------------------------------------------------------------------------

    def set_pane(self, pane: str) -> None:
        self._mark_pane(pane)
        widget = {
            "feeds": self.feeds,
            "stories": self.stories,
            "article": self.article,
            "author": self.query_one(AuthorStories),
        }[pane]
        widget.focus()

    def action_cycle(self, step: int) -> None:
        if isinstance(self.focused, Input):
            return
        index = PANES.index(self.pane) if self.pane in PANES else 0
        self.set_pane(PANES[(index + step) % len(PANES)])

    def _mark_pane(self, pane: str) -> None:
        self.pane = pane
        self._sync_classes()

    def _sync_classes(self) -> None:
        """Pane classes matter only in the narrow layout; set them in one go, and only on change:
        every class change restyles the whole screen."""
        keep = {c for c in self.classes if c != "narrow" and not c.startswith("pane-")}
        wanted = keep | ({"narrow", f"pane-{self.pane}"} if self.narrow else set())
        if wanted != set(self.classes):
            self.set_classes(wanted)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for name, widget in (
            ("feeds", self.feeds),
            ("stories", self.stories),
            ("article", self.article),
        ):
            if event.widget is widget:
                self._mark_pane(name)
        if isinstance(event.widget, AuthorStories):
            self._mark_pane("author")

    def action_back(self) -> None:
        if self.pane in ("article", "author"):
            self.set_pane("stories")
        elif self.pane == "stories" and self.has_class("narrow"):
            self.set_pane("feeds")

    # -- choosing -------------------------------------------------------------------------------

    @on(VirtualList.Highlighted, "#feeds")
    def feed_highlighted(self, event: VirtualList.Highlighted) -> None:
        row: FeedRow = event.item  # type: ignore[assignment]
        if self.searching:
            self.clear_search()  # moving through the feeds leaves the search
        if row.query != self.stories.query_:
            self.stories.show(row.query)

    @on(VirtualList.Chosen, "#feeds")
    def feed_chosen(self, event: VirtualList.Chosen) -> None:
        self.set_pane("stories")

    @on(VirtualList.Chosen, "#stories")
    def story_chosen(self, event: VirtualList.Chosen) -> None:
        self.open_story(event.item)  # type: ignore[arg-type]
        self.set_pane("article")

    @on(VirtualList.Chosen, "#author-stories")
    def author_story_chosen(self, event: VirtualList.Chosen) -> None:
        self.open_story(event.item)  # type: ignore[arg-type]
        self.set_pane("article")

    # -- elsewhere ------------------------------------------------------------------------------

    def action_article_page(self, step: int) -> None:
        if step > 0:
            self.article.scroll_page_down(animate=False)
        else:
            self.article.scroll_page_up(animate=False)

    def action_focus_author(self) -> None:
        self.set_pane("author")

    def action_open_browser(self) -> None:
        story = self._target()
        if story is not None and story.link:
            self.app.open_link(story.link)  # type: ignore[attr-defined]

    def action_links(self) -> None:
        from tui_reader.ui.screens.dialogs import LinksDialog

        links = self.article.document.links
        if not links:
            self.notify("This story has no links.", markup=False)
            return

        def chosen(url: str | None) -> None:
            if url:
                self.app.open_link(url)  # type: ignore[attr-defined]

        self.app.push_screen(LinksDialog(links), chosen)

    def action_help(self) -> None:
        self.app.action_show_keys()  # type: ignore[attr-defined]
