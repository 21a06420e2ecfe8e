"""A list that renders only the rows in view, fetched a page at a time from a data source.

One widget whatever the row count: 100,000 stories cost what 100 cost. Rows are `Content` built by
the subclass (through ui.render, the markup boundary), cached per page and dropped when the
source changes.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

T = TypeVar("T")
PAGE = 100


class VirtualList(ScrollView, Generic[T], can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("g,home", "first", "Top", show=False, id="cursor-top"),
        Binding("G,end", "last", "Bottom", show=False, id="cursor-bottom"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="list-page-down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="list-page-up"),
        Binding("enter", "choose", "Open", id="open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor", "virtual-list--row"}
    DEFAULT_CSS = """
    VirtualList { background: $surface; overflow-x: hidden; }
    VirtualList > .virtual-list--cursor { background: $panel; }
    VirtualList:focus > .virtual-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, sender: VirtualList, item: object) -> None:
            super().__init__()
            self.list = sender
            self.item = item

        @property
        def control(self) -> VirtualList:
            return self.list

    class Chosen(Highlighted):
        pass

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.total = 0
        self._pages: dict[int, list[T]] = {}
        self._lines: dict[tuple[int, int, bool, int], Strip] = {}  # drawn rows, reused
        self._generation = 0
        self.rows_loaded = 0  # how many rows the source has been asked for, for tests

    # -- the data source: subclasses implement these ---------------------------------------------

    def count_rows(self) -> int:
        raise NotImplementedError

    def fetch_rows(self, offset: int, limit: int) -> list[T]:
        raise NotImplementedError

    def render_row(self, item: T, width: int) -> Content:
        raise NotImplementedError

    def empty_text(self) -> Content:
        return Content("")

    # -- data -----------------------------------------------------------------------------------

    def reload(self, *, keep: int | None = None, count: bool = True) -> None:
        """Re-read the count and drop cached rows; `keep` puts the cursor on that row index.

        Without `count`, the first page stands in for the count until `recount` (the first frame
        need not wait for a count over the whole cache)."""
        self._pages.clear()
        if count:
            self.total = self.count_rows()
        else:
            first = self.fetch_rows(0, PAGE)
            self.rows_loaded += len(first)
            self._pages[0] = first
            self.total = len(first)
        self.virtual_size = Size(0, self.total)
        cursor = self.cursor if keep is None else keep
        self.set_reactive(VirtualList.cursor, max(0, min(cursor, self.total - 1)))
        self.invalidate()
        self.refresh()

    def recount(self) -> None:
        """The real count after `reload(count=False)`: rows and cursor stay."""
        self.total = self.count_rows()
        self.virtual_size = Size(0, self.total)
        self.refresh()

    def reload_rows(self) -> None:
        """Read the rows again (their state changed) without recounting them."""
        self._pages.clear()
        self.invalidate()
        self.refresh()

    def item(self, index: int) -> T | None:
        if not 0 <= index < self.total:
            return None
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            if len(self._pages) > 50:
                self._pages.clear()
            rows = self.fetch_rows(page * PAGE, PAGE)
            self.rows_loaded += len(rows)
            self._pages[page] = rows
        offset = index - page * PAGE
        return rows[offset] if offset < len(rows) else None

    @property
    def current(self) -> T | None:
        return self.item(self.cursor)

    def forget_row(self, index: int) -> None:
        """Drop the cached page holding `index` so its row is read again (after a change)."""
        self._pages.pop(index // PAGE, None)
        self.invalidate()
        self.refresh()

    # -- rendering ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        selected = index == self.cursor and self.total > 0
        key = (index, width, selected, self._generation)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row_strip(index, y, width, selected)
            if len(self._lines) > 2_000:
                self._lines.clear()
            self._lines[key] = strip
        return strip

    def _render_row_strip(self, index: int, y: int, width: int, selected: bool) -> Strip:
        base = self.get_visual_style("virtual-list--row")
        if self.total == 0 and y == 0:
            content = self.empty_text()
        else:
            item = self.item(index)
            if item is None:
                return Strip.blank(width, base.rich_style)
            content = self.render_row(item, width)
        style = (
            self.get_visual_style("virtual-list--row", "virtual-list--cursor") if selected else base
        )
        # Straight to segments: Visual.to_strips wraps and tags every cell, 5x the cost of a row.
        content = content.truncate(width)
        segments = [
            Segment(text, part.rich_style)
            for text, part in content.render(style, "", self._get_style)
        ]
        return Strip(segments).adjust_cell_length(width, style.rich_style)

    def invalidate(self) -> None:
        """Forget every drawn row: the data, the theme or the focus changed."""
        self._generation += 1
        self._lines.clear()

    def on_focus(self) -> None:
        self.invalidate()
        self.refresh()

    def on_blur(self) -> None:
        self.invalidate()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.invalidate()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, self.total)

    # -- movement -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y == top:  # only the two rows whose cursor state changed
            self.refresh_line(old)  # virtual row numbers: refresh_line subtracts the scroll
            self.refresh_line(new)
        else:
            self.refresh()
        item = self.current
        if item is not None:
            self.post_message(self.Highlighted(self, item))

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def move_to(self, index: int) -> None:
        if self.total:
            self.cursor = max(0, min(index, self.total - 1))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_choose(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(self.Chosen(self, item))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.total:
            self.focus()
            if index == self.cursor or event.chain > 1:
                self.action_choose()
            self.move_to(index)
