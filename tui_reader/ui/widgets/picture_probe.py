"""How this terminal can draw pictures, asked once before Textual takes the terminal.

Kept apart from `pictures` so that starting the reader (which calls `probe_terminal`, free on
terminals that do not announce pictures) does not import the picture widgets and decoders.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

NOMINAL_CELL = (10, 20)  # pixels per cell when the terminal has not said (VT340, as textual-image)
GRAPHICS = ("kitty", "sixel")


@dataclass(frozen=True)
class Probe:
    """The terminal's answer, asked once before Textual starts."""

    method: str  # kitty | sixel | halfcell
    cell: tuple[int, int] = NOMINAL_CELL
    reason: str = ""


_probe: Probe | None = None

# Terminals that announce themselves as able to draw pictures: only these are asked, since the
# query costs 100 ms (a timeout) on every terminal that does not answer it.
_GRAPHICS_TERMS = ("xterm-kitty", "xterm-ghostty", "foot", "foot-extra", "mlterm", "contour")
_GRAPHICS_PROGRAMS = ("ghostty", "WezTerm", "iTerm.app", "mlterm", "vscode", "rio")
_GRAPHICS_VARIABLES = ("KITTY_WINDOW_ID", "KONSOLE_VERSION", "WEZTERM_EXECUTABLE", "WT_SESSION")


def multiplexed(environ: Mapping[str, str]) -> bool:
    """Inside tmux or GNU screen: Kitty graphics do not pass, Sixel only in a sixel-enabled tmux."""
    term = environ.get("TERM", "")
    return bool(environ.get("TMUX") or environ.get("STY")) or term.startswith(("screen", "tmux"))


def remote(environ: Mapping[str, str]) -> bool:
    return any(environ.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def not_worth_asking(environ: Mapping[str, str], tty: bool) -> str:
    """Why the terminal is not asked, or "" to ask it."""
    if not tty:
        return "not a terminal"
    if multiplexed(environ):
        return "tmux or screen"
    if remote(environ):
        return "over SSH, a late answer would arrive as keystrokes"
    term = environ.get("TERM", "")
    announced = (
        term in _GRAPHICS_TERMS
        or environ.get("TERM_PROGRAM", "") in _GRAPHICS_PROGRAMS
        or any(environ.get(name) for name in _GRAPHICS_VARIABLES)
        or (term.startswith("xterm") and bool(environ.get("XTERM_VERSION")))
    )
    return "" if announced else "the terminal does not announce pictures"


def probe_terminal(environ: Mapping[str, str] | None = None) -> Probe:
    """Ask the terminal which picture protocol it speaks, for `image_mode = "auto"`.

    Call it before Textual takes the terminal (the answers come on stdin). textual-image asks at
    import: device attributes for Sixel, a Kitty graphics query, then the cell size in pixels.
    Measured in a pty, imports included: 45-65 ms for Kitty or a Sixel terminal, 125 ms for one
    that ignores the Kitty query, 340 ms for one that answers nothing; hence only terminals that
    announce pictures are asked (0 ms for the rest, tmux and SSH).
    """
    global _probe
    environ = os.environ if environ is None else environ
    stdout = sys.__stdout__
    reason = not_worth_asking(environ, stdout is not None and stdout.isatty())
    if reason:
        _probe = Probe("halfcell", reason=reason)
        return _probe
    try:
        import textual_image.widget  # noqa: F401  (the queries run at import)
        from textual_image import renderable
        from textual_image._terminal import get_cell_size  # cached by the import above

        cell = get_cell_size()
        method = {renderable.TGPImage: "kitty", renderable.SixelImage: "sixel"}.get(
            renderable.Image, "halfcell"
        )
        _probe = Probe(method, (max(1, cell.width), max(1, cell.height)))
    except Exception as error:  # a terminal that answers nonsense draws half blocks
        _probe = Probe("halfcell", reason=f"probe failed: {error}")
    return _probe


def picture_method(mode: str, environ: Mapping[str, str] | None = None) -> str:
    """`off`, `halfcell`, or in `auto` what the probe found (half blocks when it never ran)."""
    if mode == "off":
        return "off"
    if mode != "auto" or _probe is None or multiplexed(os.environ if environ is None else environ):
        return "halfcell"
    return _probe.method


def current() -> Probe | None:
    """The probe's answer, None when it never ran."""
    return _probe
