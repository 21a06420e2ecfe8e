"""A real HTTP server on 127.0.0.1 for tests and benchmarks: routes, ETags, gzip, slow and failing."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Fri, 20 Nov 2026 12:00:00 GMT"


@dataclass
class Route:
    body: bytes | Callable[[], bytes] = b""
    content_type: str = "application/xml"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True  # ETag and Last-Modified, answering 304 when they match
    gzip: bool = False
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between body bytes (a slow server)

    def payload(self) -> bytes:
        return self.body() if callable(self.body) else self.body

    def encoded(self, body: bytes) -> tuple[str, bytes]:
        """The body's ETag and gzipped form, worked out once per body, the way a static file
        server keeps them: the benchmarks share two cores with these servers, and compressing
        every answer again would take a core's worth of time from the reader being measured."""
        cached = self._encoded
        if cached is None or cached[0] is not body:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            cached = self._encoded = (body, etag, gzip.compress(body) if self.gzip else b"")
        return cached[1], cached[2]

    _encoded: tuple[bytes, str, bytes] | None = field(default=None, repr=False, compare=False)


class LoopbackServer:
    def __init__(self, latency: float = 0.0, port: int = 0, host: str = "127.0.0.1") -> None:
        """`host`: any loopback address (127.0.0.0/8), so benchmarks can stand for several sites."""
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.latency = latency
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._serve(self)

        ThreadingHTTPServer.request_queue_size = 128  # socketserver's 5 stalls bursts for 1 s
        self.host = host
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route | bytes, content_type: str = "application/xml") -> str:
        self.routes[path] = route if isinstance(route, Route) else Route(route, content_type)
        return self.url(path)

    def start(self) -> LoopbackServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        path = req.path
        with self._lock:
            self.hits[path] += 1
            self.requests.append((path, {k.lower(): v for k, v in req.headers.items()}))
        route = self.routes.get(path)
        if self.latency:
            time.sleep(self.latency)
        if route is None:
            self._send(req, 404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.delay:
            time.sleep(route.delay)
        body = route.payload()
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.conditional and route.status == 200:
            etag = route.encoded(body)[0]
            headers["ETag"] = etag
            headers["Last-Modified"] = LAST_MODIFIED
            if req.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in req.headers
                and req.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self._send(req, 304, {"ETag": etag}, b"")
                return
        if route.gzip and "gzip" in req.headers.get("Accept-Encoding", ""):
            body = route.encoded(body)[1]
            headers["Content-Encoding"] = "gzip"
        self._send(req, route.status, headers, body, route.drip)

    def _send(
        self,
        req: BaseHTTPRequestHandler,
        status: int,
        headers: dict[str, str],
        body: bytes,
        drip: float = 0.0,
    ) -> None:
        try:
            req.send_response(status)
            for key, value in headers.items():
                req.send_header(key, value)
            if "Content-Length" not in headers:
                req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            if drip:
                for i in range(len(body)):
                    req.wfile.write(body[i : i + 1])
                    req.wfile.flush()
                    time.sleep(drip)
            else:
                req.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
