"""Waiting for an item to become playable: media still processing, streams still preparing,
media whose status this app does not know. The wait is visible (what for, since when),
cancellable (Stop waiting) and bounded (`WAIT_LIMIT_S`), and polls gently on the pool.

A mixin of `PlaybackController` (controller.py), with the messages it shows. Main thread;
each poll is a pool job keyed by the controller and checked against its generation.
"""

from __future__ import annotations

import logging
import time

from fastpix_viewer.api import FastPixError, LiveStream, Media, NotFoundError
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.models import StreamState

log = logging.getLogger(__name__)

MSG_PROCESSING = "This recording is still processing; it will play when ready."
MSG_READY_NOW = "This recording is ready now."
MSG_FAILED = "This recording failed to process and cannot be played."
MSG_GONE = "This recording no longer exists in the workspace."
MSG_STREAM_NOT_LIVE = "This stream is not live right now; pick one of its recordings."
MSG_STREAM_PREPARING = "This stream is starting; it will play as soon as it is live."
MSG_STREAM_GONE = "This live stream no longer exists in the workspace."
MSG_UNREADABLE = "This item could not be read, so it cannot be played."
MSG_UNEXPECTED = "Something unexpected went wrong while preparing playback."

STOP_WAITING = "Stop waiting"
# Every wait for Ready ends: after this long the message says plainly what was seen.
WAIT_LIMIT_S = 30 * 60.0

Item = Media | LiveStream


def unknown_status_text(status: str) -> str:
    return f"FastPix reports status “{' '.join(status.split())[:40]}”, which this app does not know"


class Readiness:
    """Polling an item until it can be played (or the user or the limit stops the wait)."""

    def _title(self, item: Item | None) -> str:
        raise NotImplementedError  # the controller's item_title

    def _wait(self, text: str, status: str) -> None:
        """Wait visibly (what for, since when), cancellably (Stop waiting) and boundedly."""
        if self._wait_since is None:
            self._wait_since = time.monotonic()
            self._wait_clock = time.strftime("%H:%M:%S")
        self._wait_text = text
        self._phase = "waiting"
        self._show(f"{text}\nWaiting since {self._wait_clock}.", retry=self.stop_waiting, action=STOP_WAITING)
        self.statusChanged.emit(status)
        self._poll_timer.start(self.poll_interval_ms)

    def is_waiting(self) -> bool:
        return self._phase == "waiting"

    def stop_waiting(self) -> None:
        """The user gave up waiting: no more polling; Retry starts over."""
        waiting = self._phase == "waiting" or (self._probing and self._wait_since is not None)
        if not waiting or self._item is None:
            return
        self._probing = False
        self._poll_timer.stop()
        self._pool.cancel_key(self)
        self._generation += 1
        self._phase = "message"
        self._wait_since = None
        self._show(f"Stopped waiting. {self._seen_text()}", retry=self.retry)
        self.statusChanged.emit(f"Stopped waiting for “{self._title(self._item)}”.")

    def _seen_text(self) -> str:
        item = self._item
        if not isinstance(item, Media):
            return f"FastPix still reports status “{item.status if item is not None else ''}”."
        said = (unknown_status_text(item.status) if not item.status_is_known
                else f"FastPix still reports status “{item.status}”")
        if self._last_refusal:
            return f"{said}; the stream host answered: {self._last_refusal}"
        return said + "."

    def _wait_expired(self) -> bool:
        if self._wait_since is None or time.monotonic() - self._wait_since < self.wait_limit_s:
            return False
        minutes = max(1, round((time.monotonic() - self._wait_since) / 60))
        self._phase = "message"
        self._wait_since = None
        self._show(f"Gave up after waiting {minutes} min. {self._seen_text()}", retry=self.retry)
        self.statusChanged.emit(f"Gave up waiting for “{self._title(self._item)}”.")
        return True

    def _poll_once(self) -> None:
        item, generation = self._item, self._generation
        if item is None or self._phase != "waiting":
            return
        if isinstance(item, Media):
            def fetch(cancel: CancelLike) -> Item:
                return self._client.get_media(item.id, cancel=cancel)
        else:
            def fetch(cancel: CancelLike) -> Item:
                return self._client.get_stream(item.stream_id, cancel=cancel)
        self._pool.run(
            fetch, pass_token=True, key=self, owner=self,
            on_done=lambda fresh: self._on_polled(generation, fresh),
            on_error=lambda error: self._on_poll_error(generation, error),
        )

    def _on_polled(self, generation: int, fresh: Item) -> None:
        if generation != self._generation or self._phase != "waiting":
            return  # the user opened something else (or closed) meanwhile
        self._item = fresh
        title = self._title(fresh)
        if self._wait_expired():
            return
        if isinstance(fresh, Media):
            if not fresh.is_failed and not fresh.status_is_known and fresh.playback_ids:
                self.itemUpdated.emit(fresh)
                self._probing = True  # ask the stream host again
                self._prepare()
                return
            if fresh.still_processing:
                self._poll_timer.start(self.poll_interval_ms)
                return
            self.itemUpdated.emit(fresh)
            if fresh.is_failed:
                self._phase = "message"
                self._show(MSG_FAILED)
                self.statusChanged.emit(f"“{title}” failed to process.")
                return
            self.statusChanged.emit(f"“{title}” is ready.")
        else:
            if fresh.state is StreamState.PREPARING:
                self._poll_timer.start(self.poll_interval_ms)
                return
            self.itemUpdated.emit(fresh)
            if fresh.state is not StreamState.ACTIVE:
                self._phase = "message"
                self._show(MSG_STREAM_NOT_LIVE)
                self.statusChanged.emit(f"“{title}” is not live right now.")
                return
            self.statusChanged.emit(f"“{title}” is live.")
        self._phase = "idle"
        if self._autoplay:
            self._prepare()
        else:
            self._offer(MSG_READY_NOW if isinstance(fresh, Media) else "This stream is live now.")

    def _on_poll_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation or self._phase != "waiting":
            return
        if isinstance(error, NotFoundError):
            self._phase = "message"
            self._show(MSG_GONE if isinstance(self._item, Media) else MSG_STREAM_GONE)
            return
        text = error.user_message if isinstance(error, FastPixError) else MSG_UNEXPECTED
        if not isinstance(error, FastPixError):
            log.error("checking an item's status failed", exc_info=(type(error), error, error.__traceback__))
        if self._wait_expired():
            return
        # A hiccup while waiting is no reason to give up: try again at the next tick.
        self.statusChanged.emit(f"{text} Checking again shortly.")
        self._poll_timer.start(self.poll_interval_ms)
