"""The SQLite connection: opening, pragmas, transactions, and telling a broken file apart.

Every connection runs in WAL mode with a long busy timeout so that the app and a cron
`tui-reader refresh` can work on one database at once; writes take the lock up front
(`BEGIN IMMEDIATE`) so two writers queue instead of failing half-way.

A problem with the file itself (damaged, read-only, disk full, still locked after the busy
timeout) becomes a `StoreError` whose message says what to do, wherever it shows up: at
opening, or in the middle of a query (a damaged page is only found when it is read). Errors in
the SQL or its constraints stay sqlite3 errors: they are bugs, not the user's file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui_reader.core.store.schema import migrate

BUSY_TIMEOUT_S = 60.0
PAGE_SIZE = 8192
# Primary result codes that are about the file, not the SQL: PERM, BUSY, LOCKED, READONLY,
# IOERR, CORRUPT, FULL, CANTOPEN, NOTADB.
_FILE_ERRORS = frozenset((3, 5, 6, 8, 10, 11, 13, 14, 26))


class StoreError(Exception):
    """The database cannot be used; the message tells the user what to do."""


class _Cursor(sqlite3.Cursor):
    """A cursor whose file-level errors arrive as `StoreError`, whenever they happen."""

    def execute(self, sql: str, parameters: Any = ()) -> _Cursor:
        with _translated(self.connection):
            return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any) -> _Cursor:
        with _translated(self.connection):
            return super().executemany(sql, parameters)

    def fetchone(self) -> Any:
        with _translated(self.connection):
            return super().fetchone()

    def fetchmany(self, size: int | None = None) -> list[Any]:
        with _translated(self.connection):
            return super().fetchmany(self.arraysize if size is None else size)

    def fetchall(self) -> list[Any]:
        with _translated(self.connection):
            return super().fetchall()

    def __next__(self) -> Any:
        with _translated(self.connection):
            return super().__next__()


class _Connection(sqlite3.Connection):
    """`execute` goes through `_Cursor` (sqlite3's own shortcut would bypass `cursor()`)."""

    path = Path()
    batch_thread: int | None = None  # the thread inside `batch`, if any

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _Cursor)

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any) -> Any:
        return self.cursor().executemany(sql, parameters)


@contextmanager
def _translated(db: sqlite3.Connection) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as error:
        if _primary(error) not in _FILE_ERRORS:
            raise
        raise StoreError(describe(error, getattr(db, "path", Path("the database")))) from None


def _primary(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    path = Path(path)
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"Cannot create the folder {path.parent} for the database: {error.strerror}. "
                "Choose another home with --home DIR or TUI_READER_HOME."
            ) from None
        _check_writable(path)
    try:
        if readonly:
            db = sqlite3.connect(
                f"{path.as_uri()}?mode=ro",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
                factory=_Connection,
            )
        else:
            db = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
                factory=_Connection,
            )
        db.path = path
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            if db.execute("PRAGMA page_count").fetchone()[0] == 0:
                # A new database: 8 KiB pages write a refresh's stories and search index with
                # a quarter less work than the default 4 KiB (benchmarks/RESULTS.md). Only
                # possible before the first table; older databases keep their pages.
                db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            _use_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")
            _migrate(db)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(describe(error, path)) from None
    return db


def _use_wal(db: sqlite3.Connection) -> None:
    """WAL mode. Switching a new database to it while another program opens it too fails with
    SQLITE_BUSY at once (SQLite does not wait on its busy handler there): so wait here."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.cursor(sqlite3.Cursor).execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if _primary(error) not in (5, 6) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to date, when another program may be doing the same.

    `migrate` reads the version before taking the write lock, so two programs opening a new (or
    older) database at once both start the same migration, and the second fails with "table ...
    already exists". It rolled back; when the version moved meanwhile, the other program did
    the work, and the rest is tried again from where it got to.
    """
    while True:
        before = _version(db)
        try:
            migrate(db)
            return
        except sqlite3.OperationalError:
            if _version(db) <= before:
                raise


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _check_writable(path: Path) -> None:
    """SQLite opens a file it cannot write read-only without a word, and fails at the first
    write; and in WAL mode it needs to create files beside the database. Say so up front."""
    where = None
    if path.exists() and not os.access(path, os.W_OK):
        where = "the file"
    elif not os.access(path.parent, os.W_OK):
        where = f"its folder {path.parent}"
    if where:
        raise StoreError(
            f"The database {path} is read-only (no write permission on {where}). "
            f"Make it writable (chmod u+w '{path}' '{path.parent}'), or choose another home "
            "with --home DIR or TUI_READER_HOME."
        )


def describe(error: sqlite3.Error, path: Path) -> str:
    text = str(error)
    code = _primary(error)
    if code in (11, 26) or "not a database" in text or "malformed" in text:
        return (
            f"The database {path} is damaged ({text}). Move it aside "
            f"(mv '{path}' '{path}.damaged') and run `tui-reader refresh` to rebuild the cache "
            "from your feeds; your subscriptions can be restored with `tui-reader import` from "
            "an OPML export."
        )
    if code == 8 or "readonly" in text or "read-only" in text:
        return (
            f"The database {path} is read-only: {text}. Make it and its folder writable, or "
            "choose another home with --home DIR or TUI_READER_HOME."
        )
    if code == 13 or ("disk" in text and "full" in text):
        return f"The disk holding {path} is full: nothing new was saved, nothing old was lost."
    if code == 10:
        return (
            f"The database {path} could not be written ({text}): the disk may be full, over a "
            "size limit, or failing. Nothing new was saved, nothing already saved was lost."
        )
    if code in (5, 6):
        return (
            f"The database {path} stayed locked by another program for {BUSY_TIMEOUT_S:g} s "
            "(another tui-reader busy writing?). Nothing was lost: try again in a moment."
        )
    if code in (3, 14):
        return (
            f"The database {path} cannot be opened ({text}): check that it and its folder "
            "exist and are readable and writable."
        )
    return f"The database {path} cannot be used: {text}"


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction; rolled back whole on any error, so a crash loses nothing committed.

    SQLite has already rolled back by itself after a full disk or an I/O error: a second
    ROLLBACK would fail and hide the real cause, so it is only issued when still needed.

    Inside `batch` on the same thread, it is a savepoint of the batch's transaction instead.
    """
    if db.in_transaction and getattr(db, "batch_thread", None) == threading.get_ident():
        # getattr: tests may hand in a plain sqlite3 connection
        with _savepoint(db):
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error, StoreError):
                db.execute("ROLLBACK")
        raise
    else:
        try:
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error, StoreError):
                    db.execute("ROLLBACK")
            raise


@contextmanager
def batch(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction around several writes, each of which still succeeds or fails on its own.

    A refresh writes hundreds of feeds; committing them in groups rather than one at a time
    saves most of the commit and search-index merging work. Every `transaction` opened on this
    thread meanwhile is a savepoint: a failing write is rolled back alone.
    """
    with transaction(db):
        db.batch_thread = threading.get_ident()  # type: ignore[attr-defined]  # _Connection
        try:
            yield db
        finally:
            db.batch_thread = None  # type: ignore[attr-defined]


@contextmanager
def _savepoint(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("SAVEPOINT write")
    try:
        yield
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error, StoreError):
                db.execute("ROLLBACK TO write")
                db.execute("RELEASE write")
        raise
    db.execute("RELEASE write")
