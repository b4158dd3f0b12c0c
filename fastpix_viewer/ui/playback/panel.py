"""PlayerPanel: the embedded libVLC player with its controls and message area.

The panel is put together from rooms with one job each:
- vlc_session.py: the libVLC instance and MediaPlayer (made on first play), the reaper;
- health.py: Qt-free rules (open timeout, stall, early end) the events below apply;
- panel_events.py: libVLC's events, the position poll, the open watchdog;
- panel_controls.py: the control bar wired to libVLC;
- panel_keys.py: the window-wide keys and the on-screen display (osd.py);
- view_modes.py: full screen and snapshots;
- this module: play / stop / messages and the state machine that ties them together.

Threading: every libVLC call of the panel runs on the main thread, except the reaper's:
a player that may be stuck on the network is stopped and released on a worker pool thread
(`VlcSession.retire`, after it is detached from every signal; see `set_reaper`). libVLC
events come in through `VlcBridge` as queued signals stamped with a generation; the panel
bumps the generation whenever it stops or replaces the media itself, so an event that was
still queued for the previous media (its Stopped, a late error) is ignored instead of
overriding what the user now sees.

The panel never builds FastPix URLs: the quality combo and DVR toggle only emit
signals, and the owner calls `play()` again with the URL it builds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fastpix_viewer.ui.playback import health, vlc_setup
from fastpix_viewer.ui.playback.bridge import VlcBridge
from fastpix_viewer.ui.playback.controls import ControlBar
from fastpix_viewer.ui.playback.fullscreen import VideoOnly
from fastpix_viewer.ui.playback.osd import Osd
from fastpix_viewer.ui.playback.panel_controls import PanelControls
from fastpix_viewer.ui.playback.panel_events import PanelEvents
from fastpix_viewer.ui.playback.panel_keys import PanelKeys
from fastpix_viewer.ui.playback.player_marks import PlayerMarks
from fastpix_viewer.ui.playback.request import (
    ENDED,
    ERROR,
    IDLE,
    MSG_PLAY_FAILED,
    OPENING,
    PAUSED,
    PLAYING,
    STOPPED,
    MessageOwner,
    PlayRequest,
)
from fastpix_viewer.ui.playback.video_area import VideoArea
from fastpix_viewer.ui.playback.view_modes import ViewModes
from fastpix_viewer.ui.playback.vlc_session import Reaper, VlcSession

log = logging.getLogger(__name__)


class PlayerPanel(PanelControls, PanelKeys, PanelEvents, ViewModes, QWidget):
    """Video area, message area and controls around one libVLC MediaPlayer.

    python-vlc, the libVLC instance and the MediaPlayer are loaded and made on the first play
    (start-up, issue 15); if libVLC is missing or refuses its options then, the panel shows
    the reason (`vlc_setup.VlcUnavailableError`'s text) in the video area and nothing plays.
    """

    playingChanged = Signal(bool)
    stateChanged = Signal(str)
    errorOccurred = Signal(str)
    qualityChanged = Signal(str)  # "auto", "1080p", "720p", "480p"
    dvrToggled = Signal(bool)
    retryRequested = Signal()
    fullscreenChanged = Signal(bool)
    volumeChanged = Signal(int)
    snapshotSaved = Signal(str)
    snapshotFailed = Signal(str)  # why no snapshot was saved (also said in the control row)
    trackPicked = Signal(str, str)  # "audio" | "subtitle", the language chosen ("off": no subtitles)

    POLL_MS = 200  # TimeChanged is coarse (~250-1000 ms) and silent while paused
    OPEN_TIMEOUT_MS = health.OPEN_TIMEOUT_MS
    STALL_TIMEOUT_MS = health.STALL_TIMEOUT_MS
    EARLY_END_MS = health.EARLY_END_MS
    STUCK_AFTER_S = health.STUCK_AFTER_S

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        instance: Any = None,
        snapshot_dir: str | Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("playerPanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._session = VlcSession(self, self._connect_bridge, instance)
        self._surface_attached = False
        self._request: PlayRequest | None = None
        self._state = IDLE
        self._length = 0
        self._max_time_seen = 0
        self._position_ms = 0  # where playback was at the last poll (or the last seek)
        self._seek_target_ms = 0  # the last seek asked for in this playback
        self._progress_at = time.monotonic()  # when the clock last moved while playing
        self._pending_start_ms = 0
        self._vout_count = 0
        self._volume = 100
        self._muted = False
        self._speed = 1.0
        self._dvr_on = False
        self._retry: Callable[[], None] | None = None
        self._message_owner = MessageOwner.NONE
        self._fullscreen = False
        self._was_maximized = False
        self.snapshot_dir = Path(snapshot_dir) if snapshot_dir is not None else None
        self.snapshot_namer: Callable[[Path], str] | None = None  # a file name in snapshot_dir
        self.preferred_tracks: dict[str, str] = {}  # kind -> language to pick (track_prefs.py)
        self._tracks_applied: dict[str, PlayRequest] = {}  # kind -> the request it was applied to

        self._build_ui()
        self._connect()
        self._build_shortcuts()
        self.marks = PlayerMarks(self)  # In / Out marks and the A-B loop (issue 17)

        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self._track_refresh = QTimer(self)
        self._track_refresh.setSingleShot(True)
        self._track_refresh.setInterval(150)  # ES events come in bursts
        self._track_refresh.timeout.connect(self.refresh_tracks)
        self._open_watchdog = QTimer(self)
        self._open_watchdog.setSingleShot(True)
        self._open_watchdog.timeout.connect(self._on_open_timeout)
        self.set_volume(self._volume)
        self._update_controls()
        # Safety net: libVLC must be released before Qt tears the window down,
        # even if the owner forgets to call shutdown().
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _build_ui(self) -> None:
        self.title_label = QLabel("", self)
        self.title_label.setObjectName("titleLabel")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # API text: never rich text
        self.title_label.setVisible(False)

        self.video_area = VideoArea(self)
        # Direct handles for the owner and tests.
        self.surface = self.video_area.surface
        self.poster_label = self.video_area.poster_label
        self.message_label = self.video_area.message_label
        self.retry_button = self.video_area.retry_button

        self.controls = ControlBar(self)
        self.osd = Osd(self.controls.status_label)  # what a key just changed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.video_area, 1)
        layout.addWidget(self.controls)
        self._video_only = VideoOnly(self, self.controls, self.title_label)

    def _ensure_player(self) -> bool:
        """Make the libVLC instance (if the panel shares the app's) and the MediaPlayer on first
        use. False (and the reason shown) when libVLC refuses, or after shutdown."""
        if self._session.player is not None:
            return True
        if self._session.shut_down:
            return False
        try:
            self._session.ensure(self._volume, self._muted)
        except vlc_setup.VlcUnavailableError as problem:
            log.error("libVLC could not start: %s", problem)
            self.video_area.show_message(str(problem), retry=False)
            return False
        return True

    # The libVLC objects live in the session; these names stay for the panel's rooms and tests.
    @property
    def _player(self) -> Any:
        return self._session.player

    @property
    def _bridge(self) -> VlcBridge | None:
        return self._session.bridge

    @property
    def _vlc(self) -> Any:
        return self._session.vlc

    @property
    def _shut_down(self) -> bool:
        return self._session.shut_down

    def _connect_bridge(self, b: VlcBridge) -> None:
        for name, slot in (
            ("opening", self._on_opening),
            ("buffering", self._on_buffering),
            ("playing", self._on_playing),
            ("paused", self._on_paused),
            ("stopped", self._on_stopped),
            ("endReached", self._on_end_reached),
            ("encounteredError", self._on_error),
            ("lengthChanged", self._on_length),
            ("voutChanged", self._on_vout),
            ("esChanged", self._on_es_changed),
        ):
            b.connect_queued(name, slot)

    def play(
        self,
        url: str,
        *,
        live: bool = False,
        dvr_available: bool = False,
        audio_only: bool = False,
        poster: QPixmap | None = None,
        title: str = "",
        start_ms: int = 0,
        tracks: tuple[Any, ...] = (),
    ) -> None:
        """Start playing `url` (replacing whatever plays). Returns at once; watch the signals.

        `start_ms` resumes at a position, e.g. after the owner rebuilt the URL for
        another quality cap: `panel.play(new_url, start_ms=panel.time_ms())`. `tracks` (the
        media's API tracks) name the audio and subtitle menus.
        """
        self._start(PlayRequest(url, live, dvr_available, audio_only, poster, title,
                                max(0, int(start_ms)), tuple(tracks)))

    def replay(self) -> None:
        """Play the last request again (what Retry does after a playback error)."""
        if self._request is not None:
            self._start(self._request)

    def set_reaper(self, run_in_background: Reaper) -> None:
        """How to stop a player that may be stuck in network I/O without freezing the window.

        libVLC's stop() waits for its HLS downloader, which waits on the socket: with a stream
        host that stopped answering, stop() on the main thread froze the window for 40+ s
        (measured). With a reaper, such a player is swapped for a fresh one at once and the
        old one is stopped and released by `run_in_background` (a worker pool job); it is
        detached from every signal first, so nothing of it reaches the panel again.
        """
        self._session.reaper = run_in_background

    def stop(self) -> None:
        """Stop (the Stop button). A player with an input is stopped by the reaper, as when
        another media replaces it (see `_halt`)."""
        if self._player is None:
            return
        self._halt(in_background=True)
        self._set_state(STOPPED)
        self._refresh_time(0, self._length)

    def toggle_pause(self) -> None:
        if self._shut_down:
            return
        if self._state == PLAYING:
            if self._request is not None and self._request.live and not self._dvr_on:
                # A live stream without DVR cannot resume where it paused; stop instead.
                self.stop()
            elif self._player is not None:
                self._player.set_pause(1)
        elif self._state == PAUSED and self._player is not None:
            self._player.set_pause(0)
        elif self._request is not None and self._state in (STOPPED, ENDED, IDLE, ERROR):
            self._start(self._request)

    def pause(self) -> None:
        if self._player is not None and self._state == PLAYING:
            self._player.set_pause(1)

    def resume(self) -> None:
        if self._player is not None and self._state == PAUSED:
            self._player.set_pause(0)

    def shutdown(self) -> None:
        """Stop and release the player (the app-wide libVLC instance stays; see below). Idempotent.

        Call from the window's closeEvent and again after app.exec(). libVLC must be done
        with the native window before Qt destroys it: a player with an input (or one that
        may be stuck) is stopped by the reaper, as on a move to another recording, and the
        video surface outlives the window until it has (`VideoSurface.outlive_window`), so
        closing the window no longer waits 260-635 ms for libVLC's downloads (chaos soak).
        """
        if self._shut_down:
            return
        in_background = self._has_input() or self._may_be_stuck()
        self._poll.stop()
        self._track_refresh.stop()
        self._open_watchdog.stop()
        self._session.shutdown(in_background=in_background)
        if self._surface_attached:
            self.surface.outlive_window(self._session.when_retired)
        self._set_state(STOPPED)

    @property
    def is_shut_down(self) -> bool:
        return self._shut_down

    def state(self) -> str:
        return self._state

    def _start(self, request: PlayRequest) -> None:
        if not self._ensure_player():
            return
        self._halt(in_background=True)
        self._request = request
        self._pending_start_ms = request.start_ms
        self._vout_count = 0
        self._length = 0
        self._max_time_seen = 0
        self._position_ms = request.start_ms
        self._seek_target_ms = request.start_ms
        self._progress_at = time.monotonic()
        self._retry = None
        self.title_label.setText(request.title)
        self.title_label.setVisible(bool(request.title) and not self._fullscreen)
        if not request.dvr_available and self._dvr_on:
            self._dvr_on = False
            self.controls.dvr_button.blockSignals(True)
            self.controls.dvr_button.setChecked(False)
            self.controls.dvr_button.blockSignals(False)
        self._show_media_page()  # before play(): the video surface must be on screen to embed into

        media = self._session.instance.media_new(request.url)
        if request.audio_only:
            media.add_option(":no-video")  # no empty video window for audio renditions
        self._player.set_media(media)
        media.release()  # the player holds its own reference
        # Reach (issue 6): the same proxy as the API and image requests. set_media() has just
        # stopped the previous input, so no libVLC thread reads the environment meanwhile.
        from fastpix_viewer.api.proxies import apply_libvlc_proxy

        apply_libvlc_proxy(request.url)
        if not request.audio_only and not self._surface_attached:
            self.surface.attach(self._player)
            self._surface_attached = True
        # libVLC starts before the state change: that runs its listeners (the resume position
        # is written to the settings file, features follow the state), ~3-5 ms that came before
        # play() and so before the first frame (issue 15). The user sees both in the same
        # event-loop turn.
        if self._player.play() != 0:
            self._fail(MSG_PLAY_FAILED)
            return
        self._player.set_rate(self._speed)
        self._set_state(OPENING)
        self._refresh_time(0, 0)
        self.controls.status_label.setText("Opening…")
        self._poll.start()
        self._open_watchdog.start(self.OPEN_TIMEOUT_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()  # when the panel is a window of its own (tests, pop-out)
        super().closeEvent(event)

    def _set_state(self, state: str) -> None:
        if state == self._state:
            return
        was_playing = self._state == PLAYING
        self._state = state
        self._update_controls()
        self.stateChanged.emit(state)
        if was_playing != (state == PLAYING):
            self.playingChanged.emit(state == PLAYING)

    def _fail(self, text: str, *, resume_ms: int = 0) -> None:
        """An error message with Retry; `resume_ms` makes Retry continue a recording from there."""
        log.warning("playback failed: %s", text)
        if resume_ms > 0 and self._request is not None and not self._request.live:
            self._request = replace(self._request, start_ms=resume_ms)
        self._halt()
        self._set_state(ERROR)
        self.show_message(text, retry=self.replay, keep_request=True, owner=MessageOwner.PLAYER)
        self.errorOccurred.emit(text)

    def _halt(self, *, in_background: bool = False) -> None:
        """Stop libVLC and make every event it already sent stale.

        `in_background`: the panel stays (another media replaces this one, or a message): a
        player with an input (opening, playing, paused) is swapped for a fresh one and stopped
        by the reaper. libVLC's stop() waits for its downloads to end: 300-550 ms on the main
        thread in the chaos soak, each time the user moved to another recording (issue 15).
        Closing the window is `shutdown`'s."""
        self._poll.stop()
        self._open_watchdog.stop()
        busy = in_background and self._has_input()
        if self._session.stop(in_background=busy or self._may_be_stuck(), volume=self._volume, muted=self._muted):
            self._surface_attached = False  # a fresh player: attach it to the surface on play
        self._session.next_generation()

    def _has_input(self) -> bool:
        """libVLC holds a media it is opening or playing: its stop() waits for the downloads."""
        return self._player is not None and self._state in (OPENING, PLAYING, PAUSED)

    def _may_be_stuck(self) -> bool:
        return self._player is not None and health.may_be_stuck(
            self._state, self._progress_at, time.monotonic(), self.STUCK_AFTER_S)

    @Slot()
    def _on_retry_clicked(self) -> None:
        retry = self._retry
        self.retryRequested.emit()
        if retry is not None:
            retry()
