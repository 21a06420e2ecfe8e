from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import LoopbackServer
from tui_reader.core.paths import Paths
from tui_reader.core.store import Store

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _loopback_names_only(host, *args, **kwargs):
    """No DNS lookups leave the machine either: only loopback names resolve."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        loopback = ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = name == "localhost"
    if not loopback:
        raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {name}")
    return _real_getaddrinfo(host, *args, **kwargs)


def _loopback_only(self: socket.socket, address: object) -> None:
    """Tests reach 127.0.0.1 and nothing else; a stray request fails loudly, never leaves."""
    if isinstance(address, tuple) and self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise ConnectionRefusedError(f"tests may not connect to {host}")
    _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_names_only)
    monkeypatch.setenv("TUI_READER_HOME", str(tmp_path / "home"))
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    st = Store(Paths.under(home).database)
    yield st
    st.close()
