"""The status line: online or offline, refresh progress, last refresh, unread total."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.content import Content
from textual.widgets import Static

from tui_reader.ui.render import age


@dataclass(frozen=True)
class Status:
    """What the status line shows: network, progress, last refresh, unread."""

    online: bool | None = None  # None: not tried yet
    progress: tuple[int, int] | None = None
    last_refresh: float | None = None
    unread: int | None = None  # None: not counted yet (the first frame)
    note: str = ""
    readable: int | None = None  # stories readable in full offline, shown while offline
    activity: str = "refreshing"  # what the progress counts


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.status = Status()
        self.now = 0.0

    def set(self, now: float, **changes: object) -> None:
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self.now = now
        self.update(self.render_status())

    def render_status(self) -> Content:
        s = self.status
        parts: list[Content | str | tuple[str, str]] = []
        if s.online is False:
            parts.append(("○ offline", "bold $warning"))
            if s.readable is not None:
                parts.append((f" · {s.readable} readable in full", "$warning"))
        elif s.online:
            parts.append(("● online", "$success"))
        else:
            parts.append(("● cache", "$text-muted"))
        if s.progress:
            done, total = s.progress
            parts += ["  ", (f"{s.activity} {done}/{total}", "bold $accent")]
        if s.last_refresh:
            ago = age(s.last_refresh, self.now)
            text = "refreshed just now" if ago in ("", "0m") else f"refreshed {ago} ago"
            parts += ["  ", (text, "$text-muted")]
        if s.unread is not None:
            parts += ["  ", (f"{s.unread} unread", "bold")]
        if s.note:
            parts += ["  ", (s.note, "italic $text-muted")]
        return Content.assemble(*parts)
