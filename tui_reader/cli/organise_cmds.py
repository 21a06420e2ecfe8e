"""`tag`, `smart`, `filter`, `feed-settings`, `export --starred` and `import --newsboat-cache`."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from tui_reader.cli.commands import err, open_store, subscribed
from tui_reader.cli.output import iso, print_json, safe
from tui_reader.core.blocks import html_to_document

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_tag(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        feed = subscribed(store, args.url)
        if feed is None:
            return EXIT_USAGE
        tags = set(feed.tags)
        if args.tags:
            tags = set(args.tags)
        tags |= set(args.add)
        tags -= set(args.remove)
        if args.tags or args.add or args.remove:
            store.set_tags(feed.id, tags)
        shown = store.feed(feed.id)
    print(" ".join(shown.tags) if shown else "")
    return EXIT_OK


def cmd_smart(args: argparse.Namespace) -> int:
    from tui_reader.core.search import parse_query
    from tui_reader.core.store import StoryQuery

    with open_store(args) as store:
        if args.action == "add":
            if not args.name or not args.query:
                err("usage: tui-reader smart add NAME QUERY")
                return EXIT_USAGE
            parsed = parse_query(args.query)
            for problem in parsed.problems:
                err(problem)
            store.save_smart_feed(args.name, args.query)
        elif args.action == "remove" and not store.remove_smart_feed(args.name or ""):
            err(f"no smart feed named {safe(args.name or '')}")
            return EXIT_FAILED
        feeds = []
        for smart in store.smart_feeds():
            query = parse_query(smart.query).query
            feeds.append(
                {
                    "name": smart.name,
                    "query": smart.query,
                    "total": store.count(query),
                    "unread": store.count(StoryQuery(**{**query.__dict__, "unread": True})),
                }
            )
    if args.json:
        print_json({"smart_feeds": feeds})
    else:
        for item in feeds:
            print(
                f"{item['unread']:>5} {item['total']:>6}  {safe(item['name'], 60)}  ({safe(item['query'], 200)})"
            )
    return EXIT_OK


def cmd_filter(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.action == "add":
            feed_id = None
            if args.feed:
                feed = store.feed_by_url(args.feed)
                if feed is None:
                    err(f"not subscribed to {safe(args.feed)}")
                    return EXIT_USAGE
                feed_id = feed.id
            try:
                rule = store.add_filter(
                    args.field, args.pattern or "", regex=args.regex, feed_id=feed_id
                )
            except ValueError as error:
                err(str(error))
                return EXIT_USAGE
            print(f"filter {rule.id} hides {rule.hidden} stories")
        elif args.action in ("remove", "enable", "disable"):
            if args.id is None or args.id not in {f.id for f in store.filters()}:
                err("give the id of an existing filter (tui-reader filter list)")
                return EXIT_USAGE
            if args.action == "remove":
                print(f"{store.remove_filter(args.id)} stories shown again")
            else:
                store.enable_filter(args.id, args.action == "enable")
        rules = store.filters()
        urls = {f.id: f.url for f in store.feeds(counts=False)}
    if args.json:
        print_json(
            {
                "filters": [
                    {
                        "id": r.id,
                        "feed_url": urls.get(r.feed_id) if r.feed_id else None,
                        "field": r.field,
                        "pattern": r.pattern,
                        "regex": r.regex,
                        "enabled": r.enabled,
                        "hidden": r.hidden,
                    }
                    for r in rules
                ]
            }
        )
    elif args.action == "list":
        for r in rules:
            where = urls.get(r.feed_id, "") if r.feed_id else "all feeds"
            kind = "regex" if r.regex else "words"
            state = "" if r.enabled else "  (disabled)"
            print(
                f"{r.id:>4}  {r.field}:{kind} {safe(r.pattern, 100)!r}  on {where}: hides {r.hidden}{state}"
            )
    return EXIT_OK


def cmd_feed_settings(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        feed = subscribed(store, args.url)
        if feed is None:
            return EXIT_USAGE
        changes: dict[str, object] = {}
        for key in ("refresh_minutes", "item_limit", "keep_days"):
            value = getattr(args, key)
            if value is not None:
                changes[key] = value or None
        if args.fulltext is not None:
            changes["fulltext"] = args.fulltext == "on"
        if changes:
            store.set_feed_settings(feed.id, **changes)
        feed = store.feed(feed.id)
    assert feed is not None
    doc = {
        "url": feed.url,
        "refresh_minutes": feed.refresh_minutes,
        "item_limit": feed.item_limit,
        "fulltext": feed.fulltext,
        "keep_days": feed.keep_days,
    }
    if args.json:
        print_json(doc)
    else:
        for key, value in doc.items():
            print(f"{key:<16} {'default' if value is None else value}")
    return EXIT_OK


def export_starred(args: argparse.Namespace) -> int:
    from tui_reader.core.store import StoryQuery

    with open_store(args) as store:
        stories = store.stories(StoryQuery(starred=True), limit=-1, bodies=True)
        items = []
        for story in stories:
            text = store.fulltext(story.id)
            body = (
                text.html
                if text and text.status == "full" and text.html
                else story.content or story.summary
            )
            doc = html_to_document(body, story.link)
            authors = [
                {"name": a.name, "role": a.role, "url": a.url}
                for a in store.story_authors(story.id)
            ]
            items.append((story, doc, authors))
    if args.format == "json":
        print_json(
            {
                "stories": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "link": s.link,
                        "feed_title": s.feed_title,
                        "feed_url": s.feed_url,
                        "published": iso(s.published),
                        "authors": a,
                        "text": d.plain,
                        "links": d.links,
                    }
                    for s, d, a in items
                ]
            }
        )
        return EXIT_OK
    out = sys.stdout
    out.write("# Starred stories\n\n")
    for story, doc, authors in items:
        title = _md(safe(story.title, 500)) or "(untitled)"
        out.write(f"## [{title}]({_md_url(story.link)})\n\n" if story.link else f"## {title}\n\n")
        meta = [safe(story.feed_title, 200), iso(story.published) or ""]
        if authors:
            meta.insert(0, "By " + ", ".join(_md(safe(a["name"], 200)) for a in authors))
        out.write("*" + " · ".join(m for m in meta if m) + "*\n\n")
        out.write(_md(doc.plain).replace("\n\n", "\n\n") + "\n\n")
    return EXIT_OK


def _md(text: str) -> str:
    """Markdown-inert text: a stranger's brackets, stars and backticks do not become markup."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def import_newsboat_cache(args: argparse.Namespace, path: str) -> int:
    """Read and starred (flagged) state from newsboat's cache.db, for the stories we can match."""
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = source.execute(
            "SELECT i.feedurl, i.guid, i.url, i.unread, i.flags FROM rss_item i"
        ).fetchall()
    except sqlite3.Error as error:
        err(f"{path}: not a newsboat cache: {error}")
        return EXIT_FAILED
    matched = read = starred = 0
    with open_store(args) as store:
        feeds = {f.url: f.id for f in store.feeds(counts=False)}
        to_read: list[int] = []
        to_star: list[int] = []
        for feed_url, guid, link, unread, flags in rows:
            feed_id = feeds.get(feed_url)
            found = store.db.execute(
                "SELECT id FROM stories WHERE (feed_id = ? OR ? IS NULL) AND (guid = ? OR (link != '' AND link = ?)) LIMIT 1",
                (feed_id, feed_id, guid or "", link or ""),
            ).fetchone()
            if found is None:
                continue
            matched += 1
            if not unread:
                to_read.append(found[0])
            if (flags or "").strip():  # newsboat's flagged articles: any flag letter set
                to_star.append(found[0])
        read = store.mark(to_read, read=True) if to_read else 0
        starred = store.mark(to_star, starred=True) if to_star else 0
    print(
        json.dumps(
            {
                "newsboat_items": len(rows),
                "matched": matched,
                "marked_read": read,
                "starred": starred,
            }
        )
        if args.json
        else f"{len(rows)} newsboat items: {matched} matched, {read} marked read, {starred} starred"
    )
    return EXIT_OK
