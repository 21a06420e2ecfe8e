"""fastfeedparser against feedparser on our own generated feeds, and on broken ones.

    python benchmarks/parsers.py [--feeds 500] [--items 50] [--runs 3]

feedparser is optional (`pip install feedparser`); without it only our parser is timed.
"""

from __future__ import annotations

import argparse
import importlib.util

from benchmarks.common import report, timed
from tests.support import feedgen
from tui_reader.core.feeds import FeedError, parse_feed

BROKEN = {
    "bad character reference": b"<rss version='2.0'><channel><title>&#xD800;</title><item><guid>1</guid><title>a&#99999999;</title></item></channel></rss>",
    "malformed JSON Feed": b'{"version": "https://jsonfeed.org/version/1", "items": "x"}',
    "truncated": b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>cut",
    "entity bomb": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><rss version="2.0"><channel><title>&e;</title><item><guid>1</guid></item></channel></rss>',
    "html page": b"<!doctype html><html><body>not a feed</body></html>",
    "binary": bytes(range(256)),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    docs = []
    for i in range(args.feeds):
        fmt = ("rss", "atom", "json", "rdf")[i % 4]
        docs.append(
            feedgen.FORMATS[fmt](feedgen.make_feed("https://example.org/", args.items, seed=i))
        )
    size = sum(map(len, docs)) / 1e6
    print(f"{args.feeds} feeds x {args.items} items, {size:.1f} MB")
    ours = report(
        "tui_reader.core.feeds.parse_feed (fastfeedparser)",
        timed(lambda: [parse_feed(d) for d in docs], args.runs),
    )
    if importlib.util.find_spec("feedparser"):
        import feedparser

        theirs = report(
            "feedparser.parse",
            timed(lambda: [feedparser.parse(d) for d in docs], max(1, args.runs // 3)),
        )
        print(f"ratio feedparser / ours: {theirs / ours:.1f}x")
    print("\nbroken documents (ours must raise FeedError or parse, never anything else):")
    for name, doc in BROKEN.items():
        try:
            parsed = parse_feed(doc)
            outcome = f"parsed, {len(parsed.entries)} items, title {parsed.title[:30]!r}"
        except FeedError as error:
            outcome = f"FeedError: {error}"
        print(f"  {name:<26} {outcome}")


if __name__ == "__main__":
    main()
