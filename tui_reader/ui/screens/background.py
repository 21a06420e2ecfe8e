"""Work off the UI thread: refreshing feeds and fetching full text, in exclusive workers that
write to the store through their own connection and post messages; they never touch widgets.

A mixin of `MainScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import Worker, get_current_worker

from tui_reader.core.models import Story
from tui_reader.core.store import Store, StoreError
from tui_reader.ui.messages import FullTextReady, RefreshDone, RefreshProgress

if TYPE_CHECKING:
    from tui_reader.core.refresh import RefreshSummary
    from tui_reader.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class BackgroundWork(_Base):
    @work(thread=True, exclusive=True, group="fulltext")
    def fulltext_worker(self, story: Story) -> None:
        import asyncio

        from tui_reader.core.fulltext import get_fulltext
        from tui_reader.core.net import Fetcher, Limits

        limits = Limits.from_settings(self.app.settings, page=True)  # type: ignore[attr-defined]

        async def fetch() -> FullTextReady:
            async with Fetcher(limits) as fetcher:
                with Store(self.store.path) as store:
                    result = await get_fulltext(store, fetcher, story)
            return FullTextReady(result.story_id, result.status, result.reason)

        try:
            message = asyncio.run(fetch())
        except Exception as error:  # a bug here must cost the full text, never the app
            message = FullTextReady(story.id, "failed", f"{type(error).__name__}: {error}")
        self.post_message(message)

    def on_full_text_ready(self, message: FullTextReady) -> None:
        current = self.article.story
        if current is not None and current.id == message.story_id:
            fresh = self.store.story(current.id) or current
            self.show_article(fresh, keep_scroll=True, fetch=False, reason=message.reason)
            self.author.show(fresh)

    # -- refresh --------------------------------------------------------------------------------

    def action_refresh_selected(self) -> None:
        row = self.feeds.current
        if row is None or row.kind in ("all", "unread", "starred"):
            self.action_refresh_all()
        elif row.feed is not None:
            self.start_refresh([row.feed.id])
        else:
            self.start_refresh(
                [f.id for f in self.store.feeds(counts=False) if row.label in f.tags]
            )

    def auto_refresh(self) -> None:
        """The timer's refresh: quietly skipped while one is already running."""
        busy = any(w.group == "refresh" and w.is_running for w in self.workers)
        if not busy and self.status.status.online is not False:
            self.start_refresh(None)

    def action_refresh_all(self) -> None:
        self.start_refresh(None)

    def start_refresh(self, feed_ids: list[int] | None) -> None:
        if self.sample:
            self.notify("This is the sample edition: nothing to fetch.", markup=False)
            return
        if self.app.offline:  # type: ignore[attr-defined]
            self.notify("Flight mode (--offline): nothing is fetched.", markup=False)
            return
        self.status.set(self.clock(), progress=(0, 0))
        self.refresh_worker(feed_ids)

    @work(thread=True, exclusive=True, group="refresh")
    def refresh_worker(self, feed_ids: list[int] | None) -> None:
        worker = get_current_worker()
        try:
            summary = self._refresh_in_worker(feed_ids, worker)
        except StoreError as error:  # a full disk or a damaged file: say so, keep the app
            self.post_message(RefreshDone(0, 0, 0, False, str(error)))
            return
        if summary is None:
            return
        offline = (
            bool(summary.failures)
            and all(o.network_down for o in summary.failures)
            and summary.all_failed
        )
        self.post_message(
            RefreshDone(summary.count("fetched"), len(summary.failures), summary.new, offline)
        )

    def _refresh_in_worker(
        self, feed_ids: list[int] | None, worker: Worker[None]
    ) -> RefreshSummary | None:
        from tui_reader.core.net import Limits
        from tui_reader.core.refresh import refresh

        with Store(self.store.path) as store:
            feeds = store.feeds(counts=False)
            if feed_ids is not None:
                feeds = [f for f in feeds if f.id in set(feed_ids)]
            if not feeds:
                self.post_message(RefreshDone(0, 0, 0, False, "no feeds to refresh"))
                return None

            def progress(done: int, total: int, _outcome: object) -> None:
                if not worker.is_cancelled:
                    self.post_message(RefreshProgress(done, total))

            limits = Limits.from_settings(self.app.settings)  # type: ignore[attr-defined]
            return refresh(store, feeds, progress=progress, limits=limits)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.status.set(self.clock(), progress=(message.done, message.total))

    def on_refresh_done(self, message: RefreshDone) -> None:
        self.reload_feeds()
        self.stories.refresh_keeping(self.stories.current)
        if message.offline:
            self.status.set(
                self.clock(),
                progress=None,
                online=False,
                readable=self.store.offline_counts()[0],
                unread=self._unread_total(),
            )
            self.start_probe()
            self.app.went_offline(self)  # type: ignore[attr-defined]
            return
        self.status.set(
            self.clock(),
            progress=None,
            online=True,
            last_refresh=self.clock(),
            unread=self._unread_total(),
            readable=None,
        )
        if message.error:
            self.notify(message.error, markup=False)
        elif message.failed:
            self.notify(
                f"{message.new} new stories; {message.failed} feeds failed (marked ! in the list).",
                markup=False,
            )
        elif message.new:
            self.notify(f"{message.new} new stories.", markup=False)
