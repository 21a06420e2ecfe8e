"""`?`: the keys in force, generated from the bindings (with any keymap applied)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


def describe_bindings(
    sections: list[tuple[str, list[BindingType]]], keymap: dict[str, str]
) -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    for title, bindings in sections:
        parts += [(title, "bold $accent"), "\n"]
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            keys = keymap.get(binding.id or "", binding.key) if binding.id else binding.key
            shown = ", ".join(k.strip() for k in keys.split(","))
            parts += [(f"  {shown:<26} ", "bold"), binding.description or binding.action, "\n"]
        parts.append("\n")
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close")
    ]

    def __init__(self, body: Content) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Content.styled("Keys — Esc closes", "bold"))
            yield Static(self.body)

    def action_close(self) -> None:
        self.dismiss(None)
