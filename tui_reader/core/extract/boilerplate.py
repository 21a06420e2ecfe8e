"""The lines around an article that readers skip, as patterns over one block's text.

Each pattern describes a kind of line, not a site: share rows, "Read more:" teasers, photo
credits, newsletter pitches, "Related stories" headings, copyright footers, post metadata.
They are written for the languages the reader meets most (English, German, French, Spanish,
Portuguese, Italian, Dutch, Polish) and only ever applied to short blocks, so a real paragraph
that happens to start with "Share" is never touched.
"""

from __future__ import annotations

import re

_I = re.I | re.U

# Whole-line labels that are never article text.
LABEL = re.compile(
    r"^[\W_]*(?:advertisement|advertising|anzeige|werbung|reklama|publicidad|publicité|"
    r"pubblicità|sponsored(?: content)?|promoted|story continues below(?: advertisement)?|"
    r"article continues below(?: advertisement)?|continue reading below|scroll to continue"
    r"(?: with content)?|artikel wird unter der anzeige fortgesetzt|weiterlesen nach der anzeige|"
    r"beitragsbild|titelbild|loading\.*|lade\.*|wird geladen\.*)[\W_]*$",
    _I,
)

# "Read more: <another story>" and its translations: a teaser inside or after the article.
READ_ALSO = re.compile(
    r"^[\W_]*(?:read (?:more|also|next)|more on this|see also|related(?: article| story)?|"
    r"recommended|also read|must read|lesen sie (?:auch|mehr|hier)|auch lesen|mehr (?:zum thema|"
    r"dazu|lesen)|weiterlesen|auch interessant|das könnte sie (?:auch )?interessieren|"
    r"lea (?:también|más|además)|le puede interesar|te puede interesar|lee también|ver también|"
    r"lire (?:aussi|également)|à lire aussi|voir aussi|leia (?:também|mais)|veja também|"
    r"leggi anche|lees ook|czytaj (?:także|też|również|więcej)|zobacz (?:też|także|również)|"
    r"dowiedz się więcej)\b\s*[:»›>\-–—|]",
    _I,
)

# Credits for a photo or its source, and bare captions of that kind.
CREDIT = re.compile(
    r"^[\W_]*(?:\(?(?:fotos?|photos?|photo by|photograph|bild(?:er)?|bildquelle|image|images|"
    r"picture|credits?|crédits? photos?|crédito|fuente|quelle|source|foto-?credit|abbildung|"
    r"grafik|illustration|video|фото)\s*(?::|©|by\b|via\b|из\b)|©|\(c\)\s|copyright\b)",
    _I,
)

# Share rows: every word a network, an action or a count.
SHARE_WORDS = {
    "share",
    "shares",
    "sharing",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "email",
    "e-mail",
    "mail",
    "whatsapp",
    "telegram",
    "linkedin",
    "pinterest",
    "reddit",
    "xing",
    "flipboard",
    "pocket",
    "print",
    "drucken",
    "teilen",
    "compartir",
    "partager",
    "condividi",
    "udostępnij",
    "delen",
    "copy",
    "link",
    "copied",
    "kopieren",
    "messenger",
    "sms",
    "this",
    "article",
    "artikel",
    "on",
    "via",
    "auf",
    "per",
    "und",
    "and",
    "comments",
    "comment",
    "kommentare",
    "kommentar",
    "save",
    "speichern",
    "merken",
    "bookmark",
    "gift",
    "listen",
    "anhören",
    "vorlesen",
    "feedback",
    "more",
    "mehr",
    "threads",
    "bluesky",
    "mastodon",
    "instagram",
    "youtube",
    "tumblr",
    "follow",
    "us",
    "folgen",
    "sie",
    "uns",
}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.U)

# Headings and lines that open the tail of a page: related links, comments, newsletters.
TAIL_START = re.compile(
    r"^[\W_]*(?:related(?: (?:stories|articles|posts|content|topics|coverage|reading|links))?|"
    r"more (?:from|stories|on|news|in|articles|like this|to read|about)|you (?:may|might) also"
    r"(?: like| be interested)|recommended(?: for you| stories| articles)?|read next|"
    r"(?:most )?popular(?: stories| articles| now)?|trending|top stories|latest(?: news| stories)?|"
    r"what to read next|further reading|previous (?:article|post|story)|next (?:article|post|"
    r"story)|comments?|leave a (?:comment|reply)|join the conversation|add a comment|"
    r"discussion|weitere (?:artikel|beiträge|meldungen|nachrichten|themen|news)|"
    r"ähnliche (?:artikel|beiträge|themen)|verwandte (?:artikel|beiträge|themen)|"
    r"das könnte (?:sie|dich) auch interessieren|auch interessant|mehr (?:zum thema|aus|"
    r"themen|artikel|nachrichten|news)|empfohlene (?:artikel|beiträge)|schon gelesen|"
    r"meistgelesen|top-themen|neueste (?:artikel|beiträge)|vorheriger (?:artikel|beitrag)|"
    r"nächster (?:artikel|beitrag)|kommentare?|kommentieren|diskussion|"
    r"artículos relacionados|noticias relacionadas|también te puede interesar|lo más leído|"
    r"más noticias|comentarios|articles? (?:liés|similaires)|à lire (?:aussi|également)|"
    r"sur le même sujet|commentaires|leia também|notícias relacionadas|articoli correlati|"
    r"gerelateerde artikelen|powiązane artykuły|czytaj także|zobacz także)\b",
    _I,
)

# Lines that close a page: copyright, newsletter pitches, subscription walls, post metadata.
FOOTER = re.compile(
    r"(?:^[\W_]*(?:©|\(c\)\s|copyright\b|all rights reserved|alle rechte vorbehalten|"
    r"todos los derechos reservados|tous droits réservés|powered by\b|"
    r"(?:sign|sing) up\b|subscribe\b|abonnieren\b|jetzt abonnieren|newsletter|"
    r"(?:join|get) our newsletter|melden sie sich|zum newsletter|suscríbete|inscrivez-vous|"
    r"abonnez-vous|tags?\s*:|schlagwörter|schlagworte|themen\s*:|stichwörter|etiquetas\s*:|"
    r"filed under|posted in|categor(?:y|ies|ie|ía|ías)\s*:|kategorien?\s*:|"
    r"this (?:entry|article|post) was posted|dieser (?:eintrag|beitrag|artikel) wurde|"
    r"veröffentlicht (?:am|in|unter)|published (?:in|under)|was this (?:article|page) helpful|"
    r"war (?:der|dieser) (?:artikel|beitrag) (?:nützlich|hilfreich)|"
    r"like this:|gefällt mir|teile? (?:diesen|den) (?:artikel|beitrag)|"
    r"möchten sie (?:den|diesen) artikel teilen|share (?:this|the) (?:article|story|post)|"
    r"report an? (?:error|typo)|fehler gefunden|errata|(?:\d+ )?(?:keine )?kommentare?\b|"
    r"(?:\d+ )?comments?\b|no comments|sie müssen sich einloggen|you must be logged in|"
    r"log in to comment|to view the full story|to continue reading|subscribe to continue|"
    r"weiterlesen mit|jetzt weiterlesen|lesen sie weiter|wählen sie ihren zugang|"
    r"already a subscriber|bereits abonnent|source\s*:|quelle\s*:|quellen\s*:|"
    r"quellenangaben|fuente\s*:|follow (?:us|[\w@]+ on)|folgen sie uns|síguenos|"
    r"suivez-nous|(?:last )?(?:updated|modified)\s*:|aktualisiert\s*(?:am|:)|"
    r"get (?:breaking )?news alerts|(?:delivered|sent) (?:to your inbox|weekday|daily|every)))",
    _I,
)

# Words of a date line: "Nov. 19, 2019 8:03 am ET", "Aktualisiert am 04.02.2022, 12:00 Uhr".
DATE_WORDS = re.compile(
    r"\b(?:jan(?:uary|uar|vier|eiro)?|feb(?:ruary|ruar|rero|rier)?|mar(?:ch|s|zo)?|märz|"
    r"apr(?:il|ile)?|abr(?:il)?|avr(?:il)?|may|mai|mayo|maio|maggio|jun(?:e|i|io|ho)?|juin|"
    r"jul(?:y|i|io|ho)?|juil(?:let)?|aug(?:ust)?|ago(?:sto)?|août|sep(?:t|tember|tiembre|"
    r"tembre)?|oct(?:ober|ubre|obre)?|okt(?:ober)?|out(?:ubro)?|nov(?:ember|iembre|embre)?|"
    r"dec(?:ember)?|dez(?:ember)?|dic(?:iembre)?|déc(?:embre)?|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo|mon|tue|wed|thu|fri|sat|sun|"
    r"am|pm|a\.m|p\.m|et|est|edt|mis|jour|"
    r"pst|pdt|gmt|utc|cet|cest|mez|uhr|h|updated|published|posted|modified|aktualisiert|"
    r"veröffentlicht|erstellt|geändert|actualizado|publicado|publié|mis à jour|le|el|de|del|"
    r"der|den|am|um|on|at|the|of|und|and|y|et|à|a|min|mins|minute|minutes|minuten|read|"
    r"reading|time|lesezeit|lectura|lecture|ago|vor|stunden|hours|hour|stunde|days|tagen|"
    r"today|heute|gestern|yesterday|seit|since|last|zuletzt|stand)\b\.?",
    _I,
)
_DATE_DIGITS = re.compile(r"\d")


def is_share_line(text: str) -> bool:
    """A row of share buttons and counts ("Share Tweet Email", "Teilen auf Facebook 12")."""
    words = [w.lower() for w in _WORD.findall(text)]
    return bool(words) and len(words) <= 12 and all(w in SHARE_WORDS for w in words)


def is_date_line(text: str) -> bool:
    """A line that is only a date, a time, an "updated" note or a reading time."""
    if len(text) > 90 or not _DATE_DIGITS.search(text):
        return False
    rest = DATE_WORDS.sub(" ", text)
    return not _WORD.findall(rest)


# Class and id words of page furniture: share bars, related lists, newsletter boxes, bylines.
FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|shares|sharing|sharebar|shariff|social|socials|social-media|related|"
    r"relatedposts|related-posts|related-articles|recommended|recommendations|newsletter|"
    r"subscribe|subscription|signup|promo|advert|adverts|advertisement|ad|ads|adslot|ad-slot|"
    r"sponsor|sponsored|tags|taglist|tag-list|keywords|breadcrumb|breadcrumbs|comments|"
    r"comment-list|disqus|byline|dateline|post-meta|entry-meta|article-meta|postmeta|print|"
    r"toolbar|pagination|pager|paywall|popup|modal|cookie|cookies|consent|rating|ratings|"
    r"readmore|read-more|more-stories|further-reading|credit|credits|copyright|"
    r"author-bio|authorbio|about-author|author-box|author-info|author-card)(?:$|[\s_-])",
    re.I,
)

# The heading of an author box under the article.
ABOUT = re.compile(
    r"^[\W_]*(?:about (?:the author|the writer|me|us)|über (?:den autor|die autorin|die autoren|"
    r"mich|uns)|zur person|zum autor|zur autorin|sobre (?:el|la) autor[a]?|acerca del autor|"
    r"à propos de l'auteur|l'auteur|o autorze|(?:the )?author)[\W_]*$",
    _I,
)
