"""How the sample edition looks at 120x40 and 80x24 (pytest-textual-snapshot).

After an intended change of looks: `pytest tests/test_snapshots.py --snapshot-update`, then read
the report before committing the new SVGs.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui_support import sample_app


def test_wide_sample_edition_with_an_open_story(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(sample_app(tmp_path), terminal_size=(120, 40), press=["j", "j", "enter"])


def test_wide_sample_edition_at_start(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(sample_app(tmp_path), terminal_size=(120, 40))


def test_narrow_feed_list(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(sample_app(tmp_path), terminal_size=(80, 24))


def test_narrow_article(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(sample_app(tmp_path), terminal_size=(80, 24), press=["enter", "j", "enter"])
