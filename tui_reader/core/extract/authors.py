"""Deciding who wrote the article, from every source that names someone.

Sources, most trusted first: the page's JSON-LD (`author` of the Article), the feed's own
authors, the visible byline next to the article (rel=author, itemprop=author, a byline element,
a "By ..." line), meta tags, and the author card under the article. The first source that names
a person wins; the others then add what it lacks (a URL, a role, a bio). Site and publisher
names never stand in for a person; a name that matches the site's is kept only where the page
presents it as a person (a personal site). A user name ("jdoe") from metadata gives way to the
display name of the visible byline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin

from tui_reader.core.clean import clean_line, clean_text
from tui_reader.core.extract import credits, jsonld
from tui_reader.core.extract.byline import AUTHOR_HREF, Found, scan
from tui_reader.core.extract.meta import PageMeta
from tui_reader.core.extract.model import AuthorInfo
from tui_reader.core.extract.names import (
    credible_credit,
    desk_name,
    is_organisation,
    leads_with_domain,
    plausible_name,
    recased,
    spellings,
    split_byline,
    squashed,
    strip_affiliation,
    strip_prefix,
    tidy_name,
)

META_KEYS = (
    "dc.creator",
    "dc:creator",
    "dcterms.creator",
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "cxenseparse:author",
    "twitter:creator",
)
BEFORE = 400  # elements: how far above the article's first element a byline may sit
AFTER = 150  # and how far below its last (bylines there rank after the meta tags)
MAX_AUTHORS = 12
MAX_FOUND = 400  # mentions nearest the article; the rest of a page of 30,000 "By" lines is noise
ARCHIVE_NEAR = 16  # elements: an author link this close after a byline is part of it
MAX_DESK = 40
MAX_VISIBLE = 500_000  # characters of the page searched for a metadata name


@dataclass
class Person:
    name: str
    role: str = ""
    bio: str = ""
    url: str = ""
    image: str = ""


class _Judge:
    """Names from one page, judged against that page's site and publisher names."""

    def __init__(self, meta: PageMeta) -> None:
        self.meta = meta

    def people(self, text: str, personal: bool, strict: bool = False, **extra: str) -> list[Person]:
        if leads_with_domain(text):
            return []  # the site's own credit, then its places: see `credits.self_credit`
        desk = desk_name(text) if personal else ""
        if desk and len(desk) <= MAX_DESK:
            return [Person(desk, **_without(extra, "role"))]  # "Redaktion": the byline shown
        out = []
        orgs, host = self.meta.organisations, self.meta.host
        pairs = split_byline(text)
        if len(pairs) > 2 and sum(" " not in n for n, _ in pairs) > len(pairs) / 2:
            return []  # "Politik, Wirtschaft, Kultur": a list of topics, not of people
        for raw, role in pairs:
            if is_organisation(tidy_name(raw), orgs, host, personal):
                break  # "BBC News, New York": the rest is affiliation
            # "Jane Doe, Leiterin Redaktion Leben und Gesundheit": her desk ends the byline
            desk_role = bool(role) and is_organisation(tidy_name(f"{raw} {role}"), orgs, host)
            name = tidy_name(strip_affiliation(raw, orgs, host))
            name = recased(name) if personal and not strict else name
            if not plausible_name(name) or (strict and not _capital(name)):
                if desk_role:
                    break
                continue  # strict: a "By" line in running text names "Jane", not "rund 1,4"
            if is_organisation(name, orgs, host, personal):
                break
            if out and " " not in name and " " in out[0].name:
                continue  # "Jane Doe, Berlin", "Ana Ruiz y Seguir": a place or a button, no one
            if role and is_organisation(role, orgs, host):
                role = ""  # "Jane Doe, Example News": the site, not her job
            out.append(Person(name, extra.get("role") or role, **_without(extra, "role")))
            if desk_role:
                break
        return out


def find_authors(
    page: list[Any],
    position: dict[int, int],
    meta: PageMeta,
    feed_authors: Sequence[AuthorInfo] = (),
    span: tuple[int, int] = (-1, -1),
) -> list[AuthorInfo]:
    """The article's authors. `position` maps id(element) to its place in page order; `span`
    is the article's first and last element there, when known."""
    judge = _Judge(meta)
    found = _ordered([f for f in scan(page, position) if _near(f, span)], span)[:MAX_FOUND]
    below = span[1] if span[0] >= 0 else 1 << 30
    marked = [f for f in found if f.source not in ("card", "link")]
    archive = {id(f) for f in _archive_links(found, marked)}
    marked = [f for f in found if f.source not in ("card", "link") or id(f) in archive]
    byline = _from_found(judge, [f for f in marked if f.position <= below])
    declared = _visible(_from_jsonld(judge), page)
    fed, tagged = _from_feed(judge, feed_authors), _from_meta(judge)
    ranked = [
        declared,
        fed,
        byline,
        _agreed(judge, marked),
        tagged,
        _from_found(judge, [f for f in found if f.source == "card"]),
        _from_found(judge, [f for f in marked if f.position > below]),
        _from_found(judge, [f for f in found if f.source == "link" and f.position <= below]),
        _last_resort(judge, [f for f in marked if f.position <= below], page),
    ]
    people = next((_merge(c) for c in ranked if c), []) or _agency(page, span)
    people = _with_coauthors(people, [declared, fed, byline, tagged])[:MAX_AUTHORS]
    if people and byline and all(_handle_like(p.name) for p in people):
        people = _merge(byline)[:MAX_AUTHORS]  # "jdoe" in metadata, "Jane Doe" on the page
    for candidates in ranked:
        _enrich(people, candidates)
    return [_info(p, meta.url) for p in people]


def _with_coauthors(people: list[Person], sources: list[list[Person]]) -> list[Person]:
    """The chosen authors with the co-authors another whole credit adds (JSON-LD, the feed,
    the byline, the meta tags): JSON-LD often names only the first of the two authors the meta
    tags list. Only a list that holds every chosen name counts, so a sidebar's names never
    join."""
    keys = {squashed(p.name) for p in people}
    for candidates in sources:
        merged = _merge(candidates)
        if keys and keys < {squashed(c.name) for c in merged}:
            return merged
    return people


def _visible(people: list[Person], page: list[Any]) -> list[Person]:
    """People whose name the page shows somewhere. JSON-LD often names the CMS account that
    published a page nobody signed; a byline a reader cannot see is not one."""
    body = page[0].find("body") if page else None
    if body is None or not people:
        return people
    shown = squashed(body.text_content()[:MAX_VISIBLE])
    return [p for p in people if squashed(p.name) in shown]


def _agreed(judge: _Judge, found: list[Found]) -> list[Person]:
    """Names the visible byline shows and another source confirms: the JSON-LD Person, a meta
    tag, or the slug of the author-archive link ("/author/herr_rein/"). Such a name is the
    page's own credit even when `plausible_name` would refuse it: a handle ("Herr_Rein"), a
    lower-case surname ("Mobasir hassan"). Two sources that agree outweigh the look of the
    name; they do not make the site's own name a person, so site names stay out."""
    votes: dict[str, set[str]] = {}
    people: dict[str, Person] = {}

    def vote(raw: str, source: str, url: str = "") -> None:
        name = tidy_name(raw)
        key = squashed(name)
        orgs, host = judge.meta.organisations, judge.meta.host
        if key and credible_credit(name) and not is_organisation(name, orgs, host):
            votes.setdefault(key, set()).add(source)
            people.setdefault(key, Person(name, url=url))

    for person in jsonld.authors(judge.meta.graph):
        if not person.org and person.name:
            vote(person.name, "jsonld", person.url)
    for key in META_KEYS:
        for value in judge.meta.tags.get(key, ()):
            for raw, _ in split_byline(_last_first(value.strip()))[:MAX_AUTHORS]:
                vote(raw, "meta")
    for f in found:
        for raw, _ in split_byline(f.text)[:MAX_AUTHORS]:
            vote(raw, "byline", f.url)
            if _slug_matches(f.url, raw):
                vote(raw, "slug")
    return [people[k] for k, v in votes.items() if "byline" in v and len(v) >= 2]


def _archive_links(found: list[Found], marked: list[Found]) -> list[Found]:
    """Links to an author's archive page whose text is the account's name ("Fabian" to
    /author/fabian/): a byline as telling as a marked-up one, unless it is one name of a
    marked byline just before it, which speaks for all its names."""
    out = []
    for f in found:
        if f.source == "link" and _slug_matches(f.url, f.text):
            near = (m.text for m in marked if 0 <= f.position - m.position <= ARCHIVE_NEAR)
            if not any(f.text in text for text in near):
                out.append(f)
    return out


def _slug_matches(url: str, name: str) -> bool:
    """The author-archive link's last path segment spells the name: "/author/jdoe/", also with
    the content system's number ("/autoren/jane-doe-4711"), surname first ("/autoren/doe-jane")
    or with umlauts spelled out ("/autor/joerg-mueller" for Jörg Müller)."""
    if not url or not AUTHOR_HREF.search(url):
        return False
    slug = _SLUG_ID.sub("", unquote(url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]))
    words = [w for w in re.split(r"[\W_]+", slug.casefold()) if w]
    forms = {"".join(words), "".join(words[1:] + words[:1])}
    key = squashed(strip_prefix(name))
    return bool(key) and any(k in forms for k in spellings(key))


_SLUG_ID = re.compile(r"[-_.]\d+$")


def _near(found: Found, span: tuple[int, int]) -> bool:
    start, end = span
    return start < 0 or start - BEFORE <= found.position <= end + AFTER


def _ordered(found: list[Found], span: tuple[int, int]) -> list[Found]:
    """Bylines at the article's top first (just above it, then just inside), its foot last;
    marked-up links (rel/itemprop) before plain text at the same place."""
    start, end = span
    if start < 0:
        return found

    def rank(f: Found) -> tuple[int, int]:
        if f.position > end:
            place = 10_000 + f.position - end
        elif f.position >= start:
            place = min(f.position - start, 1_000 + end - f.position)
        else:
            place = start - f.position
        return place // 8, 0 if f.source in ("rel", "itemprop") else 1

    return sorted(found, key=rank)


def _from_jsonld(judge: _Judge) -> list[Person]:
    out = []
    for person in jsonld.authors(judge.meta.graph):
        if person.org or not person.name:
            continue
        out += judge.people(
            person.name, True, role=person.role, bio=person.bio, url=person.url, image=person.image
        )
    return out


def _last_resort(judge: _Judge, found: list[Found], page: list[Any]) -> list[Person]:
    """No person named: a staff label, the post author answering in the comments, the owner
    of a site named after them, an organisation credited in JSON-LD, or the site's own name
    under its own author account (see `credits`)."""
    for credit in (
        credits.staff_credit(found),
        (credits.post_author(page, judge.meta), ""),
        (credits.personal_site(judge.meta), ""),
        credits.named_organisation(judge.meta),
        credits.self_credit(found),
        (credits.platform_account(judge.meta), ""),
    ):
        if credit[0]:
            return [Person(credit[0], url=credit[1])]
    return []


def _agency(page: list[Any], span: tuple[int, int]) -> list[Person]:
    """No one else named: the agency whose dateline opens the article ("Hamburg (dpa) -")."""
    agency = credits.agency_dateline(page, span)
    return [Person(agency)] if agency else []


def _from_feed(judge: _Judge, feed_authors: Sequence[AuthorInfo]) -> list[Person]:
    out = []
    for a in feed_authors:
        out += judge.people(a.name or "", False, role=a.role, bio=a.bio, url=a.url, image=a.image)
    return out


def _from_meta(judge: _Judge) -> list[Person]:
    out: list[Person] = []
    for key in META_KEYS:
        for value in judge.meta.tags.get(key, ()):
            value = _last_first(value.strip())
            if value and not value.startswith("@") and "://" not in value:
                out += judge.people(value, False)
        if out:
            break
    return out


def _last_first(value: str) -> str:
    """ "Jong, Michiel de" (one person, surname first) -> "Michiel de Jong"."""
    parts = value.split(",")
    if len(parts) == 2 and len(parts[0].split()) == 1 and 1 <= len(parts[1].split()) <= 3:
        return f"{parts[1].strip()} {parts[0].strip()}"
    return value


def _from_found(judge: _Judge, found: list[Found]) -> list[Person]:
    """Names from the best-placed byline that yields any."""
    for f in found:
        people = judge.people(
            f.text, True, f.source == "text", role=f.role, bio=f.bio, url=f.url, image=f.image
        )
        if people:
            return people
    return []


def _handle_like(name: str) -> bool:
    return " " not in name and (
        name.islower() or any(c in name for c in "._") or not name.isalpha()
    )


def _merge(people: list[Person]) -> list[Person]:
    out: dict[str, Person] = {}
    for person in people:
        key = squashed(person.name)
        if key in out:
            _fill(out[key], person)
        else:
            out[key] = person
    return list(out.values())


def _enrich(people: list[Person], others: list[Person]) -> None:
    """Copy URL, role, bio and image from another source's record of the same person."""
    for person in people:
        key = squashed(person.name)
        for other in others:
            other_key = squashed(other.name)
            if other_key and (other_key == key or (len(other_key) > 5 and other_key in key)):
                _fill(person, other)


def _fill(person: Person, other: Person) -> None:
    person.role = person.role or other.role
    person.bio = person.bio or other.bio
    person.url = person.url or other.url
    person.image = person.image or other.image


def _without(extra: dict[str, str], key: str) -> dict[str, str]:
    return {k: v or "" for k, v in extra.items() if k != key}


def _info(person: Person, base: str) -> AuthorInfo:
    return AuthorInfo(
        name=clean_line(person.name, 200),
        role=clean_line(person.role, 200),
        bio=clean_text(person.bio, 2_000).strip(),
        url=clean_line(_absolute(base, person.url), 2_000),
        image=clean_line(_absolute(base, person.image), 2_000),
    )


def _absolute(base: str, link: str) -> str:
    link = (link or "").strip()
    if not link or link.lower().startswith(("javascript:", "data:", "file:")):
        return ""
    try:
        url = urljoin(base, link) if base else link
    except ValueError:
        return ""
    return url if url.lower().startswith(("http://", "https://")) else ""


def _capital(name: str) -> bool:
    """A name starts with a capital, or in a script without case ("焦鹏") with a letter."""
    first = name[:1]
    return first.isupper() or (first.isalpha() and not first.islower() and first == first.upper())
