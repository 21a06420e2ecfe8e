"""The story list: a page of rows at a time from the store, whatever the cache's size."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from tui_reader.core.models import Story
from tui_reader.core.store import Store, StoryQuery
from tui_reader.ui.render import story_row
from tui_reader.ui.widgets.virtual_list import VirtualList


class StoryList(VirtualList[Story]):
    def __init__(self, store: Store, clock: Callable[[], float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.clock = clock
        self.query_ = StoryQuery()
        self.empty_message = "No stories here yet."
        self.terms: tuple[str, ...] = ()  # search terms to highlight

    def count_rows(self) -> int:
        return self.store.count(self.query_)

    def fetch_rows(self, offset: int, limit: int) -> list[Story]:
        return self.store.stories(self.query_, limit=limit, offset=offset)

    def render_row(self, story: Story, width: int) -> Content:
        return story_row(
            story, width, self.clock(), show_feed=self.query_.feed_id is None, terms=self.terms
        )

    def empty_text(self) -> Content:
        return Content.styled(self.empty_message, "italic $text-muted")

    def show(self, query: StoryQuery, *, count: bool = True) -> None:
        """Switch to another selection, cursor at the top. Without `count`, the first page is
        drawn first and counted after the frame, unless another selection has replaced it by
        then (the first frame; a search as you type)."""
        self.query_ = query
        self.reload(keep=0, count=count)
        self.scroll_to(y=0, animate=False)
        if not count:
            self.call_after_refresh(self._count_if_shown, query)

    def _count_if_shown(self, query: StoryQuery) -> None:
        if self.query_ == query:
            self.recount()

    def index_of(self, story: Story) -> int:
        """Where a story sits in the current selection (rows newer than it, in sort order)."""
        where, params = self.query_.where()
        joiner = " AND " if where else " WHERE "
        sql = f"SELECT count(*) FROM stories s{where}{joiner}(s.sort_time, s.id) > (?, ?)"
        sort = story.published or story.first_seen
        row = self.store.db.execute(sql, [*params, sort, story.id]).fetchone()
        return int(row[0])

    def refresh_keeping(self, story: Story | None) -> None:
        """Re-read after a refresh: the same story stays selected and stays where it was on screen."""
        if story is None:
            self.reload()
            return
        fresh = self.store.story(story.id)
        if fresh is None:
            self.reload()
            return
        shift = self.index_of(fresh) - self.cursor
        self.reload(keep=self.cursor + shift)
        if shift:
            self.scroll_to(y=self.scroll_offset.y + shift, animate=False)
