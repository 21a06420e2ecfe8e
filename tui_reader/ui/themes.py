"""Themes are TOML files: the shipped ones in `themes/`, the user's in the config dir's `themes/`.

Each file is validated before it is registered, because Textual registers a theme with a bad colour
without complaint and then crashes when it is applied. A bad user theme is reported and skipped.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

HOUSE_DARK = "reader-dark"
SIXTEEN_COLOURS = "terminal"
_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_FIELDS = {f.name for f in fields(Theme)}
_STYLE_VARIABLES = {
    "block-cursor-text-style",
    "input-cursor-text-style",
    "button-focus-text-style",
    "footer-key-text-style",
    "link-style",
    "link-style-hover",
}


class ThemeError(ValueError):
    pass


def shipped_theme_dirs() -> list[Path]:
    """The wheel puts themes/ inside the package; an editable install leaves it at the top."""
    here = Path(__file__).resolve().parent.parent
    return [d for d in (here / "themes", here.parent / "themes") if d.is_dir()]


def _colour(value: object, where: str) -> None:
    if not isinstance(value, str):
        raise ThemeError(f"{where}: a colour must be a string, not {value!r}")
    if value.startswith("ansi_"):
        return
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeError(f"{where}: {value!r} is not a colour") from None


def theme_from_file(path: Path) -> Theme:
    """Parse and validate one theme file; `ThemeError` names the file and the key."""
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeError(f"{path}: cannot be read: {error}") from None
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ThemeError(f"{path}: unknown keys: {', '.join(unknown)}")
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ThemeError(f"{path}: name: a theme needs a name")
    if "primary" not in raw:
        raise ThemeError(f"{path}: primary: a theme needs a primary colour")
    for key in _COLOUR_FIELDS:
        if key in raw:
            _colour(raw[key], f"{path}: {key}")
    for key, value in (raw.get("variables") or {}).items():
        if key in _STYLE_VARIABLES:
            continue
        _colour(value, f"{path}: variables.{key}")
    for key in ("dark", "ansi"):
        if key in raw and not isinstance(raw[key], bool):
            raise ThemeError(f"{path}: {key}: must be true or false")
    return Theme(**raw)


def load_themes(user_dir: Path | None) -> tuple[list[Theme], list[str]]:
    """Every shipped theme, then the user's (which may replace a shipped one by name)."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    folders = shipped_theme_dirs() + ([user_dir] if user_dir and user_dir.is_dir() else [])
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = theme_from_file(path)
            except ThemeError as error:
                problems.append(f"theme skipped: {error}")
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems


def sixteen_colour_terminal(env: Mapping[str, str]) -> bool:
    """TERM=xterm, screen, linux and friends promise 16 colours; the house theme needs more."""
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return False
    term = env.get("TERM", "")
    return term in (
        "xterm",
        "screen",
        "linux",
        "vt100",
        "vt220",
        "ansi",
        "rxvt",
        "tmux",
        "xterm-color",
    )
