"""What fills the player's screen: the video, a poster (audio only) or a message.

Exactly one page is visible at a time. This is not a QStackedWidget on purpose:
it raise()s the page it shows, and raising the native video window is
unsupported (and warned about) on some platforms such as offscreen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from fastpix_viewer.ui.playback.surface import VideoSurface

VIDEO, POSTER, MESSAGE = range(3)


class VideoArea(QWidget):
    """The video surface, a poster label and a message page with a Retry button."""

    retryClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoArea")
        self.surface = VideoSurface(self)

        self.poster_label = QLabel(self)
        self.poster_label.setObjectName("posterLabel")
        self.poster_label.setTextFormat(Qt.TextFormat.PlainText)
        self.poster_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.poster_label.setStyleSheet("background: black; color: #ccc;")
        self.poster_label.setMinimumSize(160, 90)
        self._poster: QPixmap | None = None

        message_page = QWidget(self)
        message_page.setObjectName("messagePage")
        message_page.setStyleSheet("#messagePage { background: #202020; } QLabel { color: #eee; }")
        self.message_label = QLabel("", message_page)
        self.message_label.setObjectName("messageLabel")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # API text: never rich text
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Retry", message_page)
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self.retryClicked)
        page_layout = QVBoxLayout(message_page)
        page_layout.addStretch(1)
        page_layout.addWidget(self.message_label)
        page_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        page_layout.addStretch(1)

        self._pages = (self.surface, self.poster_label, message_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for page in self._pages:
            layout.addWidget(page)
        self._page = -1
        self._set_page(VIDEO)

    def page(self) -> int:
        return self._page

    def show_video(self) -> None:
        self._set_page(VIDEO)

    def show_poster(self, poster: QPixmap | None) -> None:
        """A still image instead of a black box (audio-only media); a caption if none."""
        self._poster = poster if poster is not None and not poster.isNull() else None
        self._set_page(POSTER)
        self._scale_poster()

    def show_message(self, text: str, *, retry: bool, action: str = "Retry") -> None:
        """`action`: the button's label when `retry` shows it (e.g. "Stop waiting")."""
        self.message_label.setText(text)
        self.retry_button.setText(action)
        self.retry_button.setVisible(retry)
        self._set_page(MESSAGE)

    def message(self) -> str:
        """The message shown ("" while video or poster is shown)."""
        return self.message_label.text() if self._page == MESSAGE else ""

    def _set_page(self, index: int) -> None:
        if index == self._page:
            return
        self._page = index
        for i, page in enumerate(self._pages):
            page.setVisible(i == index)

    def _scale_poster(self) -> None:
        label = self.poster_label
        if self._poster is None:
            label.setPixmap(QPixmap())
            label.setText("Audio only")
            return
        label.setPixmap(self._poster.scaled(
            self.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._page == POSTER:
            self._scale_poster()
