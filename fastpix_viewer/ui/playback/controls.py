"""The player's control bar: widgets only, no libVLC (the panel wires them up).

Every interactive widget has an objectName so tests and the soak test can find
and drive it with QTest.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.ui.core.popups import popup_below
from fastpix_viewer.ui.playback.request import format_ms as format_ms  # re-exported: its old home
from fastpix_viewer.ui.playback.seek_slider import SeekSlider

SPEEDS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
QUALITIES: tuple[tuple[str, str], ...] = (
    ("Auto", "auto"),
    ("1080p", "1080p"),
    ("720p", "720p"),
    ("480p", "480p"),
)


def speed_label(rate: float) -> str:
    return f"{rate:g}x"


class ControlBar(QWidget):
    """Seek row (slider + time) above a row of buttons and menus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playerControls")
        style = self.style()

        def button(name: str, tip: str, icon: QStyle.StandardPixmap | None = None,
                   text: str = "", checkable: bool = False) -> QToolButton:
            b = QToolButton(self)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.setCheckable(checkable)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the panel's shortcuts
            if icon is not None:
                b.setIcon(style.standardIcon(icon))
            if text:
                b.setText(text)
                b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly
                                     if icon is None else Qt.ToolButtonStyle.ToolButtonIconOnly)
            return b

        SP = QStyle.StandardPixmap
        self.play_button = button("playPauseButton", "Play / pause (Space, K)", SP.SP_MediaPlay, "Play")
        self.stop_button = button("stopButton", "Stop", SP.SP_MediaStop, "Stop")

        self.seek_slider = SeekSlider(self)  # a click jumps there; hovering shows the time
        self.seek_slider.setObjectName("seekSlider")
        self.seek_slider.setToolTip("Seek: click to jump there (Left / Right: 5 s, J / L: 10 s)")
        # valueChanged only fires on release while dragging: one seek per
        # gesture instead of one per pixel, which HLS would pay for in requests.
        self.seek_slider.setTracking(False)
        self.seek_slider.setRange(0, 0)
        self.seek_slider.setSingleStep(5000)
        self.seek_slider.setPageStep(10000)
        self.seek_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # The time under the pointer while it hovers the seek bar: a child label over the
        # button row (a tool-tip window would be a top-level window of its own, and a
        # label over the video would sit under libVLC's native window).
        self.seek_hover_label = QLabel("", self)
        self.seek_hover_label.setObjectName("seekHoverLabel")
        self.seek_hover_label.setTextFormat(Qt.TextFormat.PlainText)
        self.seek_hover_label.setStyleSheet(
            "QLabel { background: palette(tooltip-base); color: palette(tooltip-text);"
            " border: 1px solid palette(mid); padding: 1px 4px; }")
        self.seek_hover_label.setVisible(False)
        self.seek_slider.hoverAt.connect(self._show_seek_hover)
        self.seek_slider.hoverTime.connect(lambda ms: ms < 0 and self.seek_hover_label.hide())

        self.time_label = QLabel("00:00 / 00:00", self)
        self.time_label.setObjectName("timeLabel")
        self.time_label.setTextFormat(Qt.TextFormat.PlainText)
        # One width for every reading (the widest is an hour-long position and length), so
        # the seek bar never shifts as the time ticks past 09:59 or becomes "LIVE".
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time_label.setFixedWidth(self.time_label.fontMetrics().horizontalAdvance(
            "00:00:00 / 00:00:00") + 6)

        self.status_label = QLabel("", self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        # Status notes take the room the row has and never ask for more: a long note (a
        # snapshot's file name) used to widen the panel and move the window's splitter.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.mute_button = button("muteButton", "Mute (M)", SP.SP_MediaVolume, "Mute", True)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setObjectName("volumeSlider")
        self.volume_slider.setToolTip("Volume (Up / Down)")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setFixedWidth(90)
        self.volume_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # The three menus pop up through popup_below (core/popups.py), not QToolButton.setMenu,
        # so they belong to the top-level window (no Qt warning on a real display).
        self.speed_button = button("speedButton", "Playback speed ([ and ])", text="1x")
        self.speed_menu = QMenu(self.speed_button)
        self.speed_menu.setObjectName("speedMenu")
        self.speed_group = QActionGroup(self)
        self.speed_actions: dict[float, QAction] = {}
        for rate in SPEEDS:
            action = QAction(speed_label(rate), self.speed_menu)
            action.setObjectName(f"speedAction_{rate:g}")
            action.setCheckable(True)
            action.setData(rate)
            action.setChecked(rate == 1.0)
            self.speed_group.addAction(action)
            self.speed_menu.addAction(action)
            self.speed_actions[rate] = action
        self.speed_button.clicked.connect(lambda: popup_below(self.speed_menu, self.speed_button))

        self.audio_button = button("audioTrackButton", "Audio track", text="Audio")
        self.audio_menu = QMenu(self.audio_button)
        self.audio_menu.setObjectName("audioTrackMenu")
        self.audio_button.clicked.connect(lambda: popup_below(self.audio_menu, self.audio_button))

        self.subtitle_button = button("subtitleButton", "Subtitles", text="Subtitles")
        self.subtitle_menu = QMenu(self.subtitle_button)
        self.subtitle_menu.setObjectName("subtitleMenu")
        self.subtitle_button.clicked.connect(lambda: popup_below(self.subtitle_menu, self.subtitle_button))

        self.quality_combo = QComboBox(self)
        self.quality_combo.setObjectName("qualityCombo")
        self.quality_combo.setToolTip("Highest resolution to request")
        self.quality_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for label, value in QUALITIES:
            self.quality_combo.addItem(label, value)

        self.dvr_button = button("dvrButton", "Rewind within the live window (DVR)",
                                 text="DVR", checkable=True)
        self.dvr_button.setVisible(False)
        self.snapshot_button = button("snapshotButton", "Save a snapshot (PNG) (S)", text="Snapshot")
        self.fullscreen_button = button("fullscreenButton", "Full screen (F, Esc to leave)",
                                        SP.SP_TitleBarMaxButton, "Full screen", True)

        seek_row = QHBoxLayout()
        seek_row.setContentsMargins(0, 0, 0, 0)
        seek_row.addWidget(self.seek_slider, 1)
        seek_row.addWidget(self.time_label)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for w in (self.play_button, self.stop_button, self.mute_button, self.volume_slider):
            buttons.addWidget(w)
        buttons.addWidget(self.status_label, 1)
        for w in (self.dvr_button, self.speed_button, self.audio_button, self.subtitle_button,
                  self.quality_combo, self.snapshot_button, self.fullscreen_button):
            buttons.addWidget(w)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(seek_row)
        layout.addLayout(buttons)

    def _show_seek_hover(self, ms: int, x: int) -> None:
        bubble = self.seek_hover_label
        bubble.setText(format_ms(ms))
        bubble.adjustSize()
        slider = self.seek_slider
        at = slider.mapTo(self, slider.rect().bottomLeft())
        left = max(0, min(self.width() - bubble.width(), at.x() + x - bubble.width() // 2))
        bubble.move(left, at.y() + 1)
        bubble.show()
        bubble.raise_()

    def set_tracks(self, audio: list[tuple[int, str]], current_audio: int,
                   subtitles: list[tuple[int, str]], current_subtitle: int) -> None:
        """Refill the audio and subtitle menus; action data is the libVLC track id."""
        _fill_menu(self.audio_menu, audio, current_audio, off_label=None, prefix="audioTrack")
        _fill_menu(self.subtitle_menu, subtitles, current_subtitle, off_label="Off",
                   prefix="subtitleTrack")
        self.audio_button.setEnabled(bool(audio))
        self.subtitle_button.setEnabled(bool(subtitles))

    def set_playing_look(self, playing: bool) -> None:
        SP = QStyle.StandardPixmap
        self.play_button.setIcon(self.style().standardIcon(
            SP.SP_MediaPause if playing else SP.SP_MediaPlay))
        self.play_button.setText("Pause" if playing else "Play")

    def set_muted_look(self, muted: bool) -> None:
        SP = QStyle.StandardPixmap
        self.mute_button.setChecked(muted)
        self.mute_button.setIcon(self.style().standardIcon(
            SP.SP_MediaVolumeMuted if muted else SP.SP_MediaVolume))


def _fill_menu(menu: QMenu, tracks: list[tuple[int, str]], current: int,
               off_label: str | None, prefix: str) -> None:
    entries = ([(-1, off_label)] if off_label is not None and tracks else []) + tracks
    if [(a.data(), a.text()) for a in menu.actions()] == entries:
        # The same tracks (libVLC reports changes in bursts): only the check moves, so a menu
        # the user has open is not emptied and rebuilt under the pointer.
        for action in menu.actions():
            action.setChecked(action.data() == current)
        return
    menu.clear()
    for track_id, name in entries:
        action = QAction(name, menu)  # QAction text is plain (no rich-text guessing)
        action.setObjectName(f"{prefix}_{track_id}")
        action.setCheckable(True)
        action.setChecked(track_id == current)
        action.setData(track_id)
        menu.addAction(action)
