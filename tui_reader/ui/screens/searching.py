"""`/`: search every story as you type (FTS5), matches highlighted; Ctrl+S keeps the search as a
smart feed. And organising from the keyboard: a feed's tags and settings (`t`), following an
author. A mixin of `MainScreen`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input

from tui_reader.core.store import StoryQuery

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


PLACEHOLDER = "Search all stories…  (Enter keeps, Ctrl+S saves as a smart feed, Esc clears)"


class Searching(_Base):
    @property
    def searching(self) -> bool:
        box = self.search_input
        return box is not None and bool(box.value.strip())

    def action_search(self) -> None:
        box = self.search_input
        if box is None:  # mounted on first use: the first paint does without it
            box = self.search_input = Input(placeholder=PLACEHOLDER, id="search")
            self.query_one("#right").mount(box, after="#stories")
        box.add_class("-open")
        if self.has_class("narrow"):
            self.set_pane("stories")
        box.focus()

    # Named handlers, not @on: a mixin is not a message pump, so @on would not register here.
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        from tui_reader.core.search import parse_query

        text = event.value
        if not text.strip():
            self.stories.terms = ()
            row = self.feeds.current
            self.stories.show(row.query if row is not None else StoryQuery())
            return
        parsed = parse_query(text, prefix=True, now=self.clock())
        self.stories.terms = parsed.terms
        # The matches show first; their count (as long again for a word in most stories)
        # follows the frame, and is skipped when the next keystroke has changed the search.
        self.stories.show(parsed.query, count=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.stories.focus()

    def clear_search(self) -> None:
        box = self.search_input
        if box is not None:
            box.value = ""
            box.remove_class("-open")
        self.stories.terms = ()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.search_input is not None and self.search_input.has_focus:
            event.stop()
            self.clear_search()
            row = self.feeds.current
            self.stories.show(row.query if row is not None else StoryQuery())
            self.stories.focus()

    def action_save_search(self) -> None:
        text = self.search_input.value.strip() if self.search_input is not None else ""
        if not text:
            self.notify(
                "Type a search first (/), then Ctrl+S keeps it as a smart feed.", markup=False
            )
            return
        self.store.save_smart_feed(text[:80], text)
        self.reload_feeds()
        self.notify(f"Saved as a smart feed: {text[:80]}", markup=False)

    # -- organising -----------------------------------------------------------------------------

    def action_follow_author(self) -> None:
        author = self.author.current_author
        if author is None:
            self.notify("Open a story with a named author first.", markup=False)
            return
        name = author.name.replace('"', "")
        self.store.save_smart_feed(f"Following {name}", f'author:"{name}"')
        self.reload_feeds()
        self.notify(
            f"Following {name}: their stories from every feed gather under \u2315 Following {name}.",
            markup=False,
        )

    def action_edit_feed(self) -> None:
        from tui_reader.ui.screens.feed_dialog import FeedSettingsDialog

        row = self.feeds.current
        if row is None or row.feed is None:
            self.notify("Choose a feed in the feed list first.", markup=False)
            return
        feed = row.feed

        def done(changes: dict[str, object] | None) -> None:
            if not changes:
                return
            tags = changes.pop("tags")
            self.store.set_tags(feed.id, tags)  # type: ignore[arg-type]
            self.store.set_feed_settings(feed.id, **changes)
            self.reload_feeds()
            self.notify("Feed settings saved.", markup=False)

        self.app.push_screen(FeedSettingsDialog(feed), done)
