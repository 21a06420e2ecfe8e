"""The bottom line of key hints: the main keys in force (after the keymap), drawn once.

Textual's Footer rebuilds itself on every focus change, which costs more than the rest of a
keypress here; these hints do not change with focus, so one Static does.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

_NAMES = {"question_mark": "?", "slash": "/", "space": "Space", "escape": "Esc", "enter": "Enter"}


def key_label(keys: str) -> str:
    first = keys.split(",")[0].strip()
    return _NAMES.get(first, first.replace("ctrl+", "^"))


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def show_bindings(self, bindings: list[BindingType], keymap: dict[str, str]) -> None:
        parts: list[Content | str | tuple[str, str]] = []
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.show:
                continue
            keys = keymap.get(binding.id or "", binding.key)
            parts += [(key_label(keys), "bold $accent"), " ", binding.description, "  "]
        self.update(Content.assemble(*parts))
