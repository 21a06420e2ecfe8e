"""Words that frame or replace a name in bylines, in the languages the reader meets most.

Kept apart from `names` so the logic there reads as logic. Every list describes a kind of word
(a "by" prefix, a job title, a legal form, a date), never a particular site or person.
"""

from __future__ import annotations

import re

_I = re.I | re.U

# "By", "Von", "Words by", "Artikel von:" ... at the start of a byline.
PREFIX = re.compile(
    r"^(?:(?:(?:a|an|the|ein|eine|im|in|un|une|el|la)\s+)?(?:written|words|reporting|report|"
    r"story|text|posted|published|interview|compiled|edited|analysis|column|recipe|article|"
    r"post|artikel|beitrag|pressemitteilung|wortlaut|kommentar|kolumne|gastbeitrag|essay|"
    r"analyse|review|rezension|podcast|nachricht|geschrieben|verfasst|erstellt|escrito|"
    r"publicado|escrita|crónica|articolo|texto|reportage)\s*(?:by|von|de|par|por|di)\b|"
    r"by|von|par|por|door|(?-i:di|da|de|av|af)|przez|napisał|napisała|autor(?:in|en)?|authors?|"
    r"auteur|text(?:e)?\s*(?:&|und|and|et|y|/|\+)\s*(?:fotos?|photos?|bilder?|pictures?)|"
    r"text|texte|textos?|redacción|interview|reportage|redaktion\s*(?=:)|"
    r"(?:责任编辑|编辑|作者|记者|撰文)\s*(?=:))"
    r"(?:\s*[:\-–—|]\s*|\s+|$)|"
    # links to the author's page, sometimes glued to the name: "SHOW ALL ARTICLES OFJane Doe"
    r"^(?:(?:show|view|see|read)\s+(?:all\s+)?(?:posts|articles|stories)\s+(?:by|of|from)|"
    r"alle\s+(?:beiträge|artikel|posts)(?:\s+von)?|(?:mehr|weitere\s+artikel)\s+von|"
    r"more\s+(?:from|by)|(?:articles|posts|stories)\s+by)(?:\s*:?\s*|(?-i:(?=[A-ZÄÖÜ])))|"
    # a Chinese reporter's title written before the name: "记者王小明"
    r"^记者\s*(?=[^\W\d_])",
    _I,
)
# What may stand before a "by" in the middle of a line without being a name.
LEAD = re.compile(
    r"\b(?:posted|published|written|updated|veröffentlicht|erstellt|geschrieben|artikel|beitrag|"
    r"pressemitteilung|wortlaut|publicado|publié|escrito|story|post|article|podcast|folge|"
    r"episode|interview)\b",
    _I,
)
MONTHS = (
    r"jan(?:uary|uar|vier|eiro)?|feb(?:ruary|ruar|rero|rier)?|mar(?:ch|s|zo)|märz|apr(?:il)?|"
    r"abr(?:il)?|may|mai|mayo|jun(?:e|i|io)?|jul(?:y|i|io)?|aug(?:ust)?|ago(?:sto)?|"
    r"sep(?:t|tember|tiembre)?|oct(?:ober|ubre)?|okt(?:ober)?|nov(?:ember|iembre)?|"
    r"dec(?:ember)?|dez(?:ember)?|dic(?:iembre)?"
)
WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
# Where the date part of a byline starts: a date word, a month with a day, a free-standing digit.
DATE_START = re.compile(
    r"\b(?:last updated|updated|published|posted on|last modified|aktualisiert|veröffentlicht|erstellt am|"
    r"actualizado|publicado el|publié le|mis à jour|stand)\b|\b(?:" + MONTHS + r")\b\.?\s*\d|"
    r"\b(?:am|on|le|el)?\s*(?:" + WEEKDAYS + r")\b|"
    r"\b(?:hace|vor|il y a|há)\s+\d|"  # "hace 13 horas": a relative date, "13 hours ago"
    r"(?<![^\W_])\d",
    _I,
)
# Separators after which a byline goes on with something else ("Jane Doe | Politics").
HARD_BREAK = re.compile(r"\s[|·•–—]\s|\s-\s|\s*\n\s*|\s{3,}| [|·•]|[|·•] ")
ROLE_WORDS = re.compile(
    r"\b(?:staff|senior|chief|editor|editors|editorial|writer|writers|reporter|reporters|"
    r"correspondent|correspondents|journalist|columnist|contributor|contributing|producer|"
    r"analyst|author|photographer|freelance|freelancer|intern|director|manager|head|founder|"
    r"ceo|president|professor|prof|researcher|redakteur|redakteurin|redaktion|autor|autorin|"
    r"korrespondent|korrespondentin|mitarbeiter|mitarbeiterin|volontär|volontärin|"
    r"chefredakteur|chefredakteurin|ressortleiter|ressortleiterin|reporterin|fotograf|"
    r"fotografin|redactor|redactora|periodista|corresponsal|rédacteur|rédactrice|"
    r"journaliste|giornalista|dziennikarz|dziennikarka|engineer|"
    r"developer|designer|scientist|expert|specialist|consultant|coordinator|officer|lead|"
    r"associate|assistant|fellow|lecturer|teacher|student|blogger|host|anchor|critic|"
    r"commentator|strategist|advisor|adviser|partner|owner|member|spokesperson|"
    r"geschäftsführer|geschäftsführerin|leiter|leiterin|sprecher|sprecherin|experte|expertin)\b",
    _I,
)
# Lower-case words that belong inside names.
PARTICLES = {
    "de",
    "da",
    "das",
    "do",
    "dos",
    "di",
    "del",
    "della",
    "der",
    "den",
    "van",
    "von",
    "vom",
    "zu",
    "la",
    "le",
    "du",
    "des",
    "bin",
    "ibn",
    "al",
    "el",
    "ter",
    "ten",
    "y",
    "e",
    "v.",
    "v",
}
# Words that stand where a name should but are none.
NOT_NAMES = {
    "admin",
    "administrator",
    "administrador",
    "anonymous",
    "anonym",
    "unknown",
    "no author",
    "guest",
    "gast",
    "gastautor",
    "guest author",
    "webmaster",
    "editor",
    "editors",
    "the editors",
    "staff",
    "staff writer",
    "staff reporter",
    "redaktion",
    "die redaktion",
    "redacción",
    "newsroom",
    "news desk",
    "newsdesk",
    "desk",
    "team",
    "user",
    "author",
    "authors",
    "autor",
    "autorin",
    "autoren",
    "auteur",
    "作者",
    "publisher",
    "wordpressadmin",
    "wpadmin",
    "root",
    "null",
    "none",
    "undefined",
    "follow",
    "share",
    "more",
    "home",
    "profile",
    "view profile",
    "all posts",
    "read more",
    "about the author",
    "about me",
    "über den autor",
    "über die autorin",
    "über mich",
    "zur person",
    "alle beiträge",
    "all articles",
    "by",
    "von",
    "par",
    "por",
    "posted",
    "published",
    "written",
    "nachricht",
    "unknown author",
    "contributor",
    "contributors",
    "agencies",
    "agency",
    "publiziert",
    "veröffentlicht",
    "über",
    "about",
    "datum",
    "date",
    "min",
    "reading time",
    "lesezeit",
    "search",
    "suche",
    "quelle",
    "source",
    "teilen",
    "metanavigation",
    "navigation",
    "menu",
    "menü",
    "login",
    "anmelden",
    "kommentare",
    "comments",
    "red",
    "red.",
}
LEGAL_FORMS = re.compile(
    r"\b(?:gmbh|ag|kg|e\.\s?v|inc|llc|ltd|limited|plc|corp|corporation|company|s\.a|"
    r"srl|spa|bv|nv|group|gruppe|university|universität|ministry|agency|agentur|association|"
    r"foundation|society|club|verein|media|medien|press|presse|news|nachrichten|zeitung|"
    r"magazin|magazine|journal|radio|tv|television|fernsehen|rundfunk|network|studio|studios|"
    r"online|redaktion|redacción|rédaction|newsroom|staff|team|editorial|desk|blog|"
    r"department|council|office|institute|center|centre|service|services|programme|program|"
    r"project|projekt|initiative|campaign|kampagne|illustrierte|wirtschaft)\b\.?|"
    r"\w+(?:verband|institut|verein|stiftung|zentrale|gesellschaft|ministerium|kammer|"
    r"behörde|agentur|verlag|zeitung|magazin|gruppe|akademie|universität|klinik|partei|anstalt|"
    r"wirtschaft)\b",
    _I,
)

# An editorial desk signing for the article.
DESK = re.compile(
    r"(?:[\w.&-]+\s+){0,2}(?:redaktion|newsdesk|news desk|redacción|rédaction|redazione|"
    r"redactie|webteam|newsroom|[\w.]+-team)(?:\s+[\w.&-]+){0,3}",
    _I,
)

# Words a label or a phrase starts with, a name never does.
LEADING_WORDS = {
    "zur", "zum", "zu", "über", "mehr", "alle", "to", "from", "more", "all", "view", "see",
    "back", "zurück", "weitere", "im", "in", "auf", "mit", "für", "for", "with", "our", "unsere",
    "your", "ihre", "this", "dieser", "diese", "jetzt", "now", "here", "hier", "follow", "folgen",
    "share", "teilen", "read", "lesen", "click", "klicken", "sign", "log", "powered", "photo",
    "foto", "image", "bild", "video", "audio", "podcast", "quelle", "source", "tags", "tag",
}  # fmt: skip

# News agencies by the short names datelines use: "Hamburg (dpa/lno) -", "(AP) -". Names that
# are also ordinary words or abbreviations count only in capitals ("(TT)", never "(tt)").
AGENCIES = (
    r"dpa|afp|reuters|kna|epd|apa|sda|dts|ddp|efe|ansa|jiji|kyodo|xinhua|upi|kathpress|belga|"
    r"anp|ntb|ritzau|ctk|mti|tass|yonhap|aap|pti|ians|(?-i:AP|TT|SID|KAP|PAP|OTS|ANI)"
)
