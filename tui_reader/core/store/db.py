"""The SQLite connection: opening, pragmas, transactions, and telling a broken file apart.

Every connection runs in WAL mode with a long busy timeout so that the app and a cron
`tui-reader refresh` can work on one database at once; writes take the lock up front
(`BEGIN IMMEDIATE`) so two writers queue instead of failing half-way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui_reader.core.store.schema import migrate

BUSY_TIMEOUT_S = 60.0


class StoreError(Exception):
    """The database cannot be used; the message tells the user what to do."""


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    path = Path(path)
    if not readonly:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if readonly:
            db = sqlite3.connect(
                f"{path.as_uri()}?mode=ro",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            migrate(db)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(describe(error, path)) from None
    return db


def describe(error: sqlite3.Error, path: Path) -> str:
    text = str(error)
    if "not a database" in text or "malformed" in text:
        return (
            f"The database {path} is damaged ({text}). Move it aside "
            f"(mv '{path}' '{path}.damaged') and run `tui-reader refresh` to rebuild the cache "
            "from your feeds; your subscriptions can be restored with `tui-reader import` from "
            "an OPML export."
        )
    if "readonly" in text or "read-only" in text:
        return f"The database {path} is read-only: {text}."
    if "disk" in text and "full" in text:
        return f"The disk holding {path} is full: nothing new was saved, nothing old was lost."
    return f"The database {path} cannot be used: {text}"


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction; rolled back whole on any error, so a crash loses nothing committed."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")
