"""`tui-reader serve`: over loopback, the page loads and a websocket session starts the reader."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tui_reader.core.paths import Paths
from tui_reader.core.sample import install_sample
from tui_reader.core.store import Store

pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.timeout(90)
async def test_serve_loads_the_page_and_starts_a_session(tmp_path: Path) -> None:
    import aiohttp

    home = tmp_path / "home"
    paths = Paths.under(home).ensure()
    paths.config_file.write_text("auto_refresh_minutes = 0\n")
    with Store(paths.database) as store:
        install_sample(store)
    port = free_port()
    env = {**os.environ, "TUI_READER_HOME": str(home)}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "--home", str(home), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = None
        deadline = time.monotonic() + 30
        async with httpx.AsyncClient() as client:
            while time.monotonic() < deadline:
                try:
                    page = await client.get(f"http://127.0.0.1:{port}/")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
        assert page is not None and page.status_code == 200 and "tui-reader" in page.text
        received = b""
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30") as ws,
        ):
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and b"Harbour" not in received:
                try:
                    message = await ws.receive(timeout=5)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
        assert b"Harbour" in received  # the sample edition's feed list reached the browser
    finally:
        server.terminate()
        server.wait(10)
