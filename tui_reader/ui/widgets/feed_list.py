"""The feed list: All, Unread and Starred, then each tag with its feeds, with unread counts."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.content import Content

from tui_reader.core.clean import clean_line
from tui_reader.core.models import Feed
from tui_reader.core.store import StoryQuery
from tui_reader.ui.widgets.virtual_list import VirtualList


@dataclass(frozen=True)
class FeedRow:
    """One row of the feed list and the selection it stands for."""

    kind: str  # all | unread | starred | smart | tag | feed
    label: str
    query: StoryQuery
    unread: int = 0
    feed: Feed | None = None
    indent: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.label if self.feed is None else f"{self.label}\x00{self.feed.id}")


def build_rows(
    feeds: list[Feed],
    starred: int,
    *,
    unread_total: int | None = None,
    smart: list[tuple[str, StoryQuery, int]] = (),  # type: ignore[assignment]
) -> list[FeedRow]:
    """All, Unread, Starred, the smart feeds, then each tag with its feeds."""
    total_unread = sum(f.unread for f in feeds) if unread_total is None else unread_total
    rows = [
        FeedRow("all", "All stories", StoryQuery(), total_unread),
        FeedRow("unread", "Unread", StoryQuery(unread=True), total_unread),
        FeedRow("starred", "Starred", StoryQuery(starred=True), starred),
    ]
    rows += [FeedRow("smart", name, query, unread) for name, query, unread in smart]
    tags = sorted({t for f in feeds for t in f.tags}, key=str.casefold)
    for tag in tags:
        members = [f for f in feeds if tag in f.tags]
        rows.append(FeedRow("tag", tag, StoryQuery(tag=tag), sum(f.unread for f in members)))
        rows += [FeedRow("feed", tag, StoryQuery(feed_id=f.id), f.unread, f, 1) for f in members]
    loose = [f for f in feeds if not f.tags]
    if loose and tags:
        rows.append(
            FeedRow("tag", "Untagged", StoryQuery(untagged=True), sum(f.unread for f in loose))
        )
    rows += [
        FeedRow("feed", "", StoryQuery(feed_id=f.id), f.unread, f, 1 if tags else 0) for f in loose
    ]
    return rows


class FeedList(VirtualList[FeedRow]):
    """Feeds are few (hundreds), so their rows live in memory; only the rendering is virtual."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[FeedRow] = []

    def set_rows(self, rows: list[FeedRow]) -> None:
        """Replace the rows, keeping the cursor on the same entry when it still exists."""
        current = self.rows[self.cursor].key if self.rows and self.cursor < len(self.rows) else None
        self.rows = rows
        keep = next((i for i, r in enumerate(rows) if r.key == current), self.cursor)
        self.reload(keep=keep)

    def adjust(self, feed_id: int, *, unread: int = 0, starred: int = 0) -> None:
        """Change counts in place: the feed's row, its tags, All and Unread (or Starred)."""
        tags: set[str] = set()
        for row in self.rows:
            if row.feed is not None and row.feed.id == feed_id:
                tags.update(row.feed.tags)
        changed = []
        for row in self.rows:
            delta = 0
            if (
                row.kind in ("all", "unread")
                or (row.feed is not None and row.feed.id == feed_id)
                or (row.kind == "tag" and row.label in tags)
            ):
                delta = unread
            elif row.kind == "starred":
                delta = starred
            changed.append(replace(row, unread=max(0, row.unread + delta)) if delta else row)
        self.rows = changed
        self.reload_rows()

    def count_rows(self) -> int:
        return len(self.rows)

    def fetch_rows(self, offset: int, limit: int) -> list[FeedRow]:
        return self.rows[offset : offset + limit]

    def render_row(self, row: FeedRow, width: int) -> Content:
        count = Content.styled(
            str(row.unread) if row.unread else "", "$text-muted" if row.kind == "feed" else "bold"
        )
        failed = row.feed is not None and bool(row.feed.last_error)
        if row.kind == "tag":
            label = Content.styled(clean_line(row.label, 80), "bold $accent")
        elif row.kind == "smart":
            label = Content.styled("⌕ " + clean_line(row.label, 80), "italic")
        elif row.feed is not None:
            label = Content.styled(
                clean_line(row.feed.display_title, 200), "bold" if row.unread else ""
            )
        else:
            label = Content.styled(row.label, "bold")
        mark = Content.styled("!" if failed else " ", "bold $error")
        indent = "  " * row.indent
        room = max(4, width - len(indent) - 2 - count.cell_length - 1)
        return Content.assemble(
            indent, label.truncate(room, ellipsis=True, pad=True), " ", mark, count
        )
