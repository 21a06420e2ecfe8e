"""The real app in a real pseudo-terminal, over a store full of hostile stories: keys are typed
into the master side, every byte the app writes is kept, and scanned for what must never reach a
terminal. Textual draws with CSI sequences and sets the pointer shape with OSC 22; nothing else
in the output may be an escape string, a C1 control, a bidi control, or a payload's parameters.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from tests.hostile.checks import forbidden, leaked_markers, plant_legacy_rows
from tests.hostile.conftest import World
from tui_reader.core.paths import Paths

REPO = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 120, 40
NEVER = {
    "OSC 52 (clipboard)": "\x1b]52",
    "OSC 8 (hyperlink)": "\x1b]8;",
    "OSC 0/2 (title)": "\x1b]0;",
    "OSC 2": "\x1b]2;",
    "DCS": "\x1bP",
    "APC": "\x1b_",
    "PM": "\x1b^",
    "SOS": "\x1bX",
}
OSC = re.compile(r"\x1b\](\d*)")
# What Textual writes to draw: CSI sequences, OSC 22 (pointer shape), keypad and cursor saves.
DRAWING = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\]22;[^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>78]|\r")


def display_home(world: World, folder: Path) -> Path:
    """A home whose store holds only the hostile stories of the display families, and two rows
    with raw payloads, as a version that cleaned nothing at ingest would have stored them."""
    database = Paths.under(folder).database
    database.parent.mkdir(parents=True)
    with sqlite3.connect(world.database) as source, sqlite3.connect(database) as copy:
        source.backup(copy)
        shown = {world.feed_ids[c.name] for c in world.cases if c.display}
        copy.execute("PRAGMA foreign_keys = ON")
        copy.execute(f"DELETE FROM feeds WHERE id NOT IN ({','.join(map(str, shown))})")
        copy.execute("DELETE FROM stories WHERE guid LIKE 'base-%'")
        plant_legacy_rows(copy)
        count = copy.execute("SELECT count(*) FROM stories").fetchone()[0]
    assert count >= 60
    return folder


class Terminal:
    """A child process on a pty of a fixed size; a thread drains everything it writes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.master = master
        self.output = bytearray()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        os.close(slave)
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output.extend(chunk)
            elif self.process.poll() is not None:
                return

    def type(self, keys: str, pause: float = 0.1) -> None:
        os.write(self.master, keys.encode())
        time.sleep(pause)

    def wait_for(self, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text.encode() in self.output:
                return True
            time.sleep(0.05)
        return False

    def close(self, seconds: float) -> int | None:
        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
            return None
        finally:
            self.reader.join(2)
            os.close(self.master)


@pytest.mark.timeout(120)
def test_the_app_in_a_pty_writes_no_hostile_sequence(hostile: World, tmp_path: Path) -> None:
    home = display_home(hostile, tmp_path / "home")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "TEXTUAL")
    }
    env.update(
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(LINES),
        TZ="UTC",
        TUI_READER_HOME=str(home),
        GUARD_MEMORY_MB="4096",
    )
    terminal = Terminal([sys.executable, "-m", "tests.hostile.guarded"], env)
    try:
        assert terminal.wait_for("All stories", 30), bytes(terminal.output[-2000:])
        time.sleep(0.5)
        for _ in range(30):  # open a story, visit the author pane and the feeds, back, next
            terminal.type("\r", 0.15)
            terminal.type("\t\t\t", 0.05)
            terminal.type("j", 0.05)
        terminal.type("?", 0.5)  # the help screen
        terminal.type("q", 0.3)  # closes it
        terminal.type("\x10", 0.5)  # ctrl+p: the command palette
        terminal.type("[/]", 0.5)
        terminal.type("\x1b", 0.6)
    finally:
        terminal.type("q", 0)
        code = terminal.close(20)
    raw = bytes(terminal.output)
    text = raw.decode("utf-8", "replace")
    assert code == 0, text[-3000:]
    assert "Traceback" not in text
    assert [name for name, seq in NEVER.items() if seq in text] == []
    assert set(OSC.findall(text)) <= {"22"}, set(OSC.findall(text))
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in text), "a C1 control reached the terminal"
    visible = DRAWING.sub("", text)
    assert forbidden(visible) == [], repr(visible[-500:])
    assert leaked_markers(visible) == []
    # The hostile stories were really drawn: their text is there, as text.
    assert "[@click=app.bell]ding[/]" in visible and "Markup titles" in visible
    assert "Legacy story 1" in visible
    assert not any(hostile.trap.iterdir())
