"""Helpers for Pilot and snapshot tests: a store with the sample edition and a fixed clock."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from tui_reader.core.sample import install_sample
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC).timestamp()


def utc() -> None:
    """Dates on screen use local time: pin it so snapshots match on every machine."""
    os.environ["TZ"] = "UTC"
    time.tzset()


def sample_store(folder: Path) -> Store:
    store = Store(folder / "reader.db")
    install_sample(store)
    return store


def sample_app(folder: Path, **kwargs: object) -> ReaderApp:
    utc()
    kwargs.setdefault("theme", "reader-dark")
    return ReaderApp(sample_store(folder), clock=lambda: NOW, sample=True, **kwargs)  # type: ignore[arg-type]
