"""The reader's one screen: feeds, stories, article and author, wide or one pane at a time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from tui_reader.core.models import Story
from tui_reader.core.store import Store, StoryQuery
from tui_reader.ui.messages import FullTextReady, RefreshDone, RefreshProgress
from tui_reader.ui.render import Palette
from tui_reader.ui.widgets.article import ArticleView
from tui_reader.ui.widgets.author_pane import AuthorPane, AuthorStories
from tui_reader.ui.widgets.feed_list import FeedList, FeedRow, build_rows
from tui_reader.ui.widgets.status_bar import StatusBar
from tui_reader.ui.widgets.story_list import StoryList
from tui_reader.ui.widgets.virtual_list import VirtualList

PANES = ("feeds", "stories", "article", "author")
WIDE = 110  # columns from which all four panes show together


class MainScreen(Screen[None]):
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
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("a", "focus_author", "Author", show=False, id="focus-author"),
        Binding("l", "links", "Links", show=False, id="links"),
        Binding("space", "article_page(1)", "Page down", show=False, id="page-down"),
        Binding("b", "article_page(-1)", "Page up", show=False, id="page-up"),
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
        self.undo_stack: list[tuple[list[int], str]] = []
        self.palette = Palette()

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield FeedList(id="feeds")
            with Vertical(id="right"):
                yield StoryList(self.store, self.clock, id="stories")
                yield Input(placeholder="Filter titles…  (Enter keeps, Esc clears)", id="filter")
                with Horizontal(id="reading"):
                    yield ArticleView(id="article")
                    yield AuthorPane(self.store, self.clock, id="author")
        yield StatusBar(id="status")
        yield Footer()

    # -- start ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.palette = self._palette()
        self.reload_feeds()
        self.stories.show(StoryQuery())
        wide = self.app.size.width >= WIDE
        self.set_class(not wide, "narrow")
        self.set_pane("stories" if wide else "feeds")
        last = self.store.get_state("last_refresh")
        self.status.set(
            self.clock(),
            last_refresh=float(last) if last else None,
            unread=self._unread_total(),
            note=self.note,
            online=False if self.sample else None,
        )
        if self.first_start:
            self.stories.empty_message = (
                "Fetching your first feeds… (press D to read the sample edition meanwhile)"
            )
            self.stories.refresh()
            self.start_refresh(None)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < WIDE, "narrow")

    def _palette(self) -> Palette:
        variables = self.app.theme_variables
        return Palette(
            accent=variables.get("accent", "cyan"),
            link=variables.get("primary", "cyan"),
            muted=variables.get("text-muted", "grey50")
            if variables.get("text-muted", "").startswith("#")
            else "grey50",
        )

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

    def reload_feeds(self) -> None:
        feeds = self.store.feeds(totals=False)
        self.feeds.set_rows(build_rows(feeds, self.store.starred_count()))

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
        for name in PANES:
            self.set_class(pane == name, f"pane-{name}")

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
        query = self._with_filter(row.query)
        if query != self.stories.query_:
            self.stories.show(query)

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

    def open_story(self, story: Story) -> None:
        full = self.store.story(story.id)
        if full is None:
            return
        if not full.read:
            self.store.mark([full.id], read=True)
            self._counts_changed()
        self.show_article(full)
        self.author.show(full)

    def show_article(
        self, story: Story, *, keep_scroll: bool = False, fetch: bool = True, reason: str = ""
    ) -> None:
        """The full text when stored; else the feed's text at once, saying why, and fetch the page."""
        text = self.store.fulltext(story.id)
        if text is not None and text.status == "full" and text.html:
            self.article.show(
                story, self.palette, html=text.html, note="Full text", keep_scroll=keep_scroll
            )
            return
        if text is not None:
            note = f"The feed's text. Full text unavailable: {text.reason or 'extraction failed'}."
        elif self.sample:
            note = "The feed's text (sample edition: nothing is fetched)."
        elif self.status.status.online is False or not fetch:
            note = f"The feed's text. Full text not downloaded ({reason or 'offline'})."
        else:
            note = "The feed's text. Fetching the full text…"
            self.fulltext_worker(story)
        self.article.show(story, self.palette, note=note, keep_scroll=keep_scroll)

    @work(thread=True, exclusive=True, group="fulltext")
    def fulltext_worker(self, story: Story) -> None:
        import asyncio

        from tui_reader.core.fulltext import PAGE_LIMITS, get_fulltext
        from tui_reader.core.net import Fetcher

        async def fetch() -> FullTextReady:
            async with Fetcher(PAGE_LIMITS) as fetcher:
                with Store(self.store.path) as store:
                    result = await get_fulltext(store, fetcher, story)
            return FullTextReady(result.story_id, result.status, result.reason)

        try:
            message = asyncio.run(fetch())
        except Exception as error:  # a bug here must cost the full text, never the app
            message = FullTextReady(story.id, "failed", f"{type(error).__name__}: {error}")
        self.post_message(message)

    def on_full_text_ready(self, message: FullTextReady) -> None:
        current = self.article.story
        if current is not None and current.id == message.story_id:
            fresh = self.store.story(current.id) or current
            self.show_article(fresh, keep_scroll=True, fetch=False, reason=message.reason)
            self.author.show(fresh)

    def _counts_changed(self) -> None:
        self.reload_feeds()
        self.stories.reload()
        self.status.set(self.clock(), unread=self._unread_total())

    # -- story state ----------------------------------------------------------------------------

    def _target(self) -> Story | None:
        if self.pane in ("article", "author") and self.article.story is not None:
            return self.article.story
        return self.stories.current

    def action_toggle_read(self) -> None:
        story = self._target()
        if story is not None:
            fresh = self.store.story(story.id)
            if fresh:
                self.store.mark([story.id], read=not fresh.read)
                self._counts_changed()

    def action_toggle_star(self) -> None:
        story = self._target()
        if story is not None:
            fresh = self.store.story(story.id)
            if fresh:
                self.store.mark([story.id], starred=not fresh.starred)
                self._counts_changed()

    def action_mark_all_read(self) -> None:
        ids = self.store.mark_all_read(self.stories.query_)
        if ids:
            self.undo_stack.append((ids, "read"))
            self._counts_changed()
            self.notify(f"Marked {len(ids)} stories read. Press u to undo.", markup=False)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        ids, _ = self.undo_stack.pop()
        self.store.mark(ids, read=False)
        self._counts_changed()
        self.notify(f"Marked {len(ids)} stories unread again.", markup=False)

    # -- unread navigation ----------------------------------------------------------------------

    def action_next_unread(self) -> None:
        self._step_unread(older=True)

    def action_previous_unread(self) -> None:
        self._step_unread(older=False)

    def _step_unread(self, *, older: bool) -> None:
        current = self.article.story or self.stories.current
        story = self.store.next_story(self.stories.query_, current, older=older)
        if story is None and self.feeds.rows:
            story = self._unread_in_other_feed(older)
            if story is None:
                self.notify("No more unread stories.", markup=False)
                return
        if story is not None:
            self.stories.move_to(self.stories.index_of(story))
            self.open_story(story)
            self.set_pane("article")

    def _unread_in_other_feed(self, older: bool) -> Story | None:
        rows = self.feeds.rows
        step = 1 if older else -1
        index = self.feeds.cursor + step
        while 0 <= index < len(rows):
            row = rows[index]
            if row.kind == "feed" and row.unread:
                self.feeds.move_to(index)
                self.stories.show(self._with_filter(row.query))
                return self.store.next_story(row.query, None, older=older)
            index += step
        return None

    # -- filter ---------------------------------------------------------------------------------

    def _with_filter(self, query: StoryQuery) -> StoryQuery:
        text = self.query_one("#filter", Input).value.strip()
        return StoryQuery(**{**query.__dict__, "title_filter": text})

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        if self.has_class("narrow"):
            self.set_pane("stories")
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.stories.show(self._with_filter(self.stories.query_))

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.stories.focus()

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "escape" and box.has_focus:
            event.stop()
            box.value = ""
            box.display = False
            self.stories.show(self._with_filter(self.stories.query_))
            self.stories.focus()

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

    # -- refresh --------------------------------------------------------------------------------

    def action_refresh_selected(self) -> None:
        row = self.feeds.current
        if row is None or row.kind in ("all", "unread", "starred"):
            self.action_refresh_all()
        elif row.feed is not None:
            self.start_refresh([row.feed.id])
        else:
            self.start_refresh(
                [f.id for f in self.store.feeds(counts=False) if row.label in f.tags]
            )

    def action_refresh_all(self) -> None:
        self.start_refresh(None)

    def start_refresh(self, feed_ids: list[int] | None) -> None:
        if self.sample:
            self.notify("This is the sample edition: nothing to fetch.", markup=False)
            return
        self.status.set(self.clock(), progress=(0, 0))
        self.refresh_worker(feed_ids)

    @work(thread=True, exclusive=True, group="refresh")
    def refresh_worker(self, feed_ids: list[int] | None) -> None:
        from tui_reader.core.refresh import refresh

        worker = get_current_worker()
        with Store(self.store.path) as store:
            feeds = store.feeds(counts=False)
            if feed_ids is not None:
                feeds = [f for f in feeds if f.id in set(feed_ids)]
            if not feeds:
                self.post_message(RefreshDone(0, 0, 0, False, "no feeds to refresh"))
                return

            def progress(done: int, total: int, _outcome: object) -> None:
                if not worker.is_cancelled:
                    self.post_message(RefreshProgress(done, total))

            summary = refresh(store, feeds, progress=progress)
        offline = (
            bool(summary.failures)
            and all(o.network_down for o in summary.failures)
            and summary.all_failed
        )
        self.post_message(
            RefreshDone(summary.count("fetched"), len(summary.failures), summary.new, offline)
        )

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.status.set(self.clock(), progress=(message.done, message.total))

    def on_refresh_done(self, message: RefreshDone) -> None:
        self.reload_feeds()
        self.stories.refresh_keeping(self.stories.current)
        self.status.set(
            self.clock(),
            progress=None,
            online=not message.offline,
            last_refresh=self.clock(),
            unread=self._unread_total(),
        )
        if message.offline:
            self.app.went_offline(self)  # type: ignore[attr-defined]
        elif message.error:
            self.notify(message.error, markup=False)
        elif message.failed:
            self.notify(
                f"{message.new} new stories; {message.failed} feeds failed (marked ! in the list).",
                markup=False,
            )
        elif message.new:
            self.notify(f"{message.new} new stories.", markup=False)
