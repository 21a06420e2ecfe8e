"""The bundled sample edition: what `--demo` shows, and what a first start with no network offers.

The stories (written for this project; all names and outlets invented) are stored through the same
store calls a refresh uses, so the app reads them exactly as it reads real feeds.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from importlib.resources import files
from urllib.parse import urlsplit

from tui_reader.core.parsed import Entry, ParsedFeed, Person
from tui_reader.core.store import Store

SAMPLE_TAG = "sample"


def load_edition() -> dict:
    return json.loads(files("tui_reader.sample").joinpath("edition.json").read_text("utf-8"))


def install_sample(store: Store) -> int:
    """Put the sample edition in the store; return how many stories it holds."""
    edition = load_edition()
    people = {a["key"]: a for a in edition["authors"]}
    count = 0
    now = time.time()
    for spec in edition["feeds"]:
        feed, _ = store.add_feed(spec["url"], tags=spec.get("tags", ()))
        entries = [
            Entry(
                guid=s["guid"],
                link=s["link"],
                title=s["title"],
                authors=tuple(Person(people[k]["name"], people[k]["url"]) for k in s["authors"]),
                published=datetime.fromisoformat(s["published"]).timestamp(),
                summary=s.get("summary", ""),
                content=s.get("content_html", ""),
            )
            for s in edition["stories"]
            if s["feed"] == spec["url"]
        ]
        parsed = ParsedFeed(spec["title"], spec["site_url"], entries)
        count += store.store_feed(feed, parsed, etag=None, last_modified=None, when=now)[0]
        site = urlsplit(spec["site_url"]).hostname or ""
        with store.writing():
            for person in people.values():
                if person.get("site") == site:
                    store.upsert_author(
                        site,
                        person["name"],
                        url=person["url"],
                        role=person.get("role", ""),
                        bio=person.get("bio", ""),
                    )
    return count
