"""`tui-reader extract`: the full-text pipeline on one page, or on a stream of pages.

One page comes from a file, standard input or an http(s) URL (fetched with the reader's own
bounded client) and is printed as readable text or, with --json, as one object. With --jsonl the
command serves a batch: one `{"id", "url", "html"}` line in, one result line out, flushed at
once, so a harness can keep a single process running; a broken line gets an error line back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO, Any

from tui_reader.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


class PageError(Exception):
    """The page could not be read or fetched, or is not a web page."""


def cmd_extract(args: argparse.Namespace) -> int:
    if args.jsonl:
        serve_jsonl(sys.stdin, sys.stdout)
        return EXIT_OK
    if not args.source:
        print("tui-reader: extract needs a FILE, - or a URL (or --jsonl)", file=sys.stderr)
        return EXIT_USAGE
    try:
        html, url = read_source(args.source, args.url)
    except PageError as error:
        print(f"tui-reader: {error}", file=sys.stderr)
        return EXIT_FAILED
    from tui_reader.core.extract import extract

    result = extract(html, url)
    if args.json:
        print(json.dumps(as_json(result), ensure_ascii=False))
    else:
        print(as_text(result))
    return EXIT_OK


def read_source(source: str, url: str | None) -> tuple[str, str]:
    """(HTML, page URL) from a URL, "-" (standard input) or a file; `PageError` otherwise."""
    from tui_reader.core.extract import decode_page

    if source.lower().startswith(("http://", "https://")):
        return fetch(source)
    try:
        body = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise PageError(f"cannot read {source}: {error.strerror or error}") from None
    if _binary(body):
        raise PageError(f"{source}: not HTML (binary data)")
    return decode_page(body), url or ""


def fetch(url: str) -> tuple[str, str]:
    import asyncio

    from tui_reader.core.extract import decode_page
    from tui_reader.core.net import Fetcher, FetchError, Limits

    async def get() -> Any:
        async with Fetcher(Limits(max_bytes=5 * 1024 * 1024)) as fetcher:
            return await fetcher.get(url, accept=PAGE_ACCEPT)

    try:
        response = asyncio.run(get())
    except FetchError as error:
        raise PageError(f"cannot fetch {url}: {error}") from None
    kind = response.content_type.split(";")[0].strip().lower()
    if (kind and "html" not in kind and kind != "text/plain") or _binary(response.body):
        raise PageError(f"{url}: not HTML ({kind or 'binary data'})")
    return decode_page(response.body, response.content_type), response.url


def _binary(body: bytes) -> bool:
    """NUL bytes near the start mean an image, a PDF or an archive, not a web page."""
    head = body[:4096]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def serve_jsonl(stdin: IO[str], stdout: IO[str]) -> None:
    """Answer each `{"id", "url", "html"}` line with one result line; never stop on a bad one."""
    from tui_reader.core.extract import extract

    for line in stdin:
        if not line.strip():
            continue
        ident = None
        try:
            request = json.loads(line)
            ident = request.get("id") if isinstance(request, dict) else None
            if not isinstance(request, dict) or not isinstance(request.get("html"), str):
                raise ValueError('expected an object with an "html" string')
            out = as_json(extract(request["html"], request.get("url") or ""))
        except Exception as error:  # one broken request must not end the batch
            out = {"text": "", "error": f"{type(error).__name__}: {error}"[:300]}
        out["id"] = ident
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()


def as_json(result: Any) -> dict:
    first = result.authors[0] if result.authors else None
    return {
        "title": result.title,
        "author": result.byline,
        "authors": [
            {"name": a.name, "role": a.role, "bio": a.bio, "url": a.url, "image": a.image}
            for a in result.authors
        ],
        "author_bio": first.bio if first else "",
        "author_url": first.url if first else "",
        "published": _iso(result.published),
        "site": result.site,
        "text": result.text,
        "html": result.html,
        "images": result.images,
        "word_count": result.word_count,
        "status": result.status,
        "reason": result.reason,
        "ms": round(result.ms, 2),
    }


def as_text(result: Any) -> str:
    head = [result.title, f"by {result.byline}" if result.byline else ""]
    if result.status != "full":
        head.append(f"[{result.status}: {result.reason}]")
    head = [line for line in head if line]
    return "\n".join(head) + ("\n\n" if head else "") + result.text


def _iso(when: float | None) -> str | None:
    if when is None:
        return None
    try:
        return dt.datetime.fromtimestamp(when, dt.UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None
