"""Reading offline in the app: prefetch in the background, and noticing when the network is back.

A mixin of `MainScreen`. While offline the reader stops trying every feed; a probe with a short
timeout checks now and then, and a refresh follows when it succeeds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer
from textual.worker import get_current_worker

from tui_reader.core.store import Store
from tui_reader.ui.messages import NetworkBack, PrefetchDone, PrefetchProgress

if TYPE_CHECKING:
    from tui_reader.ui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object

PROBE_EVERY_S = 60.0


class OfflineWork(_Base):
    _probe_timer: Timer | None = None

    # -- prefetch -------------------------------------------------------------------------------

    def action_prefetch(self) -> None:
        if self.sample or self.app.offline:  # type: ignore[attr-defined]
            self.notify("Nothing to prefetch here: no network is used.", markup=False)
            return
        self.status.set(self.clock(), progress=(0, 0), activity="prefetching")
        self.notify("Prefetching unread and starred stories for offline reading…", markup=False)
        self.prefetch_worker()

    @work(thread=True, exclusive=True, group="prefetch")
    def prefetch_worker(self) -> None:
        import asyncio

        from tui_reader.core.net import Limits
        from tui_reader.core.offline import prefetch
        from tui_reader.core.paths import Paths

        worker = get_current_worker()
        settings = self.app.settings  # type: ignore[attr-defined]
        cache_dir = Paths.resolve(self.app.home).cache_dir  # type: ignore[attr-defined]

        def progress(phase: str, done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(PrefetchProgress(phase, done, total))

        with Store(self.store.path) as store:
            summary = asyncio.run(
                prefetch(
                    store,
                    cache_dir,
                    images=settings.image_mode != "off",
                    limits=Limits.from_settings(settings),
                    page_limits=Limits.from_settings(settings, page=True),
                    progress=progress,
                )
            )
        self.post_message(PrefetchDone(summary.as_json()))

    def on_prefetch_progress(self, message: PrefetchProgress) -> None:
        activity = "refreshing" if message.phase == "refresh" else "prefetching"
        self.status.set(self.clock(), progress=(message.done, message.total), activity=activity)

    def on_prefetch_done(self, message: PrefetchDone) -> None:
        doc = message.summary
        self.reload_feeds()
        self.stories.refresh_keeping(self.stories.current)
        offline = bool(doc["offline"])
        self.status.set(
            self.clock(),
            progress=None,
            activity="refreshing",
            online=not offline,
            readable=self.store.offline_counts()[0] if offline else None,
        )
        failures = doc["failures"]
        self.notify(
            f"Offline-ready: {doc['ready_offline']} stories in full, {doc['with_images']} with pictures; "
            f"cache {doc['megabytes_used']} MB"
            + (f"; {len(failures)} failed" if failures else "")  # type: ignore[arg-type]
            + (" (the network is down)" if offline else ""),
            markup=False,
            timeout=8,
        )
        if offline:
            self.start_probe()

    # -- probing --------------------------------------------------------------------------------

    def start_probe(self) -> None:
        if self._probe_timer is None and not self.app.offline:  # type: ignore[attr-defined]
            self._probe_timer = self.set_interval(PROBE_EVERY_S, self.probe_worker)

    @work(thread=True, exclusive=True, group="probe")
    def probe_worker(self) -> None:
        """One quick request to one feed's host: any answer at all means the network is back."""
        import asyncio

        from tui_reader.core.net import Fetcher, FetchError, Limits

        feeds = self.store.feeds(counts=False)
        if not feeds:
            return
        quick = Limits(
            connect_timeout=3.0, read_timeout=3.0, total_timeout=5.0, max_bytes=64 * 1024
        )

        async def probe() -> bool:
            async with Fetcher(quick) as fetcher:
                try:
                    await fetcher.get(feeds[0].url)
                except FetchError as error:
                    return not error.network_down
            return True

        if asyncio.run(probe()):
            self.post_message(NetworkBack())

    def on_network_back(self, message: NetworkBack) -> None:
        if self._probe_timer is not None:
            self._probe_timer.stop()
            self._probe_timer = None
        self.status.set(self.clock(), online=True, readable=None)
        self.notify("Back online: refreshing.", markup=False)
        self.start_refresh(None)
