"""The CLI end to end, in-process and as a real subprocess, against the loopback server."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import feedgen
from tests.support.server import LoopbackServer, Route
from tui_reader.cli import _opens_the_reader, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def serve_feeds(server: LoopbackServer, n: int) -> list[str]:
    urls = []
    for i in range(n):
        fmt = ["rss", "atom", "json"][i % 3]
        spec = feedgen.make_feed(server.url("/"), 4, seed=i, title=f"Feed number {i}")
        urls.append(
            server.add(f"/feed{i}", Route(feedgen.FORMATS[fmt](spec), feedgen.CONTENT_TYPES[fmt]))
        )
    return urls


def test_add_refresh_list_and_mark(
    server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = serve_feeds(server, 3)
    code, out, _ = run(capsys, "add", *urls, "--tag", "news")
    assert code == 0 and out.count("added") == 3 and "4 new stories" in out
    code, out, _ = run(capsys, "refresh", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["not_modified"] == 3 and doc["failed"] == 0 and doc["failures"] == []
    assert set(doc) >= {"feeds", "fetched", "not_modified", "failed", "new_stories", "failures"}
    code, out, _ = run(capsys, "feeds", "--json")
    feeds = json.loads(out)["feeds"]
    assert [f["title"] for f in feeds] == ["Feed number 0", "Feed number 1", "Feed number 2"]
    assert all(f["tags"] == ["news"] and f["unread"] == 4 and f["total"] == 4 for f in feeds)
    code, out, _ = run(capsys, "stories", "--feed", urls[1], "--json")
    stories = json.loads(out)["stories"]
    assert len(stories) == 4 and stories[0]["feed_url"] == urls[1]
    assert set(stories[0]) >= {
        "id",
        "feed_url",
        "title",
        "link",
        "authors",
        "published",
        "read",
        "starred",
    }
    assert stories[0]["authors"][0].startswith("Author 1-") and stories[0]["published"].endswith(
        "Z"
    )
    ids = [str(s["id"]) for s in stories[:2]]
    assert run(capsys, "mark", "--read", *ids)[0] == 0
    assert run(capsys, "mark", "--star", ids[0])[0] == 0
    code, out, _ = run(capsys, "stories", "--unread", "--json")
    assert len(json.loads(out)["stories"]) == 10
    code, out, _ = run(capsys, "stories", "--starred")
    assert code == 0 and len(out.splitlines()) == 1 and "*" in out
    assert run(capsys, "mark", "--read", "999999")[0] == 1


def test_add_discovers_the_feed_of_a_site(
    server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (feed_url,) = serve_feeds(server, 1)
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed0"></head><body>Hi</body></html>'
    site = server.add("/", Route(page, "text/html"))
    code, out, _ = run(capsys, "add", site)
    assert code == 0 and f"<{feed_url}>" in out and "found on" in out
    server.add("/plain", Route(b"<html><body>no feeds here</body></html>", "text/html"))
    code, _, err = run(capsys, "add", server.url("/plain"))
    assert code == 1 and "no feed found" in err


def test_opml_round_trip_is_lossless(
    server: LoopbackServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="World"><outline text="Kyiv &amp; more" xmlUrl="https://example.org/a.xml"/>'
        '<outline text="Deep"><outline text="B" xmlUrl="https://example.org/b.xml" category="tech"/></outline></outline>'
        '<outline text="Loose" xmlUrl="https://example.org/c.xml"/>'
        '<outline text="Bad" xmlUrl="file:///etc/passwd"/></body></opml>'
    )
    code, out, err = run(capsys, "import", str(opml))
    assert code == 0 and "imported 3 new feeds" in out and "file:///etc/passwd" in err
    code, exported, _ = run(capsys, "export")
    first = json.loads(run(capsys, "feeds", "--json")[1])["feeds"]
    assert {f["url"]: f["tags"] for f in first} == {
        "https://example.org/a.xml": ["World"],
        "https://example.org/b.xml": ["Deep", "World", "tech"],
        "https://example.org/c.xml": [],
    }
    other = tmp_path / "other"
    (tmp_path / "out.opml").write_text(exported)
    assert run(capsys, "--home", str(other), "import", str(tmp_path / "out.opml"))[0] == 0
    second = json.loads(run(capsys, "--home", str(other), "feeds", "--json")[1])["feeds"]
    strip = lambda fs: [(f["url"], f["title"], f["tags"]) for f in fs]  # noqa: E731
    assert strip(second) == strip(first)
    undated = lambda text: re.sub(r"<dateCreated>[^<]*</dateCreated>", "", text)  # noqa: E731
    assert undated(run(capsys, "--home", str(other), "export")[1]) == undated(exported)


def test_newsboat_urls_import(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    urls = tmp_path / "urls"
    urls.write_text(
        "# my feeds\n"
        'https://example.org/a.xml world "~Kyiv Daily" "long tag"\n'
        "https://example.org/b.xml tech !\n"
        '"query:Unread:unread = \\"yes\\""\n'
        "exec:~/bin/feed.sh\n"
        "filter:~/bin/f.sh:https://example.org/c.xml\n"
        "\n"
    )
    code, out, err = run(capsys, "import", str(urls))
    assert code == 0 and "imported 2 new feeds" in out and err.count("skipped") == 3
    feeds = json.loads(run(capsys, "feeds", "--json")[1])["feeds"]
    a = next(f for f in feeds if f["url"].endswith("a.xml"))
    assert a["title"] == "Kyiv Daily" and a["tags"] == ["long tag", "world"]


def test_exit_codes(server: LoopbackServer, capsys: pytest.CaptureFixture[str], home: Path) -> None:
    server.add("/gone", Route(b"x", status=404))
    code, _, _ = run(capsys, "refresh")
    assert code == 1  # nothing to refresh
    from tui_reader.core.paths import Paths
    from tui_reader.core.store import Store

    with Store(Paths.under(home).database) as store:
        store.add_feed(server.url("/gone"))
    code, out, _ = run(capsys, "refresh")
    assert code == 1 and "HTTP 404" in out  # every feed failed
    (feed_url,) = serve_feeds(server, 1)
    run(capsys, "add", feed_url)
    code, out, _ = run(capsys, "refresh")
    assert code == 0 and "1 failed" in out
    with pytest.raises(SystemExit) as usage:
        main(["mark", "1"])
    assert usage.value.code == 2
    Paths.under(home).database.write_bytes(b"garbage" * 1000)
    for wal in Paths.under(home).data_dir.glob("reader.db-*"):
        wal.unlink()
    code, _, err = run(capsys, "feeds")
    assert code == 3 and "damaged" in err and "Traceback" not in err


def test_home_option_and_environment_put_everything_in_one_place(tmp_path: Path) -> None:
    env = {**os.environ, "TUI_READER_HOME": str(tmp_path / "env-home")}
    subprocess.run([sys.executable, "-m", "tui_reader", "feeds"], env=env, check=True, timeout=60)
    assert (tmp_path / "env-home" / "data" / "reader.db").exists()
    subprocess.run(
        [sys.executable, "-m", "tui_reader", "--home", str(tmp_path / "flag"), "feeds"],
        env=env,
        check=True,
        timeout=60,
    )
    subprocess.run(
        [sys.executable, "-m", "tui_reader", "feeds", "--home", str(tmp_path / "after")],
        env=env,
        check=True,
        timeout=60,
    )
    assert (tmp_path / "flag" / "data" / "reader.db").exists()
    assert (tmp_path / "after" / "data" / "reader.db").exists()


def test_listing_is_safe_for_terminals(
    server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = (
        '<rss version="2.0"><channel><title>Evil\x1b]52;c;aGk=\x07 feed</title><item><guid>1</guid>'
        "<title>Clear \u009b2J screen \u202egnp.exe</title></item></channel></rss>"
    ).encode()
    run(capsys, "add", server.add("/evil", Route(doc)))
    _, out, _ = run(capsys, "stories")
    _, feeds_out, _ = run(capsys, "feeds")
    for text in (out, feeds_out):
        assert not any(ch in text for ch in "\x1b\x07\u009b\u202e")


@pytest.mark.parametrize(
    ("argv", "reader_only"),
    [
        ([], True),
        (["--offline", "--theme", "reader-light"], True),
        (["--home", "add", "--demo"], True),  # "add" is --home's value, not the command
        (["--home=/tmp/x"], True),
        (["add", "https://e.org/feed"], False),
        (["--home", "/tmp/x", "list"], False),
        (["--help"], False),
        (["-h"], False),
        (["--version"], False),
        (["--theme"], False),  # missing value: the full parser says so
    ],
)
def test_only_the_reader_skips_building_the_commands(argv: list[str], reader_only: bool) -> None:
    assert _opens_the_reader(argv) is reader_only


def test_the_collector_is_off_from_start_until_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up allocates much and frees little: collections then are pure cost."""
    import asyncio

    from tests.ui_support import sample_app
    from tui_reader.ui import app as app_module

    seen: list[bool] = []
    monkeypatch.setattr(app_module, "run", lambda **options: seen.append(gc.isenabled()) or 0)
    try:
        assert main(["--home", str(tmp_path), "--offline"]) == 0
        assert seen == [False]  # the reader starts with the collector off

        async def first_frame() -> bool:
            async with sample_app(tmp_path).run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                return gc.isenabled()

        assert asyncio.run(first_frame())  # and the app turns it on once it has drawn
    finally:
        gc.enable()
    assert main(["--home", str(tmp_path), "feeds", "--json"]) == 0
    assert gc.isenabled()  # commands never touch it


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("add", "refresh", "prefetch", "extract", "export"))
