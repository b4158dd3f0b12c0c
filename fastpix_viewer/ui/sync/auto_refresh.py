"""A gentle auto-refresh of what is changing: live streams, processing media, new recordings.

One small job at a time goes through the one `WorkerPool`, and a token bucket caps the rate
overall (about one request per second by default), so an open window never hammers the API.
Each tick picks the item refreshed longest ago among:

- streams that are preparing or active (they go live, end, and gain recordings),
- media that are still processing (the Media list and the selected stream's recordings),
- recordings discovered by a stream's growing `mediaIds` (until they are Ready or Failed);

and every `relist_seconds` the stream listing is re-read page by page (one page per token) to
see streams that went live or new streams. Fresh data updates rows in place and the details
if that item is shown (the window's `apply_update`, which keeps the tree's expansion);
a failure is logged and skipped (what is shown stays) and the next try waits longer
(1, 2, 4 … 30 s) until one succeeds. Changes worth telling become desktop
notifications. Nothing runs while the window is hidden or minimised; `stop()` ends it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.models import LiveStream, Media, Page, StreamState
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.core.worker import WorkerPool

log = logging.getLogger(__name__)

DEFAULT_RATE = 1.0  # requests per second, overall
DEFAULT_RELIST_SECONDS = 45.0
RELIST_PAGE_SIZE = 50
TICK_MS = 200
MAX_BACKOFF = 30.0  # s: after failures in a row, wait 1, 2, 4 ... up to this before trying again
LIVE_STATES = (StreamState.PREPARING, StreamState.ACTIVE)


class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up."""

    def __init__(self, rate: float, burst: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1.0, burst)
        self._clock = clock
        self._tokens = 1.0
        self._stamp = clock()

    def take(self) -> bool:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False


class RefreshHost(Protocol):
    """What auto-refresh uses of the window (the shell's MainWindow). The lists' models and
    panes are typed loosely: sync may not import the lists feature (layer rule)."""

    pool: WorkerPool
    client: Any  # FastPixClient | None
    streams_model: Any
    media_model: Any
    recordings_model: Any
    streams_pane: Any
    recordings_title: QLabel
    recording_index: Any

    def is_closed(self) -> bool: ...
    def is_loading(self) -> bool: ...
    def apply_update(self, item: Any) -> None: ...
    def isVisible(self) -> bool: ...
    def isMinimized(self) -> bool: ...
    def statusBar(self) -> QStatusBar: ...


class AutoRefresher(QObject):
    """See the module docstring. `window` is the MainWindow (any RefreshHost, for tests)."""

    def __init__(self, window: RefreshHost, *, rate: float = DEFAULT_RATE,
                 relist_seconds: float = DEFAULT_RELIST_SECONDS, tick_ms: int = TICK_MS) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the host is the main window
        self._window = window
        self.bucket = TokenBucket(rate)
        self.relist_seconds = relist_seconds
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._busy = False
        self._last: dict[tuple[str, str], float] = {}  # (kind, id) -> when last asked
        self._watched: dict[str, str] = {}  # new recording id -> its stream's id
        # Every recording ID seen per stream, only ever growing: a listing that leaves
        # `mediaIds` out (FastPix omits empty keys) must not make them all "new" next time.
        self._known_media: dict[str, set[str]] = {}
        self._relist_due = time.monotonic() + relist_seconds
        self._relist_page = 0  # 0: not relisting; n: page n is next
        self.requests = 0  # jobs started (each one API request)
        self.failures = 0
        self._failures_in_row = 0
        self._resume_at = 0.0  # no requests before this (back-off after failures)

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        if self._window.client is not None and not self._timer.isActive():
            self._relist_due = time.monotonic() + self.relist_seconds
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._window.pool.cancel_owner(self)
        self._busy = False

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def relist_now(self) -> None:
        """Re-read the stream listing at the next free token (F5 does not need this)."""
        self._relist_due = 0.0

    def watched(self) -> set[str]:
        return set(self._watched)

    # ------------------------------------------------------------------ scheduling

    def _paused(self) -> bool:
        w = self._window
        return w.is_closed() or not w.isVisible() or w.isMinimized()

    def _tick(self) -> None:
        if self._busy or self._paused() or time.monotonic() < self._resume_at:
            return
        work = self._next_work()
        if work is None or not self.bucket.take():
            return
        fn, on_done, what = work
        self._busy = True
        self.requests += 1
        self._window.pool.run(
            fn, on_done=lambda result: self._finish(on_done, result),
            on_error=lambda exc: self._failed(what, exc),
            owner=self, key=("auto-refresh", id(self)), pass_token=True,
        )

    def _next_work(self) -> tuple[Callable[..., Any], Callable[[Any], None], str] | None:
        client = self._window.client
        now = time.monotonic()
        if self._relist_page == 0 and now >= self._relist_due and not self._window.is_loading():
            self._relist_page = 1
        if self._relist_page:
            page = self._relist_page

            def list_page(*, cancel: CancelLike) -> Page[Any]:
                return client.streams_page(page, limit=RELIST_PAGE_SIZE, cancel=cancel)

            return list_page, self._on_stream_page, "the stream list"
        candidate = self._oldest_candidate()
        if candidate is None:
            return None
        kind, item_id = candidate
        self._last[candidate] = now
        if kind == "stream":
            def get(*, cancel: CancelLike) -> Any:
                return client.get_stream(item_id, cancel=cancel)
            return get, self._on_stream, "a live stream"

        def get_media(*, cancel: CancelLike) -> Any:
            return client.get_media(item_id, cancel=cancel)
        return get_media, self._on_media, "a media"

    def _candidates(self) -> list[tuple[str, str]]:
        w = self._window
        found: dict[tuple[str, str], None] = {}
        for media_id in self._watched:
            found[("media", media_id)] = None
        for stream in w.streams_model.objects():
            if isinstance(stream, LiveStream) and stream.state in LIVE_STATES:
                found[("stream", stream.id)] = None
        for model in (w.recordings_model, w.media_model):
            for media in model.objects():
                if isinstance(media, Media) and media.still_processing:
                    found[("media", media.id)] = None
        return list(found)

    def _oldest_candidate(self) -> tuple[str, str] | None:
        candidates = self._candidates()
        if not candidates:
            return None
        return min(candidates, key=lambda c: self._last.get(c, 0.0))

    def _finish(self, handle: Callable[[Any], None], result: Any) -> None:
        self._busy = False
        self._failures_in_row = 0
        if self._window.is_closed():
            return
        handle(result)

    def _failed(self, what: str, exc: BaseException) -> None:
        self._busy = False
        self.failures += 1
        self._failures_in_row += 1
        # Offline or a struggling API: back off instead of trying once a second forever.
        backoff = min(MAX_BACKOFF, 2.0 ** (self._failures_in_row - 1))
        self._resume_at = time.monotonic() + backoff
        if self._failures_in_row == 1 and not self._window.is_closed():
            self._window.statusBar().showMessage(
                f"Auto-refresh could not update {what}: {' '.join(describe_failure(exc).split())} "
                "It keeps trying, less often.", 15000)
        if self._relist_page:  # try the whole listing again later, not page n at once
            self._relist_page = 0
            self._relist_due = time.monotonic() + self.relist_seconds
        # Rows and details stay as they are: a failed refresh never wipes what is shown.
        log.info("auto-refresh of %s failed: %s", what, describe_failure(exc))

    # ------------------------------------------------------------------ results

    def _on_stream_page(self, page: Page[Any]) -> None:
        model = self._window.streams_model
        fresh_rows = []
        for stream in page.items:
            if not isinstance(stream, LiveStream):
                continue
            if model.object_for_id(stream.id) is None:
                fresh_rows.append(stream)
                if stream.state is StreamState.ACTIVE:
                    self._tell("stream_live", item_title(stream))
            else:
                self._on_stream(stream)
        if fresh_rows:
            model.append_rows(fresh_rows)
        pages = page.page_count or 1
        if page.number >= pages or not page.items:
            self._relist_page = 0
            self._relist_due = time.monotonic() + self.relist_seconds
        else:
            self._relist_page = page.number + 1

    def _on_stream(self, fresh: LiveStream) -> None:
        w = self._window
        old = w.streams_model.object_for_id(fresh.id)
        if isinstance(old, LiveStream):
            if old.state is not StreamState.ACTIVE and fresh.state is StreamState.ACTIVE:
                self._tell("stream_live", item_title(fresh))
            known = self._known_media.setdefault(fresh.id, set(old.media_ids))
            added = [m for m in fresh.media_ids if m not in known]
            known.update(fresh.media_ids)
            if added:
                self._tell("new_recording", item_title(fresh), len(added))
                for media_id in added:
                    self._watched[media_id] = fresh.id
                    self._last.pop(("media", media_id), None)  # ask for it first
                self._update_recordings_title(fresh)
        w.apply_update(fresh)

    def _on_media(self, fresh: Media) -> None:
        w = self._window
        old = w.media_model.object_for_id(fresh.id) or w.recordings_model.object_for_id(fresh.id)
        stream_id = self._watched.get(fresh.id)
        was_ready = isinstance(old, Media) and old.is_ready
        # Recordings only (what people wait for); uploads turning Ready just update their row.
        if fresh.is_ready and not was_ready and (stream_id is not None or (old is not None and w.recording_index.is_recording(fresh))):
            self._tell("recording_ready", item_title(fresh) or fresh.id)
        if not fresh.still_processing:
            self._watched.pop(fresh.id, None)
        # A new recording joins the lists it belongs to (the Media tab, and the selected
        # stream's recordings) without reloading them.
        if old is None:
            w.media_model.append_rows([fresh])
            selected = w.streams_pane.current_object()
            # The stream that lists it in mediaIds owns it (the media may carry no streamId).
            if (isinstance(selected, LiveStream) and fresh.id in selected.media_ids
                    and w.recordings_model.object_for_id(fresh.id) is None):
                w.recordings_model.append_rows([fresh])
        w.apply_update(fresh)

    def _update_recordings_title(self, stream: LiveStream) -> None:
        w = self._window
        selected = w.streams_pane.current_object()
        if isinstance(selected, LiveStream) and selected.id == stream.id:
            count = len(stream.media_ids)
            w.recordings_title.setText(f"Recordings of {item_title(stream)} ({count})")

    def _tell(self, what: str, *args: Any) -> None:
        notifications = getattr(self._window, "notifications", None)
        if notifications is not None:
            getattr(notifications, what)(*args)


__all__ = ["DEFAULT_RATE", "AutoRefresher", "TokenBucket"]
