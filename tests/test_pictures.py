"""Pictures, the parts without the app: how many cells a picture takes, where the text is split
around the pictures on disk, and a stranger's file refused or failing loudly, never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pages import bomb_png, png
from tui_reader.core.blocks import Block, Document, Span
from tui_reader.ui.widgets import pictures
from tui_reader.ui.widgets.pictures import (
    Pictures,
    cells,
    decode,
    measure,
    plan,
)

WIDE = (120, 40)


# -- the pure parts ---------------------------------------------------------------------------------


def test_cells_fit_the_text_width_and_half_the_pane() -> None:
    assert cells((200, 100), 80, 20) == (20, 5)  # natural size at 10x20 pixels a cell
    assert cells((4000, 1000), 80, 20) == (80, 10)  # no wider than the text
    assert cells((1000, 4000), 80, 20) == (10, 20)  # no taller than the cap, aspect kept
    assert cells((3, 2), 80, 20) == (1, 1)
    assert cells((720, 360), 100, 30, cell=(9, 18)) == (80, 20)  # the terminal's own cell size


def test_plan_splits_only_at_pictures_on_disk(tmp_path: Path) -> None:
    files = {}
    for name in ("a", "b", "lead"):
        path = tmp_path / f"{name}.png"
        path.write_bytes(png(40, 20))
        files[f"https://e.org/{name}.png"] = path
    doc = Document(
        [
            Block("paragraph", [Span("one")]),
            Block("image", src="https://e.org/a.png", alt="A"),
            Block("caption", [Span("caption")]),
            Block("image", src="https://e.org/missing.png", alt="gone"),
            Block("image", src="https://e.org/b.png", alt="B"),
            Block("paragraph", [Span("two")]),
        ]
    )
    pieces = plan(doc, Pictures(files, lead="https://e.org/lead.png"))
    kinds = [p.block.alt if isinstance(p, pictures.Figure) else [b.kind for b in p] for p in pieces]
    assert kinds == ["", ["paragraph"], "A", ["caption", "image"], "B", ["paragraph"]]
    assert plan(doc, None) == [doc.blocks]
    capped = plan(doc, Pictures(files, lead="https://e.org/lead.png"), limit=1)
    assert sum(isinstance(p, pictures.Figure) for p in capped) == 1
    in_body = plan(doc, Pictures(files, lead="https://e.org/a.png"))
    assert [p.block.alt for p in in_body if isinstance(p, pictures.Figure)] == ["A", "B"]


def test_hostile_files_are_refused_or_fail_loudly(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(bomb_png(60_000, 60_000))
    assert measure(bomb) is None  # 3.6 gigapixels: refused from the header, nothing decoded
    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(300))
    assert measure(garbage) is None
    eps = tmp_path / "x.png"
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    assert measure(eps) is None  # only the raster formats prefetch stores are opened
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(png(300, 200)[:60])
    assert measure(truncated) == (300, 200)  # the header is fine...
    with pytest.raises((OSError, SyntaxError, ValueError)):
        decode(truncated, (100, 100))  # ...the pixels are not
    good = tmp_path / "good.png"
    good.write_bytes(png(300, 200))
    image = decode(good, (60, 60))
    assert image.size == (60, 40) and image.mode == "RGBA"


def test_first_paint_imports_no_pillow(tmp_path: Path) -> None:
    probe = f"""
import asyncio, sys
from tui_reader.core.sample import install_sample
from tui_reader.core.store import Store
from tui_reader.ui.app import ReaderApp

async def main():
    store = Store({str(tmp_path / "r.db")!r})
    install_sample(store)
    app = ReaderApp(store, sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.article.story is not None
        print(" ".join(m for m in sys.modules if m.split(".")[0] in ("PIL", "textual_image")))

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""  # a story with no stored picture loads no image code
