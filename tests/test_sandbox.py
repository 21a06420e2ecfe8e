"""Extraction in worker processes: a page past its time limit is stopped, a worker serves many
pages, and no worker outlives the reader."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.test_processes import _alive
from tui_reader.core import sandbox
from tui_reader.core.sandbox import ExtractionFailed, extract_limited

URL = "https://example.org/story"
PARAGRAPH = "<p>" + "A sentence of a very long page, with commas, to score. " * 8 + "</p>\n"
SMALL = "<html><body><article>" + PARAGRAPH * 5 + "</article></body></html>"
HUGE = "<html><body><article>" + PARAGRAPH * 12_000 + "</article></body></html>"  # 5 MB, ~1 s


@pytest.mark.timeout(120)
def test_a_worker_serves_many_pages_and_a_slow_page_is_stopped(monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "_WORKERS", sandbox._Workers())  # none left by other tests
    assert extract_limited(SMALL, URL).status == "full"
    (first,) = sandbox._WORKERS.pids()
    assert extract_limited(SMALL, URL).word_count > 100
    assert sandbox._WORKERS.pids() == [first]  # the same process, no fork per page
    started = time.monotonic()
    with pytest.raises(ExtractionFailed, match=r"longer than 0\.2 s"):
        extract_limited(HUGE, URL, timeout=0.2)
    assert time.monotonic() - started < 5
    deadline = time.monotonic() + 5
    while _alive(first) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(first)  # stopped, not left working on it
    assert extract_limited(SMALL, URL).status == "full"  # the next page gets a new worker
    assert sandbox._WORKERS.pids() not in ([], [first])


@pytest.mark.timeout(120)
def test_a_page_beyond_the_memory_cap_fails_in_the_worker_alone() -> None:
    small_cap = 64 * 1024 * 1024  # the worker starts at about 45 MB
    try:
        result = extract_limited(HUGE, URL, memory=small_cap)
    except ExtractionFailed as error:
        assert "memory" in str(error) or "died" in str(error)
    else:
        assert result.status != "full"  # readability's own MemoryError, caught in the pipeline
    assert extract_limited(SMALL, URL).status == "full"


@pytest.mark.timeout(120)
def test_a_worker_gone_while_idle_is_replaced(monkeypatch) -> None:
    """Killed, or left after sitting idle: the next page gets a worker that is there."""
    monkeypatch.setattr(sandbox, "_WORKERS", sandbox._Workers())
    monkeypatch.setattr(sandbox, "IDLE_S", 0.5)
    assert extract_limited(SMALL, URL).status == "full"
    (idle,) = sandbox._WORKERS.pids()
    deadline = time.monotonic() + 10
    while _alive(idle) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(idle)  # it gave its memory back
    assert extract_limited(SMALL, URL).status == "full"
    (second,) = sandbox._WORKERS.pids()
    assert second != idle
    os.kill(second, signal.SIGKILL)
    assert extract_limited(SMALL, URL).status == "full"


ORPHAN = textwrap.dedent("""
    import os, threading, time
    from tui_reader.core import sandbox

    if __name__ == "__main__":
        small = "<html><body><article><p>" + "Words and more words. " * 40 + "</p></article>"
        sandbox.extract_limited(small, "https://example.org/")
        print(sandbox._WORKERS.pids(), flush=True)
        para = "<p>" + "A sentence of a very long page, with commas, to score. " * 8 + "</p>"
        huge = "<html><body><article>" + para * 12_000 + "</article></body></html>"
        threading.Thread(target=sandbox.extract_limited, args=(huge, "https://e.org/")).start()
        time.sleep(0.3)
        os._exit(0)  # gone mid-page without a word, as a killed reader would be
""")


def test_workers_do_not_outlive_a_killed_reader_and_say_nothing(tmp_path) -> None:
    script = tmp_path / "reader.py"
    script.write_text(ORPHAN)
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=60
    )
    workers = json.loads(out.stdout.strip().splitlines()[-1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.2)
    assert workers and not any(map(_alive, workers))
    # A worker's stderr is the reader's screen: its broken pipe mid-page printed a traceback.
    assert out.stderr == ""
