"""`config.toml`: every setting with its default, validated key by key.

A broken file never stops the reader: each problem names the file, the key and what is wrong, and
that key keeps its default. `docs/config.md` documents every key; `tui-reader config` prints the
effective values.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

IMAGE_MODES = ("auto", "halfcell", "off")
KEYMAP_PRESETS = ("default", "newsboat")


@dataclass(frozen=True)
class Settings:
    """Every setting of config.toml, with its default (documented in docs/config.md)."""

    theme: str = ""  # "" = the house theme, or the 16-colour one on a 16-colour terminal
    keymap_preset: str = "default"
    keymap: dict[str, str] = field(default_factory=dict)
    auto_refresh_minutes: int = 30  # 0 turns it off
    concurrency: int = 48
    per_host: int = 4
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0
    max_feed_mb: float = 8.0
    max_page_mb: float = 5.0
    image_mode: str = "auto"
    browser: str = ""  # "" = $BROWSER, else the desktop's opener when there is a display
    article_width: int = 80
    mark_read_on_open: bool = True
    keep_days: int = 90  # unstarred stories older than this may be pruned; 0 keeps all
    keep_per_feed: int = 1000  # at most this many unstarred stories per feed; 0 keeps all
    cache_max_mb: int = 500  # full texts and images; 0 means no limit


RANGES: dict[str, tuple[float, float]] = {
    "auto_refresh_minutes": (0, 24 * 60),
    "concurrency": (1, 256),
    "per_host": (1, 64),
    "connect_timeout": (1, 300),
    "read_timeout": (1, 600),
    "total_timeout": (1, 3600),
    "max_feed_mb": (0.1, 512),
    "max_page_mb": (0.1, 512),
    "article_width": (30, 400),
    "keep_days": (0, 36500),
    "keep_per_feed": (0, 1_000_000),
    "cache_max_mb": (0, 1_000_000),
}
CHOICES: dict[str, tuple[str, ...]] = {"image_mode": IMAGE_MODES, "keymap_preset": KEYMAP_PRESETS}


@dataclass
class Loaded:
    """Settings as read, with what was wrong in the file: a bad line is reported, never fatal."""

    settings: Settings
    path: Path
    problems: list[str] = field(default_factory=list)
    found: bool = False


def load_settings(path: Path) -> Loaded:
    """Read the file; return the settings and every problem, never raise."""
    if not path.exists():
        return Loaded(Settings(), path)
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Loaded(
            Settings(), path, [f"{path}: cannot be read ({error}); using every default"], True
        )
    return _validate(raw, path)


def _validate(raw: dict[str, Any], path: Path) -> Loaded:
    defaults = Settings()
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if key not in known:
            problems.append(f"{path}: unknown key {key!r} (ignored)")
            continue
        default = getattr(defaults, key)
        checked, problem = _check(key, value, default)
        if problem:
            problems.append(f"{path}: {key}: {problem}; using the default {default!r}")
        else:
            values[key] = checked
    return Loaded(Settings(**values), path, problems, True)


def _check(key: str, value: Any, default: Any) -> tuple[Any, str]:
    if key == "keymap":
        if not isinstance(value, dict) or not all(
            isinstance(v, str) and isinstance(k, str) for k, v in value.items()
        ):
            return None, 'must be a table of binding id = "keys"'
        return dict(value), ""
    if isinstance(default, bool):
        return (
            (value, "")
            if isinstance(value, bool)
            else (None, f"must be true or false, not {value!r}")
        )
    if isinstance(default, int | float) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, f"must be a number, not {value!r}"
        if isinstance(default, int) and not isinstance(value, int):
            return None, f"must be a whole number, not {value!r}"
        low, high = RANGES.get(key, (float("-inf"), float("inf")))
        if not low <= value <= high:
            return None, f"must be between {low:g} and {high:g}, not {value!r}"
        return value, ""
    if not isinstance(value, str):
        return None, f"must be a string, not {value!r}"
    if key in CHOICES and value not in CHOICES[key]:
        return None, f"must be one of {', '.join(CHOICES[key])}, not {value!r}"
    return value, ""


def describe(settings: Settings) -> list[tuple[str, Any]]:
    return [(f.name, getattr(settings, f.name)) for f in fields(Settings)]
