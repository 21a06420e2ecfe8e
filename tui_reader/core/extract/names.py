"""Turning a byline as pages write it into people's names.

"By JANE DOE and John Roe, Staff Writers | Updated March 3, 2024" is two people, with a role,
and a date that is nobody's name. Pages also put the site's own name, a Twitter handle, an
e-mail address or "admin" where a person should be. `split_byline` cuts a byline into
(name, role) pairs; `plausible_name` rejects what cannot be a name; `is_organisation` tells a
site or publisher from a person. The word lists (`wordlists`) cover the languages the reader
meets most.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tui_reader.core.extract import boilerplate as bp
from tui_reader.core.extract.wordlists import (
    DATE_START,
    DESK,
    HARD_BREAK,
    LEAD,
    LEADING_WORDS,
    LEGAL_FORMS,
    MONTHS,
    NOT_NAMES,
    PARTICLES,
    PREFIX,
    ROLE_WORDS,
)

MAX_NAME = 60
_SOFT = re.compile(
    r"\s*(?:,\s*(?:and|und|y|et|e)\s+|[,;/]|\s&\s|\s(?:and|und|y|e|et|i|og|en|och|та|и)\s)\s*", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S+\[at\]\S+")
_URL = re.compile(
    r"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|de|at|ch|fr|es|it|uk|io)\b",
    re.I,
)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphens, zero widths
_HANDLE = re.compile(r"@[\w.]+")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FOR = re.compile(r"\s+(?:for|für|pour|para|per|voor|dla)\s+.*$", re.I)
_FOLLOW = re.compile(r"(?<=[a-z])(?:Follow|Folgen|Abonnieren|Subscribe)$")
_BY_INSIDE = re.compile(r"(?:^|[\s·|,:])(?:by|von|par|por|door|przez)\s+(?=[^\W\d_])", re.I)
_TRAILING = re.compile(
    r"(?:[\s,|·•\-–—:]+(?:am|um|on|at|le|el|del|the|vom|den|il|em|op|w|a|o|in))*[\s,|·•\-–—:]*$",
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]", re.U)
_LEADING_DATE = re.compile(
    r"^(?:(?:\d[\d./:\-]*|" + MONTHS + r"|am|pm|uhr|um|at|on|h)\b[.,|·•\-–—\s]*)+", re.I
)
_ALNUM = re.compile(r"[\W_]+", re.U)
_SUFFIX = re.compile(r"(?:ph\.?\s?d|m\.?\s?d|mba|msc|bsc|jr|sr|ii|iii|iv)\.?", re.I)
_SUFFIX_END = re.compile(r",\s*" + _SUFFIX.pattern + r"$", re.I)
_GLUED_BY = re.compile(r"^(?:by|von|par|por)(?=[A-ZÄÖÜ][a-zäöü])")
_GLUED_DIGITS = re.compile(r"(?<=[^\W\d_]{2})\d+$")


def split_byline(text: str) -> list[tuple[str, str]]:
    """(name, role) pairs from a byline, in order; names are not yet judged."""
    text = _clean_byline(text)
    people: list[tuple[str, str]] = []
    for part in _SOFT.split(text) if text else []:
        part = strip_prefix(part).strip(" -–—:|,.")
        if not part:
            continue
        if people and _SUFFIX.fullmatch(part):
            name, role = people[-1]  # "Jane Doe, PhD"
            people[-1] = (f"{name}, {part}", role)
            continue
        if people and ROLE_WORDS.search(part) and not looks_like_name(part):
            name, role = people[-1]  # "Jane Doe, Staff Writer"
            people[-1] = (name, f"{role}, {part}" if role else part)
            continue
        name, role = _name_and_role(part)
        if name:
            people.append((name, role))
    return people


def desk_name(text: str) -> str:
    """The byline when it names an editorial desk ("Redaktion", "Newsdesk", "PETA-Team"):
    not a person, but what the page says wrote it. "" otherwise; staff labels are no desk."""
    text = _clean_byline(text)
    return text if DESK.fullmatch(text) and not re.search(r"\bstaff\b", text, re.I) else ""


def leads_with_domain(text: str) -> bool:
    """ "hessenschau.de, Frankfurt, Germany": a byline that opens with a web address credits a
    site, and what follows is its places or desks, not people."""
    text = strip_prefix(unicodedata.normalize("NFKC", text or "").strip(" |·•-–—:"))
    first = re.split(r"[,;|/]|\s[-–—]\s", text, maxsplit=1)[0].strip()
    return bool(first) and bool(_URL.fullmatch(first))


def _clean_byline(text: str) -> str:
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text or ""))
    text = text.replace("\u00a0", " ").strip(" |·•-–—:")
    text = _GLUED_BY.sub("", text)  # "byJane Doe", "VonEurosport"
    text = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    text = re.sub(r"\s+", " ", _PARENS.sub(" ", text)).strip()
    inside = next((m for m in _BY_INSIDE.finditer(text) if m.start() > 0), None)
    if inside is not None and _lead_is_not_a_name(text[: inside.start()]):
        text = text[inside.end() :]  # "Posted on May 3, 2020 by Jane Doe"
    lead = _LEADING_DATE.match(text)
    if lead and any(ch.isdigit() for ch in lead.group(0)):
        text = text[lead.end() :]  # "22.11.2022 Christian Mihatsch"
    date = DATE_START.search(text)
    if date:
        text = text[: date.start()]
    text = HARD_BREAK.split(text)[0]
    return _TRAILING.sub("", strip_prefix(text)).strip(" -–—:|,.")


def _lead_is_not_a_name(lead: str) -> bool:
    return bool(re.search(r"\d", lead) or LEAD.search(lead))


def strip_prefix(text: str) -> str:
    """ "By: Jane Doe" -> "Jane Doe": the label words a byline starts with, twice at most."""
    for _ in range(2):
        text = PREFIX.sub("", text.strip(), count=1)
    return text.strip()


def _name_and_role(part: str) -> tuple[str, str]:
    part = _FOLLOW.sub("", _FOR.sub("", part)).strip()
    words = part.split()
    role_at = next((i for i, w in enumerate(words) if ROLE_WORDS.fullmatch(w.strip(",."))), None)
    if role_at is not None and role_at >= 2:
        return " ".join(words[:role_at]).strip(" ,"), " ".join(words[role_at:])
    return part, ""


def looks_like_name(part: str) -> bool:
    """Two to four capitalised words, no job title, no organisation word: "Jane van Doe"."""
    words = part.split()
    return (
        2 <= len(words) <= 4
        and words[0].lower() not in ARTICLES
        and all(w[:1].isupper() or w.lower() in PARTICLES for w in words)
        and not any(ROLE_WORDS.fullmatch(w.strip(",.")) for w in words)
        and not LEGAL_FORMS.search(part)
    )


def plausible_name(name: str) -> bool:
    """Could this be a person's name or pen name? Rejects dates, labels, phrases, handles."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or not _LETTER.search(name):
        return False
    low = name.casefold().strip(" .:")
    tokens = set(re.split(r"[\s_.-]+", low))
    if low in NOT_NAMES or tokens & {"team", "redaktion", "staff", "admin"}:
        return False
    if any(ch in name for ch in "?!:@©_") or bp.is_share_line(name) or bp.CREDIT.match(name):
        return False
    if not bp.DATE_WORDS.sub("", name).strip(" .,"):
        return False  # "Donnerstag", "Mai"
    words = name.split()
    if words[0].lower() in LEADING_WORDS or (len(words) > 1 and words[-1].lower() in PARTICLES):
        return False  # "Zur Artikelübersicht", "Autorenseite von"
    letters = _ALNUM.sub("", _SUFFIX_END.sub("", name))
    if len(words) > 5 or len(letters) < (2 if not name.isascii() else 3 if name.istitle() else 4):
        return False
    if len(words) == 1 and name.isupper() and len(letters) <= 5:
        return False  # an initialism: an agency or a desk ("AFP", "dpa"), not a person
    if len(words) > 1 and any(ch.isdigit() for ch in name):
        return False
    # A phrase, not a name: lower-case words other than particles ("de", "van", "von").
    return len(words) == 1 or all(w[:1].isupper() or w.lower() in PARTICLES for w in words)


def credible_credit(name: str) -> bool:
    """Could a page mean this string as its author's credit? Looser than `plausible_name`:
    handles ("Herr_Rein") and lower-case surnames pass; labels, dates, placeholders, agency
    initials ("AgE") and phrases still fail. Only for names two sources agree on."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or not _LETTER.search(name):
        return False
    if name.casefold().strip(" .:") in NOT_NAMES or any(ch in name for ch in "?!:@©"):
        return False
    if bp.is_share_line(name) or bp.CREDIT.match(name) or _EMAIL.search(name):
        return False
    if not bp.DATE_WORDS.sub("", name).strip(" .,"):
        return False
    words = name.split()
    letters = _ALNUM.sub("", name)
    return len(words) <= 5 and words[0].lower() not in LEADING_WORDS and len(letters) > 3


def tidy_name(name: str) -> str:
    """ALL-CAPS names in title case; digits glued to a surname, a name said twice ("Jane Doe
    Jane Doe": two elements' text run together) and stray punctuation removed."""
    name = re.sub(r"\s+", " ", name).strip(" ,;:|-–—.")
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]
        name = " ".join(words)
    if len(words) > 1:
        words[-1] = _GLUED_DIGITS.sub("", words[-1])  # "Lucas Nolan22 Dec 2016" -> Nolan
        name = " ".join(words)
    if name.isupper() and len(name) > 3:
        # initials keep their capitals: "J.", "U.S." (not "U.s.")
        name = " ".join(w if _DOTTED.fullmatch(w) else w.capitalize() for w in words)
    return name


def recased(name: str) -> str:
    """ "e. barreneche" -> "E. Barreneche": a byline styled upper-case by CSS is often written
    lower-case in the HTML. Only two to four lower-case words with an initial among them are
    recased (an initial is what a lower-case phrase never has: "guest contributor", "about the
    author" stay no name), and none a short word other than a particle ("posted in news" is a
    phrase); particles ("da", "van") stay lower-case."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not any(_INITIAL.fullmatch(w) for w in words):
        return name
    for word in words:
        if _INITIAL.fullmatch(word) or word.lower() in PARTICLES:
            continue
        if not word.replace("-", "").isalpha() or not word.islower() or len(word) <= 2:
            return name
    return " ".join(w if w.lower() in PARTICLES else w[:1].upper() + w[1:] for w in words)


def spellings(key: str) -> set[str]:
    """A squashed name as addresses write it: as is, umlauts spelled out, accents dropped."""
    spelled = key.translate(_UMLAUTS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", key) if c.isalnum())
    return {key, spelled, plain}


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_INITIAL = re.compile(r"[^\W\d_]\.", re.U)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+", re.U)


def squashed(text: str) -> str:
    """Lower-case letters and digits only: "BBC News" and "bbcnews" compare equal."""
    return _ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def is_organisation(
    name: str, organisations: Iterable[str], host: str, personal: bool = False
) -> bool:
    """The site's or publisher's own name, a host name, its initials, or a name with a legal
    form or an organisation word. `personal`: the page itself presents the name as a person
    (a Person in JSON-LD, a byline), so a personal name matching the site's is a personal site
    ("Jane Doe" on janedoe.net), not an organisation."""
    key = squashed(name)
    if not key or LEGAL_FORMS.search(name):
        return True
    labels = [squashed(part) for part in host.lower().split(".") if part not in _HOST_NOISE]
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", name.casefold()))
    if len(name.split()) >= 2 and initials in labels:
        return True  # "Deutsches Rotes Kreuz" on drk.de
    if key in labels:
        return True  # the host's own name: "Lebensmittel Praxis" on lebensmittelpraxis.de
    if personal and looks_like_name(name):
        return False
    others = [*labels, *(squashed(o) for o in organisations)]
    if personal:  # "Heiko" on heiko-adams.de is the owner; only the very name is the site's
        return key in others
    return any(
        other
        and (key == other or (min(len(key), len(other)) >= 4 and (key in other or other in key)))
        for other in others
    )


def strip_affiliation(name: str, organisations: Iterable[str], host: str) -> str:
    """ "Adam Aaronson PhillyVoice" -> "Adam Aaronson": drop words naming the site."""
    words = name.split()
    orgs = [squashed(o) for o in organisations if o]
    orgs += [squashed(p) for p in host.split(".") if p not in _HOST_NOISE]
    for i in range(2, len(words)):
        word = squashed(words[i])
        if LEGAL_FORMS.fullmatch(words[i]) or (
            len(word) >= 3 and any(word in o for o in orgs if o)
        ):
            return " ".join(words[:i])
    return name


ARTICLES = {"the", "die", "der", "das", "la", "le", "les", "el", "los", "las", "il", "lo", "de"}
_HOST_NOISE = {"www", "www1", "m", "amp", "blog", "blogs", "news", "de", "com", "org", "net"}
_HOST_NOISE |= {"co", "uk", "at", "ch", "fr", "es", "it", "pl", "info", "eu", "io"}
