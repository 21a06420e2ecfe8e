"""HTML to the block structure the article pane renders: headings, paragraphs, lists, quotes,
code, figures and images, with links collected and numbered.

Feeds' content and (later) extracted pages both come through here, so the article pane has one
input shape whatever the source. Text is cleaned of control characters as it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from tui_reader.core.clean import clean_line, clean_text

_WS = re.compile(r"[ \t\r\n\f\v]+")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "svg",
    "object",
    "embed",
    "head",
    "nav",
    "input",
    "select",
    "textarea",
}
BLOCKISH = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "table",
    "tr",
    "dl",
    "dd",
    "dt",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "hr",
    *HEADINGS,
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "img",
    "br",
}


@dataclass(frozen=True)
class Span:
    """A run of inline text; `link` is the 1-based number of its link, 0 for none."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: int = 0


@dataclass
class Block:
    """One block of an article: a paragraph, heading, quote, code, list item or picture."""

    kind: str  # paragraph | heading | quote | code | item | image | caption | rule
    spans: list[Span] = field(default_factory=list)
    level: int = 0  # heading level, or list depth for items
    marker: str = ""  # "•" or "3." for list items
    src: str = ""  # image URL
    alt: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Document:
    """An article as the pane renders it: its blocks, and every link for `l`."""

    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        words = 0
        for block in self.blocks:
            text = block.text
            words += len(text.split())
            # Chinese and Japanese have no spaces: count their characters as words, roughly.
            words += sum(1 for ch in text if "\u3040" <= ch <= "\u9fff") // 2
        return words

    @property
    def plain(self) -> str:
        return "\n\n".join(
            b.text if b.kind != "image" else f"[image: {b.alt}]" for b in self.blocks
        )


def html_to_document(markup: str, base_url: str = "") -> Document:
    """Parse HTML (or plain text) into blocks. Never raises; junk in, something readable out."""
    markup = clean_text(markup)
    if not markup.strip():
        return Document()
    if "<" not in markup:
        return _plain(markup)
    from lxml import html

    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except Exception:
        return _plain(re.sub(r"<[^>]*>", " ", markup))
    builder = _Builder(base_url)
    builder.walk(root)
    builder.flush()
    return Document(builder.blocks, builder.links)


def _plain(text: str) -> Document:
    blocks = [
        Block("paragraph", [Span(clean_line(p, 100_000))]) for p in re.split(r"\n\s*\n", text)
    ]
    return Document([b for b in blocks if b.spans[0].text])


class _Builder:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.links: list[str] = []
        self._numbers: dict[str, int] = {}
        self.spans: list[Span] = []
        self.kind = "paragraph"
        self.level = 0
        self.marker = ""
        self.lists: list[list[int | str]] = []  # [kind, counter] per open list
        self.quote = 0

    def flush(self) -> None:
        spans = _tidy(self.spans)
        if spans:
            kind = "quote" if self.quote and self.kind == "paragraph" else self.kind
            self.blocks.append(Block(kind, spans, self.level, self.marker))
        self.spans = []
        self.kind, self.level, self.marker = "paragraph", 0, ""

    def link_number(self, href: str) -> int:
        url = clean_line(urljoin(self.base_url, href.strip()), 2_000)
        if not url.lower().startswith(("http://", "https://")):
            return 0  # javascript:, data:, file: and the like stay inert text
        number = self._numbers.get(url)
        if number is None:  # a dict, not list lookups: 10,000 links must not be quadratic
            self.links.append(url)
            number = self._numbers[url] = len(self.links)
        return number

    def walk(
        self, el, bold: bool = False, italic: bool = False, code: bool = False, link: int = 0
    ) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in SKIP:
            self._tail(el, bold, italic, code, link)
            return
        if tag in HEADINGS:
            self.flush()
            self.kind, self.level = "heading", HEADINGS[tag]
        elif tag == "pre":
            self.flush()
            text = el.text_content()
            if text.strip():
                self.blocks.append(Block("code", [Span(clean_text(text.strip("\n")), code=True)]))
            self._tail(el, bold, italic, code, link)
            return
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append(
                [
                    tag,
                    int(el.get("start", "1") or 1)
                    if tag == "ol" and (el.get("start") or "").isdigit()
                    else 1,
                ]
            )
        elif tag == "li":
            self.flush()
            if self.lists:
                kind, counter = self.lists[-1]
                self.marker = f"{counter}." if kind == "ol" else "•"
                self.lists[-1][1] = int(counter) + 1
            else:
                self.marker = "•"
            self.kind, self.level = "item", max(len(self.lists), 1)
        elif tag == "blockquote":
            self.flush()
            self.quote += 1
        elif tag == "img":
            self.flush()
            src = el.get("src") or el.get("data-src") or ""
            url = clean_line(urljoin(self.base_url, src), 2_000) if src else ""
            alt = clean_line(el.get("alt") or el.get("title") or "", 300)
            if url.startswith(("http://", "https://")) and not _is_pixel(el):
                self.blocks.append(Block("image", src=url, alt=alt))
        elif tag == "figcaption":
            self.flush()
            self.kind = "caption"
        elif tag == "hr":
            self.flush()
            self.blocks.append(Block("rule"))
        elif tag == "br":
            self.spans.append(Span("\n"))
        elif tag in BLOCKISH:
            self.flush()
        bold = bold or tag in ("b", "strong") or (tag in HEADINGS)
        italic = italic or tag in ("i", "em", "cite", "q")
        code = code or tag in ("code", "kbd", "samp", "tt")
        if tag == "a" and el.get("href"):
            link = self.link_number(el.get("href")) or link
        if el.text:
            self.spans.append(Span(el.text, bold, italic, code, link))
        for child in el:
            self.walk(child, bold, italic, code, link)
        if tag in BLOCKISH:
            self.flush()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            elif tag == "blockquote":
                self.quote -= 1
        self._tail(el, *self._outer(el))

    def _outer(self, el) -> tuple[bool, bool, bool, int]:
        """Styles that apply to an element's tail: those of its ancestors."""
        bold = italic = code = False
        link = 0
        for parent in el.iterancestors():
            tag = parent.tag.lower() if isinstance(parent.tag, str) else ""
            bold = bold or tag in ("b", "strong", *HEADINGS)
            italic = italic or tag in ("i", "em", "cite", "q")
            code = code or tag in ("code", "kbd", "samp", "tt")
            if tag == "a" and parent.get("href") and not link:
                link = self.link_number(parent.get("href"))
        return bold, italic, code, link

    def _tail(self, el, bold: bool, italic: bool, code: bool, link: int) -> None:
        if el.tail:
            self.spans.append(
                Span(el.tail, *self._outer(el)) if el.getparent() is not None else Span(el.tail)
            )


def _is_pixel(el) -> bool:
    sizes = (el.get("width") or "", el.get("height") or "")
    return all(s.strip().rstrip("px") in ("0", "1") for s in sizes)


def _tidy(spans: list[Span]) -> list[Span]:
    """Collapse whitespace across spans the way a browser does; drop empty runs."""
    out: list[Span] = []
    at_start = True
    for span in spans:
        if span.text == "\n":
            if out:
                out.append(span)
                at_start = True
            continue
        text = _WS.sub(" ", span.text)
        if at_start or (out and out[-1].text.endswith((" ", "\n"))):
            text = text.lstrip(" ")
        if text:
            out.append(Span(text, span.bold, span.italic, span.code, span.link))
            at_start = False
    while out and (out[-1].text == "\n" or not out[-1].text.strip()):
        out.pop()
    if out:
        last = out[-1]
        out[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.code, last.link)
    return out
