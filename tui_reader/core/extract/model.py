"""What the extraction pipeline hands back: the article, its people, and why it is what it is.

Plain dataclasses so a result crosses a process boundary (the reader extracts in a child process)
and can be stored or printed without the parsing stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AuthorInfo:
    """One person credited for the article; every field already cleaned of control characters."""

    name: str
    role: str = ""
    bio: str = ""
    url: str = ""
    image: str = ""


@dataclass
class Extraction:
    """The readable article of one page.

    `status` says where the text came from: "full" (the page), "feed" (the feed's own text was
    better, or the page gave nothing) or "empty"; `reason` says why in a few words when not "full".
    """

    title: str = ""
    authors: list[AuthorInfo] = field(default_factory=list)
    published: float | None = None
    site: str = ""
    html: str = ""
    text: str = ""
    images: list[dict] = field(default_factory=list)
    word_count: int = 0
    status: str = "empty"
    reason: str = ""
    ms: float = 0.0

    @property
    def byline(self) -> str:
        """The authors' names as a reader says them: "A", "A and B", "A, B and C"."""
        return join_names([a.name for a in self.authors if a.name])


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]
