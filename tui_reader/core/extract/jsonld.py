"""Schema.org JSON-LD: the most precise source of an article's authors, date and headline.

Pages spread one article over several objects: an `@graph` whose Article names its author by
`{"@id": ...}` and whose Person, elsewhere in the graph, holds the name. So every object is
collected first, indexed by `@id`, and references are resolved on read. Scripts are capped in size
and count, and broken JSON (common: stray control characters, trailing commas) is skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_SCRIPT = 400_000
MAX_SCRIPTS = 30
MAX_OBJECTS = 3_000
ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "liveblogposting",
    "discussionforumposting",
    "report",
    "review",
    "recipe",
    "howto",
    "creativework",
    "posting",
    "medicalwebpage",
}
PAGE_TYPES = {"webpage", "itempage", "collectionpage", "profilepage", "aboutpage"}
ORG_TYPES = {
    "organization",
    "newsmediaorganization",
    "corporation",
    "ngo",
    "educationalorganization",
    "governmentorganization",
    "localbusiness",
    "website",
    "brand",
}
_WRAPPER = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass
class Person:
    """A `Person` (or Organization) as JSON-LD describes it."""

    name: str = ""
    url: str = ""
    role: str = ""
    bio: str = ""
    image: str = ""
    org: bool = False


@dataclass
class Graph:
    objects: list[dict] = field(default_factory=list)
    by_id: dict[str, dict] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """Follow a bare `{"@id": ...}` reference to the full object, when the page has it."""
        if isinstance(value, dict) and isinstance(value.get("@id"), str):
            full = self.by_id.get(value["@id"])
            if full is not None and len(full) > len(value):
                return full
        return value

    def articles(self) -> list[dict]:
        """Article-like objects first, then web pages: where authors and dates are."""
        arts = [o for o in self.objects if types(o) & ARTICLE_TYPES or _ends_article(o)]
        pages = [o for o in self.objects if types(o) & PAGE_TYPES and o not in arts]
        return arts + pages


def load(doc: Any) -> Graph:
    """Every object of every JSON-LD script in the page, flattened, with an `@id` index."""
    graph = Graph()
    scripts = doc.xpath("//script[contains(translate(@type, 'JSONLD', 'jsonld'), 'ld+json')]")[
        :MAX_SCRIPTS
    ]
    for script in scripts:
        raw = _WRAPPER.sub("", (script.text or "")[:MAX_SCRIPT]).strip()
        data = _loads(raw)
        if data is not None:
            graph.objects.extend(_flatten(data))
    for obj in graph.objects:
        ident = obj.get("@id")
        if isinstance(ident, str) and len(obj) > len(graph.by_id.get(ident, {})):
            graph.by_id[ident] = obj
    return graph


def _loads(raw: str) -> Any:
    if not raw:
        return None
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _flatten(data: Any) -> Iterator[dict]:
    stack = [data]
    seen = 0
    while stack and seen < MAX_OBJECTS:
        item = stack.pop()
        if isinstance(item, dict):
            seen += 1
            yield item
            stack.extend(v for v in reversed(item.values()) if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower().rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _ends_article(obj: dict) -> bool:
    return any(k.endswith("article") for k in types(obj))


def text(value: Any) -> str:
    """A JSON-LD value read as one string: first of a list, `name`/`@value` of an object."""
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url") or ""
    return value.strip() if isinstance(value, str) else ""


def authors(graph: Graph) -> list[Person]:
    """The people credited by the page's main article object (author, then creator)."""
    for obj in graph.articles():
        found = _people(graph, obj.get("author") or obj.get("creator"))
        if found:
            return found
    return []


def _people(graph: Graph, value: Any) -> list[Person]:
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values[:20]:
        item = graph.resolve(item)
        if isinstance(item, str):
            if item.strip():
                out.append(
                    Person(url=item.strip()) if _looks_like_url(item) else Person(name=item.strip())
                )
        elif isinstance(item, dict):
            out.append(_person(graph, item))
    return [p for p in out if p.name or p.url]


def _person(graph: Graph, obj: dict) -> Person:
    name = obj.get("name")
    if isinstance(name, list):
        name = ", ".join(n for n in name if isinstance(n, str))
    if not isinstance(name, str) or not name.strip():
        given, family = text(obj.get("givenName")), text(obj.get("familyName"))
        name = f"{given} {family}".strip()
    url = text(obj.get("url"))
    if not url:
        same = obj.get("sameAs")
        url = text(same) if not isinstance(same, dict) else ""
    ident = obj.get("@id")
    if not url and isinstance(ident, str) and ident.startswith("http") and "#" not in ident:
        url = ident
    image = graph.resolve(obj.get("image"))
    return Person(
        name=name.strip(),
        url=url,
        role=text(obj.get("jobTitle")),
        bio=text(obj.get("description")),
        image=text(image.get("url") or image.get("contentUrl"))
        if isinstance(image, dict)
        else text(image),
        org=bool(types(obj) & ORG_TYPES) and "person" not in types(obj),
    )


def _looks_like_url(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith(("http://", "https://", "//", "www.")) or (
        " " not in value and "/" in value
    )


def first(graph: Graph, *keys: str) -> str:
    """The first string value of `keys` on the article objects (headline, datePublished...)."""
    for obj in graph.articles():
        for key in keys:
            value = text(graph.resolve(obj.get(key)))
            if value:
                return value
    return ""


def publisher_names(graph: Graph) -> set[str]:
    """Names of the organisations behind the page: its publishers and its WebSite."""
    names = set()
    for obj in graph.objects:
        if "website" in types(obj):
            names.add(text(obj.get("name")))
        for key in ("publisher", "sourceOrganization", "provider"):
            value = graph.resolve(obj.get(key))
            for item in value if isinstance(value, list) else [value]:
                names.add(text(graph.resolve(item)))
    names.discard("")
    return names


def image(graph: Graph) -> str:
    for obj in graph.articles():
        value = graph.resolve(obj.get("image") or obj.get("thumbnailUrl"))
        if isinstance(value, list):
            value = graph.resolve(value[0]) if value else ""
        url = (
            text(value.get("url") or value.get("contentUrl"))
            if isinstance(value, dict)
            else text(value)
        )
        if url:
            return url
    return ""


def paywalled(graph: Graph) -> bool:
    """The article says it is not free to read (schema.org `isAccessibleForFree: false`)."""
    for obj in graph.articles():
        value = obj.get("isAccessibleForFree")
        if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
            return True
    return False
