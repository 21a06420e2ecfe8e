"""`prefetch`, `show` and `cache`: reading offline from the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys

from tui_reader.cli.commands import err, limits, open_store
from tui_reader.cli.output import ProgressBar, iso, print_json, safe
from tui_reader.core.paths import Paths

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_prefetch(args: argparse.Namespace) -> int:
    from tui_reader.core.offline import prefetch

    paths = Paths.resolve(getattr(args, "home", None))
    with open_store(args) as store:
        feed_ids = None
        if args.feed:
            found = {f.url: f.id for f in store.feeds(counts=False)}
            unknown = [u for u in args.feed if u not in found]
            if unknown:
                err("not subscribed: " + ", ".join(unknown))
                return EXIT_USAGE
            feed_ids = [found[u] for u in args.feed]
        bar = None if args.json else ProgressBar("prefetch")
        labels = {"refresh": "refreshing", "stories": "full texts"}

        def progress(phase: str, done: int, total: int) -> None:
            if bar:
                bar.label = labels.get(phase, phase)
                bar.update(done, total)

        try:
            summary = asyncio.run(
                prefetch(
                    store,
                    paths.cache_dir,
                    feed_ids=feed_ids,
                    since_days=args.since,
                    max_mb=args.max_mb,
                    images=args.images,
                    limits=limits(args),
                    page_limits=limits(args, page=True),
                    progress=progress,
                )
            )
        except KeyboardInterrupt:
            if bar:
                bar.close()
            print(
                "prefetch interrupted: what was fetched is kept; run it again to go on",
                file=sys.stderr,
            )
            return 130
        finally:
            if bar:
                bar.close()
    if args.json:
        print_json(summary.as_json())
    else:
        doc = summary.as_json()
        print(
            f"{doc['ready_offline']} of {summary.candidates} unread or starred stories readable "
            f"offline in full ({summary.fetched} fetched now, {summary.with_images} with pictures, "
            f"{summary.images} pictures); cache {doc['megabytes_used']} MB; {summary.seconds:.1f} s"
        )
        if summary.budget_reached:
            print(f"stopped at the {args.max_mb:g} MB budget")
        if summary.network_down:
            print("the network is unreachable: nothing more could be fetched")
        for story_id, title, reason in summary.failures:
            print(f"  failed  {story_id:>7}  {safe(title, 60)}: {safe(reason, 200)}")
    return EXIT_FAILED if summary.network_down and not summary.already else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from tui_reader.core.blocks import html_to_document

    with open_store(args) as store:
        story = store.story(args.id)
        if story is None:
            err(f"no story {args.id} in the cache")
            return EXIT_FAILED
        text = store.fulltext(story.id)
        full = text is not None and text.status == "full" and bool(text.html)
        doc = html_to_document(
            text.html if full and text else story.content or story.summary, story.link
        )
        authors = store.story_authors(story.id)
        images = store.story_images(story.id)
    reason = "" if full else (text.reason if text else "full text not downloaded")
    if args.json:
        print_json(
            {
                "id": story.id,
                "title": story.title,
                "link": story.link,
                "feed_title": story.feed_title,
                "feed_url": story.feed_url,
                "published": iso(story.published),
                "authors": [
                    {"name": a.name, "role": a.role, "bio": a.bio, "url": a.url} for a in authors
                ],
                "full_text": full,
                "reason": reason,
                "word_count": doc.word_count,
                "text": doc.plain,
                "links": doc.links,
                "read": story.read,
                "starred": story.starred,
                "images": [{"url": i.url, "path": i.path, "status": i.status} for i in images],
            }
        )
        return EXIT_OK
    print(safe(story.title, 2_000))
    if story.authors:
        print("By " + ", ".join(safe(a, 200) for a in story.authors))
    print(
        " · ".join(p for p in (safe(story.feed_title), iso(story.published) or "", story.link) if p)
    )
    print("[full text]" if full else f"[the feed's text: {safe(reason, 200)}]")
    print()
    print(doc.plain.replace("\x1b", ""))
    if doc.links:
        print("\nLinks")
        for number, url in enumerate(doc.links, 1):
            print(f"[{number}] {url}")
    return EXIT_OK


def cmd_cache(args: argparse.Namespace) -> int:
    from tui_reader.core.config import load_settings
    from tui_reader.core.store.retention import prune

    paths = Paths.resolve(getattr(args, "home", None))
    settings = load_settings(paths.config_file).settings
    with open_store(args) as store:
        pruned = None
        if args.prune:
            pruned = prune(
                store.db,
                paths.cache_dir,
                keep_days=settings.keep_days,
                keep_per_feed=settings.keep_per_feed,
                max_bytes=settings.cache_max_mb * 1024 * 1024,
            )
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.db.execute("VACUUM")
        sizes = store.cache_bytes()
        full, pictures = store.offline_counts()
        stories = store.count()
    mb = {k: round(v / 1024 / 1024, 2) for k, v in sizes.items()}
    if args.json:
        doc: dict[str, object] = {
            "megabytes": mb,
            "total_megabytes": round(sum(mb.values()), 2),
            "stories": stories,
            "full_texts": full,
            "with_images": pictures,
        }
        if pruned:
            doc["pruned"] = pruned.__dict__
        print_json(doc)
        return EXIT_OK
    print(f"database    {mb['database']:>9.2f} MB  ({stories} stories)")
    print(f"full texts  {mb['full_texts']:>9.2f} MB  ({full} stories readable in full)")
    print(f"images      {mb['images']:>9.2f} MB  ({pictures} stories with pictures)")
    print(f"total       {sum(mb.values()):>9.2f} MB  in {paths.data_dir} and {paths.cache_dir}")
    if pruned:
        print(
            f"pruned: {pruned.stories} stories, {pruned.full_texts} full texts, "
            f"{pruned.images} pictures, {pruned.files} files (starred stories are kept)"
        )
    return EXIT_OK
