"""Story pages and pictures for full-text, prefetch and offline tests (written for this project)."""

from __future__ import annotations

import random
import struct
import zlib
from xml.sax.saxutils import escape

from tests.support import feedgen


def png(width: int = 4, height: int = 3, shade: int = 0, *, noise: int | None = None) -> bytes:
    """A real PNG: tiny by default; with `noise` (a seed), random pixels that do not compress
    away, so cache budgets have something to count."""
    rng = random.Random(noise)
    if noise is None:
        row = bytes((x * 40 + shade) % 256 for x in range(width * 3))
        raw = b"".join(b"\x00" + row for _ in range(height))
    else:
        raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    return _png_file(width, height, zlib.compress(raw))


def bomb_png(width: int, height: int) -> bytes:
    """A PNG header claiming a huge picture, with almost no data behind it."""
    return _png_file(width, height, zlib.compress(b"\x00" * 1024))


def _png_file(width: int, height: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def article_page(item: feedgen.Item, *, image: str | None = None, paragraphs: int = 12) -> bytes:
    """A news page with navigation, a byline, an article with a figure, and a footer."""
    byline = " and ".join(name for name, _ in item.authors)
    body = "".join(
        f"<p>{escape(item.title)} — paragraph {i}: {feedgen.sentence(random.Random(i), 45)}</p>"
        for i in range(paragraphs)
    )
    figure = (
        f'<figure><img src="{image}" alt="A picture for {escape(item.title)}"><figcaption>Caption</figcaption></figure>'
        if image
        else ""
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(item.title)}</title><meta name='author' content='{escape(byline)}'></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/tech'>Tech</a></nav></header>"
        f"<main><article><h1>{escape(item.title)}</h1><p class='byline'>By {escape(byline)}</p>"
        f"{figure}{body}</article></main>"
        "<footer><p>Copyright the Generated Gazette</p></footer></body></html>"
    ).encode()
