"""What the keys do to stories: open, read, star, mark all read and undo, next and previous unread.

A mixin of `MainScreen`; every change goes to the store first, then the lists re-read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from tui_reader.core.models import Story

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class StoryActions(_Base):
    _recount: Timer | None = None

    def open_story(self, story: Story) -> None:
        full = self.store.story(story.id)
        if full is None:
            return
        if not full.read and self.app.settings.mark_read_on_open:  # type: ignore[attr-defined]
            self.store.mark([full.id], read=True)
            self._story_changed(full, unread=-1)
        self.show_article(full)
        self.author.show(full)

    def show_article(
        self, story: Story, *, keep_scroll: bool = False, fetch: bool = True, reason: str = ""
    ) -> None:
        """The full text when stored; else the feed's text at once, saying why, and fetch the page.
        Pictures come from the cache only (prefetch stores them); the pane never downloads one."""
        from tui_reader.ui.widgets.pictures import story_pictures

        mode = self.app.settings.image_mode  # type: ignore[attr-defined]
        pictures = story_pictures(self.store, story.id, mode, self.app.home)  # type: ignore[attr-defined]
        text = self.store.fulltext(story.id)
        if text is not None and text.status == "full" and text.html:
            self.article.show(
                story,
                self.palette,
                html=text.html,
                note="Full text",
                keep_scroll=keep_scroll,
                pictures=pictures,
                terms=self.stories.terms,
            )
            return
        if text is not None:
            note = f"The feed's text. Full text unavailable: {text.reason or 'extraction failed'}."
        elif (feed := self.store.feed(story.feed_id)) is not None and not feed.fulltext:
            note = "The feed's text (full text is off for this feed)."
        elif self.sample:
            note = "The feed's text (sample edition: nothing is fetched)."
        elif self.status.status.online is False or not fetch:
            note = f"The feed's text. Full text not downloaded ({reason or 'offline'})."
        else:
            note = "The feed's text. Fetching the full text…"
            self.fulltext_worker(story)
        self.article.show(
            story,
            self.palette,
            note=note,
            keep_scroll=keep_scroll,
            pictures=pictures,
            terms=self.stories.terms,
        )

    def _counts_changed(self) -> None:
        self.reload_feeds()
        self.stories.reload()
        self.status.set(self.clock(), unread=self._unread_total())

    def _story_changed(self, story: Story, *, unread: int = 0, starred: int = 0) -> None:
        """One story's read or starred state changed: adjust the counts in place (recounting a
        big cache on every keypress is what made `n` slow), and recount properly a moment later
        for what cannot be adjusted (smart feeds, copies of the story in other feeds)."""
        if self.store.sources(story.id)[1:]:
            self._counts_changed()
            return
        self.feeds.adjust(story.feed_id, unread=unread, starred=starred)
        self.stories.reload_rows()
        self.status.set(self.clock(), unread=self._unread_total())
        if self._recount is not None:
            self._recount.stop()
        self._recount = self.set_timer(1.5, self._recount_now)

    def _recount_now(self) -> None:
        self._recount = None
        self.reload_feeds()
        if self.stories.query_.unread or self.stories.query_.starred:
            self.stories.reload()  # a story left the selection: the count changed

    # -- story state ----------------------------------------------------------------------------

    def _target(self) -> Story | None:
        if self.pane in ("article", "author") and self.article.story is not None:
            return self.article.story
        return self.stories.current

    def action_toggle_read(self) -> None:
        story = self._target()
        if story is not None:
            fresh = self.store.story(story.id)
            if fresh:
                self.store.mark([story.id], read=not fresh.read)
                self._story_changed(fresh, unread=1 if fresh.read else -1)

    def action_toggle_star(self) -> None:
        story = self._target()
        if story is not None:
            fresh = self.store.story(story.id)
            if fresh:
                self.store.mark([story.id], starred=not fresh.starred)
                self._story_changed(fresh, starred=-1 if fresh.starred else 1)

    def action_mark_all_read(self) -> None:
        ids = self.store.mark_all_read(self.stories.query_)
        if ids:
            self.undo_stack.append((ids, "read"))
            self._counts_changed()
            self.notify(f"Marked {len(ids)} stories read. Press u to undo.", markup=False)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        ids, _ = self.undo_stack.pop()
        self.store.mark(ids, read=False)
        self._counts_changed()
        self.notify(f"Marked {len(ids)} stories unread again.", markup=False)

    # -- unread navigation ----------------------------------------------------------------------

    def action_next_unread(self) -> None:
        self._step_unread(older=True)

    def action_previous_unread(self) -> None:
        self._step_unread(older=False)

    def _step_unread(self, *, older: bool) -> None:
        current = self.article.story or self.stories.current
        story = self.store.next_story(self.stories.query_, current, older=older)
        if story is None and self.feeds.rows:
            story = self._unread_in_other_feed(older)
            if story is None:
                self.notify("No more unread stories.", markup=False)
                return
        if story is not None:
            self.stories.move_to(self.stories.index_of(story))
            self.open_story(story)
            self.set_pane("article")

    def _unread_in_other_feed(self, older: bool) -> Story | None:
        rows = self.feeds.rows
        step = 1 if older else -1
        index = self.feeds.cursor + step
        while 0 <= index < len(rows):
            row = rows[index]
            if row.kind == "feed" and row.unread:
                self.feeds.move_to(index)
                self.stories.show(row.query)
                return self.store.next_story(row.query, None, older=older)
            index += step
        return None
