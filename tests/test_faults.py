"""Faults outside the feeds: a server that lies about lengths, two programs on one cache, a refresh
killed with SIGKILL, a full disk, a read-only database and a damaged one. Each ends in a clear
message or in nothing lost; never a traceback, never "database is locked"."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tests.ui_support import NOW, utc
from tui_reader.core.net import Fetcher, Limits
from tui_reader.core.paths import Paths
from tui_reader.core.refresh import refresh
from tui_reader.core.store import Store, StoreError
from tui_reader.ui.app import ReaderApp

REPO = Path(__file__).resolve().parents[1]


def cli(home: Path, *argv: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    """The real program in a subprocess, its network limited to loopback."""
    return subprocess.run(
        [sys.executable, "-m", "tests.hostile.guarded", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env={**os.environ, "TUI_READER_HOME": str(home), "GUARD_MEMORY_MB": "2048", **env},
    )


def serve_feeds(
    server: LoopbackServer, count: int, items: int, *, seed: int = 0, **kw: object
) -> list[str]:
    urls = []
    for i in range(count):
        spec = feedgen.make_feed(server.url("/"), items, seed=seed + i, content_paragraphs=2)
        urls.append(server.add(f"/f{i}", Route(feedgen.rss(spec), "application/rss+xml", **kw)))  # type: ignore[arg-type]
    return urls


def prepared_home(tmp_path: Path, server: LoopbackServer, count: int, items: int) -> Path:
    """A home subscribed to `count` feeds, refreshed once, some stories read and starred."""
    home = tmp_path / "home"
    with Store(Paths.under(home).database) as store:
        for url in serve_feeds(server, count, items):
            store.add_feed(url)
        assert not refresh(store).failures
        ids = [s.id for s in store.stories(limit=10)]
        store.mark(ids[:5], read=True)
        store.mark(ids[5:], starred=True)
    return home


def snapshot(database: Path) -> dict[str, tuple[int, int]]:
    """guid -> (read, starred) for every story, read without the app's code."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        return {g: (r, s) for g, r, s in db.execute("SELECT guid, read, starred FROM stories")}


def integrity(database: Path) -> str:
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        return db.execute("PRAGMA integrity_check").fetchone()[0]


# -- a server whose Content-Length lies ------------------------------------------------------


@contextlib.contextmanager
def lying_server() -> Iterator[str]:
    """Answers /lie with a short Content-Length, the rest of the body being a forged response;
    answers anything else truthfully. One connection serves every request it gets."""
    forged = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nFORGED"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def handle(conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        with conn:
            while line := reader.readline():
                while reader.readline() not in (b"\r\n", b""):
                    pass
                if b"/lie" in line:
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" + forged
                    )  # one write: the forged bytes arrive with the real ones
                else:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal")

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = listener.accept()
                threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


@pytest.mark.timeout(30)
async def test_a_lying_content_length_does_not_poison_the_next_response() -> None:
    with lying_server() as base:
        async with Fetcher(Limits(total_timeout=5)) as fetcher:
            first = await fetcher.get(f"{base}/lie")
            second = await fetcher.get(f"{base}/next")
            third = await fetcher.get(f"{base}/next")
    assert first.body == b"hello"
    assert (second.body, third.body) == (b"real", b"real")


# -- two programs on one cache ---------------------------------------------------------------


@pytest.mark.timeout(120)
async def test_the_app_and_a_cron_refresh_work_at_once(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """The app marks, stars and refreshes while `tui-reader refresh` writes the same database
    from another process: both finish, and neither shows "database is locked"."""
    utc()
    home = await asyncio.to_thread(prepared_home, tmp_path, server, 16, 20)
    serve_feeds(server, 16, 30, seed=100, delay=0.6)  # new stories for both writers, slowly
    store = Store(Paths.under(home).database)
    app = ReaderApp(store, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        cron = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.guarded", "refresh", "--force"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,
            env={**os.environ, "TUI_READER_HOME": str(home)},
        )
        await pilot.press("R")  # the app's own refresh: a third writer
        screen = app.screen
        deadline = time.monotonic() + 60
        marks = 0
        while cron.poll() is None and time.monotonic() < deadline:
            story = screen.stories.item(marks % 20)
            if story is not None:
                screen.open_story(story)
            await pilot.press("s", "m")
            await pilot.pause(0.05)
            marks += 1
        output, _ = await asyncio.to_thread(cron.communicate, timeout=60)
        assert app.is_running
        await pilot.pause(1.0)
    store.close()
    assert cron.returncode == 0, output
    assert marks >= 2
    assert "locked" not in output.lower() and "Traceback" not in output
    assert integrity(Paths.under(home).database) == "ok"
    with Store(Paths.under(home).database) as after:
        assert sum(f.total for f in after.feeds()) >= 16 * 30


_OPEN_AT_ONCE = """
import os, sys, time
from tui_reader.core.store import Store, StoreError
while not os.path.exists(sys.argv[2]):
    time.sleep(0.001)
try:
    Store(sys.argv[1]).close()
except StoreError as error:
    sys.exit(f"failed: {error}")
"""


@pytest.mark.timeout(90)
@pytest.mark.parametrize("start", ["new", "version-1"])
def test_programs_opening_one_database_at_once_all_succeed(tmp_path: Path, start: str) -> None:
    """The app and a cron refresh started together on a new home, or on the first start after
    an upgrade: every program migrates or waits, none fails ("table feeds already exists", or
    SQLITE_BUSY from switching to WAL)."""
    from tui_reader.core.store.schema import MIGRATIONS

    for round_ in range(3):
        path, go = tmp_path / f"r{round_}.db", tmp_path / f"go{round_}"
        if start == "version-1":
            with contextlib.closing(sqlite3.connect(path)) as db:
                db.executescript(MIGRATIONS[0][0])  # type: ignore[arg-type]
                db.execute("PRAGMA user_version = 1")
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN_AT_ONCE, str(path), str(go)],
                cwd=REPO,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        time.sleep(0.5)  # all three waiting on the start line
        go.touch()
        errors = [child.communicate(timeout=60)[1] for child in children]
        assert [child.returncode for child in children] == [0, 0, 0], errors
        assert integrity(path) == "ok"


# -- SIGKILL in the middle of a refresh ------------------------------------------------------


@pytest.mark.timeout(120)
def test_kill_9_during_a_refresh_loses_nothing_committed(
    server: LoopbackServer, tmp_path: Path
) -> None:
    home = prepared_home(tmp_path, server, 20, 20)
    database = Paths.under(home).database
    before = snapshot(database)
    # Half the feeds answer at once with many new stories; the rest answer slowly.
    serve_feeds(server, 10, 150, seed=200)
    for i in range(10, 20):
        spec = feedgen.make_feed(server.url("/"), 50, seed=300 + i)
        server.add(f"/f{i}", Route(feedgen.rss(spec), "application/rss+xml", delay=30))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile.guarded", "refresh", "--force"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env={**os.environ, "TUI_READER_HOME": str(home)},
    )
    committed = len(before)
    deadline = time.monotonic() + 60
    while committed < len(before) + 3 * 150 and time.monotonic() < deadline:  # mid-refresh
        time.sleep(0.05)
        with contextlib.suppress(sqlite3.Error):
            committed = len(snapshot(database))
    assert child.poll() is None, "the refresh ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert committed > len(before), "the refresh never got going"
    assert integrity(database) == "ok"
    after = snapshot(database)
    assert len(after) >= committed
    assert {g: after[g] for g in before} == before  # every story and its read/starred state
    for i in range(10, 20):
        server.routes[f"/f{i}"].delay = 0
    again = cli(home, "refresh", "--json")
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr


# -- a full disk ------------------------------------------------------------------------------


@pytest.mark.timeout(90)
def test_a_full_disk_fails_the_refresh_clearly_and_loses_nothing(
    server: LoopbackServer, tmp_path: Path
) -> None:
    home = prepared_home(tmp_path, server, 3, 10)
    database = Paths.under(home).database
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = snapshot(database)
    serve_feeds(server, 3, 1500, seed=400)  # far more than the room left
    room_kb = database.stat().st_size // 1024 + 256
    done = cli(home, "refresh", "--force", GUARD_FILE_KB=str(room_kb))
    output = done.stdout + done.stderr
    assert done.returncode in (1, 3), output
    assert "Traceback" not in output and "locked" not in output
    assert "could not be written" in output or "is full" in output, output
    assert integrity(database) == "ok"
    after = snapshot(database)
    assert {g: after[g] for g in before} == before
    assert len(after) in (len(before), len(before) + 1500, len(before) + 3000)  # whole feeds only


def test_a_failed_write_reports_its_cause_not_the_rollback(tmp_path: Path) -> None:
    """SQLite rolls back by itself after an I/O error; a second ROLLBACK used to fail with
    "cannot rollback - no transaction is active" and hide the cause."""
    script = (
        "import resource, sys\n"
        "from tui_reader.core.store import Store, StoreError\n"
        "from tui_reader.core.parsed import Entry, ParsedFeed\n"
        f"store = Store({str(tmp_path / 'r.db')!r})\n"
        "feed, _ = store.add_feed('http://127.0.0.1:1/f')\n"
        "store.db.execute('PRAGMA wal_checkpoint(TRUNCATE)')\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))\n"
        "entries = [Entry(f'g{i}', '', 'x', content='y' * 5000) for i in range(500)]\n"
        "try:\n"
        "    store.store_feed(feed, ParsedFeed('T', '', entries), etag=None, last_modified=None, when=1)\n"
        "except StoreError as error:\n"
        "    print(error)\n"
        "    sys.exit(3)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 3, done.stderr
    assert "could not be written" in done.stdout and "rollback" not in done.stdout


# -- a read-only database ---------------------------------------------------------------------


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """chmod for a normal user; root ignores modes, so for root the immutable attribute."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.timeout(90)
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_is_refused_clearly(
    server: LoopbackServer, tmp_path: Path, what: str
) -> None:
    home = prepared_home(tmp_path, server, 2, 5)
    database = Paths.under(home).database
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in database.parent.glob("reader.db-*"):
        extra.unlink()
    before = snapshot(database)
    with read_only(database if what == "file" else database.parent):
        for argv in (["refresh"], ["feeds"], []):  # [] starts the app: it must not start
            done = cli(home, *argv, timeout=60)
            assert done.returncode == 3, (argv, done.stdout, done.stderr)
            assert "read-only" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert snapshot(database) == before


# -- a damaged database -----------------------------------------------------------------------


@pytest.mark.timeout(90)
@pytest.mark.parametrize("damage", ["middle", "truncated", "header"])
def test_a_damaged_database_is_reported_with_a_way_out(
    server: LoopbackServer, tmp_path: Path, damage: str
) -> None:
    """Damage at opening and damage found only when a page is read (a listing, a refresh) both
    end in the same message: what is wrong and how to recover. Exit code 3, no traceback."""
    home = prepared_home(tmp_path, server, 4, 200)
    database = Paths.under(home).database
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in database.parent.glob("reader.db-*"):
        extra.unlink()
    size = database.stat().st_size
    with database.open("r+b") as f:
        if damage == "middle":
            f.seek(size // 2)
            f.write(os.urandom(64 * 1024))
        elif damage == "truncated":
            f.truncate(size // 3)
        else:
            f.seek(16)
            f.write(os.urandom(84))
    outcomes = [cli(home, *argv) for argv in (["stories"], ["feeds"], ["refresh"])]
    assert any(done.returncode == 3 for done in outcomes)
    for done in outcomes:
        assert "Traceback" not in done.stderr, done.stderr
        if done.returncode:
            assert done.returncode == 3, done.stderr
            assert "damaged" in done.stderr and "Move it aside" in done.stderr, done.stderr


def test_store_errors_name_the_file_and_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    with Store(path) as store:
        store.add_feed("http://127.0.0.1:1/f")
    with path.open("r+b") as f:
        f.seek(100)
        f.write(b"\xff" * 3000)
    with pytest.raises(StoreError, match=r"damaged.*Move it aside"):
        Store(path).feeds()
