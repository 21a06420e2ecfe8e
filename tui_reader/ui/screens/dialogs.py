"""Small modal dialogs: a URL to copy when no browser can start, and a story's link list."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_reader.core.clean import clean_line
from tui_reader.ui.widgets.virtual_list import VirtualList


class UrlDialog(ModalScreen[None]):
    """Over SSH there is often no browser: show the address and put it on the local clipboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q,o", "dismiss", "Close", id="dialog-close"),
    ]

    def __init__(self, url: str, reason: str) -> None:
        super().__init__()
        self.url = url
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.reason, "bold"))
            yield Static(
                Content.styled(clean_line(self.url, 2_000), "underline $accent"),
                classes="dialog-url",
            )
            yield Static(
                Content.styled(
                    "Copied to your clipboard (if your terminal allows OSC 52). Esc closes.",
                    "$text-muted",
                )
            )

    def on_mount(self) -> None:
        self.app.copy_to_clipboard(self.url)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class LinkList(VirtualList[tuple[int, str]]):
    def __init__(self, links: list[str]) -> None:
        super().__init__(id="link-list")
        self.links = list(enumerate(links, 1))

    def count_rows(self) -> int:
        return len(self.links)

    def fetch_rows(self, offset: int, limit: int) -> list[tuple[int, str]]:
        return self.links[offset : offset + limit]

    def render_row(self, item: tuple[int, str], width: int) -> Content:
        number, url = item
        return Content.assemble((f"[{number}] ", "$text-muted"), clean_line(url, 2_000))


class LinksDialog(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "close", "Close", id="links-close")
    ]

    def __init__(self, links: list[str]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Links in this story — Enter opens, Esc closes", "bold"))
            yield LinkList(self.links)

    def on_mount(self) -> None:
        self.query_one(LinkList).reload(keep=0)
        self.query_one(LinkList).focus()

    def on_virtual_list_chosen(self, event: VirtualList.Chosen) -> None:
        event.stop()
        self.dismiss(event.item[1])  # type: ignore[index]

    def action_close(self) -> None:
        self.dismiss(None)
