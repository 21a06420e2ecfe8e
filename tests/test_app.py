"""The reader driven through Pilot: every key that changes state, on the sample edition."""

from __future__ import annotations

from pathlib import Path

from tests.ui_support import sample_app
from tui_reader.core.store import StoryQuery
from tui_reader.ui.screens.main import MainScreen


async def test_wide_layout_shows_four_panes_and_opens_stories(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        for pane in ("#feeds", "#stories", "#article", "#author"):
            assert screen.query_one(pane).display and screen.query_one(pane).region.width > 0
        assert screen.query_one("#article").region.width >= 60  # readable width
        assert app.focused is screen.stories
        await pilot.press("j", "j")
        chosen = screen.stories.current
        assert screen.stories.cursor == 2 and chosen is not None
        await pilot.press("enter")
        assert screen.article.story is not None and screen.article.story.id == chosen.id
        assert app.store.story(chosen.id).read  # in the store at once
        assert app.focused is screen.article


async def test_g_and_G_move_to_the_ends(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        stories = app.screen.stories
        await pilot.press("G")
        assert stories.cursor == stories.total - 1
        await pilot.press("g")
        assert stories.cursor == 0
        await pilot.press("k")
        assert stories.cursor == 0


async def test_toggle_read_and_star(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        story = app.screen.stories.current
        await pilot.press("m")
        assert app.store.story(story.id).read
        await pilot.press("m")
        assert not app.store.story(story.id).read
        await pilot.press("s")
        assert app.store.story(story.id).starred
        assert app.screen.feeds.rows[2].label == "Starred" and app.screen.feeds.rows[2].unread == 1


async def test_mark_all_read_and_undo(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        total = app.store.count()
        await pilot.press("A")
        assert app.store.count(StoryQuery(unread=True)) == 0
        assert app.screen.feeds.rows[0].unread == 0
        await pilot.press("u")
        assert app.store.count(StoryQuery(unread=True)) == total
        assert app.screen.feeds.rows[0].unread == total


async def test_feed_selection_filters_the_story_list(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("shift+tab")  # to the feed list
        assert app.focused is screen.feeds
        feed_row = next(i for i, r in enumerate(screen.feeds.rows) if r.kind == "feed")
        for _ in range(feed_row):
            await pilot.press("j")
        await pilot.pause()
        row = screen.feeds.rows[feed_row]
        assert screen.stories.query_.feed_id == row.feed.id
        assert screen.stories.total == app.store.count(row.query)
        await pilot.press("enter")
        assert app.focused is screen.stories


async def test_search_as_you_type(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        stories = app.screen.stories
        await pilot.press("slash")
        await pilot.press(*"comet")
        await pilot.pause()
        assert stories.total == 1 and "comet" in stories.current.title.lower()
        await pilot.press("enter")
        assert app.focused is stories
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert stories.total == app.store.count()
        assert not app.screen.query_one("#search").display


async def test_the_search_line_comes_with_the_first_slash_and_stays_with_the_list(
    tmp_path: Path,
) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert not screen.query("#search")  # not mounted for the first paint
        await pilot.press("slash", *"kyiv")
        await pilot.pause()
        box = screen.query_one("#search")
        assert box.display and box.region.height == 3 and screen.stories.total >= 1
        await pilot.press("enter", "enter")  # keep the search, open the story
        await pilot.pause()
        assert screen.pane == "article" and screen.article.story is not None
        assert not box.display  # a small screen gives the article every row
        await pilot.press("escape")
        await pilot.pause()
        assert screen.pane == "stories" and box.display and box.value == "kyiv"


async def test_tab_cycles_panes_and_a_focuses_the_author(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(screen.pane)
        assert seen == ["article", "author", "feeds", "stories"]
        await pilot.press("a")
        assert screen.pane == "author"
        await pilot.press("escape")
        assert screen.pane == "stories"


async def test_author_pane_lists_other_stories_and_switches_authors(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        store = app.store
        two = next(s for s in store.stories(limit=-1) if len(s.authors) == 2)
        app.screen.open_story(two)
        await pilot.pause()
        pane = app.screen.author
        assert [a.name for a in pane.authors] == list(two.authors)
        first_list = [s.id for s in pane.query_one("#author-stories").stories]
        assert two.id not in first_list and first_list
        await pilot.press("a", "right_square_bracket")
        assert pane.index == 1
        expected = pane.query_one("#author-stories").stories[0].id
        await pilot.press("enter")
        assert app.screen.article.story.id == expected
        nobody = next(s for s in store.stories(limit=-1) if not s.authors)
        app.screen.open_story(nobody)
        await pilot.pause()
        assert "No author" in str(pane.query_one("#author-card").render())


async def test_author_pane_says_whole_when_there_are_no_other_stories(tmp_path: Path) -> None:
    """The pane is narrow beside the article: its empty line must fit, not be cut mid-word."""
    from tui_reader.core.models import Author

    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        story = app.store.stories(limit=1)[0]
        app.store.set_story_authors(
            story.id, "example.org", [Author(0, "Ilse Marten", "", "", "", "example.org")]
        )
        app.screen.open_story(app.store.story(story.id))
        await pilot.pause()
        others = app.screen.author.query_one("#author-stories")
        assert others.display and others.count_rows() == 0
        assert len(others.empty_text().plain) <= others.content_region.width


async def test_next_unread_crosses_feeds(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("shift+tab")
        feed_index = next(i for i, r in enumerate(screen.feeds.rows) if r.kind == "feed")
        screen.feeds.move_to(feed_index)
        await pilot.pause()
        first_feed = screen.feeds.rows[feed_index].feed
        app.store.mark_all_read(StoryQuery(feed_id=first_feed.id))
        app.store.mark(
            [s.id for s in app.store.stories(StoryQuery(feed_id=first_feed.id), limit=1)],
            read=False,
        )
        await pilot.press("n")
        assert screen.article.story.feed_id == first_feed.id
        await pilot.press("n")
        assert screen.article.story.feed_id != first_feed.id
        assert not app.store.count(StoryQuery(feed_id=first_feed.id, unread=True))


async def test_help_lists_the_keys(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        text = str(app.screen.query("Static").last().render())
        for words in ("Next unread", "Star", "Search", "Page down"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_narrow_layout_shows_one_pane_and_escape_goes_back(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen

        def visible():
            return [
                p
                for p in ("#feeds", "#stories", "#article", "#author")
                if screen.query_one(p).region.width
            ]

        assert visible() == ["#feeds"]
        await pilot.press("enter")
        assert visible() == ["#stories"]
        await pilot.press("enter")
        assert visible() == ["#article"] and screen.article.story is not None
        await pilot.press("space")
        await pilot.pause()
        assert screen.article.scroll_y > 0
        await pilot.press("a")
        assert visible() == ["#author"]
        await pilot.press("escape")
        assert visible() == ["#stories"]
        await pilot.press("escape")
        assert visible() == ["#feeds"]


async def test_o_without_a_browser_shows_the_url(tmp_path: Path, monkeypatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        story = app.screen.stories.current
        await pilot.press("o")
        await pilot.pause()
        from tui_reader.ui.screens.dialogs import UrlDialog

        assert isinstance(app.screen, UrlDialog) and app.screen.url == story.link
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_scroll_position_is_remembered_per_story(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        long_index = next(
            i for i in range(screen.stories.total) if "Sadova" in screen.stories.item(i).title
        )
        screen.stories.move_to(long_index)
        await pilot.press("enter", "space", "space")
        await pilot.pause()
        kept = screen.article.scroll_y
        assert kept > 0
        await pilot.press("escape", "g", "enter")
        await pilot.pause()
        assert screen.article.scroll_y == 0
        await pilot.press("escape")
        screen.stories.move_to(long_index)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert screen.article.scroll_y == kept


async def test_command_palette_offers_the_reader_actions(tmp_path: Path) -> None:
    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Next unread", "Star", "Refresh all", "Search", "Keys", "Sample edition"):
            assert title in titles


async def test_search_smart_feeds_follow_and_feed_settings_in_the_app(tmp_path: Path) -> None:
    from tui_reader.ui.screens.feed_dialog import FeedSettingsDialog

    app = sample_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("slash", *"comet")
        await pilot.pause()
        stories = screen.stories
        assert stories.total >= 1 and "comet" in stories.current.title.lower()
        row = stories.render_row(stories.current, 100)
        assert any("reverse" in str(span.style) for span in row.spans)  # the match is marked
        await pilot.press("enter", "enter")  # keep the search, open the story
        await pilot.pause()
        assert screen.article.story is not None
        assert screen.article.terms == ("comet",)
        from rich.console import Console

        console = Console(width=80, record=True)
        from tui_reader.ui.render import article_body

        console.print(article_body(screen.article.document, screen.palette, screen.article.terms))
        assert "\x1b[1;7m" in console.export_text(styles=True).lower() or "reverse" in repr(
            console.export_text(styles=True)
        )
        await pilot.press("slash", "ctrl+s")
        await pilot.pause()
        smart = [r for r in screen.feeds.rows if r.kind == "smart"]
        assert [r.label for r in smart] == ["comet"]
        await pilot.press("escape")
        # follow the author of the open story
        await pilot.press("a", "F")
        await pilot.pause()
        followed = [
            r for r in screen.feeds.rows if r.kind == "smart" and r.label.startswith("Following")
        ]
        assert followed and followed[0].unread >= 1
        # a feed's settings and tags
        await pilot.press("shift+tab")
        index = next(i for i, r in enumerate(screen.feeds.rows) if r.kind == "feed")
        screen.feeds.move_to(index)
        feed = screen.feeds.rows[index].feed
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, FeedSettingsDialog)
        app.screen.query_one("#tags").value = "slow, reading"
        app.screen.query_one("#refresh_minutes").value = "120"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = app.store.feed(feed.id)
        assert saved.tags == ("reading", "slow") and saved.refresh_minutes == 120
