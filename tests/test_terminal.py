"""The reader and its terminal: it leaves when the terminal goes away."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.timeout(60)
def test_the_reader_leaves_a_terminal_that_hung_up_without_a_sighup(tmp_path: Path) -> None:
    """A pty closed while it is not the reader's controlling terminal sends no SIGHUP; Textual's
    input thread then reads end-of-file in a loop at full speed. The reader must notice and exit
    (one such stray process once took a core for an hour)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TUI_READER_HOME": str(tmp_path), "TERM": "xterm-256color"}
    env.update(COLUMNS="100", LINES="30")
    child = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "--demo"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,  # a session of its own, but the pty is not its controlling tty
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 30
        while b"All stories" not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                seen += os.read(master, 65536)
        assert b"All stories" in seen, "the reader never drew its first screen"
        os.close(master)
        master = -1
        assert child.wait(timeout=20) is not None
    finally:
        if master >= 0:
            os.close(master)
        if child.poll() is None:
            child.kill()
            child.wait(5)
