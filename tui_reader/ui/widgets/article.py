"""The article pane: a header, then the body as text runs between pictures, scroll kept per story.

A body without pictures is one Static holding one Rich renderable (a 5,000-line document mounts
in 2-3 s that way, 25 s as Markdown widgets). Pictures split it: one Static per run of text between
two pictures, one widget per picture, never one per paragraph. Pictures are decoded in a thread,
one at a time, newest story only; their size comes from the file's header so nothing jumps.

The HTML reader and the picture widgets are imported when the first story is shown: the pane is
empty at the first paint, which should not pay for them.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.worker import get_current_worker

from tui_reader.core.models import Story
from tui_reader.ui.render import Palette, article_body, article_header
from tui_reader.ui.widgets.picture_probe import NOMINAL_CELL

if TYPE_CHECKING:
    from tui_reader.core.blocks import Block, Document
    from tui_reader.ui.widgets.pictures import Figure, Picture, PictureDecoded, Pictures, Piece

DECODING = "article-pictures"


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
        self.terms: tuple[str, ...] = ()
        self._document: Document | None = None
        self._positions: dict[int, float] = {}
        self._layout: tuple[object, ...] = ("run",)  # what the body holds: runs and pictures
        self._runs: list[Static] = []
        self._pictures: list[Picture] = []
        self._generation = 0  # bumped whenever the body's widgets are replaced
        self._pending = False  # a replacement is queued and not yet mounted

    @property
    def document(self) -> Document:
        """The story shown, as blocks (an empty document before the first)."""
        if self._document is None:
            from tui_reader.core.blocks import Document

            self._document = Document()
        return self._document

    def compose(self):
        yield Static(
            Content.styled("Choose a story to read it here.", "italic $text-muted"),
            id="article-header",
        )
        self._runs = [Static("", classes="article-run")]
        with VerticalGroup(id="article-body"):
            yield self._runs[0]

    def show(
        self,
        story: Story,
        palette: Palette,
        *,
        html: str | None = None,
        note: str = "",
        keep_scroll: bool = False,
        pictures: Pictures | None = None,
        terms: tuple[str, ...] = (),
    ) -> None:
        """Render a story: `html` is its full text when there is one, else the feed's text is
        used; `pictures` are the ones on disk (the pane never fetches one); search `terms` are
        marked in the text."""
        from tui_reader.core.blocks import html_to_document
        from tui_reader.ui.widgets.pictures import plan

        self.terms = terms
        if self.story is not None:
            self._positions[self.story.id] = self.scroll_y
        self.story = story
        self._document = html_to_document(
            html if html is not None else story.content or story.summary, story.link
        )
        self.query_one("#article-header", Static).update(
            article_header(story, self.document.word_count, note)
        )
        target = self.scroll_y if keep_scroll else self._positions.get(story.id, 0.0)
        if not keep_scroll:
            self.scroll_to(y=0, animate=False)
        self._fill(plan(self.document, pictures), palette, pictures, target, keep_scroll)

    def clear(self) -> None:
        if self.story is not None:
            self._positions[self.story.id] = self.scroll_y
        self.story = None
        self._document = None
        self.query_one("#article-header", Static).update(
            Content.styled("Choose a story to read it here.", "italic $text-muted")
        )
        if self._layout == ("run",) and not self._pending:
            self._update([""], [], 0.0, keep_scroll=True)
        else:
            self._rebuild(("run",), [""], [], None, 0.0)

    # -- the body ---------------------------------------------------------------------------------

    def _fill(
        self,
        pieces: list[Piece],
        palette: Palette,
        pictures: Pictures | None,
        target: float,
        keep_scroll: bool,
    ) -> None:
        from tui_reader.core.blocks import Document
        from tui_reader.ui.widgets.pictures import Figure

        if isinstance(pieces[-1], Figure) and self.document.links:
            pieces = [*pieces, []]  # the link list still comes last
        layout: list[object] = []
        texts: list[RenderableType] = []
        figures: list[tuple[Figure, RenderableType]] = []
        for number, piece in enumerate(pieces):
            if isinstance(piece, Figure):
                layout.append((piece.path, piece.block.alt, number == 0))
                figures.append((piece, article_body(Document([piece.block]), palette)))
            else:
                layout.append("run")
                texts.append(self._run(piece, palette, last=number == len(pieces) - 1))
        if tuple(layout) == self._layout and not self._pending:
            self._update(texts, [fallback for _, fallback in figures], target, keep_scroll)
        else:
            self._rebuild(tuple(layout), texts, figures, pictures, target)

    def _run(self, blocks: list[Block], palette: Palette, *, last: bool) -> RenderableType:
        from tui_reader.core.blocks import Block, Document

        if len(blocks) == len(self.document.blocks):
            return article_body(self.document, palette, self.terms)  # no pictures: as always
        links = self.document.links if last else []
        if blocks:
            return article_body(Document(blocks, links), palette, self.terms)
        # Only the link list follows the last picture; an empty paragraph stands in for the text.
        return _SkipBlankTop(article_body(Document([Block("paragraph")], links), palette))

    def _update(
        self,
        texts: list[RenderableType],
        fallbacks: list[RenderableType],
        target: float,
        keep_scroll: bool,
    ) -> None:
        """The same runs and pictures as shown (a re-render, a new theme): update the text only."""
        for static, text in zip(self._runs, texts, strict=True):
            static.update(text)
        for picture, fallback in zip(self._pictures, fallbacks, strict=True):
            picture.fallback = fallback
            picture.refresh()
        if not keep_scroll:
            self.call_after_refresh(self.scroll_to, y=target, animate=False)

    def _rebuild(
        self,
        layout: tuple[object, ...],
        texts: list[RenderableType],
        figures: list[tuple[Figure, RenderableType]],
        pictures: Pictures | None,
        target: float,
    ) -> None:
        """New widgets for the body, mounted in place of the old ones once the pane is free."""
        from tui_reader.ui.widgets.pictures import Picture

        self._generation += 1
        self.workers.cancel_group(self, DECODING)
        self._layout, self._pending = layout, True
        method, cell = (pictures.method, pictures.cell) if pictures else ("halfcell", NOMINAL_CELL)
        self._runs = [Static(text, classes="article-run") for text in texts]
        self._pictures = [Picture(figure, method, cell, fallback) for figure, fallback in figures]
        runs, shown = iter(self._runs), iter(self._pictures)
        widgets: list[Static | Picture] = [
            next(runs) if item == "run" else next(shown) for item in layout
        ]
        if isinstance(widgets[0], Picture):
            widgets[0].add_class("-first")
        self.call_later(self._replace, self._generation, widgets, target)

    async def _replace(
        self, generation: int, widgets: list[Static | Picture], target: float
    ) -> None:
        if generation != self._generation:
            return  # a newer story is already on its way
        body = self.query_one("#article-body", VerticalGroup)
        await body.remove_children()
        await body.mount_all(widgets)
        if generation != self._generation:
            return  # another story came while these mounted; its own replacement follows
        self._pending = False
        self.call_after_refresh(self.scroll_to, y=target, animate=False)
        if self._pictures:
            self._start_decoding(generation, body.content_region.width or self.app.size.width)

    def _start_decoding(self, generation: int, width: int) -> None:
        """One thread, in reading order; a newer story cancels it (between two pictures)."""
        from tui_reader.ui.widgets.pictures import decode_box

        first = self._pictures[0]
        rows = max(3, (self.scrollable_content_region.height or self.app.size.height) // 2)
        box = decode_box(first.method, width, rows, first.cell)
        jobs = [(index, picture.figure.path) for index, picture in enumerate(self._pictures)]
        self.run_worker(
            partial(self._decode, generation, jobs, box),
            thread=True,
            exclusive=True,
            group=DECODING,
            exit_on_error=False,
        )

    def _decode(self, generation: int, jobs: list[tuple[int, Path]], box: tuple[int, int]) -> None:
        """In a thread: decode the pictures in reading order, posting each; stop when cancelled."""
        from tui_reader.ui.widgets.pictures import PictureDecoded, decode

        worker = get_current_worker()
        for index, path in jobs:
            if worker.is_cancelled:
                return
            try:
                image = decode(path, box)
            except Exception:  # a stranger's bytes: any failure is the alt line
                image = None
            self.post_message(PictureDecoded(generation, index, image))

    def on_picture_decoded(self, message: PictureDecoded) -> None:
        if message.generation == self._generation and message.index < len(self._pictures):
            self._pictures[message.index].set_image(message.image)

    # -- keys -------------------------------------------------------------------------------------

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


class _SkipBlankTop:
    """A renderable without its leading blank lines."""

    def __init__(self, body: RenderableType) -> None:
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = console.render_lines(self.body, options.update(height=None), pad=False)
        while lines and not "".join(segment.text for segment in lines[0]).strip():
            lines.pop(0)
        for line in lines:
            yield from line
            yield Segment.line()
