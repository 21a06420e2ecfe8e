"""Keymaps: binding ids to keys. A `[keymap]` entry replaces that action's default keys (it does not
add to them), as Textual's `App.set_keymap` does; presets are keymaps shipped with the reader."""

from __future__ import annotations

from textual.binding import Binding, BindingType

# newsboat's default keys, as far as our actions exist: q goes back and Q quits, N toggles read,
# u lists the story's links (newsboat's URL view); undo moves to U.
NEWSBOAT = {
    "quit": "Q",
    "back": "q,escape",
    "toggle-read": "N",
    "links": "u",
    "undo": "U",
    "open-browser": "o",
    "refresh-feed": "r",
    "refresh-all": "R",
    "mark-all-read": "A",
    "next-unread": "n",
    "previous-unread": "p",
    "filter": "slash",
    "help": "question_mark",
}
PRESETS = {"default": {}, "newsboat": NEWSBOAT}


def binding_ids(*groups: list[BindingType]) -> set[str]:
    return {b.id for group in groups for b in group if isinstance(b, Binding) and b.id}


def build_keymap(
    preset: str, overrides: dict[str, str], known: set[str]
) -> tuple[dict[str, str], list[str]]:
    """The preset with the user's overrides on top; unknown ids are reported and left out."""
    keymap = dict(PRESETS.get(preset, {}))
    problems = []
    for binding_id, keys in overrides.items():
        if binding_id not in known:
            problems.append(
                f"keymap: unknown binding id {binding_id!r} (known: see `?` or docs/config.md)"
            )
            continue
        keymap[binding_id] = keys
    return keymap, problems
