"""Which picture protocol the terminal speaks: asked once before Textual starts, and only of
terminals that announce pictures (never in tmux or over SSH, where a late answer would arrive
as keystrokes)."""

from __future__ import annotations

import os
import select
import sys
import time
from pathlib import Path

import pytest

from tui_reader.ui.widgets import picture_probe
from tui_reader.ui.widgets.picture_probe import Probe, not_worth_asking, picture_method


def test_picture_method_follows_the_setting_and_the_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setenv("TERM", "xterm-kitty")
    monkeypatch.setattr(picture_probe, "_probe", None)
    assert picture_method("off") == "off"
    assert picture_method("halfcell") == "halfcell"
    assert picture_method("auto") == "halfcell"  # never probed: half blocks need no query
    monkeypatch.setattr(picture_probe, "_probe", Probe("kitty", (9, 18)))
    assert picture_method("auto") == "kitty"
    assert picture_method("halfcell") == "halfcell"
    assert picture_method("auto", {"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"}) == "halfcell"
    assert picture_method("auto", {"TERM": "screen-256color"}) == "halfcell"


def test_who_is_asked_before_start_up() -> None:
    kitty = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}
    assert not_worth_asking(kitty, tty=True) == ""
    assert not_worth_asking({"TERM": "foot"}, tty=True) == ""
    assert not_worth_asking({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, tty=True) == ""
    assert not_worth_asking(kitty, tty=False) == "not a terminal"
    assert "tmux" in not_worth_asking({**kitty, "TMUX": "/tmp/t,1,0"}, tty=True)
    assert "tmux" in not_worth_asking({"TERM": "tmux-256color"}, tty=True)
    assert "SSH" in not_worth_asking({**kitty, "SSH_CONNECTION": "1 2 3 4"}, tty=True)
    assert "announce" in not_worth_asking({"TERM": "xterm-256color"}, tty=True)
    assert picture_probe.probe_terminal().method == "halfcell"  # pytest's stdout is no terminal


def probe_in_pty(env: dict[str, str], *, kitty: bool) -> tuple[str, bytes]:
    """Run probe_terminal() in a child on a pseudo-terminal that answers like Kitty (or not)."""
    import pty

    child = (
        "import fcntl, struct, termios\n"
        "fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 1080, 760))\n"
        "from tui_reader.ui.widgets.picture_probe import probe_terminal\n"
        "p = probe_terminal()\n"
        "print('PROBE', p.method, p.cell[0], p.cell[1], flush=True)\n"
    )
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(Path(__file__).parent.parent)
        os.execve(sys.executable, [sys.executable, "-c", child], env)
    seen = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
        if kitty and b"\x1b_G" in data:
            os.write(fd, b"\x1b_Gi=1;OK\x1b\\")
        if b"\x1b[c" in data:
            os.write(fd, b"\x1b[?62;22c")
        if b"PROBE" in seen and seen.endswith(b"\n"):
            break
    os.waitpid(pid, 0)
    os.close(fd)
    line = next((x for x in seen.decode(errors="replace").splitlines() if "PROBE" in x), "")
    return line, seen


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pty")
def test_probe_in_a_terminal_that_speaks_kitty_and_in_tmux() -> None:
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(Path(__file__).parent.parent)}
    line, _ = probe_in_pty({**base, "TERM": "xterm-kitty"}, kitty=True)
    assert line.split()[1:] == ["kitty", "9", "19"], line
    line, seen = probe_in_pty({**base, "TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"}, kitty=True)
    assert line.split()[1] == "halfcell", line
    assert b"\x1b_G" not in seen and b"\x1b[c" not in seen  # tmux is not even asked
