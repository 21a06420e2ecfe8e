"""What "safe" means, written once for the corpus, the pty test and the fuzz tests.

Deliberately independent of `tui_reader.core.clean`: the tests say what must never reach a
terminal, the code decides how to get there.
"""

from __future__ import annotations

import base64
import re
import sqlite3

# C0 controls except tab and newline, DEL, C1 controls, and the bidi controls and marks.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CLIPBOARD = base64.b64encode(b"tui-reader clipboard write").decode()  # OSC 52 payload
C1_CLIPBOARD = base64.b64encode(b"8-bit clipboard write").decode()  # the same through C1 bytes
OSC8_HOST = "osc8-target.invalid"
WINDOW_TITLE = "OWNED-WINDOW-TITLE"
DCS_MARK = "DCS-PAYLOAD-MARK"

# Every kind of sequence the issue names, 7-bit and 8-bit, plus bidi controls.
ESCAPES = (
    f"\x1b]52;c;{CLIPBOARD}\x07"  # OSC 52: write the clipboard
    f"\x1b]8;;http://{OSC8_HOST}/x\x1b\\here\x1b]8;;\x1b\\"  # OSC 8: a hyperlink
    "\x1b[2J\x1b[3J\x1b[H"  # CSI: clear the screen and the scrollback
    f"\x1bP1$r{DCS_MARK}\x1b\\"  # DCS string
    f"\x1b]0;{WINDOW_TITLE}\x07"  # OSC 0: window title
    "\x07\x08\x7f"  # BEL, BS, DEL
)
C1 = f"\x9b2J\x9d52;c;{C1_CLIPBOARD}\x9c\x90{DCS_MARK}\x9c\x85"
BIDI = "\u202egnp.exe\u202c \u2066x\u2069 \u200f\u200e\u061c"
PAYLOAD = f"Evil {ESCAPES}{C1}{BIDI} end"
# Text that must not survive anywhere: the parameters of the sequences above.
MARKERS = (CLIPBOARD, C1_CLIPBOARD, OSC8_HOST, WINDOW_TITLE, DCS_MARK)

MARKUP = (
    "[@click=app.quit]quit[/]",
    "Ship [/foo] now",
    "[/]",
    "[link=file:///etc/passwd]local[/link]",
    "[bold red on white]loud",
    "[b]unclosed $accent $text-muted",
    "\\[escaped\\] {braces} %s %(x)s",
    "[@click=app.bell]ding[/]",
)


def screenshot_markup(trap: str) -> str:
    """A headline that, read as markup, writes a screenshot where the feed says."""
    return f"[@click=app.screenshot('pwned.svg','{trap}')]shot[/]"


def forbidden(text: str) -> list[str]:
    """The forbidden characters in `text`, as code points, for readable failures."""
    return sorted({f"U+{ord(ch):04X}" for ch in FORBIDDEN.findall(text)})


def leaked_markers(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


def plant_legacy_rows(db: sqlite3.Connection) -> None:
    """Rows as an older version, which cleaned nothing, would have written them: raw payloads
    in every column. Only the cleaning at render stands between them and the terminal."""
    execute = db.execute
    feed_id = execute(
        "INSERT INTO feeds (url, title, added) VALUES (?, ?, 0)",
        ("http://127.0.0.1:1/legacy", f"Legacy feed {PAYLOAD}"),
    ).lastrowid
    execute("INSERT INTO feed_tags VALUES (?, ?)", (feed_id, f"legacy {PAYLOAD}"))
    for number in range(2):
        execute(
            "INSERT INTO stories (feed_id, guid, link, title, authors, published, summary, content, "
            "first_seen, sort_time, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            (
                feed_id,
                f"legacy-{number}",
                f"http://127.0.0.1:1/legacy/{number}{PAYLOAD}",
                f"Legacy story {number} {PAYLOAD}",
                f'["Legacy author {PAYLOAD}"]',
                1_795_600_000.0 + number,
                f"<p>{PAYLOAD}</p><p>&#27;]52;c;{CLIPBOARD}&#7; &#x9b;2J &#8238;</p>",
                f"<h2>{PAYLOAD}</h2><p><a href='/x'>{PAYLOAD}</a></p><pre>{PAYLOAD}</pre>",
                1_795_000_000.0,
                1_795_600_000.0 + number,
            ),
        )
