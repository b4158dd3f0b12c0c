"""The player panel's controls logic: the control bar wired to
libVLC (seek, volume, mute, speed, tracks, quality, DVR) and the bar kept in step with
playback (enabled buttons, time label, seek slider).

A mixin of `PlayerPanel` (panel.py): it uses the panel's state and player. Main thread only,
like every libVLC call of the panel.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Slot

from fastpix_viewer.ui.playback.controls import format_ms, speed_label
from fastpix_viewer.ui.playback.request import (
    ENDED,
    OPENING,
    PAUSED,
    PLAYING,
    PlayRequest,
    decode_tracks,
)
from fastpix_viewer.ui.playback.track_names import TrackLabel, label_tracks
from fastpix_viewer.ui.playback.track_prefs import apply_preferred_tracks


class PanelControls:
    """Control wiring, setters and getters of the panel's playback settings."""

    def _connect(self) -> None:
        c = self.controls
        c.play_button.clicked.connect(self.toggle_pause)
        c.stop_button.clicked.connect(self.stop)
        c.seek_slider.valueChanged.connect(self._on_seek_requested)
        c.seek_slider.sliderMoved.connect(self._on_slider_moved)
        c.volume_slider.valueChanged.connect(self.set_volume)
        c.mute_button.clicked.connect(lambda checked: self.set_muted(bool(checked)))
        c.speed_group.triggered.connect(lambda action: self.set_speed(float(action.data())))
        c.audio_menu.triggered.connect(lambda action: self.pick_track("audio", int(action.data())))
        c.subtitle_menu.triggered.connect(lambda action: self.pick_track("subtitle", int(action.data())))
        c.quality_combo.currentIndexChanged.connect(
            lambda _i: self.qualityChanged.emit(self.quality()))
        c.dvr_button.toggled.connect(self._on_dvr_toggled)
        c.snapshot_button.clicked.connect(lambda: self.take_snapshot())
        c.fullscreen_button.clicked.connect(lambda checked: self.set_fullscreen(bool(checked)))
        self.surface.doubleClicked.connect(self.toggle_fullscreen)
        self.video_area.retryClicked.connect(self._on_retry_clicked)

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

    def audio_tracks(self) -> list[tuple[int, str]]:
        """[(libVLC id, menu name)], named as the Tracks tab names them (track_names.py)."""
        return [(t.id, t.label) for t in self.track_labels("audio")]

    def subtitle_tracks(self) -> list[tuple[int, str]]:
        return [(t.id, t.label) for t in self.track_labels("subtitle")]

    def track_labels(self, kind: str) -> list[TrackLabel]:
        """libVLC's tracks of `kind` ("audio" or "subtitle") with their names and languages."""
        if self._player is None:
            return []
        raw = decode_tracks(self._player.audio_get_track_description() if kind == "audio"
                            else self._player.video_get_spu_description())
        return label_tracks(raw, self._request.tracks if self._request is not None else (), kind)

    def pick_track(self, kind: str, track_id: int) -> None:
        """The user's choice from a menu: set it and say which language it was (`trackPicked`:
        kind and language, "off" for no subtitles), so the app can remember it."""
        if kind == "audio":
            self.set_audio_track(track_id)
        else:
            self.set_subtitle_track(track_id)
        if self._request is not None:
            self._tracks_applied[kind] = self._request  # the user's choice stands for this media
        label = next((t for t in self.track_labels(kind) if t.id == track_id), None)
        language = "off" if track_id < 0 else (label.language if label is not None else "")
        if language:
            self.trackPicked.emit(kind, language)

    def current_audio_track(self) -> int:
        return int(self._player.audio_get_track()) if self._player is not None else -1

    def current_subtitle_track(self) -> int:
        return int(self._player.video_get_spu()) if self._player is not None else -1

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

    def refresh_tracks(self) -> None:
        """Rebuild the audio and subtitle menus from what libVLC reports now."""
        if self._player is None:
            return
        apply_preferred_tracks(self)
        self.controls.set_tracks(self.audio_tracks(), self.current_audio_track(),
                                 self.subtitle_tracks(), self.current_subtitle_track())

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

    # -- read-outs (owner, smoke test) ------------------------------------------------

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

    def is_live(self) -> bool:
        return self._request is not None and self._request.live

    def request(self) -> PlayRequest | None:
        return self._request

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
