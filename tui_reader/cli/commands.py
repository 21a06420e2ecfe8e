"""The CLI's commands. Each takes the parsed arguments and returns the exit status."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from tui_reader.cli.output import ProgressBar, day, iso, print_json, safe
from tui_reader.core.models import Feed, Story
from tui_reader.core.paths import Paths
from tui_reader.core.store import Store, StoryQuery

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def open_store(args: argparse.Namespace) -> Store:
    return Store(Paths.resolve(getattr(args, "home", None)).database)


def limits(args: argparse.Namespace, *, page: bool = False):
    """The fetch limits from config.toml (its problems are reported by `tui-reader config`)."""
    from tui_reader.core.config import load_settings
    from tui_reader.core.net import Limits

    paths = Paths.resolve(getattr(args, "home", None))
    return Limits.from_settings(load_settings(paths.config_file).settings, page=page)


def subscribed(store: Store, url: str) -> Feed | None:
    """The subscription at `url`, or None after saying it is not one."""
    feed = store.feed_by_url(url)
    if feed is None:
        err(f"not subscribed to {safe(url)}")
    return feed


def err(message: str) -> None:
    print(f"tui-reader: {message}", file=sys.stderr)


def cmd_add(args: argparse.Namespace) -> int:
    from tui_reader.core.feeds import FeedError
    from tui_reader.core.net import Fetcher, FetchError
    from tui_reader.core.subscribe import find_feed

    failures = 0
    with open_store(args) as store:

        async def add_all() -> None:
            nonlocal failures
            async with Fetcher(limits(args)) as fetcher:
                for url in args.urls:
                    if not url.lower().startswith(("http://", "https://")):
                        err(f"{safe(url)}: not an http(s) address")
                        failures += 1
                        continue
                    try:
                        found = await find_feed(fetcher, url)
                    except FetchError as error:
                        if not error.network_down:
                            err(f"{safe(url)}: {error}")
                            failures += 1
                            continue
                        store.add_feed(url, title=args.title, tags=args.tag)
                        print(f"added {url} (not checked: {error}; it will be fetched on refresh)")
                        continue
                    except FeedError as error:
                        err(f"{safe(url)}: {error}")
                        failures += 1
                        continue
                    feed, created = store.add_feed(found.url, title=args.title, tags=args.tag)
                    new, _ = store.store_feed(
                        feed,
                        found.parsed,
                        etag=found.response.etag,
                        last_modified=found.response.last_modified,
                        when=time.time(),
                    )
                    how = "added" if created else "already subscribed:"
                    via = f" (found on {url})" if found.url != url else ""
                    title = safe(found.parsed.title) or found.url
                    print(f"{how} {title} <{found.url}>{via}, {new} new stories")

        asyncio.run(add_all())
    return EXIT_FAILED if failures == len(args.urls) else EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if not store.remove_feed(args.url):
            err(f"not subscribed to {safe(args.url)}")
            return EXIT_FAILED
    print(f"removed {args.url}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from tui_reader.core.subscriptions import read_subscriptions

    if args.newsboat_cache:
        from tui_reader.cli.organise_cmds import import_newsboat_cache

        return import_newsboat_cache(args, args.newsboat_cache)
    if not args.file:
        err("give a FILE to import (OPML or a newsboat urls file), or --newsboat-cache PATH")
        return EXIT_USAGE

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
        result = read_subscriptions(data)
    except (OSError, ValueError) as error:
        err(f"{args.file}: {error}")
        return EXIT_FAILED
    added = 0
    with open_store(args) as store:
        for sub in result.subscriptions:
            _, created = store.add_feed(sub.url, title=sub.title, tags=sub.tags)
            added += created
    for line in result.skipped:
        err(f"skipped {safe(line, 300)}")
    known = len(result.subscriptions) - added
    print(f"imported {added} new feeds ({known} already subscribed, {len(result.skipped)} skipped)")
    return EXIT_OK if result.subscriptions or not result.skipped else EXIT_FAILED


def cmd_export(args: argparse.Namespace) -> int:
    from tui_reader.core.subscriptions import write_opml

    if args.starred:
        from tui_reader.cli.organise_cmds import export_starred

        return export_starred(args)

    with open_store(args) as store:
        sys.stdout.write(write_opml(store.feeds(counts=False)))
    return EXIT_OK


def cmd_refresh(args: argparse.Namespace) -> int:
    from tui_reader.core.refresh import refresh

    with open_store(args) as store:
        feeds = store.feeds(counts=False)
        if args.feed:
            wanted = set(args.feed)
            unknown = wanted - {f.url for f in feeds}
            if unknown:
                err("not subscribed: " + ", ".join(sorted(unknown)))
                return EXIT_USAGE
            feeds = [f for f in feeds if f.url in wanted]
        if not feeds:
            err(
                "no feeds to refresh: add some with `tui-reader add URL` or `tui-reader import FILE`"
            )
            return EXIT_FAILED
        bar = ProgressBar("refreshing") if not args.json else None
        progress = (
            (lambda done, total, outcome: bar.update(done, total, outcome.url)) if bar else None
        )
        try:
            summary = refresh(
                store, feeds, progress=progress, force=args.force, limits=limits(args)
            )
        finally:
            if bar:
                bar.close()
    if args.json:
        print_json(summary.as_json())
    else:
        if not args.quiet:
            print(
                f"{len(summary.outcomes)} feeds: {summary.count('fetched')} fetched, "
                f"{summary.count('not_modified')} not modified, {summary.count('failed')} failed, "
                f"{summary.count('skipped')} skipped; {summary.new} new stories, "
                f"{summary.updated} updated ({summary.seconds:.1f} s)"
            )
        for outcome in summary.failures:
            print(f"  failed  {outcome.url}  {safe(outcome.error or '', 300)}")
    return EXIT_FAILED if summary.all_failed else EXIT_OK


def feed_json(feed: Feed) -> dict[str, object]:
    return {
        "id": feed.id,
        "url": feed.url,
        "title": feed.title,
        "site_url": feed.site_url,
        "tags": list(feed.tags),
        "unread": feed.unread,
        "total": feed.total,
        "last_fetch": iso(feed.last_fetch),
        "last_error": feed.last_error,
    }


def cmd_feeds(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        feeds = store.feeds()
    if args.json:
        print_json({"feeds": [feed_json(f) for f in feeds]})
        return EXIT_OK
    for feed in feeds:
        tags = " ".join(f"#{t}" for t in feed.tags)
        error = f"  ! {safe(feed.last_error, 200)}" if feed.last_error else ""
        print(
            f"{feed.unread:>5} {feed.total:>6}  {safe(feed.display_title, 60)}  <{feed.url}>  {tags}{error}".rstrip()
        )
    return EXIT_OK


def story_json(story: Story) -> dict[str, object]:
    return {
        "id": story.id,
        "feed_url": story.feed_url,
        "feed_title": story.feed_title,
        "title": story.title,
        "link": story.link,
        "authors": list(story.authors),
        "published": iso(story.published),
        "read": story.read,
        "starred": story.starred,
    }


def cmd_stories(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        feed_id = None
        if args.feed:
            feed = subscribed(store, args.feed)
            if feed is None:
                return EXIT_USAGE
            feed_id = feed.id
        query = StoryQuery(feed_id=feed_id, unread=args.unread, starred=args.starred)
        if args.search:
            from tui_reader.core.search import parse_query

            parsed = parse_query(args.search)
            for problem in parsed.problems:
                err(problem)
            query = StoryQuery(
                **{
                    **parsed.query.__dict__,
                    "feed_id": feed_id,
                    "unread": args.unread or parsed.query.unread,
                    "starred": args.starred or parsed.query.starred,
                }
            )
        limit = args.limit if args.limit is not None else -1
        stories = store.stories(query, limit=limit)
    if args.json:
        print_json({"stories": [story_json(s) for s in stories]})
        return EXIT_OK
    for story in stories:
        flags = ("N" if not story.read else " ") + ("*" if story.starred else " ")
        print(
            f"{story.id:>7} {flags} {day(story.published or story.first_seen)}  "
            f"{safe(story.feed_title, 24):<24}  {safe(story.title, 120)}"
        )
    return EXIT_OK


def cmd_mark(args: argparse.Namespace) -> int:
    changes = {
        "read": {"read": True},
        "unread": {"read": False},
        "star": {"starred": True},
        "unstar": {"starred": False},
    }
    flag = next(name for name in changes if getattr(args, name))
    with open_store(args) as store:
        found = store.mark(args.ids, **changes[flag])
    if found < len(set(args.ids)):
        err(f"{len(set(args.ids)) - found} of the ids are not in the cache")
        return EXIT_FAILED
    return EXIT_OK
