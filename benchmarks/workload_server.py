"""Serve a generated workload on 127.0.0.1 for trying the reader by hand or timing it:

    python -m benchmarks.workload_server --feeds 50 --items 20 --port 8765 --opml /tmp/feeds.opml

N feeds (RSS, Atom, JSON Feed and RDF mixed; ETag, Last-Modified and gzip on) and a story page with
a picture for every item. Writes an OPML file of the feeds for `tui-reader import`. Ctrl+C stops it.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.common import ROOT  # noqa: F401 - puts the repo root on sys.path
from tests.support import feedgen
from tests.support.pages import article_page, png
from tests.support.server import LoopbackServer, Route


def publish(server: LoopbackServer, feeds: int, items: int) -> list[str]:
    urls = []
    formats = ("rss", "atom", "json", "rdf")
    for n in range(feeds):
        fmt = formats[n % len(formats)]
        spec = feedgen.make_feed(server.url("/"), items, seed=n)
        for i, item in enumerate(spec.items):
            picture = f"/img/{n}/{i}.png"
            server.add(picture, Route(png(shade=n + i), "image/png"))
            server.add(
                item.link.removeprefix(server.base),
                Route(article_page(item, image=picture), "text/html; charset=utf-8", gzip=True),
            )
        urls.append(
            server.add(
                f"/feeds/{n}.{fmt}",
                Route(feedgen.FORMATS[fmt](spec), feedgen.CONTENT_TYPES[fmt], gzip=True),
            )
        )
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--opml", default="feeds.opml")
    args = parser.parse_args()
    server = LoopbackServer(latency=args.latency_ms / 1000, port=args.port).start()
    urls = publish(server, args.feeds, args.items)
    with open(args.opml, "w", encoding="utf-8") as handle:
        handle.write(
            '<?xml version="1.0"?><opml version="2.0"><head><title>workload</title></head><body>'
        )
        for n, url in enumerate(urls):
            handle.write(
                f'<outline text="Feed {n}" xmlUrl="{url}" category="{"world" if n % 2 else "tech"}"/>'
            )
        handle.write("</body></opml>\n")
    print(
        f"serving {len(urls)} feeds x {args.items} items on {server.base}; OPML: {args.opml}",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
