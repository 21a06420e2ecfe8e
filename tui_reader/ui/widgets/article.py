"""The article pane: header and body rendered once into two Statics, scroll kept per story."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui_reader.core.blocks import Document, html_to_document
from tui_reader.core.models import Story
from tui_reader.ui.render import Palette, article_body, article_header


class ArticleView(VerticalScroll, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", show=False, id="article-page-down"),
        Binding("b", "page_up", "Page up", show=False, id="article-page-up"),
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="article-scroll-down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="article-scroll-up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="article-top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="article-bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.story: Story | None = None
        self.document = Document()
        self._positions: dict[int, float] = {}

    def compose(self):
        yield Static(
            Content.styled("Choose a story to read it here.", "italic $text-muted"),
            id="article-header",
        )
        yield Static("", id="article-body")

    def show(
        self,
        story: Story,
        palette: Palette,
        *,
        html: str | None = None,
        note: str = "",
        keep_scroll: bool = False,
    ) -> None:
        """Render a story: `html` is its full text when there is one, else the feed's text is used."""
        if self.story is not None:
            self._positions[self.story.id] = self.scroll_y
        self.story = story
        self.document = html_to_document(
            html if html is not None else story.content or story.summary, story.link
        )
        self.query_one("#article-header", Static).update(
            article_header(story, self.document.word_count, note)
        )
        self.query_one("#article-body", Static).update(article_body(self.document, palette))
        target = self._positions.get(story.id, 0.0)
        if keep_scroll:
            return
        self.scroll_to(y=0, animate=False)
        self.call_after_refresh(self.scroll_to, y=target, animate=False)

    def clear(self) -> None:
        if self.story is not None:
            self._positions[self.story.id] = self.scroll_y
        self.story = None
        self.document = Document()
        self.query_one("#article-header", Static).update(
            Content.styled("Choose a story to read it here.", "italic $text-muted")
        )
        self.query_one("#article-body", Static).update("")

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)
