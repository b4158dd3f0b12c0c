"""PlaybackController: from "the user picked this media or stream" to a playing PlayerPanel.

It decides what to play (the API layer's choice of playback ID, signing private ones),
builds the URL with the panel's quality cap and DVR switch, runs the manifest
pre-flight on the worker pool, and only then hands the URL to the panel. A ready recording
with a public playback ID goes to the panel at once; its pre-flight runs only if libVLC
fails, to say why. Media that
are still processing and streams that are still preparing are polled gently until
they can be played.

Its rooms: readiness.py (waiting for an item to become playable, and the messages),
preflight.py (the worker-side job), signing.py (re-signing before a token expires);
this module routes an item, runs the pre-flight and answers the panel's signals. Whose
Retry a click is comes from the panel (`message_owner()`), not from comparing texts.

Threading: every network call runs as a pool job keyed by this controller, so a
newer `open()` supersedes the older job and its late answer is dropped. Each
callback also checks the generation it was started for, so nothing outlives a
newer open or `close()`. libVLC is touched on the main thread only (the panel; the
version query for the User-Agent), but for the panel's reaper (see vlc_session.py).
Signed URLs are never logged (only playback IDs are).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPixmap

from fastpix_viewer.api import (
    FastPixClient,
    FastPixError,
    LiveStream,
    Media,
    PlaybackPlan,
    Unplayable,
)
from fastpix_viewer.api.errors import StreamNotReady
from fastpix_viewer.api.models import StreamState
from fastpix_viewer.api.playback import needs_signing
from fastpix_viewer.ui.core.items import item_title, same_item
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.playback.health import RESIGN_AHEAD_S
from fastpix_viewer.ui.playback.panel import PlayerPanel
from fastpix_viewer.ui.playback.preflight import Prepared, prepare_playback, vlc_user_agent
from fastpix_viewer.ui.playback.readiness import (
    MSG_FAILED,
    MSG_GONE,
    MSG_PROCESSING,
    MSG_READY_NOW,
    MSG_STREAM_GONE,
    MSG_STREAM_NOT_LIVE,
    MSG_STREAM_PREPARING,
    MSG_UNEXPECTED,
    MSG_UNREADABLE,
    STOP_WAITING,
    WAIT_LIMIT_S,
    Readiness,
    unknown_status_text,
)
from fastpix_viewer.ui.playback.request import ENDED, PAUSED, PLAYING, MessageOwner, format_ms
from fastpix_viewer.ui.playback.signing import Resigning

log = logging.getLogger(__name__)

QUALITY_AUTO = "auto"

Item = Media | LiveStream


# The messages, the pre-flight and the re-sign lead time were defined here; callers import them
# from here still.
__all__ = [
    "MSG_FAILED", "MSG_GONE", "MSG_PROCESSING", "MSG_READY_NOW", "MSG_STREAM_GONE",
    "MSG_STREAM_NOT_LIVE", "MSG_STREAM_PREPARING", "MSG_UNEXPECTED", "MSG_UNREADABLE",
    "QUALITY_AUTO", "RESIGN_AHEAD_S", "STOP_WAITING", "WAIT_LIMIT_S", "PlaybackController",
    "Prepared", "item_title", "prepare_playback", "unknown_status_text", "vlc_user_agent",
]


class PlaybackController(Readiness, Resigning, QObject):
    """Owns the "what plays in the panel" decisions for the main window.

    Messages it puts in the video area read "<item title>\n\n<sentence>" (plain text);
    the sentences are the MSG_* constants above or the API error's `user_message`.
    """

    statusChanged = Signal(str)  # a plain sentence for the status bar
    itemUpdated = Signal(object)  # a refreshed Media/LiveStream (e.g. polling found it Ready)

    POLL_INTERVAL_MS = 5000  # gentle: FastPix processing takes minutes, not milliseconds

    def __init__(self, panel: PlayerPanel, pool: WorkerPool, client: FastPixClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panel = panel
        self._pool = pool
        self._client = client
        # Asked of libVLC on the first play, not here: importing python-vlc (it dlopens libVLC)
        # at window construction cost every start, even one that never plays (issue 15).
        self._user_agent: str | None = None
        self._user_agent_known = False
        self.poll_interval_ms = self.POLL_INTERVAL_MS
        self.wait_limit_s = WAIT_LIMIT_S
        self._wait_since: float | None = None  # monotonic start of the current wait
        self._wait_clock = ""  # the same, as local "HH:MM:SS" for the message
        self._wait_text = ""
        self._probing = False  # a pre-flight of an unknown-status media (a refusal means: wait)
        self._last_refusal = ""
        # A play started before its pre-flight: (generation, URL) to check if libVLC fails.
        self._explain_failure: tuple[int, str] | None = None
        self._init_resigning()
        self._item: Item | None = None
        self._autoplay = True
        self._generation = 0
        self._plan: PlaybackPlan | None = None
        self._phase = "idle"  # idle | waiting | preparing | playing | message
        self._resume_ms = 0
        self._poll_timer = QTimer(self)
        self._poll_timer.setSingleShot(True)
        self._poll_timer.timeout.connect(self._poll_once)
        panel.qualityChanged.connect(self._on_quality_changed)
        panel.dvrToggled.connect(self._on_dvr_toggled)
        panel.retryRequested.connect(self._on_panel_retry)
        panel.errorOccurred.connect(self._on_panel_error)
        panel.playingChanged.connect(self._on_playing_changed)
        panel.stateChanged.connect(self._say_state)
        self._paused_said = False
        # A player stuck on the network is stopped off the main thread (see VlcSession).
        # The last window closing with a recording playing: the stop must still happen before
        # the process exits, however busy the pool is (finish_at_shutdown).
        panel.set_reaper(lambda stop_and_release, done: pool.run(
            stop_and_release, on_done=lambda _result: done(), on_error=lambda _problem: done(),
            finish_at_shutdown=True))

    # -- public API -------------------------------------------------------------------

    @property
    def current_item(self) -> Item | None:
        """The item last opened (replaced by its refreshed copy when polling updates it)."""
        return self._item

    @property
    def current_plan(self) -> PlaybackPlan | None:
        """What is playing or about to play (its URL may carry a token: never log it)."""
        return self._plan

    @property
    def phase(self) -> str:
        return self._phase

    def open(self, item: Item, *, autoplay: bool = True) -> None:
        """Show `item` in the panel: play it, or explain why not (and wait for it if it may
        become playable). Returns at once; supersedes whatever the previous open started.

        Opening the item that is already playing (or being checked) again only keeps the
        newer copy: a list refresh that re-selects it must not restart the video.
        """
        if self._is_current(item) and (
            self._phase == "preparing"
            or (self._phase == "playing" and self._panel.state() in ("opening", "playing", "paused"))
        ):
            self._item = item
            return
        self._start(item, autoplay)

    def retry(self) -> None:
        """Open the current item again from scratch (fresh token, fresh pre-flight)."""
        if self._item is not None:
            self._start(self._item, True)

    def close(self, *, window_closing: bool = False) -> None:
        """Stop polling, cancel this controller's jobs and stop the player (when the window is
        closing, the panel's shutdown, which follows, stops it: see `PlayerPanel.shutdown`)."""
        self._begin(None, self._autoplay)
        self._panel.clear_message()
        if not window_closing:
            self._panel.stop()
        self._panel.hide_title()
        self._panel.show_video()  # not the closed item's poster
        self.statusChanged.emit("")

    def _is_current(self, item: object) -> bool:
        return same_item(item, self._item)

    # -- deciding what to do with an item ----------------------------------------------

    def _start(self, item: Item, autoplay: bool) -> None:
        self._begin(item, autoplay)
        if not isinstance(item, Media | LiveStream):
            self._item = None
            self._show(MSG_UNREADABLE, title="")
            return
        self._route(item)

    def _begin(self, item: Item | None, autoplay: bool) -> None:
        """Forget everything the previous open started."""
        self._generation += 1
        self._poll_timer.stop()
        self._resign_timer.stop()
        self._pool.cancel_key(self)
        self._item = item
        self._autoplay = autoplay
        self._plan = None
        self._resume_ms = 0
        self._phase = "idle"
        self._wait_since = None
        self._probing = False
        self._last_refusal = ""

    def _route(self, item: Item) -> None:
        title = item_title(item)
        if isinstance(item, Media):
            if item.is_failed:
                self._show(MSG_FAILED)
                self.statusChanged.emit(f"“{title}” failed to process.")
            elif not item.status_is_known and item.playback_ids:
                # A status we do not know is no proof of "processing": ask the stream host.
                self._probing = True
                self._prepare()
            elif not item.status_is_known:
                self._wait(f"{unknown_status_text(item.status)}, and it has no playback ID yet. Waiting for it.",
                           f"“{title}”: status “{item.status}”; checking again every few seconds.")
            elif item.still_processing:
                self._wait(MSG_PROCESSING, f"“{title}” is still processing; checking again every few seconds.")
            elif self._autoplay:
                self._prepare()
            else:
                self._offer(MSG_READY_NOW)
            return
        if item.state is StreamState.ACTIVE:
            if self._autoplay:
                self._prepare()
            else:
                self._offer("This stream is live now.")
        elif item.state is StreamState.PREPARING:
            self._wait(MSG_STREAM_PREPARING, f"“{title}” is starting; waiting for it to go live.")
        else:
            self._show(MSG_STREAM_NOT_LIVE)
            self.statusChanged.emit(f"“{title}” is not live right now.")

    def _show(self, text: str, retry: Callable[[], None] | None = None, *, title: str | None = None,
              action: str = "Retry") -> None:
        """A message in the video area, headed by the item's title (always plain text)."""
        if title is None:
            title = item_title(self._item) if self._item is not None else ""
        shown = f"{title}\n\n{text}" if title else text
        if self._phase != "waiting":
            self._phase = "message"
        # The message names the item itself; a title left over from the previous video would mislead.
        self._panel.hide_title()
        self._panel.show_message(shown, retry=retry, action=action, owner=MessageOwner.OWNER)

    def _offer(self, text: str) -> None:
        """Playable, but autoplay is off: the message's button starts it."""
        self._show(text, retry=self._play_now)
        self._phase = "message"

    def _play_now(self) -> None:
        self._autoplay = True
        if self._item is not None:
            self._prepare()

    # -- polling (processing media, preparing streams) -----------------------------------

    # -- pre-flight and play ------------------------------------------------------------

    def _quality_cap(self) -> str | None:
        quality = self._panel.quality()
        return None if quality in (QUALITY_AUTO, "", "None") else quality

    def _dvr_wanted(self) -> bool:
        item = self._item
        return isinstance(item, LiveStream) and item.enable_dvr_mode and self._panel.dvr_enabled()

    def _title(self, item: Item | None) -> str:
        return item_title(item) if item is not None else ""

    def _libvlc_user_agent(self) -> str | None:
        # Main thread (a libVLC call); the first play imports python-vlc here or in the panel.
        if not self._user_agent_known:
            self._user_agent, self._user_agent_known = vlc_user_agent(), True
        return self._user_agent

    def _prepare(self, resume_ms: int = 0) -> None:
        item = self._item
        if item is None:
            return
        self._generation += 1  # a newer pre-flight for the same item wins too
        generation = self._generation
        self._phase = "preparing"
        self._resume_ms = resume_ms
        title = item_title(item)
        self._explain_failure = None
        if self._starts_at_once(item):
            # A ready recording with a public playback ID: nothing to sign and no poster to
            # fetch, so libVLC starts now. Waiting for the pre-flight first put a round trip to
            # the stream host in front of the first frame, and running it beside libVLC made
            # the stream host serve two requests at once (issue 15). The pre-flight runs only
            # if libVLC fails: it turns the refusal into a message that says why.
            choice = self._client.choose_playback(item, max_resolution=self._quality_cap(), dvr=self._dvr_wanted())
            if isinstance(choice, PlaybackPlan):
                self._explain_failure = (generation, choice.url)
            self._on_prepared(generation, Prepared(choice))
            return
        self.statusChanged.emit(f"Checking “{title}”…")
        audio_only = isinstance(item, Media) and item.is_audio_only
        self._pool.run(
            prepare_playback, self._client, item,
            max_resolution=self._quality_cap(), dvr=self._dvr_wanted(), user_agent=self._libvlc_user_agent(),
            want_poster=audio_only, pass_token=True, key=self, owner=self,
            on_done=lambda prepared: self._on_prepared(generation, prepared),
            on_error=lambda error: self._on_prepare_error(generation, error),
        )

    def _starts_at_once(self, item: Item) -> bool:
        """Whether playback may start before its pre-flight answers: a recording whose status
        says ready (not one probed for an unknown status), with video, played from a public
        playback ID (choosing it is pure: no key, no request)."""
        return (isinstance(item, Media) and not self._probing and item.status_is_known
                and not item.still_processing and not item.is_failed and not item.is_audio_only
                and not needs_signing(item))

    def _on_prepared(self, generation: int, prepared: Prepared) -> None:
        item = self._item
        if generation != self._generation or item is None:
            return  # stale: a newer open, quality change or close happened
        choice = prepared.choice
        title = item_title(item)
        probed, self._probing = self._probing, False
        if isinstance(choice, Unplayable):
            text = choice.message
            if choice.share_url:
                text += "\n" + choice.share_url
            self._show(text)
            self.statusChanged.emit(f"“{title}” cannot be played here.")
            return
        self._plan = choice
        self._wait_since = None
        live = isinstance(item, LiveStream)
        poster = QPixmap.fromImage(prepared.poster) if prepared.poster is not None else None
        self._phase = "playing"
        log.info("playing playback ID %s (%s)", choice.playback_id, choice.access_policy)
        self._panel.play(
            choice.url,
            live=live,
            dvr_available=live and item.enable_dvr_mode,
            audio_only=isinstance(item, Media) and item.is_audio_only,
            poster=poster,
            title=title,
            start_ms=0 if live else self._resume_ms,
            tracks=item.tracks if isinstance(item, Media) else (),
        )
        self._schedule_resign()
        if probed and isinstance(item, Media):
            self.statusChanged.emit(f"Playing “{title}”: {unknown_status_text(item.status)}, "
                                    "but its playlist answers.")
        else:
            self.statusChanged.emit(f"Playing “{title}”" + (" (live)" if live else ""))

    def _on_prepare_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation or self._item is None:
            return
        if self._probing and isinstance(error, StreamNotReady) and isinstance(self._item, Media):
            # Unknown status and no playlist yet: wait for it (visibly, boundedly), then ask again.
            self._probing = False
            self._last_refusal = error.user_message
            if not self._wait_expired():
                status = self._item.status
                self._wait(f"{unknown_status_text(status)}, and the stream host does not serve its playlist "
                           "yet. Waiting for it to play.",
                           f"“{item_title(self._item)}”: status “{status}”; checking again every few seconds.")
            return
        self._probing = False
        if isinstance(error, StreamNotReady) and isinstance(self._item, LiveStream):
            # The stream host's 400 for a stream means it stopped broadcasting since it was listed.
            text = MSG_STREAM_NOT_LIVE
        elif isinstance(error, FastPixError):
            text = error.user_message
        else:
            log.error("preparing playback failed", exc_info=(type(error), error, error.__traceback__))
            text = MSG_UNEXPECTED
        self._show(text, retry=self.retry)
        self.statusChanged.emit(f"“{item_title(self._item)}” could not be played: {text}")

    # -- long private playback ------------------------------------------------------------

        # Paused, ended or stopped: nothing is fetched now; playing again re-signs if due.

    # -- panel signals ------------------------------------------------------------------

    def _on_quality_changed(self, _quality: str) -> None:
        if self._item is None or self._phase not in ("preparing", "playing"):
            return  # the next play picks the new cap up
        if isinstance(self._item, Media) and self._panel.state() in ("playing", "paused"):
            resume = self._panel.time_ms()
        else:
            resume = self._resume_ms if self._phase == "preparing" else 0
        self._prepare(resume_ms=resume)

    def _on_dvr_toggled(self, _on: bool) -> None:
        if isinstance(self._item, LiveStream) and self._phase in ("preparing", "playing"):
            self._prepare()

    def _say_state(self, state: str) -> None:
        # The status bar follows a pause: it kept saying "Playing …" while the video stood still.
        if self._item is None or self._phase != "playing":
            return
        title = item_title(self._item)
        if state == PAUSED:
            self._paused_said = True
            self.statusChanged.emit(f"Paused “{title}” at {format_ms(self._panel.time_ms())}")
        elif state == PLAYING and self._paused_said:
            self._paused_said = False
            self.statusChanged.emit(f"Playing “{title}”" + (" (live)" if isinstance(self._item, LiveStream) else ""))
        elif state == ENDED:
            self._paused_said = False
            self.statusChanged.emit(f"“{title}” played to the end")

    def _on_panel_error(self, text: str) -> None:
        if self._item is not None and self._phase == "playing":
            self.statusChanged.emit(f"“{item_title(self._item)}”: {text}")
            self._explain(self._explain_failure)
        self._explain_failure = None

    def _explain(self, started: tuple[int, str] | None) -> None:
        """libVLC failed on a play started before its pre-flight: ask the stream host why.
        A refusal (not found, not ready, not allowed) replaces libVLC's generic message; an
        answer that finds nothing wrong leaves it."""
        if started is None or started[0] != self._generation:
            return
        generation, url = started
        self._pool.run(
            self._client.preflight, url, user_agent=self._libvlc_user_agent(),
            pass_token=True, key=self, owner=self,
            on_error=lambda error: self._on_prepare_error(generation, error),
        )

    def _on_panel_retry(self) -> None:
        if self._item is None:
            return
        if self._panel.message_owner() is not MessageOwner.PLAYER:
            return  # our own message: its retry callback does the work
        # The panel's own playback failure: it replays the same URL. A signed token may
        # have expired since, a live stream may have stopped and a recording may have been
        # deleted meanwhile, so every item is checked (and signed) afresh: our play or
        # message then replaces the replay. A recording resumes where the panel stopped.
        request = self._panel.request()
        resume = request.start_ms if request is not None and isinstance(self._item, Media) else 0
        self._prepare(resume_ms=resume)
