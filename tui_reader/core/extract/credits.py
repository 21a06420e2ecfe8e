"""Credits of last resort: who the page says wrote it when it names no person.

Issue #4's rule is that a site or organisation name is not a person *when a person is named*.
When nobody is, the organisation the page itself puts in an author slot is its byline ("By
Wikimedia Foundation", an Organization as the Article's author, "HLNF Staff Report"). An
organisation needs more evidence than a person, because sites print their own name in many
places that are no byline: og:site_name, the logo, the copyright footer, and `<meta
name=author>`, which content systems fill with the site's name on every page. So:

- a staff label in the visible byline ("Staff Writer", "TOI staff") is the page's own word for
  "our people wrote it", like a desk ("Redaktion"): one source is enough;
- an organisation other than the site, named as the Article's JSON-LD author, is a deliberate
  credit (a news agency, a foundation);
- the site's own name counts only where the visible byline shows it *and* links it to an
  author-archive page whose address spells it (/author/example-news/): the content system has
  an account of that name, and the article was published under it. The site's name as the
  JSON-LD author or in <meta name=author> is no such evidence: templates fill both on pages
  nobody signed (on the trafilatura-eval pages, as often as on signed ones);
- a blog on a hosting platform whose <meta name=author> adds the owning account in parentheses,
  that account being the host's sub-domain ("Jane's Garden (jgarden)" on jgarden.example.net);
- the person a site is named after (janedoe.example), where its name or title presents the
  name as a person's ("Dr. Jane Doe", "Jane Doe's Notes"): a personal site's pages are its
  owner's;
- the post's author where they answer in the comments: WordPress marks those replies
  `bypostauthor`, so the name on them is the account the post was published under;
- last, a news agency whose dateline opens the article ("Hamburg (dpa/lno) -"): the agency
  wrote the report the page carries unsigned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from tui_reader.core.extract import jsonld
from tui_reader.core.extract.byline import AUTHOR_HREF, Found
from tui_reader.core.extract.dom import spaced_text, squash, tag_of
from tui_reader.core.extract.meta import PageMeta
from tui_reader.core.extract.names import (
    credible_credit,
    is_organisation,
    plausible_name,
    spellings,
    split_byline,
    squashed,
    strip_prefix,
    tidy_name,
)
from tui_reader.core.extract.wordlists import AGENCIES

MAX_CREDITS = 6
_DOMAIN = re.compile(r"(?:www\.)?([\w-]+)(?:\.[\w-]+)*\.[a-z]{2,6}", re.I)
_STAFF = re.compile(
    r"(?:[\w.&'’-]+\s+){0,3}staff(?:\s+(?:writers?|reporters?|reports?))?|"
    r"staff\s+(?:writers?|reporters?|reports?)",
    re.I,
)
_LEAD_BY = re.compile(r"^(?:by|von|par|por)\s+", re.I)
_ACCOUNT = re.compile(r"(.{2,60}?)\s*\(([\w.-]{2,40})\)")
DATELINE_PARAGRAPHS = 3
MAX_DATELINE_SCAN = 400  # elements from the article's start
# A place (capitalised words, "Frankfurt/Main", "Rio de Janeiro"), then the agency in brackets
# and a dash. Not a sentence: "Laut einer Umfrage des Instituts (idea) -" has no place before it.
_PLACE = r"(?-i:[A-ZÀ-Ý][\w.'’-]*)"
_DATELINE = re.compile(
    rf"(?:{_PLACE}(?:(?:\s+|/)(?:{_PLACE}|de|del|do|da|am|an|upon|sur)){{0,3}}\s*)?"
    r"\(\s*((?:" + AGENCIES + r")(?:\s*/\s*[\w.]{1,12}){0,3})\s*\)\s*[-–—:]",
    re.I,
)


def staff_credit(found: Iterable[Found]) -> tuple[str, str]:
    """The first visible byline that is a staff label, as written, with its link."""
    for f in found:
        text = _LEAD_BY.sub("", re.sub(r"\s+", " ", f.text).strip(" |·•-–—:"))
        if len(text) <= 40 and _STAFF.fullmatch(text):
            return text, f.url
    return "", ""


def named_organisation(meta: PageMeta) -> tuple[str, str]:
    """An organisation other than the site that the article's JSON-LD names as its author
    ("Contributors to Wikimedia projects")."""
    for person in jsonld.authors(meta.graph):
        name = tidy_name(person.name)
        orgs, host = meta.organisations, meta.host
        if person.org and credible_credit(name) and not is_organisation(name, orgs, host):
            return name, person.url
    return "", ""


def agency_dateline(page: Sequence[Any], span: tuple[int, int]) -> str:
    """The news agency a dateline opens the article with: "Hamburg (dpa/lno) – ..." credits
    dpa's regional desk, written as the page writes it. Only the first paragraphs of the
    article count; an agency quoted further down is a source, not the author."""
    start, end = span
    if start < 0:
        return ""
    seen = 0
    for el in page[start : min(end + 1, start + MAX_DATELINE_SCAN)]:
        if tag_of(el) != "p":
            continue
        match = _DATELINE.match(squash(el.text_content()[:200]))
        if match:
            return match.group(1).replace(" ", "")
        seen += 1
        if seen >= DATELINE_PARAGRAPHS:
            break
    return ""


def platform_account(meta: PageMeta) -> str:
    """ "Jane's Garden (jgarden)" in <meta name=author> on jgarden.blogplatform.example: a
    blog on a hosting platform, whose author tag names the blog and the account that owns it.
    The account being the host's own sub-domain shows that a person signs as the blog's name,
    so it counts although it is the site's name; without the handle it would not."""
    page_url = meta.first("og:url", "twitter:url")
    labels = (meta.host or (urlsplit(page_url).hostname or "")).lower().split(".")
    if len(labels) < 3 or labels[0] in ("www", "m", "blog", "blogs", "news"):
        return ""
    for value in meta.tags.get("author", ()):
        match = _ACCOUNT.fullmatch(value.strip())
        name = match.group(1).strip() if match else ""
        if name and match and match.group(2).casefold() == labels[0] and credible_credit(name):
            return name
    return ""


def post_author(page: Sequence[Any], meta: PageMeta) -> str:
    """The name on the post author's own reply in the comments (WordPress's `bypostauthor`):
    its `fn` (or `comment-author`) element, without "says:" or the date after it. The site's
    own name there is the site's account, no person."""
    if not page:
        return ""
    for reply in page[0].xpath(_REPLY)[:1]:
        labels = reply.xpath(_FN)[:1] or reply.xpath(_COMMENT_AUTHOR)[:1]
        for label in labels:
            name = tidy_name(_SAYS.sub("", spaced_text(label, 200)))
            orgs, host = meta.organisations, meta.host
            if credible_credit(name) and len(name.split()) <= 4:
                return "" if is_organisation(name, orgs, host) else name
    return ""


def _token(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# the substring test first: normalising every element's class costs a millisecond a page
_REPLY = f"//*[contains(@class, 'bypostauthor')][{_token('bypostauthor')}]"
_FN = f".//*[{_token('fn')}]"
_COMMENT_AUTHOR = f".//*[{_token('comment-author')}]"
_SAYS = re.compile(
    r"(?:\s+(?:says|said|sagt|zegt|dit|dice|schreibt|wrote|replied|antwortet|reply|antworten|"
    r"post author|autor|author)\b|\s+(?:on|am|um|le|el)\s+\d|\s*\d|\s+(?:jan(?:uary|uar)?|"
    r"feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|june?|juni|july?|juli|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?)\.?\s+\d)"
    r".*$",
    re.I,
)


def personal_site(meta: PageMeta) -> str:
    """The person a site's address spells, where its name or title presents them as a person:
    with a title ("Dr. Jane Doe", "Frau Doe") or as the owner of a blog or home page ("Jane
    Doe's Notes"), on jane-doe.example or janedoe.blog.example. The name alone is no such
    sign ("Zoo Berlin" on zoo-berlin.example is the zoo's), nor is the author tag, which
    templates fill with the site's name. "Frau" stays: "Frau Doe" is how the site names her;
    academic titles go."""
    labels = meta.host.split(".")[:-1]
    keys = {label.replace("-", "") for label in labels if label not in _HOST_WORDS}
    titles = [part for t in meta.headlines for part in _SEPARATORS.split(t)]
    for text in (*sorted(meta.organisations), *titles):
        text = text.strip()
        owner = _OWNER.search(text)
        if not (_HONORIFIC.match(text) or owner):
            continue
        name = tidy_name(_ACADEMIC.sub("", text[: owner.start()] if owner else text))
        spelled = spellings(squashed(name)) | spellings(squashed(_HONORIFIC.sub("", name)))
        if 2 <= len(name.split()) <= 3 and plausible_name(name) and spelled & keys:
            return name
    return ""


_HOST_WORDS = {"www", "m", "blog", "blogs", "home"}
_SEPARATORS = re.compile(r"\s+[|·•»:–—-]\s+")
# "Jane Doe's Digital Home": a person's own pages; "Harry Potter's Wizarding World" is a brand's
_OWNER = re.compile(
    r"['’]s\s+(?:(?:digital|personal|little|private)\s+)?(?:home|homepage|blog|weblog|notes|"
    r"journal|diary|site|website|page|corner|musings)$",
    re.I,
)
_ACADEMIC = re.compile(r"^(?:dr|prof|mag|ing)\.\s*(?:(?:dr|phil|med)\.\s*)*", re.I)
# Titles only people carry; "Mr", "Madame", "MS" also open brands ("Monsieur Cuisine", a ship)
_HONORIFIC = re.compile(r"^(?:(?:dr|prof|mag|ing)\.|frau|herr)\s", re.I)


def self_credit(found: Iterable[Found]) -> tuple[str, str]:
    """The name the visible byline credits where the page's author account is named for it:
    the site crediting itself ("By Example Foundation" linked to /author/example-foundation/).
    The site's name in JSON-LD or a meta tag does not count: templates put it there on every
    page, bylined or not; an author account exists because someone published as it."""
    found = list(found)
    for f in found:
        for name in credit_names(f.text):
            if _key(name) and credible_credit(name) and _key(name) in _slugs(found, name):
                return name, f.url
    return "", ""


def credit_names(text: str) -> list[str]:
    """Names a byline credits, a bare domain ("uncut-news.ch") included: `split_byline` drops
    web addresses, which is right for a person's byline and wrong for a site's."""
    bare = strip_prefix(re.sub(r"\s+", " ", text).strip(" |·•-–—:"))
    if _DOMAIN.fullmatch(bare):
        return [bare]
    return [tidy_name(name) for name, _ in split_byline(text)[:MAX_CREDITS]]


def _key(name: str) -> str:
    """A domain compares by its main label ("www.example.org" -> "example")."""
    match = _DOMAIN.fullmatch(name)
    return squashed(match.group(1)) if match else squashed(name)


def _slugs(found: list[Found], name: str) -> set[str]:
    """Slugs of author-archive links next to a byline of this name."""
    key = _key(name)
    out = set()
    for f in found:
        if f.url and AUTHOR_HREF.search(f.url):
            slug = squashed(f.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
            if slug in (key, squashed(name)):
                out.add(key)
    return out
