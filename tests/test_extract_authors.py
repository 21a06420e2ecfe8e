"""Credits of last resort: organisations, staff labels and sites crediting themselves.

The fixture page (tests/fixtures/pages/credits.html) is invented: a ferry story on "Example
Harbour News" with a slot for the byline and one for tags in <head>.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tui_reader.core.extract import extract
from tui_reader.core.extract.names import leads_with_domain

PAGES = Path(__file__).parent / "fixtures" / "pages"
URL = "https://example.org/news/story.html"
SITE = "Example Harbour News"


def credits(byline: str, head: str = "") -> list[str]:
    """Authors of the invented page with `byline` above the article and `head` in <head>."""
    html = (PAGES / "credits.html").read_text(encoding="utf-8")
    html = html.replace("<!--BYLINE-->", byline).replace("<!--HEAD-->", head)
    return [a.name for a in extract(html, URL).authors]


def ld(author: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", "author": {author}}}</script>'


ARCHIVE = f'<a rel="author" href="/author/example-harbour-news/">{SITE}</a>'


@pytest.mark.parametrize(
    ("byline", "head", "expected"),
    [
        # the site's own author account, shown as the byline: the page's credit
        (f"By {ARCHIVE}", "", [SITE]),
        # ... but a person, when one is named, always wins
        (f'<span class="byline">By Oskar Lindqvist</span> {ARCHIVE}', "", ["Oskar Lindqvist"]),
        # the site's name in the byline and the template's meta tag or JSON-LD: no credit
        (f'<span class="byline">By {SITE}</span>', f'<meta name="author" content="{SITE}">', []),
        (f'<span class="byline">{SITE}</span>', ld(f'{{"@type": "Person", "name": "{SITE}"}}'), []),
        # the site's name in <head> alone never is
        ("", f'<meta name="author" content="{SITE}">', []),
        ("", ld(f'{{"@type": "Organization", "name": "{SITE}"}}'), []),
    ],
)
def test_site_credits_itself_only_through_its_author_account(
    byline: str, head: str, expected: list[str]
) -> None:
    assert credits(byline, head) == expected


def test_a_web_address_as_byline_is_kept_as_written() -> None:
    byline = 'Autor: <a href="/author/ferry-notes/">www.ferry-notes.example.org</a>'
    assert credits(f'<span class="byline">{byline}</span>') == ["www.ferry-notes.example.org"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<span class="byline">By Staff Writer</span>', ["Staff Writer"]),
        ('<span class="byline">By EHN Staff Report</span>', ["EHN Staff Report"]),
        ('<span class="author">Harbour staff</span>', ["Harbour staff"]),
        ('<span class="byline">By Lena Park, Staff Writer</span>', ["Lena Park"]),
        ('<span class="byline">By Lena Park and Harbour staff</span>', ["Lena Park"]),
    ],
)
def test_staff_label_is_the_credit_when_no_person_is_named(byline: str, expected: list) -> None:
    assert credits(byline) == expected


def test_places_after_the_sites_address_are_no_people() -> None:
    head = '<meta name="author" content="harbour.example.org, Oslo, Norway">'
    assert credits("", head) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("harbour.example.org, Oslo, Norway", True),
        ("Von www.example.de | Redaktion", True),
        ("Jane Doe, example.org", False),
        ("By Jane Doe", False),
    ],
)
def test_leads_with_domain(text: str, expected: bool) -> None:
    assert leads_with_domain(text) is expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a template indents the text: the "von" is still the byline's first word
        ("<span>\n        von Jonas Brekke\n    </span>", ["Jonas Brekke"]),
        # "Text & Fotos:" labels a credit for words and pictures at once
        ('<div class="sub">Text &amp; Fotos: <b>Ilse Marten</b></div>', ["Ilse Marten"]),
        ("<p>Text und Bilder: Ilse Marten</p>", ["Ilse Marten"]),
        # a Chinese editor's label, in the text after an element rather than inside one
        ('<span class="tags"><span>[fix]</span>责任编辑： 王小明</span>', ["王小明"]),
        ("<p>作者：王小明</p>", ["王小明"]),
        # a byline set in capitals by CSS and written lower-case in the HTML
        ('<span class="byline">l. moreau / J. P. da costa</span>', ["L. Moreau", "J. P. da Costa"]),
        # ... but a lower-case phrase in a byline slot stays no name
        ('<span class="byline">posted in ferries</span>', []),
        ('<div class="byline">guest contributor</div>', []),
        ('<div class="byline">about the author</div>', []),
        ('<div class="byline">sponsored content</div>', []),
        # after a full name, one word is the place or a button, not a co-author
        ('<span class="byline">Von Jonas Brekke, Nordhavn</span>', ["Jonas Brekke"]),
        ('<span class="byline">Por Ana Ruiz y Seguir</span>', ["Ana Ruiz"]),
        # the author-archive link with a copyright sign before her name
        ('<a href="/autoren/ilse-marten-4711">© Ilse Marten Ilse Marten</a>', ["Ilse Marten"]),
    ],
)
def test_visible_byline_variants(byline: str, expected: list[str]) -> None:
    assert credits(byline) == expected


def page_with_lead(lead: str, byline: str = "") -> list[str]:
    """Authors of a minimal invented article whose first paragraph is `lead`."""
    filler = "The harbour board met on Monday and talked about the timetable for the winter. " * 4
    html = (
        "<html><head><title>Harbour board meets</title></head><body><article>"
        f"<h1>Harbour board meets</h1>{byline}<p>{lead}</p><p>{filler}</p><p>{filler}</p>"
        "</article></body></html>"
    )
    return [a.name for a in extract(html, URL).authors]


def test_agency_dateline_is_the_credit_when_no_person_is_named() -> None:
    assert page_with_lead("Nordhavn (dpa/lno) – The harbour board met again.") == ["dpa/lno"]
    assert page_with_lead("(AP) — The harbour board met again.") == ["AP"]


def test_agency_dateline_gives_way_to_a_person_and_to_quotes() -> None:
    byline = '<span class="byline">By Oskar Lindqvist</span>'
    lead = "Nordhavn (dpa) – The harbour board met again."
    assert page_with_lead(lead, byline) == ["Oskar Lindqvist"]
    assert page_with_lead("The board told a reporter (AP) it would meet again.") == []
    # a sentence, not a place, before the brackets; an agency's name in lower case as a word
    assert page_with_lead("Laut einer Umfrage des Instituts (idea) - sind die Preise hoch.") == []
    assert page_with_lead("Nordhavn (tt) – The harbour board met again.") == []


@pytest.mark.parametrize(
    "href",
    [
        "/autoren/marten-ilse/",  # surname first
        "/autoren/ilse-marten-4711",  # with the content system's number
        "/authors/ilse-marten.4711/",
    ],
)
def test_author_archive_slug_spelled_other_ways(href: str) -> None:
    assert credits(f'<a href="{href}">Mehr von Ilse Marten</a>') == ["Ilse Marten"]


def test_umlauts_spelled_out_in_the_slug() -> None:
    assert credits('<a href="/autor/joerg-mueller/">Mehr von Jörg müller</a>') == ["Jörg müller"]


def test_blog_named_by_its_platform_account() -> None:
    head = f'<meta name="author" content="{SITE} (harbournotes)">'
    html = (PAGES / "credits.html").read_text(encoding="utf-8").replace("<!--HEAD-->", head)
    url = "https://harbournotes.blogplatform.example/post/1"
    assert [a.name for a in extract(html, url).authors] == [SITE]
    # the same tag on the platform's own host, or without the account, is the site's name
    assert extract(html, "https://www.blogplatform.example/post/1").authors == []
    plain = html.replace(" (harbournotes)", "")
    assert extract(plain, url).authors == []


def test_relative_date_after_the_names_is_no_name() -> None:
    byline = '<span class="byline">Ana Ruiz y José Mora Hace 3 horas</span>'
    assert credits(byline) == ["Ana Ruiz", "José Mora"]


def test_archive_links_after_a_byline_keep_its_co_authors() -> None:
    gap = "<span>·</span>" * 10
    links = '<a href="/autor/ana-ruiz">Ana Ruiz</a> <a href="/autor/jose-mora">José Mora</a>'
    byline = f'<div class="byline">Ana Ruiz y José Mora</div>{gap}{links}'
    assert credits(byline) == ["Ana Ruiz", "José Mora"]


def test_capitals_are_lowered_but_not_in_initials() -> None:
    from tui_reader.core.extract.names import tidy_name

    assert tidy_name("JONAS BREKKE") == "Jonas Brekke"
    assert tidy_name("J.P. BREKKE") == "J.P. Brekke"
    assert tidy_name("U.S. HARBOUR BOARD") == "U.S. Harbour Board"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a bare label in a block of its own, the name in the next block
        ('<div><p class="label"><b>By</b></p></div><div><p>Ilse Marten</p></div>', ["Ilse Marten"]),
        # a credits box: "Interview" above the interviewer's name in capitals
        ('<div class="credit"><div>Interview</div><div>JONAS BREKKE</div></div>', ["Jonas Brekke"]),
        # ... but the same words as menu links, or a search form's "Von:", name no one
        ('<ul><li><a href="/interview/">Interview</a></li><li><a href="/f/">Forum</a></li></ul>', []),
        ('<form><span>Von:</span><input name="from"><button>Filter Suche</button></form>', []),
        # the place on the line after the names is no name
        ("<p>Von <b>Jonas Brekke</b> und <b>Ilse Marten</b><br><br>Nordhavn/Norwegen</p>",
         ["Jonas Brekke", "Ilse Marten"]),
        # a label and the name on one line, in a list or a table cell too, or after a heading
        ('<div><h5 class="title-inline">Autor: </h5>Jonas Brekke/SP-X</div>', ["Jonas Brekke"]),
        ('<ul class="meta"><li><b>By</b> Jonas Brekke</li></ul>', ["Jonas Brekke"]),
        ("<table><tr><td><b>By</b> Jonas Brekke</td></tr></table>", ["Jonas Brekke"]),
        ('<ul class="meta"><li><span>By</span> <a href="https://social.example/jb">Jonas Brekke</a>'
         "</li></ul>", ["Jonas Brekke"]),
        # the name's block may go on with a role: the name is not run into it
        ("<div><span>By</span></div><div><p>Jonas Brekke</p><p>Harbour correspondent</p></div>",
         ["Jonas Brekke"]),
        # "By" alone on its line, and a list of names after a label
        ("<p>By<br>Jonas Brekke</p>", ["Jonas Brekke"]),
        ("<div><span>By</span><ul><li>Jonas Brekke</li><li>Ilse Marten</li></ul></div>",
         ["Jonas Brekke", "Ilse Marten"]),
        # templates indent, and an icon's svg sits before the line break
        ("<div class='article-meta'>\n      Von\n      <a href='/x'>Jonas Brekke</a> <span><svg>"
         "<title>share</title>" + "<path d='M0 0'/>\n            " * 8 + "</svg></span>\n <br>\n"
         "      Kakuma/Kenia, 3. Mai 2024</div>", ["Jonas Brekke"]),
        ("<p>By\n<a href='/x'>Jonas Brekke</a></p>", ["Jonas Brekke"]),
        # a date or a separator before the label, a source line before a Chinese one
        ("<div><time>3 May 2024</time><span> • </span><span>By</span> <a href='/x'>Jonas Brekke</a>"
         "</div>", ["Jonas Brekke"]),
        ("<div><span>3 May 2024</span><span>By</span><a href='/x'>Jonas Brekke</a></div>",
         ["Jonas Brekke"]),
        ("<p>来源：人民网 <span>作者：</span><span>王小明</span></p>", ["王小明"]),
        # a photo credit deep in a figure's layout is not the byline under it
        ("<figure><div><div><div><div><span>By</span> Otto Snapper</div></div></div></div></figure>"
         "<p>By Jonas Brekke</p>", ["Jonas Brekke"]),
        # "no-promo" is no promotion box
        ('<header class="content__header--no-promo"><p class="byline">By Ilse Marten</p></header>',
         ["Ilse Marten"]),
        # a "teaser" styled box right under the headline is the article's own byline
        ('<div class="teaser-small__meta"><p class="byline__author">VON '
         '<a href="/autoren/brekke-jonas">JONAS BREKKE</a> am 3. März</p></div>', ["Jonas Brekke"]),
    ],
)  # fmt: skip
def test_labels_and_boxes_around_the_byline(byline: str, expected: list[str]) -> None:
    assert credits(byline) == expected


def after_article(extra: str, byline: str = "") -> list[str]:
    """Authors of the invented page with `extra` after the article's text."""
    html = (PAGES / "credits.html").read_text(encoding="utf-8").replace("<!--BYLINE-->", byline)
    html = html.replace("</div>\n    </div>\n  </div>", f"</div>{extra}\n    </div>\n  </div>")
    assert extra in html
    return [a.name for a in extract(html, URL).authors]


def test_a_teaser_box_away_from_the_headline_is_someone_elses() -> None:
    teaser = '<div class="teaser-small"><h3>Ferries in winter</h3><p class="byline">By Ilse Marten'
    assert after_article(f"{teaser}</p></div>") == []


def reply(account: str, name: str, by_post_author: bool = True) -> str:
    mark = " bypostauthor" if by_post_author else ""
    return (
        f'<li class="comment byuser comment-author-{account}{mark} depth-2"><div class="comment-body">'
        f'<div class="comment-author vcard"><cite class="fn">{name}</cite> <span>says:</span>'
        "</div><p>Thank you, the timetable is on the pier.</p></div></li>"
    )


def test_the_post_author_answering_in_the_comments_signed_an_unsigned_post() -> None:
    thread = '<ol class="comment-list">{}</ol>'
    replies = reply("kari", "Kari Nordmann", False) + reply("imarten", "Ilse Marten")
    assert after_article(thread.format(replies)) == ["Ilse Marten"]
    # a byline above the article comes first; an "admin" account names no one
    assert after_article(thread.format(replies), "By Jonas Brekke") == ["Jonas Brekke"]
    assert after_article(thread.format(reply("admin", "admin"))) == []
    assert after_article(thread.format(reply("kari", "Kari Nordmann", False))) == []
    # the `fn` element names them even where a theme puts the reply's text in `comment-author`
    themed = (
        '<li class="comment comment-author-imarten bypostauthor"><div class="comment-author">'
        'All the best for the new year!</div><span class="fn">imarten</span></li>'
    )
    assert after_article(thread.format(themed)) == ["imarten"]


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        # a site its owner's name spells, that presents the name as a person's
        ("https://www.ilse-marten.example/ferry", "Night ferry – Dr. Ilse Marten", ["Ilse Marten"]),
        ("https://jonasbrekke.example/ferry", "Jonas Brekke's Notes | Night ferry", ["Jonas Brekke"]),
        ("https://frau-marten.example/ferry", "Night ferry | Frau Marten", ["Frau Marten"]),
        # a name alone is no such sign: the zoo's site is the zoo's
        ("https://www.zoo-nordhavn.example/ferry", "Night ferry | Zoo Nordhavn", []),
        ("https://www.ilse-marten.example/ferry", "Night ferry | Ilse Marten", []),
        # ... and the title must name the site's owner, not someone else
        ("https://www.example.org/ferry", "Night ferry – Dr. Ilse Marten", []),
    ],
)  # fmt: skip
def test_personal_site_named_after_its_author(url: str, title: str, expected: list[str]) -> None:
    html = (PAGES / "credits.html").read_text(encoding="utf-8")
    html = html.replace("Night ferry timetable changes - Example Harbour News", title)
    html = html.replace('<meta property="og:site_name" content="Example Harbour News">', "")
    assert title in html
    assert [a.name for a in extract(html, url).authors] == expected


@pytest.mark.parametrize(
    "byline",
    [
        # a table's or a definition list's "Author" is a book's, in a review
        "<table><tr><td>Author</td><td>Jane Austen</td></tr></table>",
        "<dl><dt>Autor</dt><dd>Thomas Mann</dd></dl>",
        # an "Interview" kicker above a heading or a paragraph names its subject
        "<h2>Interview</h2><p>Anna Schmidt, 34, lives by the harbour.</p>",
        '<span class="kicker">Interview</span><h2>Olaf Scholz</h2>',
        # controls: a font size switch, a sort order, a search form deep in its layout
        "<span>Text</span><span>Größer</span>",
        "<span>Sort</span> <span>by</span> <span>Newest</span>",
        '<form><fieldset><div class="row"><div class="col"><div class="f"><span>Von:</span>'
        "<input></div><div><button>Filter Suche</button></div></div></div></fieldset></form>",
        "<nav><ul><li><div><div><span>Interview</span></div></div><ul><li><a>Jane Doe</a></li>"
        "</ul></li></ul></nav>",
        # a caption's photo credit, and a tag link after a bare "By"
        "<figure><figcaption><span>By</span> <span>Getty Images</span></figcaption></figure>",
        '<div><span>By</span></div><div><a href="/tag/ferries">Ferries</a></div>',
        # a "popular" box right under the headline is still no byline
        '<div class="popular"><p>By Otto Popular</p></div>',
        # ... nor are those labels with a colon or a space after them
        "<figure><figcaption><span>By </span><span>Getty Images</span></figcaption></figure>",
        "<table><tr><td>By:</td><td>Jane Austen</td></tr></table>",
        "<h3>Interview:</h3><p>Otto Heading</p>",
        "<span>Sort</span><span>by </span><span>Most Popular</span>",
        "<span>Sort</span><span>by:</span><span>Newest</span>",
        # a sponsor's box, and a photo credit alone
        '<div class="sponsor"><div><span>by</span></div><div><span>Otto Sponsor</span></div></div>',
        "<figure><div><div><div><div><span>By</span> Otto Snapper</div></div></div></div></figure>",
    ],
)
def test_labels_that_name_no_author(byline: str) -> None:
    assert credits(byline) == []


@pytest.mark.parametrize(
    "extra",
    [
        '<section class="comments"><h1>2 Comments</h1><div><p>By Otto Commenter</p></div></section>',
        '<div class="related-stories"><div class="teaser"><h1>Other</h1><p>By Otto Sidebar</p>'
        "</div></div>",
    ],
)
def test_boxes_after_the_article_with_their_own_headline(extra: str) -> None:
    assert after_article(extra) == []


def test_a_line_break_ends_the_byline_unless_the_names_go_on() -> None:
    assert credits("<p>By Jonas Brekke and<br>Ilse Marten</p>") == ["Jonas Brekke", "Ilse Marten"]
    assert credits("<p>Von Jonas Brekke &amp;<br>Ilse Marten</p>") == [
        "Jonas Brekke",
        "Ilse Marten",
    ]
    # after a comma comes the place: "Portland, Oregon" is no co-author
    assert credits("<p>By Jonas Brekke,<br>Portland, Oregon</p>") == ["Jonas Brekke"]


def test_long_lines_before_a_break_cost_no_more_than_a_byline() -> None:
    # "By the time ..." opens a long block with a line break at its end: read once, not per tag
    filler = "<p>The ferry <a href='/x'>leaves</a> later, <em>the operator</em> said.</p>" * 3000
    start = time.perf_counter()
    credits(f"<div class='content'>By the time the last train arrives{filler}<br>Office</div>")
    assert time.perf_counter() - start < 5  # 22 s when the line was rebuilt at every tag


def test_post_author_names_end_as_written_and_give_way() -> None:
    thread = '<ol class="comment-list">{}</ol>'
    for name in ("Jane Dixon", "William Smith", "Ilse Johnson", "Nguyen Van Am"):
        assert after_article(thread.format(reply("x", f"{name}"))) == [name]
    # "says" in its own element, a date or a badge after the name are no part of it
    for after in ("<span>says:</span>", " March 3, 2024", " Post author", " 03.05.2024"):
        assert after_article(thread.format(reply("x", f"Ilse Marten{after}"))) == ["Ilse Marten"]
    assert after_article(thread.format(reply("site", SITE))) == []  # the site's own account
    assert after_article(thread.format(reply("jdoe", "jdoe")), "By Harbour Staff") == [
        "Harbour Staff"
    ]


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://monsieur-cuisine.example/r", "Monsieur Cuisine | Rezept"),
        ("https://www.ms-europa.example/r", "MS Europa | Reisen"),
        ("https://harrypotter.example/r", "Harry Potter's Wizarding World | Spells"),
    ],
)
def test_brands_that_look_like_people_are_no_personal_site(url: str, title: str) -> None:
    html = (PAGES / "credits.html").read_text(encoding="utf-8")
    html = html.replace("Night ferry timetable changes - Example Harbour News", title)
    assert [a.name for a in extract(html, url).authors] == []


def test_a_label_takes_the_author_link_that_follows_it() -> None:
    html = (PAGES / "credits.html").read_text(encoding="utf-8")
    byline = (
        '<a href="/2019/07/ferry/"><span class="entry-date">21 July 2019</span></a> '
        '<span class="meta-sep">by</span> <span class="author vcard">'
        '<a class="url fn n" href="/author/jbrekke/" rel="author">Jonas Brekke</a></span>'
    )
    (author,) = extract(html.replace("<!--BYLINE-->", byline), URL).authors
    assert (author.name, author.url) == ("Jonas Brekke", "https://example.org/author/jbrekke/")


def test_labels_after_long_text_or_padded_with_wide_spaces() -> None:
    prose = "Readers could vote for the timetables of 2010 to 2019 in the survey, and you may sort"
    assert len(prose) > 80
    assert credits(f"<div><span>{prose}</span><span>by</span> Otto Newest</div>") == []
    assert credits("<p><span>\u3000" + " " * 20 + "作者：</span>王小明</p>") == ["王小明"]
