"""The hostile corpus: feeds, servers and subscription lists that try to break the reader.

`corpus(base, trap)` returns the cases. Each names its family, the routes it needs on the
loopback server (`base` is its address), and the safe outcome the end-to-end test checks:
stored and sanitised, or a per-feed error with a clear reason; in bounded time; with the
stories from before kept. `trap` is a folder a markup attack would write into.

Run `python -m tests.hostile.corpus` for a summary of the families.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from tests.hostile.checks import BIDI, C1, C1_CLIPBOARD, CLIPBOARD, MARKUP, PAYLOAD
from tests.hostile.checks import screenshot_markup as _screenshot
from tests.hostile.documents import (
    DATE,
    atom,
    baseline,
    cdata,
    entry,
    item,
    json_feed,
    json_item,
    opml,
    rdf,
    rdf_item,
    rss,
)
from tests.support.server import Route

__all__ = ["DISPLAY", "FAMILIES", "Case", "baseline", "corpus"]

CAP = 8 * 1024 * 1024  # the fetcher's default cap on decoded bytes
P = PAYLOAD
FAMILIES = ("escape", "markup", "link", "http", "bomb", "encoding", "date", "import")
DISPLAY = ("escape", "markup", "link")  # opened one by one in the app
RSS, ATOM, JSON = "application/rss+xml", "application/atom+xml", "application/feed+json"


@dataclass(frozen=True)
class Case:
    name: str
    family: str
    routes: dict[str, Route]  # absolute path -> route; `feed_path` is the subscription
    outcome: str = "stored"  # stored | failed | either
    reason: str = ""  # part of the per-feed error, when it fails
    new: int | None = None  # new stories from the hostile document, when stored
    links: tuple[str, ...] | None = None  # their links, in document order
    present: tuple[str, ...] = ()  # stored literally somewhere (markup stays text)
    absent: tuple[str, ...] = ()  # stored nowhere
    never_hit: tuple[str, ...] = ()  # paths nothing may request (entities, DTDs)
    seconds: float = 15.0  # from the start of the refresh to this feed's outcome
    listing: bytes = b""  # subscribe by importing this (OPML or newsboat urls)
    feed_title: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def feed_path(self) -> str:
        return f"/c/{self.name}"

    @property
    def display(self) -> bool:
        return self.family in DISPLAY


def _routes(name: str, route: Route | bytes, more: dict[str, Route] | None) -> dict[str, Route]:
    main = route if isinstance(route, Route) else Route(route, RSS)
    return {f"/c/{name}": main, **{f"/c/{name}/{k}": v for k, v in (more or {}).items()}}


Routes = dict[str, Route]


def stores(
    family: str,
    name: str,
    route: Route | bytes,
    new: int | None = 1,
    *,
    more: Routes | None = None,
    **kw: Any,
) -> Case:
    """A case whose document is stored, sanitised (`new` stories from it). `more` are further
    routes under the case's path (redirect targets)."""
    return Case(name, family, _routes(name, route, more), new=new, **kw)


def fails(
    family: str,
    name: str,
    route: Route | bytes,
    reason: str,
    *,
    more: Routes | None = None,
    **kw: Any,
) -> Case:
    """A case that is a per-feed error whose message contains `reason`."""
    return Case(name, family, _routes(name, route, more), "failed", reason, **kw)


def either(family: str, name: str, route: Route | bytes, **kw: Any) -> Case:
    """Stored or refused, both fine: what matters is that nothing unsafe is stored."""
    return Case(name, family, _routes(name, route, None), "either", **kw)


def redirect(location: str, status: int = 302) -> Route:
    return Route(b"", status=status, headers={"Location": location})


def coded(body: bytes, coding: str) -> Route:
    return Route(body, RSS, headers={"Content-Encoding": coding})


# -- the families --------------------------------------------------------------------------------


def escape_cases() -> list[Case]:
    """The issue's sequences (OSC 52, OSC 8, CSI 2J, DCS, C1 bytes, U+202E...) in every field of
    every format, raw and as character references; stored clean, shown clean."""
    xhtml = (
        f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{P}</p><img alt="{P}" src="/i.png"/></div>'
    )
    html_block = f"<h2>{P}</h2><ul><li>{P}</li></ul><pre>{P}</pre>"
    xml = {
        "rss-channel-title": rss(P, item("1")),
        "rss-item-title": rss("T", item("1", P)),
        "rss-item-title-cdata": rss("T", item("1", cdata(P))),
        "rss-description": rss("T", item("1", body=cdata(f"<p>{P}</p><p>{P}</p>"))),
        "rss-content-encoded": rss(
            "T", item("1", more=f"<content:encoded>{cdata(html_block)}</content:encoded>")
        ),
        "rss-dc-creator": rss("T", item("1", more=f"<dc:creator>{P}</dc:creator>")),
        "rss-author-email": rss("T", item("1", more=f"<author>x@example.org ({P})</author>")),
        "rss-category": rss("T", item("1", more=f"<category>{P}</category>")),
        "rss-link": rss("T", item("1", link=f"/story/one{P}")),
        "rss-guid": rss(
            "T", f"<item><guid>{P}</guid><title>guid</title><pubDate>{DATE}</pubDate></item>"
        ),
        "atom-feed-title": atom(P, entry("1")),
        "atom-entry-title": atom("T", entry("1", P)),
        "atom-author-name": atom(
            "T", entry("1", more=f"<author><name>{P}</name><uri>/a</uri></author>")
        ),
        "atom-author-uri": atom(
            "T", entry("1", more=f"<author><name>N</name><uri>/a{P}</uri></author>")
        ),
        "atom-summary": atom("T", entry("1", more=f"<summary>{P}</summary>")),
        "atom-content-html": atom(
            "T",
            entry(
                "1",
                more=f'<content type="html">{escape(f"<p>{P}</p><blockquote>{P}</blockquote>")}</content>',
            ),
        ),
        "atom-content-xhtml": atom(
            "T", entry("1", more=f'<content type="xhtml">{xhtml}</content>')
        ),
        "atom-category": atom("T", entry("1", more=f'<category term="{P}"/>')),
        "atom-link-href": atom("T", entry("1", link=f"/e/one{P}")),
        "rdf-title": rdf(P, rdf_item("/r/1", P)),
        "rdf-description": rdf("T", rdf_item("/r/1", more=f"<description>{P}</description>")),
        "rdf-creator": rdf("T", rdf_item("/r/1", more=f"<dc:creator>{P}</dc:creator>")),
    }
    one = [json_item("1", title="t")]
    jsons = {
        "json-feed-title": json_feed(P, one),
        "json-item-title": json_feed("T", [json_item("1", title=P)]),
        "json-url": json_feed("T", [json_item("1", title="t", url=f"/j/one{P}")]),
        "json-content-html": json_feed(
            "T", [json_item("1", title="t", content_html=f"<p>{P}</p><a href='/x'>{P}</a>")]
        ),
        "json-content-text": json_feed(
            "T", [json_item("1", title="t", content_text=f"{P}\n\n{P}")]
        ),
        "json-summary": json_feed(
            "T", [json_item("1", title="t", summary=P, content_html="<p>x</p>")]
        ),
        "json-author-name": json_feed(
            "T", [json_item("1", title="t", authors=[{"name": P, "url": "/a"}])]
        ),
        "json-author-url": json_feed(
            "T", [json_item("1", title="t", authors=[{"name": "N", "url": f"/a{P}"}])]
        ),
        "json-author-v1": json_feed("T", [json_item("1", title="t", author={"name": P})]),
        "json-tags": json_feed("T", [json_item("1", title="t", tags=[P, P])]),
        "json-id": json_feed("T", [{"id": P, "title": "t"}]),
    }
    raw_json = (
        '{"version": "https://jsonfeed.org/version/1", "title": "Raw \x1b[2J\x9b2J", "items": '
        f'[{{"id": "1", "title": "raw \x1b]52;c;{CLIPBOARD}\x07 \u202eend"}}]}}'
    ).encode()
    refs = (
        f"refs &#x9b;2J &#155;2J &#x9d;52;c;{C1_CLIPBOARD}&#x9c; &#8238;gnp.exe &#x202E; "
        "&#x85; &#x2066;x&#x2069;"
    )
    html_refs = f"<p>&#27;]52;c;{CLIPBOARD}&#7; &#x9b;2J &#155;2J &#8238;exe &#x202e; &rlm;&lrm; &#&#27;27;</p>"
    case = partial(stores, "escape")
    return [
        *(
            case(name, Route(body, RSS if name.startswith("rss") else ATOM))
            for name, body in xml.items()
        ),
        *(case(name, Route(body, JSON)) for name, body in jsons.items()),
        case("json-raw-controls", Route(raw_json, "application/json")),
        case("rss-c1-char-refs", rss(refs, item("1", refs))),
        # &#27; is not legal XML 1.0: read as the ESC it spells, the sequence goes whole.
        case(
            "rss-c0-char-refs",
            rss("T", item("1", f"refs &#27;]52;c;{CLIPBOARD}&#7; &#x1b;[2J end")),
        ),
        # Entities inside escaped HTML are decoded only when the article is rendered.
        case(
            "rss-html-entities",
            rss(
                "T",
                item(
                    "1",
                    escape("<b>&#27;[2J &#x9b;2J &#8238;gnp &rlm;x</b>"),
                    body=escape(html_refs),
                ),
            ),
        ),
        either(
            "escape",
            "atom-html-title-entities",
            Route(
                atom(
                    "T", entry("1", escape("<b>x</b> &#27;[2J &#x202e;rtl &#x9b;2J"), kind="html")
                ),
                ATOM,
            ),
        ),
        case(
            "rss-bidi-only",
            rss(
                f"Feed {BIDI}",
                item("1", f"Title {BIDI}", more=f"<dc:creator>{BIDI}name</dc:creator>"),
            ),
        ),
        case(
            "rss-c1-only", rss(f"Feed {C1}", item("1", f"Title {C1}", body=cdata(f"<p>{C1}</p>")))
        ),
    ]


def markup_cases(trap: str) -> list[Case]:
    """Strings that are Textual/Rich markup: shown literally, never parsed (no quit, no crash,
    no screenshot written into `trap`)."""
    strings = (*MARKUP, _screenshot(trap))
    titles = "".join(item(str(i), escape(text)) for i, text in enumerate(strings))
    creators = "".join(f"<dc:creator>{escape(s)}</dc:creator>" for s in strings[:4])
    channel = "[bold]Feed[/] Ship [/foo] now [@click=app.quit]q[/]"
    atom_doc = atom(
        escape("[/] atom [@click=app.quit]x[/]"),
        entry(
            "1",
            escape(MARKUP[0]),
            more=f"<author><name>{escape(MARKUP[1])}</name></author><summary>{escape(MARKUP[2])}</summary>",
        ),
    )
    json_doc = json_feed(
        MARKUP[4],
        [
            json_item(str(i), title=s, authors=[{"name": s}], content_text=s)
            for i, s in enumerate(strings)
        ],
    )
    paragraphs = "".join(
        f"<p>{escape(s)}</p><p><a href='/l{i}'>{escape(s)}</a></p>" for i, s in enumerate(strings)
    )
    case = partial(stores, "markup")
    return [
        case("markup-rss-titles", rss("Markup titles", titles), len(strings), present=strings),
        case("markup-channel-title", rss(escape(channel), item("1")), feed_title=channel),
        case("markup-authors", rss("T", item("1", more=creators)), present=strings[:4]),
        case("markup-atom", Route(atom_doc, ATOM), present=(MARKUP[0], MARKUP[1])),
        case("markup-json", Route(json_doc, JSON), len(strings), present=strings),
        case("markup-content", rss("T", item("1", "content", body=cdata(paragraphs)))),
        case(
            "markup-links", rss("T", item("1", "markup in a link", link="/s/[@click=app.quit]x[/]"))
        ),
    ]


def link_cases(base: str) -> list[Case]:
    """Only http(s) links are kept (relative ones resolve against the feed's URL): javascript:,
    file:, data: and vbscript: become no link at all."""

    def one(name: str, link: str, expected: str, fmt: str = "rss") -> Case:
        if fmt == "atom":
            route = Route(atom("T", entry("1", "link", link=link)), ATOM)
        elif fmt == "json":
            route = Route(json_feed("T", [json_item("1", title="link", url=link)]), JSON)
        else:
            route = Route(rss("T", item("1", "link", link=escape(link))), RSS)
        return stores("link", name, route, links=(expected,))

    content = (
        "<p><a href='javascript:alert(1)'>js</a> <a href='file:///etc/passwd'>file</a> "
        "<a href='data:text/html,x'>data</a> <a href='/ok'>relative</a> "
        "<a href='java&#x09;script:alert(1)'>entity</a> <a href=' JAVASCRIPT:alert(1)'>case</a> "
        "<img src='file:///etc/passwd' alt='f'> <img src='data:image/png;base64,AAAA' alt='d'></p>"
    )
    host = base.split("//", 1)[1]
    return [
        one("link-javascript", "javascript:alert(document.cookie)", ""),
        one("link-javascript-mixed-case", " JaVaScRiPt:alert(1)", ""),
        one("link-file", "file:///etc/passwd", ""),
        one("link-data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", ""),
        one("link-vbscript-atom", "vbscript:msgbox(1)", "", "atom"),
        one(
            "link-leading-dash",
            "-oProxyCommand=touch /tmp/pwned",
            f"{base}/c/-oProxyCommand=touch /tmp/pwned",
        ),
        one("link-relative-root", "/story/1", f"{base}/story/1"),
        one("link-relative-dir", "story/2", f"{base}/c/story/2"),
        one("link-relative-dotdot-atom", "../../x/3", f"{base}/x/3", "atom"),
        one("link-protocol-relative", f"//{host}/p/4", f"{base}/p/4"),
        one("link-relative-json", "/j/5", f"{base}/j/5", "json"),
        one("link-json-javascript", "javascript:alert(1)", "", "json"),
        one("link-ftp", "ftp://example.invalid/feed", ""),
        stores(
            "link",
            "link-in-content",
            rss("T", item("1", "links inside", body=cdata(content))),
            extra={"document_links": (f"{base}/ok",)},
        ),
    ]


def http_cases() -> list[Case]:
    """Misbehaving servers: bombs, stacked codings, slow bodies, bad redirects, lies."""
    good = rss("Target", item("t1") + item("t2"))
    zeros = b"\0" * (CAP * 4)
    bomb = gzip.compress(zeros, 9)

    def hops(name: str, count: int) -> dict[str, Route]:
        chain = {str(i): redirect(f"/c/{name}/{i + 1}") for i in range(1, count)}
        return {**chain, str(count): Route(good)}

    bomb_redirect = Route(
        bomb,
        status=302,
        headers={"Location": "/c/http-redirect-with-bomb-body/t", "Content-Encoding": "gzip"},
    )
    bad, ok = partial(fails, "http"), partial(stores, "http", new=2)
    return [
        bad("http-gzip-bomb", coded(bomb, "gzip"), "too large"),
        bad("http-deflate-bomb", coded(zlib.compress(zeros, 9), "deflate"), "too large"),
        bad("http-gzip-gzip", coded(gzip.compress(gzip.compress(good)), "gzip, gzip"), "stacked"),
        bad("http-brotli", coded(b"\x0b\x02\x80", "br"), "unsupported content-coding"),
        bad(
            "http-corrupt-gzip", coded(b"\x1f\x8b\x08\x00garbage-not-gzip", "gzip"), "corrupt gzip"
        ),
        bad(
            "http-declared-too-large",
            Route(good, headers={"Content-Length": str(CAP * 100)}, conditional=False),
            "too large",
        ),
        ok("http-redirect-with-bomb-body", bomb_redirect, more={"t": Route(good)}),
        bad("http-redirect-javascript", redirect("javascript:alert(1)"), "non-http(s)"),
        bad("http-redirect-file", redirect("file:///etc/passwd", 301), "non-http(s)"),
        bad("http-redirect-data", redirect("data:application/rss+xml,<rss/>", 307), "non-http(s)"),
        bad("http-redirect-loop", redirect("/c/http-redirect-loop"), "too many redirects"),
        bad(
            "http-redirect-six-hops",
            redirect("/c/http-redirect-six-hops/1"),
            "too many redirects",
            more=hops("http-redirect-six-hops", 6),
        ),
        ok(
            "http-redirect-five-hops",
            redirect("/c/http-redirect-five-hops/1"),
            more=hops("http-redirect-five-hops", 5),
        ),
        ok(
            "http-redirect-relative",
            redirect("http-redirect-relative/target"),
            more={"target": Route(good)},
        ),
        bad("http-drip", Route(good, drip=0.3), "timed out"),
        bad("http-stalled-headers", Route(good, delay=30), "timed out"),
        bad("http-500", Route(b"<rss/>", status=500), "HTTP 500"),
        bad("http-404", Route(b"nope", status=404), "HTTP 404"),
        bad("http-418", Route(b"x", status=418), "HTTP 418"),
        bad(
            "http-html-page",
            Route(b"<!doctype html><html><body>hi</body></html>", "text/html"),
            "HTML page",
        ),
        bad("http-empty", Route(b""), "empty document"),
        ok("http-wrong-content-type", Route(good, "image/png")),
        bad(
            "http-short-content-length",
            Route(good, headers={"Content-Length": "40"}, conditional=False),
            "truncated",
        ),
        bad("http-huge-header", Route(good, headers={"X-Junk": "a" * 200_000}), "network error"),
    ]


def bomb_cases(base: str) -> list[Case]:
    """Parser bombs: stopped by item caps, shaping and libxml2's limits, in bounded time, and no
    entity, DTD or XInclude ever fetched."""
    items = "".join(f"<item><guid>{i}</guid><title>t{i}</title></item>" for i in range(100_000))
    attrs = " ".join(f'a{i}="x"' for i in range(100_000))
    lol = "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    laughs = f'<!DOCTYPE rss [<!ENTITY a "lollollollollollollollollollol">{lol}]>'
    quadratic = f'<!DOCTYPE rss [<!ENTITY big "{"x" * 50_000}">]>'
    namespaces = " " + " ".join(f'xmlns:n{i}="urn:n{i}"' for i in range(300_000))
    authors = "".join(f"<author><name>a{i}</name></author>" for i in range(100_000))
    categories = "".join(f"<category>c{i}</category>" for i in range(100_000))
    many_json = json_feed("Many", [{"id": str(i), "title": f"t{i}"} for i in range(100_000)])
    json_authors = json_feed(
        "A", [json_item("1", title="t", authors=[{"name": f"a{i}"} for i in range(100_000)])]
    )
    deep_json = (
        b'{"version": "https://jsonfeed.org/version/1", "items": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}"
    )

    def fetched(name: str) -> tuple[str, dict[str, object]]:
        """The URL of a trap on the loopback server, and the expectation that it stays unhit."""
        return f"{base}/c/{name}/entity", {"never_hit": (f"/c/{name}/entity",)}

    ext, ext_kw = fetched("bomb-external-entity")
    dtd, dtd_kw = fetched("bomb-external-dtd")
    pe, pe_kw = fetched("bomb-parameter-entity")
    xi, xi_kw = fetched("bomb-xinclude")
    xinclude = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{xi}"/>'
    ok, bad = partial(stores, "bomb"), partial(fails, "bomb")
    return [
        ok("bomb-100k-items", rss("Many", items), 2000),
        ok(
            "bomb-100k-attributes",
            rss("Attrs", f"<item><guid>1</guid><title {attrs}>t</title></item>"),
        ),
        bad(
            "bomb-deep-nesting",
            rss("Deep", "<item><guid>1</guid><title>t</title>" + "<x>" * 100_000 + "</item>"),
            "too complex",
        ),
        bad(
            "bomb-billion-laughs",
            rss("Laughs &j;", item("1", "&j;", body="&j;"), head=laughs),
            "entity bomb",
            absent=("lol" * 40,),
        ),
        bad(
            "bomb-quadratic-blowup",
            rss("Quad", item("1", "&big;" * 200, body="&big;" * 200), head=quadratic),
            "entity bomb",
        ),
        ok(
            "bomb-external-entity",
            rss(
                "XXE &ext;",
                item("1", "&ext;"),
                head=f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "{ext}">]>',
            ),
            **ext_kw,
        ),
        ok(
            "bomb-external-dtd",
            rss("DTD", item("1"), head=f'<!DOCTYPE rss SYSTEM "{dtd}">'),
            **dtd_kw,
        ),
        either(
            "bomb",
            "bomb-parameter-entity",
            rss("PE", item("1"), head=f'<!DOCTYPE rss [<!ENTITY % pe SYSTEM "{pe}"> %pe;]>'),
            **pe_kw,
        ),
        ok("bomb-xinclude", rss("XI", item("1", more=xinclude)), **xi_kw),
        ok(
            "bomb-xxe-file",
            rss(
                "File &f;",
                item("1", "&f;", body="&f;"),
                head='<!DOCTYPE rss [<!ENTITY f SYSTEM "file:///etc/passwd">]>',
            ),
            absent=("root:x:0:0",),
        ),
        bad("bomb-300k-namespaces", rss("NS", item("1"), ns=namespaces), "too complex"),
        bad("bomb-json-deep", Route(deep_json, "application/json"), "malformed"),
        ok("bomb-json-100k-items", Route(many_json, "application/json"), 2000),
        ok("bomb-huge-title", rss("Huge", item("1", "x " * 2_000_000))),
        ok("bomb-100k-authors", Route(atom("Authors", entry("1", more=authors)), ATOM)),
        ok("bomb-100k-categories", rss("Cats", item("1", more=categories))),
        ok("bomb-json-100k-authors", Route(json_authors, "application/json")),
    ]


def encoding_cases() -> list[Case]:
    """Documents whose bytes and declarations disagree, or name codecs that are not charsets."""

    def doc(title: str, encoding: str = "") -> str:
        decl = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else ""
        return (
            f'{decl}<rss version="2.0"><channel><title>{title}</title>'
            f"<item><guid>1</guid><title>{title}</title><pubDate>{DATE}</pubDate></item></channel></rss>"
        )

    utf7 = doc(f"Caf+AOk- +ABs-]52;c;{CLIPBOARD}+AAc- +ICo-gnp", "utf-7").encode("ascii")
    latin1 = doc(f"Café \x9b2J \x9d52;c;{C1_CLIPBOARD}\x9c end", "iso-8859-1").encode("latin-1")
    json_latin1 = json_feed("Caf\xe9", [json_item("1", title="t")]).replace(b"\\u00e9", b"\xe9")
    wrong_types = {
        "version": 1,
        "title": {"nested": "object"},
        "home_page_url": ["list"],
        "items": [
            {
                "id": {"x": 1},
                "title": ["a"],
                "url": 5,
                "content_html": 7,
                "authors": "x",
                "tags": [1, {"a": 1}, "ok"],
            },
            {
                "id": 7,
                "title": "numeric id",
                "date_published": 12345,
                "authors": [{"name": 5}, {"name": "Real"}],
            },
            "not an item",
            None,
            {"id": True, "title": "bool id", "author": "not an object"},
        ],
    }

    def cafe(name: str, body: bytes, content_type: str = RSS, title: str = "Café") -> Case:
        """A document whose title, however encoded, must come out as `title`."""
        return stores("encoding", name, Route(body, content_type), feed_title=title)

    return [
        cafe("enc-utf7-smuggled-escape", utf7, title="Café gnp"),
        cafe("enc-latin1-c1-bytes", latin1, title="Café end"),
        cafe("enc-declared-zlib", doc("Café", "zlib").encode()),
        cafe("enc-declared-base64", doc("Café", "base64").encode()),
        cafe("enc-declared-bogus", doc("Café", "no-such-charset").encode()),
        cafe("enc-declared-utf16-utf8-body", doc("Café", "utf-16").encode()),
        cafe("enc-utf16-without-bom", doc("Café", "utf-16").encode("utf-16-le")),
        cafe("enc-utf16-with-bom", doc("Café").encode("utf-16")),
        cafe("enc-charset-header-base64", doc("Café").encode(), f"{RSS}; charset=base64"),
        cafe(
            "enc-invalid-utf8",
            doc("Caf\xe9 \u2019quoted\u2019").encode("cp1252"),
            title="Café ’quoted’",
        ),
        stores(
            "encoding",
            "enc-charset-header-lies",
            Route(doc("Новини").encode(), "text/xml; charset=windows-1251"),
        ),
        stores(
            "encoding",
            "enc-bad-char-refs",
            doc("T &#0; &#xD800; &#1234567890; &#xFFFE; ok").encode(),
        ),
        either("encoding", "enc-nul-bytes", doc("N\x00U\x00L").encode()),
        stores(
            "encoding",
            "enc-json-bom",
            Route(
                b"\xef\xbb\xbf" + json_feed("BOM", [json_item("1", title="t")]), "application/json"
            ),
        ),
        stores("encoding", "enc-json-latin1", Route(json_latin1, "application/json")),
        stores(
            "encoding",
            "enc-json-wrong-types",
            Route(json.dumps(wrong_types).encode(), "application/json"),
            2,
        ),
    ]


def date_cases() -> list[Case]:
    """Absurd dates: never an exception, never a story dated in the far future or before 1970."""
    absurd = [
        "Mon, 01 Jan 99999 00:00:00 GMT",
        "Mon, 01 Jan 2999 00:00:00 GMT",
        "-0001-01-01T00:00:00Z",
        "0000-00-00T00:00:00Z",
        "Thu, 31 Dec 1969 23:59:59 GMT",
        "Sat, 31 Dec 2016 23:59:60 GMT",
        "Fri, 20 Nov 2026 10:00:00 +9999",
        "2026-11-20T10:00:00.123456789123456789Z",
        "9" * 400,
        "not a date at all",
        "x" * 100_000,
        "",
    ]
    n = len(absurd)
    dated = list(enumerate(map(escape, absurd)))
    rss_items = "".join(
        f"<item><guid>{i}</guid><title>d{i}</title><pubDate>{d}</pubDate></item>" for i, d in dated
    )
    entries = "".join(
        f"<entry><id>{i}</id><title>d{i}</title><published>{d}</published><updated>{d}</updated></entry>"
        for i, d in dated
    )
    rdf_items = "".join(
        f'<item rdf:about="/r/{i}"><title>d{i}</title><dc:date>{d}</dc:date></item>'
        for i, d in dated
    )
    json_items = [
        {"id": str(i), "title": f"d{i}", "date_published": d, "date_modified": d}
        for i, d in enumerate(absurd)
    ]
    json_items += [
        {"id": "n1", "title": "number", "date_published": 99999999999999},
        {"id": "n2", "title": "object", "date_published": {"y": 2026}},
        {"id": "n3", "title": "negative", "date_published": -1},
    ]
    return [
        stores("date", "date-rss", rss("Dates", rss_items), n),
        stores("date", "date-atom", Route(atom("Dates", entries), ATOM), n),
        stores("date", "date-rdf", Route(rdf("Dates", rdf_items), "application/rdf+xml"), n),
        stores("date", "date-json", Route(json_feed("Dates", json_items), JSON), n + 3),
    ]


def import_cases(base: str) -> list[Case]:
    """Subscription lists: titles and tags cleaned, markup kept as text, and never a command,
    filter or non-http subscription; no entity fetched from an OPML file."""

    def url(name: str) -> str:
        return f"{base}/c/{name}"

    def outline(text: str, xml_url: str, **attrs: str) -> str:
        pairs = {"text": text, "xmlUrl": xml_url, **attrs}
        return "<outline " + " ".join(f"{k}={quoteattr(v)}" for k, v in pairs.items()) + "/>"

    commands = [
        "exec:~/bin/feed.sh",
        "filter:~/bin/f.sh:https://example.invalid/x",
        'query:Unread:unread = "yes"',
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://example.invalid/feed",
        "-oProxyCommand=sh",
        "|sh -c id",
    ]
    newsboat = (
        "# hostile urls file\nexec:~/bin/feed.sh\n\"exec:sh -c 'touch /tmp/pwned'\"\n"
        'filter:~/bin/f.sh:https://example.invalid/x\n"query:Unread:unread = \\"yes\\""\n'
        f'file:///etc/passwd\n{url("import-newsboat")} "~Title {P}" "[@click=app.quit]tag[/]" "{P}"\n'
    )
    folder = (
        f"<outline text={quoteattr('[red]folder[/] ' + P)}>"
        + outline(
            f"Feed {P} [@click=app.quit]x[/]",
            url("import-opml-titles-and-tags"),
            category="[red]tag[b]," + P,
        )
        + "</outline>"
    )
    entities = (
        f'<!DOCTYPE opml [<!ENTITY ext SYSTEM "{base}/c/import-opml-entities/entity">'
        '<!ENTITY f SYSTEM "file:///etc/passwd">]>'
    )
    hostile_urls = (
        outline("a", url("import-opml-hostile-urls"))
        + outline("b", url("import-opml-hostile-urls") + "\nexec:x")
        + outline("c", "  " + url("import-opml-hostile-urls") + " ; rm -rf ~")
    )
    newlines = outline(
        "Line one\nLine two\rthree", url("import-opml-hostile-newlines"), category="multi\nline"
    )

    def case(name: str, listing: bytes, **kw: Any) -> Case:
        """Subscribed by importing `listing`; the feed itself is ordinary."""
        return stores("import", name, rss(name, item("1")), listing=listing, **kw)

    return [
        # OPML categories are /-separated paths: markup with a slash goes in the folder name.
        case(
            "import-opml-titles-and-tags",
            opml(folder),
            present=("[@click=app.quit]x[/]", "[red]tag[b]", "[red]folder[/]"),
        ),
        case(
            "import-opml-commands",
            opml(
                "".join(outline("cmd", c) for c in commands)
                + outline("ok", url("import-opml-commands"))
            ),
            extra={"subscriptions": 1},
        ),
        case(
            "import-newsboat",
            newsboat.encode(),
            present=("[@click=app.quit]tag[/]",),
            extra={"subscriptions": 1},
        ),
        case(
            "import-opml-entities",
            opml(
                f"<outline text='&ext; &f;' xmlUrl={quoteattr(url('import-opml-entities'))}/>",
                entities,
            ),
            never_hit=("/c/import-opml-entities/entity",),
            absent=("root:x:0:0",),
        ),
        case("import-opml-hostile-urls", opml(hostile_urls), extra={"subscriptions": 1}),
        case("import-opml-hostile-newlines", opml(newlines), feed_title="Line one Line two three"),
    ]


def corpus(base: str, trap: str) -> list[Case]:
    """Every case, for a loopback server at `base`; markup attacks aim at the folder `trap`."""
    cases = [
        *escape_cases(),
        *markup_cases(trap),
        *link_cases(base),
        *http_cases(),
        *bomb_cases(base),
        *encoding_cases(),
        *date_cases(),
        *import_cases(base),
    ]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


if __name__ == "__main__":
    found = corpus("http://127.0.0.1:1", "/tmp/trap")
    print(f"{len(found)} cases")
    for family, count in Counter(c.family for c in found).items():
        print(f"  {family:10} {count}")
