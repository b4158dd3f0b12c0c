"""PlayerPanel: the embedded libVLC player with its controls and message area.

Threading: every libVLC call here runs on the main thread. libVLC events come
in through `VlcBridge` as queued signals stamped with a generation; the panel
bumps the generation whenever it stops or replaces the media itself, so an
event that was still queued for the previous media (its Stopped, a late
error) is ignored instead of overriding what the user now sees.

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
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.ui.playback import vlc_setup
from fastpix_viewer.ui.playback.bridge import VlcBridge
from fastpix_viewer.ui.playback.controls import ControlBar, format_ms, speed_label
from fastpix_viewer.ui.playback.request import (
    ENDED,
    ERROR,
    IDLE,
    MSG_EMPTY,
    MSG_LIVE_ENDED,
    MSG_PLAY_FAILED,
    OPENING,
    PAUSED,
    PLAYING,
    STOPPED,
    PlayRequest,
    decode_tracks,
)
from fastpix_viewer.ui.playback.video_area import VideoArea

log = logging.getLogger(__name__)

class PlayerPanel(QWidget):
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

    POLL_MS = 200  # TimeChanged is coarse (~250-1000 ms) and silent while paused
    # A stream host that accepts the connection but never answers leaves libVLC
    # "opening" for minutes; the user gets a message and Retry instead.
    OPEN_TIMEOUT_MS = 20000
    # libVLC keeps "playing" with the clock frozen when the stream host stops answering
    # mid-stream (a cut network, a hung server): no error event ever comes. The poll notices.
    STALL_TIMEOUT_MS = 15000
    # A recording that ends this far before its length lost segments (404s, a deleted media).
    EARLY_END_MS = 3000
    SEEK_STEP_MS = 5000
    VOLUME_STEP = 5

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
        self._vlc: Any = None  # python-vlc, imported on the first play (it dlopens libVLC)
        # The libVLC instance (plugin bank: ~60 ms) and the MediaPlayer are made on the first
        # play, not here: a window that only browses never pays for them (start-up, issue 15).
        self._instance = instance
        self._player: Any = None
        self._bridge: VlcBridge | None = None
        self._shut_down = False
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
        # Runs a blocking call in the background (the owner's worker pool): see `set_reaper`.
        self._reaper: Callable[[Callable[[], None]], Any] | None = None
        self._fullscreen = False
        self._was_maximized = False
        self.snapshot_dir = Path(snapshot_dir) if snapshot_dir is not None else None

        self._build_ui()
        self._connect()
        self._build_shortcuts()

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

    # -- construction ---------------------------------------------------------

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.video_area, 1)
        layout.addWidget(self.controls)

    def _connect(self) -> None:
        c = self.controls
        c.play_button.clicked.connect(self.toggle_pause)
        c.stop_button.clicked.connect(self.stop)
        c.seek_slider.valueChanged.connect(self._on_seek_requested)
        c.seek_slider.sliderMoved.connect(self._on_slider_moved)
        c.volume_slider.valueChanged.connect(self.set_volume)
        c.mute_button.clicked.connect(lambda checked: self.set_muted(bool(checked)))
        c.speed_group.triggered.connect(lambda action: self.set_speed(float(action.data())))
        c.audio_menu.triggered.connect(lambda action: self.set_audio_track(int(action.data())))
        c.subtitle_menu.triggered.connect(lambda action: self.set_subtitle_track(int(action.data())))
        c.quality_combo.currentIndexChanged.connect(
            lambda _i: self.qualityChanged.emit(self.quality()))
        c.dvr_button.toggled.connect(self._on_dvr_toggled)
        c.snapshot_button.clicked.connect(lambda: self.take_snapshot())
        c.fullscreen_button.clicked.connect(lambda checked: self.set_fullscreen(bool(checked)))
        self.surface.doubleClicked.connect(self.toggle_fullscreen)
        self.video_area.retryClicked.connect(self._on_retry_clicked)

    def _ensure_player(self) -> bool:
        """Make the libVLC instance (if the panel shares the app's) and the MediaPlayer on first
        use. False (and the reason shown) when libVLC refuses, or after shutdown."""
        if self._player is not None:
            return True
        if self._shut_down:
            return False
        try:
            self._vlc = vlc_setup.load_vlc()
            if self._instance is None:
                self._instance = vlc_setup.shared_instance()
            self._player = self._instance.media_player_new()
        except vlc_setup.VlcUnavailableError as problem:
            log.error("libVLC could not start: %s", problem)
            self.video_area.show_message(str(problem), retry=False)
            return False
        self._bridge = VlcBridge(self._player, self)
        self._connect_bridge()
        self._player.audio_set_volume(self._volume)
        self._player.audio_set_mute(self._muted)
        return True

    def _connect_bridge(self) -> None:
        b = self._bridge
        assert b is not None
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

    def _build_shortcuts(self) -> None:
        def shortcut(name: str, keys: Qt.Key | str, slot: Callable[[], Any]) -> QAction:
            action = QAction(self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        K = Qt.Key
        shortcut("playPauseShortcut", K.Key_Space, self.toggle_pause)
        shortcut("seekBackShortcut", K.Key_Left, lambda: self.seek_relative(-self.SEEK_STEP_MS))
        shortcut("seekForwardShortcut", K.Key_Right, lambda: self.seek_relative(self.SEEK_STEP_MS))
        shortcut("volumeUpShortcut", K.Key_Up, lambda: self.set_volume(self._volume + self.VOLUME_STEP))
        shortcut("volumeDownShortcut", K.Key_Down,
                 lambda: self.set_volume(self._volume - self.VOLUME_STEP))
        shortcut("muteShortcut", K.Key_M, lambda: self.set_muted(not self._muted))
        shortcut("fullscreenShortcut", K.Key_F, self.toggle_fullscreen)
        self._leave_fullscreen = shortcut("leaveFullscreenShortcut", K.Key_Escape,
                                          lambda: self.set_fullscreen(False))
        self._leave_fullscreen.setEnabled(False)

    # -- public API -----------------------------------------------------------

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
    ) -> None:
        """Start playing `url` (replacing whatever plays). Returns at once; watch the signals.

        `start_ms` resumes at a position, e.g. after the owner rebuilt the URL for
        another quality cap: `panel.play(new_url, start_ms=panel.time_ms())`.
        """
        self._start(PlayRequest(url, live, dvr_available, audio_only, poster, title,
                                max(0, int(start_ms))))

    def replay(self) -> None:
        """Play the last request again (what Retry does after a playback error)."""
        if self._request is not None:
            self._start(self._request)

    def set_reaper(self, run_in_background: Callable[[Callable[[], None]], Any]) -> None:
        """How to stop a player that may be stuck in network I/O without freezing the window.

        libVLC's stop() waits for its HLS downloader, which waits on the socket: with a stream
        host that stopped answering, stop() on the main thread froze the window for 40+ s
        (measured). With a reaper, such a player is swapped for a fresh one at once and the
        old one is stopped and released by `run_in_background` (a worker pool job); it is
        detached from every signal first, so nothing of it reaches the panel again.
        """
        self._reaper = run_in_background

    def stop(self) -> None:
        if self._player is None:
            return
        self._halt()
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

    def seek(self, ms: int) -> None:
        """Jump to `ms` (clamped into the media) when the media is seekable.

        After the end of a recording this plays it again from `ms`.
        """
        if self._player is None or not self.can_seek():
            return
        if self._length > 0:
            ms = min(ms, max(0, self._length - 250))  # a seek past the end would stop playback
        ms = max(0, int(ms))
        if self._state == ENDED and self._request is not None:
            self._start(replace(self._request, start_ms=ms))
            return
        self._player.set_time(ms)
        self._position_ms = ms
        # libVLC may still report the old time for a poll or two after a seek; the end
        # check must not take a seek near the end for a recording that stopped early.
        self._seek_target_ms = ms
        self._progress_at = time.monotonic()  # a seek re-buffers: the stall clock starts again
        self._refresh_time(ms, self._length)

    def seek_relative(self, delta_ms: int) -> None:
        if self._player is not None:
            self.seek(self._player.get_time() + delta_ms)

    def can_seek(self) -> bool:
        if self._request is None or self._state not in (PLAYING, PAUSED, ENDED):
            return False
        if self._request.live and not self._dvr_on:
            return False
        return self._length > 0

    def show_message(
        self, text: str, retry: Callable[[], None] | None = None, *, keep_request: bool = False,
        action: str = "Retry",
    ) -> None:
        """Replace the video with `text` (shown literally); a Retry button if `retry` is given.

        Stops playback: the message is what the user now sees instead of the video.
        Unless `keep_request` (the panel's own playback failures, whose Retry replays),
        the previous item is forgotten, so Play/Space cannot start a video the user
        has already left and the time label no longer shows its position.
        """
        if self._player is not None and self._state in (OPENING, PLAYING, PAUSED):
            self._halt()
            self._set_state(STOPPED)
        if not keep_request:
            self._forget_request()
        self._retry = retry
        self.video_area.show_message(text, retry=retry is not None, action=action)

    def _forget_request(self) -> None:
        self._request = None
        self._length = 0
        self._refresh_time(0, 0)
        self._update_controls()

    def clear_message(self) -> None:
        self._retry = None
        self.video_area.show_message("", retry=False)
        self._show_media_page()

    def message(self) -> str:
        """The message shown in the video area ("" when video or poster is shown)."""
        return self.video_area.message()

    def shutdown(self) -> None:
        """Stop and release the player (the app-wide libVLC instance stays; see below). Idempotent.

        Call from the window's closeEvent and again after app.exec(): libVLC must
        be gone before Qt destroys the native window it draws into.
        """
        if self._shut_down:
            return
        self._shut_down = True
        stuck = self._may_be_stuck()
        player, self._player = self._player, None
        if player is None:  # never played: no libVLC object was made
            self._instance = None
            self._set_state(STOPPED)
            return
        self._poll.stop()
        self._track_refresh.stop()
        self._open_watchdog.stop()
        bridge, self._bridge = self._bridge, None
        if bridge is not None:
            bridge.detach()  # no callbacks into Python while libVLC tears down
        if stuck and self._reaper is not None:
            self._reaper(lambda: (player.stop(), player.release()))
        else:
            player.stop()
            player.release()
        # The app-wide instance outlives this panel: a window that replaces this one (workspace
        # switch, reopen) plays without loading libVLC's plugins again, and repeated
        # instance + playback cycles grew RSS (soak, issue 15). `app.main` releases it at exit.
        self._instance = None
        self._set_state(STOPPED)

    @property
    def is_shut_down(self) -> bool:
        return self._shut_down

    # -- getters (smoke test, owner) -----------------------------------------

    def state(self) -> str:
        return self._state

    def position_ms(self) -> int:
        """Where playback is as the panel knows it: the last poll, or the last seek (libVLC
        may still report the old time for a while after a seek, and none while paused)."""
        return self._position_ms

    def time_ms(self) -> int:
        return max(0, int(self._player.get_time())) if self._player is not None else 0

    def length_ms(self) -> int:
        if self._player is None:
            return 0
        return max(0, int(self._player.get_length()))

    def audio_tracks(self) -> list[tuple[int, str]]:
        if self._player is None:
            return []
        return decode_tracks(self._player.audio_get_track_description())

    def subtitle_tracks(self) -> list[tuple[int, str]]:
        if self._player is None:
            return []
        return decode_tracks(self._player.video_get_spu_description())

    def current_audio_track(self) -> int:
        return int(self._player.audio_get_track()) if self._player is not None else -1

    def current_subtitle_track(self) -> int:
        return int(self._player.video_get_spu()) if self._player is not None else -1

    def is_live(self) -> bool:
        return self._request is not None and self._request.live

    def is_fullscreen(self) -> bool:
        return self._fullscreen

    def request(self) -> PlayRequest | None:
        return self._request

    def volume(self) -> int:
        return self._volume

    def is_muted(self) -> bool:
        return self._muted

    def speed(self) -> float:
        return self._speed

    def quality(self) -> str:
        return str(self.controls.quality_combo.currentData())

    def dvr_enabled(self) -> bool:
        return self._dvr_on

    def playback_report(self) -> dict[str, Any]:
        """Plain values describing playback now (the smoke test prints these as JSON)."""
        return {
            "state": self._state,
            "playing": self._state == PLAYING,
            "position_ms": self.time_ms(),
            "length_ms": self.length_ms(),
            "live": self.is_live(),
            "audio_tracks": [name for _, name in self.audio_tracks()],
            "subtitle_tracks": [name for _, name in self.subtitle_tracks()],
            "message": self.message(),
        }

    def vlc_player(self) -> Any:
        """The underlying MediaPlayer (main thread only; None after shutdown)."""
        return self._player

    # -- setters ----------------------------------------------------------------

    def set_volume(self, volume: int) -> None:
        """0-100; persisted by the app."""
        volume = max(0, min(100, int(volume)))
        changed = volume != self._volume
        self._volume = volume
        slider = self.controls.volume_slider
        if slider.value() != volume:
            slider.blockSignals(True)
            slider.setValue(volume)
            slider.blockSignals(False)
        if self._player is not None:
            self._player.audio_set_volume(volume)
        if changed:
            self.volumeChanged.emit(volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        self.controls.set_muted_look(self._muted)
        if self._player is not None:
            self._player.audio_set_mute(self._muted)

    def set_speed(self, rate: float) -> None:
        self._speed = float(rate)
        self.controls.speed_button.setText(speed_label(rate))
        action = self.controls.speed_actions.get(rate)
        if action is not None:
            action.setChecked(True)
        if self._player is not None:
            self._player.set_rate(self._speed)

    def set_audio_track(self, track_id: int) -> None:
        if self._player is not None:
            self._player.audio_set_track(track_id)
            self._track_refresh.start()

    def set_subtitle_track(self, track_id: int) -> None:
        """-1 turns subtitles off."""
        if self._player is not None:
            self._player.video_set_spu(track_id)
            self._track_refresh.start()

    def set_quality(self, quality: str, *, emit: bool = False) -> None:
        combo = self.controls.quality_combo
        index = combo.findData(quality)
        if index < 0:
            raise ValueError(f"unknown quality {quality!r}")
        combo.blockSignals(not emit)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def set_fullscreen(self, on: bool) -> None:
        """Full screen for the panel's window; the owner hides its other panes on
        `fullscreenChanged` (the video widget is never reparented, so libVLC keeps
        its native window)."""
        on = bool(on)
        if on == self._fullscreen:
            self.controls.fullscreen_button.setChecked(on)
            return
        window = self.window()
        if on:
            self._was_maximized = window.isMaximized()
            window.showFullScreen()
        elif self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()
        self._fullscreen = on
        self._leave_fullscreen.setEnabled(on)
        self.controls.fullscreen_button.setChecked(on)
        self.fullscreenChanged.emit(on)

    def toggle_fullscreen(self) -> None:
        self.set_fullscreen(not self._fullscreen)

    def take_snapshot(self, path: str | Path | None = None) -> str | None:
        """Save the current video frame as PNG; returns the path, or None.

        Without `path`: into `snapshot_dir` if set, else wherever the user picks.
        """
        if self._player is None or self._state not in (PLAYING, PAUSED) or not self._vout_count:
            self._flash_status("Nothing to snapshot: no video is showing.")
            return None
        if path is None:
            name = time.strftime("fastpix-snapshot-%Y%m%d-%H%M%S.png")
            if self.snapshot_dir is not None:
                path = self.snapshot_dir / name
            else:
                chosen, _ = QFileDialog.getSaveFileName(
                    self, "Save snapshot", str(Path.home() / name), "PNG image (*.png)")
                if not chosen:
                    return None
                path = chosen
        path = str(path)
        if not path.lower().endswith(".png"):
            path += ".png"
        if self._player.video_take_snapshot(0, path, 0, 0) != 0:
            self._flash_status("The snapshot failed (no video frame yet?).")
            return None
        self._flash_status(f"Snapshot saved: {Path(path).name}")
        self.snapshotSaved.emit(path)
        return path

    def refresh_tracks(self) -> None:
        """Rebuild the audio and subtitle menus from what libVLC reports now."""
        if self._player is None:
            return
        self.controls.set_tracks(self.audio_tracks(), self.current_audio_track(),
                                 self.subtitle_tracks(), self.current_subtitle_track())

    # -- internals --------------------------------------------------------------

    def _start(self, request: PlayRequest) -> None:
        if not self._ensure_player():
            return
        self._halt()
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
        self.title_label.setVisible(bool(request.title))
        if not request.dvr_available and self._dvr_on:
            self._dvr_on = False
            self.controls.dvr_button.blockSignals(True)
            self.controls.dvr_button.setChecked(False)
            self.controls.dvr_button.blockSignals(False)
        self._show_media_page()

        media = self._instance.media_new(request.url)
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
        self._set_state(OPENING)
        self._refresh_time(0, 0)
        self.controls.status_label.setText("Opening…")
        if self._player.play() != 0:
            self._fail(MSG_PLAY_FAILED)
            return
        self._player.set_rate(self._speed)
        self._poll.start()
        self._open_watchdog.start(self.OPEN_TIMEOUT_MS)

    def _show_media_page(self) -> None:
        request = self._request
        if request is not None and request.audio_only:
            self.video_area.show_poster(request.poster)
        else:
            self.video_area.show_video()

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

    def _update_controls(self) -> None:
        c = self.controls
        active = self._state in (PLAYING, PAUSED)
        c.set_playing_look(self._state == PLAYING)
        c.play_button.setEnabled(not self._shut_down and self._request is not None)
        c.stop_button.setEnabled(self._state in (OPENING, PLAYING, PAUSED))
        c.seek_slider.setEnabled(self.can_seek())
        c.snapshot_button.setEnabled(active and self._vout_count > 0)
        live = self._request is not None and self._request.live
        c.dvr_button.setVisible(bool(live and self._request.dvr_available))
        if not active and self._state != OPENING:
            c.status_label.setText("")

    def _refresh_time(self, time_ms: int, length_ms: int) -> None:
        c = self.controls
        live = self._request is not None and self._request.live
        if live and not self._dvr_on:
            c.time_label.setText("LIVE")
        elif live:
            c.time_label.setText(f"{format_ms(time_ms)} / LIVE")
        else:
            c.time_label.setText(f"{format_ms(time_ms)} / {format_ms(length_ms)}")
        slider = c.seek_slider
        if slider.isSliderDown():
            return  # don't yank the handle from under the user's drag
        if live and not self._dvr_on:
            time_ms = length_ms = 0  # nothing to seek: the disabled handle rests at the start
        slider.blockSignals(True)
        if slider.maximum() != length_ms:
            slider.setRange(0, max(0, length_ms))
        slider.setValue(max(0, min(time_ms, length_ms)))
        slider.blockSignals(False)

    def _fail(self, text: str, *, resume_ms: int = 0) -> None:
        """An error message with Retry; `resume_ms` makes Retry continue a recording from there."""
        log.warning("playback failed: %s", text)
        if resume_ms > 0 and self._request is not None and not self._request.live:
            self._request = replace(self._request, start_ms=resume_ms)
        self._halt()
        self._set_state(ERROR)
        self.show_message(text, retry=self.replay, keep_request=True)
        self.errorOccurred.emit(text)

    def _flash_status(self, text: str) -> None:
        self.controls.status_label.setText(text)
        QTimer.singleShot(4000, self, lambda: self.controls.status_label.text() == text
                          and self.controls.status_label.setText(""))

    def _halt(self) -> None:
        """Stop libVLC and make every event it already sent stale."""
        self._poll.stop()
        self._open_watchdog.stop()
        if self._player is not None:
            if self._may_be_stuck() and self._reaper is not None:
                self._replace_player()
            else:
                self._player.stop()
        if self._bridge is not None:
            self._bridge.next_generation()

    STUCK_AFTER_S = 2.0

    def _may_be_stuck(self) -> bool:
        """Opening or playing with the clock still for a while: libVLC may be waiting on the
        network, and its stop() would wait with it."""
        return (self._player is not None and self._state in (OPENING, PLAYING)
                and time.monotonic() - self._progress_at >= self.STUCK_AFTER_S)

    def _replace_player(self) -> None:
        """A fresh MediaPlayer in place of one that may be stuck (see `set_reaper`)."""
        old, old_bridge = self._player, self._bridge
        if old_bridge is not None:
            old_bridge.detach()
            old_bridge.deleteLater()
        log.info("the player seems stuck on the network; replacing it and stopping the old one in the background")
        self._player = self._instance.media_player_new()
        self._bridge = VlcBridge(self._player, self)
        if old_bridge is not None:
            self._bridge.generation = old_bridge.generation
        self._connect_bridge()
        self._surface_attached = False
        self._player.audio_set_volume(self._volume)
        self._player.audio_set_mute(self._muted)
        assert self._reaper is not None
        self._reaper(lambda: (old.stop(), old.release()))

    def _current(self, generation: int) -> bool:
        """Is this event about the media the panel is showing now?"""
        return self._bridge is not None and generation == self._bridge.generation

    # -- slots: libVLC events (queued onto the main thread) -------------------

    @Slot(int)
    def _on_opening(self, generation: int) -> None:
        if self._current(generation) and self._state not in (PLAYING, PAUSED):
            self._set_state(OPENING)

    @Slot(int, float)
    def _on_buffering(self, generation: int, percent: float) -> None:
        if not self._current(generation) or self._state not in (OPENING, PLAYING):
            return
        self.controls.status_label.setText("" if percent >= 100 else f"Buffering {percent:.0f}%")

    @Slot(int)
    def _on_playing(self, generation: int) -> None:
        if not self._current(generation):
            return
        self._open_watchdog.stop()
        self._show_media_page()
        if self._pending_start_ms:
            # Seek once playing: libVLC's :start-time option is ignored by its
            # HLS demuxer when the master has alternative audio renditions.
            self._player.set_time(self._pending_start_ms)
            self._pending_start_ms = 0
        # libVLC applies volume/mute to the audio output created for this media.
        self._player.audio_set_volume(self._volume)
        self._player.audio_set_mute(self._muted)
        self._progress_at = time.monotonic()
        self._set_state(PLAYING)
        self.controls.status_label.setText("")
        self._on_poll()
        self._track_refresh.start()
        if not self._poll.isActive():
            self._poll.start()

    @Slot()
    def _on_open_timeout(self) -> None:
        if self._player is not None and self._state == OPENING:
            seconds = self.OPEN_TIMEOUT_MS // 1000
            self._fail(f"The stream did not start within {seconds} s: the server is not "
                       "answering. Check the connection and try again.")

    @Slot(int)
    def _on_paused(self, generation: int) -> None:
        if self._current(generation):
            self._set_state(PAUSED)

    @Slot(int)
    def _on_stopped(self, generation: int) -> None:
        # Only a stop the panel did not ask for (those bump the generation).
        if self._current(generation) and self._state not in (ERROR, IDLE):
            self._poll.stop()
            self._set_state(STOPPED)

    @Slot(int)
    def _on_end_reached(self, generation: int) -> None:
        if not self._current(generation):
            return
        self._poll.stop()
        if self._request is not None and self._request.live:
            self._fail(MSG_LIVE_ENDED)
        elif self._length <= 0 and self._max_time_seen <= 0:
            # A broken file or an empty playlist can go straight to Ended.
            self._fail(MSG_EMPTY)
        elif self._length > 0 and max(self._position_ms, self._seek_target_ms) < self._length - self.EARLY_END_MS:
            # libVLC skips segments it cannot fetch and ends early, without an error event.
            at = self._position_ms
            self._fail(f"Playback stopped at {format_ms(at)} of {format_ms(self._length)}: part of the "
                       "recording could not be loaded from the stream host. Retry continues from there.",
                       resume_ms=at)
        else:
            self._set_state(ENDED)
            self._refresh_time(self._length, self._length)

    @Slot(int)
    def _on_error(self, generation: int) -> None:
        # libVLC moves on from Error to Ended quickly, so don't re-check its state.
        if self._current(generation) and self._state != ERROR:
            self._fail(MSG_PLAY_FAILED)

    @Slot(int, int)
    def _on_vout(self, generation: int, count: int) -> None:
        if self._current(generation):
            self._vout_count = count
            self._update_controls()

    @Slot(int, "qlonglong")
    def _on_length(self, generation: int, length: int) -> None:
        if self._current(generation) and length > 0:
            self._length = int(length)
            self._update_controls()
            self._refresh_time(max(0, self._player.get_time()), self._length)

    @Slot(int, int)
    def _on_es_changed(self, generation: int, _es_type: int) -> None:
        if self._current(generation):
            self._track_refresh.start()

    # -- slots: timer and controls ----------------------------------------------

    @Slot()
    def _on_poll(self) -> None:
        if self._player is None:
            return
        now = max(0, int(self._player.get_time()))
        length = max(0, int(self._player.get_length()))
        if length != self._length and length > 0:
            self._length = length
            self._update_controls()
        self._max_time_seen = max(self._max_time_seen, now)
        if self._state not in (OPENING, PLAYING) or (self._state == PLAYING and now != self._position_ms):
            self._progress_at = time.monotonic()
        elif self._state == PLAYING and (time.monotonic() - self._progress_at) * 1000 >= self.STALL_TIMEOUT_MS:
            seconds = self.STALL_TIMEOUT_MS // 1000
            self._fail(f"The video stopped arriving: nothing came from the stream host for {seconds} s. "
                       "Check the connection and try again.", resume_ms=now)
            return
        self._position_ms = now
        self._refresh_time(now, self._length)

    @Slot(int)
    def _on_seek_requested(self, value: int) -> None:
        self.seek(value)

    @Slot(int)
    def _on_slider_moved(self, value: int) -> None:
        # While dragging (tracking off) show where the release will land.
        if not (self._request and self._request.live and not self._dvr_on):
            self.controls.time_label.setText(f"{format_ms(value)} / {format_ms(self._length)}")

    @Slot(bool)
    def _on_dvr_toggled(self, on: bool) -> None:
        self._dvr_on = bool(on)
        self._update_controls()
        self._refresh_time(self.time_ms(), self._length)
        self.dvrToggled.emit(self._dvr_on)

    @Slot()
    def _on_retry_clicked(self) -> None:
        retry = self._retry
        self.retryRequested.emit()
        if retry is not None:
            retry()
