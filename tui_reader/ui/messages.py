"""Messages workers post to the screen; handlers re-read the store, workers never touch widgets."""

from __future__ import annotations

from textual.message import Message


class RefreshProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


class RefreshDone(Message):
    def __init__(self, fetched: int, failed: int, new: int, offline: bool, error: str = "") -> None:
        super().__init__()
        self.fetched = fetched
        self.failed = failed
        self.new = new
        self.offline = offline
        self.error = error


class FullTextReady(Message):
    """A story's page was fetched and extracted (or why not is stored)."""

    def __init__(self, story_id: int, status: str, reason: str) -> None:
        super().__init__()
        self.story_id = story_id
        self.status = status
        self.reason = reason


class PrefetchProgress(Message):
    def __init__(self, phase: str, done: int, total: int) -> None:
        super().__init__()
        self.phase = phase
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PrefetchProgress)


class PrefetchDone(Message):
    def __init__(self, summary: dict[str, object]) -> None:
        super().__init__()
        self.summary = summary


class NetworkBack(Message):
    """A probe reached the network again after it had been down."""
