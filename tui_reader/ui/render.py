"""The markup boundary: every string from a feed becomes `Content` or Rich `Text` here, never markup.

Text is cleaned again at render (an older row may predate a cleaning rule), one-line fields are
folded, and the article body is built from blocks into Rich renderables with hanging indents.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.content import Content

from tui_reader.core.clean import clean_line, clean_text
from tui_reader.core.models import Author, Story

if TYPE_CHECKING:
    from tui_reader.core.blocks import Block, Document, Span


def safe(text: str | None, limit: int = 1_000) -> Content:
    """A one-line string from a stranger as inert Content."""
    return Content(clean_line(text, limit))


def age(stamp: float | None, now: float | None = None) -> str:
    """Compact age for lists: 5m, 3h, 2d, 6w, or a date for old stories."""
    if not stamp:
        return ""
    seconds = max(0.0, (now or time.time()) - stamp)
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86_400:
        return f"{int(seconds // 3600)}h"
    if seconds < 86_400 * 14:
        return f"{int(seconds // 86_400)}d"
    if seconds < 86_400 * 365:
        return f"{int(seconds // (86_400 * 7))}w"
    return datetime.fromtimestamp(stamp).strftime("%Y")


def reading_minutes(words: int) -> int:
    return max(1, round(words / 230))


@dataclass(frozen=True)
class Palette:
    """Colours for the article, taken from the running theme so every theme reads well."""

    accent: str = "cyan"
    link: str = "cyan"
    muted: str = "bright_black"

    @classmethod
    def from_variables(cls, variables: dict[str, str]) -> Palette:
        background = variables.get("background", "#000000")
        muted = variables.get("text-muted") or ""
        if muted.startswith("auto"):  # "auto 60%": the foreground, faded towards the background
            share = muted.split()[-1].rstrip("%")
            alpha = float(share) / 100 if share.replace(".", "").isdigit() else 0.6
            muted = f"{variables.get('foreground', '#ffffff')}{int(alpha * 255):02x}"
            variables = {**variables, "text-muted": muted}
        return cls(
            accent=rich_colour(variables.get("accent"), "cyan", background),
            link=rich_colour(variables.get("primary"), "cyan", background),
            muted=rich_colour(variables.get("text-muted"), "bright_black", background),
        )


def rich_colour(value: str | None, fallback: str, background: str = "#000000") -> str:
    """A theme colour as Rich understands it: `ansi_yellow` is `yellow`; a translucent colour is
    blended onto the background, since Rich text has no alpha."""
    if not value:
        return fallback
    if value.startswith("ansi_"):
        return value[5:]
    try:
        from textual.color import Color

        colour = Color.parse(value)
        if colour.a < 1:
            base = Color.parse(background) if not background.startswith("ansi_") else Color(0, 0, 0)
            colour = base.blend(colour.with_alpha(1.0), colour.a)
        return colour.hex
    except Exception:
        return fallback


def search_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for every search term (a word matches its prefix, as the search does)."""
    words = [re.escape(t) for t in terms if t.strip()]
    return re.compile(r"\b(?:" + "|".join(words) + ")", re.IGNORECASE) if words else None


def story_row(
    story: Story,
    width: int,
    now: float | None = None,
    *,
    show_feed: bool = True,
    terms: tuple[str, ...] = (),
) -> Content:
    """One line of the story list: unread and star marks, title, then source, author and age."""
    mark = Content.styled("●" if not story.read else " ", "$accent" if not story.read else "")
    star = Content.styled("★" if story.starred else " ", "$warning")
    when = age(story.published or story.first_seen, now).rjust(3)
    meta_parts = []
    if show_feed and width >= 70:
        meta_parts.append(clean_line(story.feed_title, 18))
    if story.authors and width >= 56:
        meta_parts.append(clean_line(story.authors[0], 16))
    meta = " · ".join(p for p in meta_parts if p)
    right = (
        Content.assemble((meta, "$text-muted"), " ", (when, "$text-muted"))
        if meta
        else Content.styled(when, "$text-muted")
    )
    saved = {1: ("≡", "full text stored"), 2: ("▣", "full text and pictures")}.get(story.offline)
    offline = Content.styled(saved[0] if saved else " ", "$success")
    title_width = max(8, width - 5 - right.cell_length - 1)
    title = Content.styled(
        clean_line(story.title, 500) or "(untitled)", "bold" if not story.read else ""
    )
    pattern = search_pattern(terms)
    if pattern is not None:
        for found in pattern.finditer(title.plain):
            title = title.stylize("reverse", found.start(), found.end())
    title = title.truncate(title_width, ellipsis=True, pad=True)
    return Content.assemble(mark, star, offline, " ", title, " ", right)


def article_header(story: Story, words: int, note: str = "") -> Content:
    """Title, byline, feed, date and reading time; all of it strangers' text, none of it markup."""
    parts: list[Content | str | tuple[str, str]] = [
        (clean_line(story.title, 2_000) or "(untitled)", "bold $accent"),
        "\n",
    ]
    if story.authors:
        parts += [("By ", "$text-muted"), (_join_names(story.authors), "bold"), "\n"]
    when = story.published or story.first_seen
    stamp = datetime.fromtimestamp(when).strftime("%a %d %b %Y, %H:%M") if when else ""
    meta = " · ".join(
        p
        for p in (clean_line(story.feed_title, 200), stamp, f"{reading_minutes(words)} min read")
        if p
    )
    parts.append((meta, "$text-muted"))
    if note:
        parts += ["\n", (clean_line(note, 500), "italic $text-muted")]
    return Content.assemble(*parts)


def _join_names(names: tuple[str, ...] | list[str]) -> str:
    names = [clean_line(n, 200) for n in names if n]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _spans(
    spans: list[Span],
    palette: Palette,
    base: Style | None = None,
    mark: re.Pattern[str] | None = None,
) -> Text:
    text = Text(style=base or Style())
    for span in spans:
        style = Style(
            bold=span.bold or None,
            italic=span.italic or None,
            underline=bool(span.link) or None,
            color=palette.link if span.link else None,
        )
        if span.code:
            style += Style(color=palette.accent)
        text.append(clean_text(span.text), style)
        if span.link:
            text.append(f"[{span.link}]", Style(color=palette.muted))
    if mark is not None:
        text.highlight_regex(mark, Style(reverse=True, bold=True))
    return text


def _block(block: Block, palette: Palette, mark: re.Pattern[str] | None = None) -> RenderableType:
    if block.kind == "heading":
        style = Style(bold=True, color=palette.accent, underline=block.level <= 1)
        return _spans(block.spans, palette, style, mark=mark)
    if block.kind == "quote":
        return _Bar(
            _spans(block.spans, palette, Style(italic=True), mark=mark), Style(color=palette.accent)
        )
    if block.kind == "item":
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=len(block.marker), no_wrap=True, style=Style(color=palette.accent))
        grid.add_column(ratio=1)
        grid.add_row(block.marker, _spans(block.spans, palette, mark=mark))
        return Padding(grid, (0, 0, 0, 2 * (block.level - 1)))
    if block.kind == "code":
        code = Text(clean_text(block.text), style=Style(color=palette.accent))
        code.no_wrap = True
        return Padding(code, (0, 0, 0, 4))
    if block.kind == "image":
        label = clean_line(block.alt, 300) or "no description"
        return Text.assemble(
            ("[image: ", Style(color=palette.muted)),
            (label, Style(italic=True)),
            ("]", Style(color=palette.muted)),
        )
    if block.kind == "caption":
        return _spans(block.spans, palette, Style(italic=True, color=palette.muted), mark=mark)
    if block.kind == "rule":
        return Text("⁂", justify="center", style=Style(color=palette.muted))
    return _spans(block.spans, palette, mark=mark)


class _Bar:
    """A bar down the left of every line of a quote, however it wraps."""

    def __init__(self, body: RenderableType, style: Style) -> None:
        self.body = body
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - 4)
        for line in console.render_lines(self.body, options.update_width(width), pad=False):
            yield Segment("  ▌ ", self.style)
            yield from line
            yield Segment.line()


def article_body(
    doc: Document, palette: Palette = Palette(), terms: tuple[str, ...] = ()
) -> RenderableType:
    """The whole body as one renderable, blocks separated by blank lines, then the link list;
    search terms highlighted."""
    mark = search_pattern(terms)
    parts: list[RenderableType] = []
    previous = ""
    for block in doc.blocks:
        tight = block.kind == "item" and previous == "item"
        if parts and not tight:
            parts.append(Text(""))
        parts.append(_block(block, palette, mark))
        previous = block.kind
    if not parts:
        parts.append(
            Text(
                "This story has no text in its feed.", style=Style(italic=True, color=palette.muted)
            )
        )
    if doc.links:
        parts += [Text(""), Text("Links", style=Style(bold=True, color=palette.accent))]
        for number, url in enumerate(doc.links, 1):
            parts.append(
                Text.assemble(
                    (f"[{number}] ", Style(color=palette.muted)),
                    (clean_line(url, 2_000), Style(color=palette.link)),
                )
            )
    return Group(*parts)


def author_card(
    author: Author | None, index: int, total: int, byline: tuple[str, ...] = ()
) -> Content:
    """`byline`: the story's own author names, shown when the cache holds no record of them
    (stories kept from before author records, or whose names no page has confirmed)."""
    if author is None and byline:
        return Content.assemble(
            (_join_names(byline), "bold $accent"),
            "\n\n",
            ("Nothing more is known about them here.", "italic $text-muted"),
        )
    if author is None:
        return Content.styled("No author is named for this story.", "italic $text-muted")
    parts: list[Content | str | tuple[str, str]] = []
    if total > 1:
        parts += [(f"{index + 1} of {total} authors · [ ]", "$text-muted"), "\n"]
    parts.append((clean_line(author.name, 200), "bold $accent"))
    if author.role:
        parts += ["\n", (clean_line(author.role, 200), "italic")]
    if author.bio:
        parts += ["\n\n", clean_text(author.bio, 4_000)]
    if author.url:
        parts += ["\n\n", (clean_line(author.url, 500), "underline $text-muted")]
    return Content.assemble(*parts)
