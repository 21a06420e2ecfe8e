"""Pictures in the article pane: which are on disk, how this terminal can draw them, decoding a
stranger's file safely, and the widget that shows one.

Nothing here fetches: a picture that prefetch did not store stays an `[image: alt]` line. Pillow
(about 15 ms to import, with its format plugins) is loaded when a stored picture is about to be
shown, never for the first paint. Kitty graphics and Sixel need the terminal's answer to a query,
which can only be asked before Textual takes the terminal (`picture_probe`); without that answer
`auto` draws half blocks, which need no query at all. textual-image is imported only after such a
probe: its package asks the terminal at import time, which must not happen while Textual owns
stdin (importing even its half-cell renderable runs those queries, hence `HalfBlocks` here).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from textual.containers import ScrollableContainer
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from tui_reader.core.blocks import Block, Document
from tui_reader.core.paths import Paths
from tui_reader.ui.widgets import picture_probe
from tui_reader.ui.widgets.picture_probe import GRAPHICS, NOMINAL_CELL, picture_method

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from tui_reader.core.store import Store
    from tui_reader.core.store.images import StoredImage

MAX_PICTURES = 20  # inline pictures per article; later ones stay `[image: alt]` lines
MAX_PIXELS = 24_000_000  # a 6000x4000 photo; larger files are refused before decoding
FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "AVIF")  # what prefetch stores; never EPS & co.

# -- which pictures a story has on disk -------------------------------------------------------------


@dataclass(frozen=True)
class Pictures:
    """A story's downloaded pictures (URL -> cached file), its lead picture and how to draw them."""

    files: dict[str, Path] = field(default_factory=dict)
    lead: str = ""
    method: str = "halfcell"
    cell: tuple[int, int] = NOMINAL_CELL


def on_disk(images: list[StoredImage], cache_dir: Path, method: str) -> Pictures | None:
    """Only pictures stored with status ok whose file is there (inside the cache) count."""
    root = cache_dir.resolve()
    files: dict[str, Path] = {}
    lead = ""
    for image in images:
        if image.status != "ok" or not image.path or image.url in files:
            continue
        path = (root / image.path).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            continue
        files[image.url] = path
        lead = lead or (image.url if image.lead else "")
    if not files:
        return None
    probe = picture_probe.current()
    cell = probe.cell if probe is not None and method in GRAPHICS else NOMINAL_CELL
    return Pictures(files, lead, method, cell)


def story_pictures(store: Store, story_id: int, mode: str, home: str | None) -> Pictures | None:
    """What the article pane may show for a story: read from the store and the cache, never fetched."""
    method = picture_method(mode)
    if method == "off":
        return None
    return on_disk(store.story_images(story_id), Paths.resolve(home).cache_dir, method)


# -- the body as text runs and figures -------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A picture ready to draw: its block, its file, its size in pixels."""

    block: Block  # the image block: its alt text is the fallback line
    path: Path
    size: tuple[int, int]  # pixels, from the file's header


Piece = list[Block] | Figure


def plan(doc: Document, pictures: Pictures | None, limit: int = MAX_PICTURES) -> list[Piece]:
    """The body in reading order: runs of text blocks, split only at the pictures that will be
    shown (at most `limit`); the lead picture first when the body does not already hold it."""
    pieces: list[Piece] = [[]]
    if pictures is None:
        return [list(doc.blocks)]
    shown = 0
    in_body = {block.src for block in doc.blocks if block.kind == "image"}
    if pictures.lead and pictures.lead not in in_body:
        figure = _figure(Block("image", src=pictures.lead), pictures)
        if figure is not None:
            pieces = [figure, []]
            shown = 1
    for block in doc.blocks:
        figure = _figure(block, pictures) if block.kind == "image" and shown < limit else None
        if figure is None:
            run = pieces[-1]
            assert isinstance(run, list)
            run.append(block)
            continue
        pieces += [figure, []]
        shown += 1
    return [piece for piece in pieces if not isinstance(piece, list) or piece] or [[]]


def _figure(block: Block, pictures: Pictures) -> Figure | None:
    path = pictures.files.get(block.src)
    if path is None:
        return None
    size = measure(path)
    return Figure(block, path, size) if size else None


def _pillow() -> Any:
    """Pillow, with the decompression-bomb limit lowered and its warning made an error."""
    from PIL import Image

    if Image.MAX_IMAGE_PIXELS != MAX_PIXELS:
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        warnings.simplefilter("error", Image.DecompressionBombWarning)
    return Image


def measure(path: Path) -> tuple[int, int] | None:
    """Width and height from the file's header, or None for anything we will not decode."""
    try:
        with _pillow().open(path, formats=FORMATS) as image:
            width, height = image.size
    except Exception:
        return None
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        return None
    return width, height


def decode(path: Path, box: tuple[int, int]) -> PILImage:
    """The first frame, shrunk to fit `box`, as RGBA. Raises on anything odd: callers fall back
    to the `[image: alt]` line. JPEGs decode straight at a reduced scale (draft)."""
    image_module = _pillow()
    with image_module.open(path, formats=FORMATS) as image:
        width, height = image.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            raise ValueError(f"{width}x{height} pixels")
        image.draft("RGB", box)
        image.load()
        picture = image.convert("RGBA")
    picture.thumbnail(box)
    return picture


def cells(
    size: tuple[int, int], max_cols: int, max_rows: int, cell: tuple[int, int] = NOMINAL_CELL
) -> tuple[int, int]:
    """Columns and rows for a picture: its natural size, at most the text width and `max_rows`."""
    width, height = size
    cell_w, cell_h = cell
    cols = max(1, min(max_cols, math.ceil(width / cell_w)))
    rows = max(1, round(cols * cell_w * height / width / cell_h))
    if rows > max_rows:
        rows = max(1, max_rows)
        cols = max(1, min(cols, round(rows * cell_h * width / height / cell_w)))
    return cols, rows


def decode_box(method: str, max_cols: int, max_rows: int, cell: tuple[int, int]) -> tuple[int, int]:
    """The pixels worth decoding: half blocks need two a cell (with room to grow), graphics a
    cell's worth."""
    if method in GRAPHICS:
        return min(4_000, max_cols * cell[0]), min(4_000, max_rows * cell[1])
    return max_cols * 2, max_rows * 4


# -- drawing --------------------------------------------------------------------------------------


class HalfBlocks:
    """A picture as `▀` cells: the upper pixel is the foreground, the lower one the background."""

    def __init__(
        self, image: PILImage, cols: int, rows: int, background: tuple[int, int, int]
    ) -> None:
        self.image = image
        self.cols = cols
        self.rows = rows
        self.background = background

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.cols, self.cols)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        image_module = _pillow()
        scaled = self.image.resize((self.cols, self.rows * 2), image_module.Resampling.BILINEAR)
        flat = image_module.new("RGBA", scaled.size, (*self.background, 255))
        data = image_module.alpha_composite(flat, scaled).convert("RGB").tobytes()
        stride = self.cols * 3
        for row in range(self.rows):
            top = row * 2 * stride
            for x in range(0, stride, 3):
                upper = data[top + x : top + x + 3]
                lower = data[top + stride + x : top + stride + x + 3]
                yield Segment(
                    "▀",
                    Style(color=Color.from_rgb(*upper), bgcolor=Color.from_rgb(*lower)),
                )
            yield Segment.line()


class PictureDecoded(Message, bubble=False):
    """A worker finished decoding the picture at `index` of the body (None: it failed)."""

    def __init__(self, generation: int, index: int, image: PILImage | None) -> None:
        super().__init__()
        self.generation = generation
        self.index = index
        self.image = image


class Picture(Widget):
    """One picture, sized from its header before it is decoded so the layout never jumps; once
    decoded it is drawn in half blocks (or by textual-image for Kitty and Sixel). A file that
    will not decode shows the `[image: alt]` line instead."""

    DEFAULT_CSS = """
    Picture { width: auto; height: auto; margin: 1 0; }
    Picture.-first { margin: 0 0 1 0; }  /* margin-top alone would reset the rest */
    Picture > .graphics { width: 100%; height: 100%; }
    """

    def __init__(
        self, figure: Figure, method: str, cell: tuple[int, int], fallback: RenderableType
    ):
        super().__init__()
        self.figure = figure
        self.method = method
        self.cell = cell if method in GRAPHICS else NOMINAL_CELL
        self.fallback = fallback
        self.image: PILImage | None = None
        self.failed = False

    def set_image(self, image: PILImage | None) -> None:
        """The decoded picture, or None to fall back to the alt line."""
        if image is None:
            self.failed = True
        elif self.method in GRAPHICS:
            self._mount_graphics(image)
        self.image = image
        self.refresh(layout=True)

    def _mount_graphics(self, image: PILImage) -> None:
        from textual_image.widget import SixelImage, TGPImage

        kind = TGPImage if self.method == "kitty" else SixelImage
        self.mount(kind(image, classes="graphics"))

    def _max_rows(self, viewport: Size) -> int:
        pane = next((n for n in self.ancestors if isinstance(n, ScrollableContainer)), None)
        height = pane.scrollable_content_region.height if pane is not None else 0
        return max(3, (height or viewport.height) // 2)

    def grid(self, max_cols: int, viewport: Size) -> tuple[int, int]:
        return cells(self.figure.size, max(1, max_cols), self._max_rows(viewport), self.cell)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.failed:
            return container.width
        return self.grid(container.width, viewport)[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.failed:
            return super().get_content_height(container, viewport, width)
        return self.grid(container.width, viewport)[1]

    def render(self) -> RenderableType:
        if self.failed:
            return self.fallback
        if self.image is None or self.method in GRAPHICS or not self.size.area:
            return ""
        background = self.background_colors[1]
        rgb = (background.r, background.g, background.b)
        return HalfBlocks(self.image, self.size.width, self.size.height, rgb)
