"""`t` on a feed: its tags and its own settings (refresh interval, item limit, full text, retention)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from tui_reader.core.clean import clean_line
from tui_reader.core.models import Feed


class FeedSettingsDialog(ModalScreen[dict[str, object] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="feed-settings-cancel"),
        Binding("ctrl+s", "save", "Save", id="feed-settings-save"),
    ]

    def __init__(self, feed: Feed) -> None:
        super().__init__()
        self.feed = feed

    def compose(self) -> ComposeResult:
        feed = self.feed
        with Vertical(classes="dialog feed-settings"):
            yield Static(
                Content.assemble(("Feed settings: ", "bold"), clean_line(feed.display_title, 200))
            )
            yield Label("Tags (separated by spaces or commas)")
            yield Input(" ".join(feed.tags), id="tags")
            with Horizontal(classes="fields"):
                yield self._number(
                    "Refresh every (minutes)", "refresh_minutes", feed.refresh_minutes
                )
                yield self._number("Keep at most (stories)", "item_limit", feed.item_limit)
                yield self._number("Keep for (days)", "keep_days", feed.keep_days)
            yield Checkbox("Fetch the full text of its stories", feed.fulltext, id="fulltext")
            yield Static("", id="feed-settings-error")
            with Horizontal(classes="buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    @staticmethod
    def _number(label: str, name: str, value: int | None) -> Vertical:
        return Vertical(
            Label(label),
            Input(
                "" if value is None else str(value), id=name, placeholder="default", restrict=r"\d*"
            ),
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_save(self) -> None:
        changes: dict[str, object] = {}
        raw_tags = self.query_one("#tags", Input).value.replace(",", " ")
        changes["tags"] = [t for t in raw_tags.split() if t]
        for name in ("refresh_minutes", "item_limit", "keep_days"):
            text = self.query_one(f"#{name}", Input).value.strip()
            changes[name] = int(text) if text.isdigit() and int(text) > 0 else None
        changes["fulltext"] = self.query_one("#fulltext", Checkbox).value
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)
