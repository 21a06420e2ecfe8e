"""Opening a story's link in a browser, safely: http(s) only, never through a shell, and only a
graphical browser (a text browser started from inside the reader would fight it for the terminal).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from urllib.parse import urlsplit


def safe_url(url: str) -> str | None:
    """The URL if it may be opened: http(s), a host, no leading dash, no spaces or controls."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or url.startswith("-"):
        return None
    if any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return None
    return url


def browser_command(configured: str | None = None) -> list[str] | None:
    """The command to run, or None when this session has no browser (e.g. plain SSH)."""
    if configured:
        return configured.split()
    if os.environ.get("BROWSER"):
        return os.environ["BROWSER"].split(":")[0].split()
    if sys.platform == "darwin":
        return ["open"]
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    for name in ("xdg-open", "gio", "sensible-browser"):
        path = shutil.which(name)
        if path:
            return [path, "open"] if name == "gio" else [path]
    return None


def open_in_browser(url: str, configured: str | None = None) -> bool:
    """Start the browser detached; False when none can be started (the caller shows the URL)."""
    url = safe_url(url) or ""
    command = browser_command(configured)
    if not url or not command:
        return False
    try:
        subprocess.Popen(
            [*command, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True
