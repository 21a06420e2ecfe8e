"""The one HTTP client: every byte from the network comes through `Fetcher.get`.

httpx alone bounds neither decompression (a gzip bomb exhausts memory) nor a request's total
time (a server sending a byte a second hangs it forever), and it follows redirects to any scheme.
So: bodies are read raw and decompressed here with a cap on *decoded* bytes; each request runs
under one deadline; redirects are followed by hand, at most five, http(s) only.

Connections are not kept alive: a server whose Content-Length is shorter than its body leaves the
rest in the connection's buffer, and httpcore would read it as the answer to the next request on
that connection (a forged response). A refresh asks each host for one or two documents, so
reuse saves little.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import socket
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from tui_reader import __version__

if TYPE_CHECKING:
    from tui_reader.core.config import Settings

USER_AGENT = f"tui-reader/{__version__} (+https://pypi.org/project/tui-reader/)"
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Limits:
    """Bounds for every fetch. The defaults are justified in benchmarks/RESULTS.md."""

    max_bytes: int = 8 * 1024 * 1024
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0
    max_redirects: int = 5
    concurrency: int = 48
    per_host: int = 4
    min_retry_after: float = 60.0
    max_retry_after: float = 6 * 3600.0

    @classmethod
    def from_settings(cls, settings: Settings, *, page: bool = False) -> Limits:
        """Limits from `config.toml`: feeds and story pages have their own size caps."""
        megabytes = settings.max_page_mb if page else settings.max_feed_mb
        return cls(
            max_bytes=int(megabytes * 1024 * 1024),
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            total_timeout=settings.total_timeout,
            concurrency=settings.concurrency,
            per_host=settings.per_host,
        )


@dataclass
class Response:
    url: str
    status: int
    body: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    permanent_redirect: str | None = None


@dataclass
class FetchError(Exception):
    """A failed fetch, with what the user should read and what the caller should do next."""

    reason: str
    status: int | None = None
    retry_after: float | None = None
    network_down: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.reason


class Fetcher:
    def __init__(self, limits: Limits | None = None, *, user_agent: str = USER_AGENT) -> None:
        self.limits = limits or Limits()
        lim = self.limits
        self.client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(lim.read_timeout, connect=lim.connect_timeout),
            limits=httpx.Limits(max_connections=lim.concurrency, max_keepalive_connections=0),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._global = asyncio.Semaphore(lim.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
    ) -> Response:
        """GET within every limit; raise `FetchError` for anything but a usable answer."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).hostname or ""
        gate = self._hosts.setdefault(host, asyncio.Semaphore(self.limits.per_host))
        async with self._global, gate:
            try:
                async with asyncio.timeout(self.limits.total_timeout):
                    return await self._follow(url, headers)
            except TimeoutError:
                raise FetchError(f"timed out after {self.limits.total_timeout:g} s") from None
            except httpx.ConnectError as error:
                raise FetchError(_connect_reason(error), network_down=True) from None
            except httpx.TimeoutException as error:
                raise FetchError(f"timed out ({type(error).__name__})") from None
            except httpx.HTTPError as error:
                raise FetchError(f"network error: {type(error).__name__}: {error}") from None
            except httpx.InvalidURL:  # httpx builds the next request even when not following
                raise FetchError(
                    "refused a redirect to an invalid or non-http(s) address"
                ) from None

    async def _follow(self, url: str, headers: dict[str, str]) -> Response:
        all_permanent = True
        for hop in range(self.limits.max_redirects + 1):
            _check_scheme(url)
            request = self.client.build_request("GET", url, headers=headers)
            response = await self.client.send(request, stream=True)
            try:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    all_permanent = all_permanent and response.status_code in (301, 308)
                    url = urljoin(url, response.headers["location"])
                    continue
                moved = url if hop and all_permanent else None
                return await self._finish(url, response, moved)
            finally:
                await response.aclose()
        raise FetchError(f"too many redirects (more than {self.limits.max_redirects})")

    async def _finish(self, url: str, response: httpx.Response, permanent: str | None) -> Response:
        status = response.status_code
        out = Response(
            url=url,
            status=status,
            body=b"",
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            permanent_redirect=permanent,
        )
        if status == 304:
            return out
        if status in (429, 503):
            raise FetchError(
                f"HTTP {status} {response.reason_phrase}: server asks to retry later",
                status=status,
                retry_after=self._retry_after(response.headers.get("retry-after")),
            )
        if status >= 400:
            raise FetchError(f"HTTP {status} {response.reason_phrase}".strip(), status=status)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limits.max_bytes:
            raise FetchError(self._too_large(int(declared)), status=status)
        decoder = _Decoder(response.headers.get("content-encoding", ""), self.limits.max_bytes)
        async for chunk in response.aiter_raw():
            decoder.feed(chunk)
        out.body = decoder.finish()
        return out

    def _retry_after(self, value: str | None) -> float:
        lim = self.limits
        delay = lim.min_retry_after
        if value:
            value = value.strip()
            if value.isdigit():
                delay = float(value)
            else:
                with contextlib.suppress(TypeError, ValueError, IndexError):
                    delay = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        return time.time() + min(max(delay, lim.min_retry_after), lim.max_retry_after)

    def _too_large(self, size: int) -> str:
        return f"too large: over the {self.limits.max_bytes // 1024} KiB cap ({size // 1024} KiB)"


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"refused a non-http(s) address ({scheme or 'no'} scheme)")


def _connect_reason(error: BaseException) -> str:
    """Name the cause the way a user thinks of it; httpx's own text is often generic."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return "host not found (DNS lookup failed)"
        if isinstance(seen, OSError) and seen.errno is not None:
            if seen.errno == errno.ECONNREFUSED:
                return "connection refused"
            if seen.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
                return "network unreachable"
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    if "Name or service not known" in text or "nodename" in text:
        return "host not found (DNS lookup failed)"
    return f"cannot connect: {text or type(error).__name__}"


class _Decoder:
    """Undo one content-coding while counting decoded bytes against the cap."""

    def __init__(self, coding: str, cap: int) -> None:
        codings = [
            c.strip().lower() for c in coding.split(",") if c.strip() and c.strip() != "identity"
        ]
        if len(codings) > 1:
            raise FetchError(f"refused stacked content-codings ({coding})")
        self.coding = codings[0] if codings else ""
        if self.coding not in ("", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported content-coding {self.coding!r}")
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0
        self.zlib: zlib._Decompress | None = None
        self.raw_deflate = False
        if self.coding:
            self.zlib = zlib.decompressobj(47 if "gzip" in self.coding else 15)

    def feed(self, chunk: bytes) -> None:
        if self.zlib is None:
            self._keep(chunk)
            return
        try:
            data = self.zlib.decompress(chunk, self.cap - self.size + 1)
            self._keep(data)
            while self.zlib.unconsumed_tail:
                self._keep(
                    self.zlib.decompress(self.zlib.unconsumed_tail, self.cap - self.size + 1)
                )
        except zlib.error as error:
            if self.coding == "deflate" and not self.raw_deflate and self.size == 0:
                self.raw_deflate = True  # servers that send raw deflate without the zlib wrapper
                self.zlib = zlib.decompressobj(-15)
                self.feed(chunk)
                return
            raise FetchError(f"corrupt {self.coding} body: {error}") from None

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise FetchError(f"too large: over the {self.cap // 1024} KiB cap")
        if data:
            self.parts.append(data)

    def finish(self) -> bytes:
        if self.zlib is not None:
            self._keep(self.zlib.flush())
        return b"".join(self.parts)
