"""The author pane: who wrote the story, and their other stories in the cache, newest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tui_reader.core.models import Author, Story
from tui_reader.core.store import Store
from tui_reader.ui.render import author_card, story_row
from tui_reader.ui.widgets.virtual_list import VirtualList


class AuthorStories(VirtualList[Story]):
    def __init__(self, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.stories: list[Story] = []

    def count_rows(self) -> int:
        return len(self.stories)

    def fetch_rows(self, offset: int, limit: int) -> list[Story]:
        return self.stories[offset : offset + limit]

    def render_row(self, story: Story, width: int) -> Content:
        return story_row(story, width, self.clock(), show_feed=False)

    def empty_text(self) -> Content:
        return Content.styled("None in the cache yet.", "italic $text-muted")


class AuthorPane(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "next_author", "Next author", show=False, id="author-next"),
        Binding(
            "left_square_bracket",
            "previous_author",
            "Previous author",
            show=False,
            id="author-previous",
        ),
        Binding("f", "fetch_page", "Fetch the author's page", show=False, id="author-fetch-page"),
        Binding("F", "screen.follow_author", "Follow the author", show=False, id="follow-author"),
    ]

    def __init__(self, store: Store, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.clock = clock
        self.authors: list[Author] = []
        self.index = 0
        self.story: Story | None = None

    def compose(self):
        yield Static(
            Content.styled("Authors appear here when you open a story.", "italic $text-muted"),
            id="author-card",
        )
        yield Static(Content.styled("Other stories", "bold"), id="author-others-title")
        yield AuthorStories(self.clock, id="author-stories")

    @property
    def current_author(self) -> Author | None:
        return self.authors[self.index] if self.authors else None

    def on_mount(self) -> None:
        self.query_one("#author-others-title").display = False
        self.query_one(AuthorStories).display = False

    def show(self, story: Story) -> None:
        self.story = story
        self.authors = self.store.story_authors(story.id)
        self.index = 0
        self._show_author()

    def _show_author(self) -> None:
        author = self.authors[self.index] if self.authors else None
        self.query_one("#author-card", Static).update(
            author_card(
                author, self.index, len(self.authors), self.story.authors if self.story else ()
            )
        )
        others = self.query_one(AuthorStories)
        exclude = self.story.id if self.story else None
        others.stories = self.store.stories_by_author(author.id, exclude=exclude) if author else []
        others.reload(keep=0)
        self.query_one("#author-others-title").display = author is not None
        others.display = author is not None

    def action_fetch_page(self) -> None:
        author = self.authors[self.index] if self.authors else None
        if author is None or not author.url:
            self.notify("No page is known for this author.", markup=False)
            return
        self.notify("Fetching the author's page…", markup=False)
        self.author_page_worker(author)

    @work(thread=True, exclusive=True, group="author-page")
    def author_page_worker(self, author: Author) -> None:
        import asyncio

        from tui_reader.core.author_page import fetch_author_page
        from tui_reader.core.fulltext import PAGE_LIMITS
        from tui_reader.core.net import Fetcher, FetchError

        async def fetch():
            async with Fetcher(PAGE_LIMITS) as fetcher:
                return await fetch_author_page(fetcher, author.url)

        try:
            page = asyncio.run(fetch())
        except FetchError as error:
            self.app.call_from_thread(self.notify, f"Author page: {error}", markup=False)
            return
        with Store(self.store.path) as store:
            store.update_author(author.id, role=page.role, bio=page.bio, image=page.image)
        self.app.call_from_thread(self._author_updated, author.id, bool(page.bio))

    def _author_updated(self, author_id: int, found: bool) -> None:
        self.authors = [
            self.store.author(a.id) or a if a.id == author_id else a for a in self.authors
        ]
        self._show_author()
        self.notify(
            "Bio updated from the author's page." if found else "The author's page has no bio.",
            markup=False,
        )

    def action_next_author(self) -> None:
        if len(self.authors) > 1:
            self.index = (self.index + 1) % len(self.authors)
            self._show_author()

    def action_previous_author(self) -> None:
        if len(self.authors) > 1:
            self.index = (self.index - 1) % len(self.authors)
            self._show_author()
