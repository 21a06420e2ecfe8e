"""`python -m tests.hostile.guarded ARGS`: the tui-reader CLI (or, with no ARGS, the app) with
the network limited to loopback, as in tests/conftest.py. Subprocess tests start the real program
through this, so a hostile link can never make a test reach the internet.

`GUARD_MEMORY_MB` and `GUARD_FILE_KB` set resource limits, here in the child: a `preexec_fn`
is unsafe while the test process runs server threads."""

from __future__ import annotations

import ipaddress
import os
import resource
import socket
import sys

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _loopback(host: object) -> bool:
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"


def _getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    if not _loopback(host):
        raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {host}")
    return _real_getaddrinfo(host, *args, **kwargs)


def _connect(self: socket.socket, address: object) -> None:
    if (
        isinstance(address, tuple)
        and self.family in (socket.AF_INET, socket.AF_INET6)
        and not _loopback(address[0])
    ):
        raise ConnectionRefusedError(f"tests may not connect to {address[0]}")
    _real_connect(self, address)


def install() -> None:
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.getaddrinfo = _getaddrinfo


def apply_limits() -> None:
    """Caps from the environment: `GUARD_MEMORY_MB` on the address space, `GUARD_FILE_KB` on the
    size of any file written (a full disk, as SQLite sees it: Python ignores SIGXFSZ, so writes
    past the cap fail with EFBIG)."""
    for variable, limit, shift in (
        ("GUARD_MEMORY_MB", resource.RLIMIT_AS, 20),
        ("GUARD_FILE_KB", resource.RLIMIT_FSIZE, 10),
    ):
        size = int(os.environ.get(variable, "0")) << shift
        if size:
            try:
                resource.setrlimit(limit, (size, size))
            except (ValueError, OSError):  # e.g. RLIMIT_AS on macOS
                if variable == "GUARD_FILE_KB":
                    raise


def main() -> int:
    apply_limits()
    install()
    from tui_reader.cli import main as cli

    return cli(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
