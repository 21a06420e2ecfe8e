"""An author's own page, for a fuller bio: JSON-LD `Person` (or a ProfilePage's main entity) first,
then the page's description meta tags. Fetched within the same limits as everything else."""

from __future__ import annotations

import json
from dataclasses import dataclass

from tui_reader.core.clean import clean_line, clean_text
from tui_reader.core.net import Fetcher, FetchError

MAX_BIO = 2_000


@dataclass(frozen=True)
class AuthorPage:
    role: str = ""
    bio: str = ""
    image: str = ""


def read_author_page(html: str) -> AuthorPage:
    """What an author page says about its author; empty fields where it says nothing."""
    from lxml import html as lxml_html

    try:
        doc = lxml_html.document_fromstring(html[:3_000_000])
    except Exception:
        return AuthorPage()
    person = _jsonld_person(doc)
    role = clean_line(str(person.get("jobTitle") or ""), 200)
    bio = clean_text(str(person.get("description") or ""), MAX_BIO).strip()
    image = person.get("image") or ""
    if isinstance(image, dict):
        image = image.get("url") or ""
    if not bio:
        for key in ("og:description", "description", "twitter:description"):
            found = doc.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
            if found and len(found[0].strip()) > 40:
                bio = clean_text(found[0], MAX_BIO).strip()
                break
    return AuthorPage(role, bio, clean_line(str(image), 2_000))


def _jsonld_person(doc) -> dict:
    for script in doc.xpath('//script[@type="application/ld+json"]')[:20]:
        try:
            data = json.loads(script.text_content()[:500_000])
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if "Person" in kinds:
                    return item
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "author"))
    return {}


async def fetch_author_page(fetcher: Fetcher, url: str) -> AuthorPage:
    from tui_reader.core.extract import decode_page

    response = await fetcher.get(url, accept="text/html,application/xhtml+xml;q=0.9")
    if "html" not in response.content_type.lower() and response.content_type:
        raise FetchError(f"not HTML ({response.content_type.split(';')[0]})")
    return read_author_page(decode_page(response.body, response.content_type))
