"""Search on 100,000 stories: the issue #9 target is a median FTS query under 50 ms.

    python -m benchmarks.search [--stories 100000] [--runs 10] [--corpus generated,zipf]

Each keystroke in the search box runs a count and the first page of the list
(`StoryList.count_rows` and `fetch_rows`), so every query is timed three ways: `Store.count`,
`Store.stories(limit=100)`, and the two together. Queries go through `parse_query`, with
`prefix=True` where the user is still typing, as the search box does.

Two corpora of the same size, feeds, dates, tags and read flags (`benchmarks.stores`):

* `generated`: `build_store(search=True)` as the other benchmarks use it. Its 39-word vocabulary
  puts every word in about 70% of the stories, so a one-word query matches 70,000 rows: the worst
  case for counting, not a typical one.
* `zipf`: the same store with titles and summaries redrawn from a 3,000-word vocabulary with
  Zipf frequencies (`benchmarks.story_pages`), so that a common, a middling and a rare word
  match about 24%, 2.8% and 0.2% of the stories, as words in news text do.

One untimed pass over all the queries comes first, so the figures are for a warm page cache (the
user's second keystroke onwards).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import report
from benchmarks.refresh import load_note
from benchmarks.stores import NEWEST, build_store
from benchmarks.story_pages import WORDS as ZIPF_WORDS
from benchmarks.story_pages import sentence, words
from tui_reader.core.search import parse_query
from tui_reader.core.store import Store, StoryQuery
from tui_reader.core.store.search_index import backfill

TARGET_MS = 50.0
PAGE = 100


def zipf_store(path: Path, stories: int) -> Path:
    """`build_store`'s store with titles and summaries drawn from the Zipf vocabulary."""
    build_store(path, stories)
    rng = random.Random(7)
    with Store(path) as store:
        ids = [
            row[0] for row in store.db.execute("SELECT id FROM stories WHERE title != ?", (NEWEST,))
        ]
        with store.writing() as db:
            db.executemany(
                "UPDATE stories SET title = ?, summary = ? WHERE id = ?",
                ((sentence(rng, 8)[:-1], words(rng, 40), i) for i in ids),
            )
            backfill(db)
        store.db.execute("ANALYZE")
    return path


def queries(common: str, middling: str, rare: str, phrase: str) -> list[tuple[str, bool]]:
    """(text, still typing) pairs: what people type into the search box."""
    return [
        (common, False),
        (rare, False),
        (NEWEST.split()[1].lower(), False),  # one story in the whole store
        (f"{common} {middling}", False),
        (f'"{phrase}"', False),
        (common[:1], True),  # as-you-type: the first letters of a word
        (common[:3], True),
        (middling, True),  # the whole word typed, no space yet: still a prefix
        (f"unread tag:world since:7d {common}", False),
        (f"unread {middling} {rare}", False),
        ("zqxj", False),  # no match
    ]


def zipf_words() -> tuple[str, str, str, str]:
    """Words of the Zipf vocabulary by rank (20th, 200th, 2,500th; a phrase of the 6th and
    10th), each the first of six letters or more from there, so that the as-you-type prefixes
    are not also whole common words."""

    def at(rank: int) -> str:
        return next(word for word in ZIPF_WORDS[rank:] if len(word) >= 6)

    return at(20), at(200), at(2500), f"{at(5)} {at(10)}"


CORPORA: dict[str, tuple[Callable[[Path, int], Path], list[tuple[str, bool]]]] = {
    "generated": (
        lambda path, n: build_store(path, n, search=True),
        queries("harbour", "council", "museum", "river bridge"),
    ),
    "zipf": (zipf_store, queries(*zipf_words())),
}


def time_query(store: Store, query: StoryQuery, runs: int) -> tuple[list[float], list[float], int]:
    """Seconds per count and per first page, over `runs` runs; and the number of matches."""
    counts, pages, found = [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        found = store.count(query)
        counts.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.stories(query, limit=PAGE)
        pages.append(time.perf_counter() - started)
    return counts, pages, found


def measure(name: str, stories: int, runs: int, folder: Path) -> list[float]:
    """Build the corpus's store, time every query; the per-keystroke medians, in seconds."""
    build, texts = CORPORA[name]
    started = time.perf_counter()
    path = build(folder / f"{name}.db", stories)
    print(f"\n{name}: {stories:,} stories, built with the search index in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    keystrokes, counts, pages = [], [], []
    with Store(path) as store:
        parsed = [parse_query(text, prefix=typing).query for text, typing in texts]
        for query in parsed:  # the untimed pass
            time_query(store, query, 1)
        for (text, typing), query in zip(texts, parsed, strict=True):
            count, page, found = time_query(store, query, runs)
            label = f"{text}{'|' if typing else ''}"[:34]
            print(f"  {label!r:<36} {found:>7,} matches  FTS: {query.text!r}")
            counts.append(report("    count", count, "ms", 1000))
            pages.append(report(f"    first page of {PAGE}", page, "ms", 1000))
            both = [c + p for c, p in zip(count, page, strict=True)]
            keystrokes.append(report("    count + first page (a keystroke)", both, "ms", 1000))
    for label, values in (("count", counts), ("first page", pages), ("keystroke", keystrokes)):
        med = statistics.median(values)
        verdict = "meets" if med < TARGET_MS else "misses"
        print(f"  {name}: median over the queries, {label}: {med:.1f} ms "
              f"({verdict} the {TARGET_MS:g} ms target); worst {max(values):.1f} ms")  # fmt: skip
    return keystrokes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--corpus", default="generated,zipf", help=f"any of {', '.join(CORPORA)}")
    args = ap.parse_args()
    names = [n.strip() for n in args.corpus.split(",") if n.strip()]
    if args.stories < 1 or args.runs < 1 or not set(names) <= set(CORPORA):
        ap.error(f"--stories and --runs must be positive; --corpus from {', '.join(CORPORA)}")
    print(load_note("at start", flag=True))
    print(f"{args.runs} timed runs per query, after one untimed pass; '|' marks a query typed "
          "so far (its last word is a prefix)")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="tui-reader-search-") as folder:
        for name in names:
            measure(name, args.stories, args.runs, Path(folder))
    print(load_note("at end"))


if __name__ == "__main__":
    main()
