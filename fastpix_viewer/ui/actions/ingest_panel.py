"""The "Ingest" tab for a live stream: where OBS sends video, the stream key, and the viewer count.

The stream key never sits in a widget: the models mask it, and "Copy stream key" fetches it in the
background straight onto the clipboard (the field only shows dots). The viewer count is polled
gently: at most one request per `VIEWER_POLL_MS` for the selected stream, only while it is active.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.models import LiveStream, StreamState
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.worker import WorkerPool

RTMPS_INGEST_URL = "rtmps://live.fastpix.com:443/live"
SRT_INGEST_URL = "srt://live.fastpix.com:778"
KEY_MASK = "•" * 16
VIEWER_POLL_MS = 10_000  # FastPix's count is approximate; more often only costs requests


class IngestPanel(QWidget):
    """Shows one live stream's ingest details; `set_stream(None)` stops all polling."""

    statusMessage = Signal(str)  # a plain sentence for the status bar

    def __init__(self, pool: WorkerPool, client: Any, parent: QWidget | None = None,
                 *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("ingestPanel")
        self._pool = pool
        self._client = client
        self._clock = clock
        self._stream: LiveStream | None = None
        self._last_poll: float | None = None
        self._polling = False
        self.viewers: int | None = None

        self.rtmps_field = self._read_only("ingestRtmpsUrl", RTMPS_INGEST_URL)
        self.srt_field = self._read_only("ingestSrtUrl", SRT_INGEST_URL)
        self.key_field = self._read_only("streamKeyField", KEY_MASK)
        self.key_field.setToolTip("Hidden. Copy it with the button; it is fetched when you ask.")
        self.copy_rtmps_button = self._button("copyRtmpsButton", "Copy",
                                              lambda: self._copy(RTMPS_INGEST_URL, "the RTMPS server URL"))
        self.copy_srt_button = self._button("copySrtButton", "Copy",
                                            lambda: self._copy(SRT_INGEST_URL, "the SRT server URL"))
        self.copy_key_button = self._button("copyStreamKeyButton", "Copy stream key", self.copy_stream_key)
        self.viewer_label = QLabel("—")
        self.viewer_label.setObjectName("viewerCountLabel")
        self.viewer_label.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel("In OBS: Settings → Stream → Service “Custom…”, Server = the RTMPS URL, "
                      "Stream Key = Copy stream key.")
        hint.setObjectName("ingestHint")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)

        form = QFormLayout(self)
        form.addRow("RTMPS server", self._row(self.rtmps_field, self.copy_rtmps_button))
        form.addRow("SRT server", self._row(self.srt_field, self.copy_srt_button))
        form.addRow("Stream key", self._row(self.key_field, self.copy_key_button))
        form.addRow("Viewers", self.viewer_label)
        form.addRow(hint)

        self._timer = QTimer(self)
        self._timer.setObjectName("viewerCountTimer")
        self._timer.setInterval(VIEWER_POLL_MS)
        self._timer.timeout.connect(self._poll)

    # ------------------------------------------------------------------ building

    def _read_only(self, name: str, text: str) -> QLineEdit:
        field = QLineEdit(text)
        field.setObjectName(name)
        field.setReadOnly(True)
        # Wide enough for the whole URL, which people check by eye before pasting into OBS.
        field.setMinimumWidth(field.fontMetrics().horizontalAdvance(text) + 16)
        field.setCursorPosition(0)
        return field

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    @staticmethod
    def _row(field: QWidget, button: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        row.addWidget(button)
        return box

    # ------------------------------------------------------------------ state

    @property
    def stream(self) -> LiveStream | None:
        return self._stream

    def set_stream(self, stream: LiveStream | None) -> None:
        """The selected stream (None: nothing to show, polling stops). Fresh data for the same
        stream keeps the poll rhythm, so detail refreshes never add viewer-count requests."""
        same = stream is not None and self._stream is not None and stream.id == self._stream.id
        self._stream = stream
        if not same:
            self._last_poll = None
            self.viewers = None
            self._pool.cancel_key(("viewers", id(self)))
            self._polling = False
        self.copy_key_button.setEnabled(stream is not None and self._client is not None)
        if stream is None or stream.state is not StreamState.ACTIVE or self._client is None:
            self._timer.stop()
            self.viewers = None
            self.viewer_label.setText("— (counted while the stream is live)" if stream is not None else "—")
            return
        if not self._timer.isActive():
            self._timer.start()
        if self.viewers is None and not self._polling:
            self.viewer_label.setText("Counting…")
        self._poll()

    def stop(self) -> None:
        self.set_stream(None)

    # ------------------------------------------------------------------ viewer count

    def _poll(self) -> None:
        stream = self._stream
        if stream is None or self._polling or stream.state is not StreamState.ACTIVE:
            return
        now = self._clock()
        if self._last_poll is not None and now - self._last_poll < VIEWER_POLL_MS / 1000 - 0.05:
            return
        self._last_poll = now
        self._polling = True
        client, stream_id = self._client, stream.id

        def fetch(*, cancel: CancelLike) -> int | None:
            return client.viewer_count(stream_id, cancel=cancel)

        self._pool.run(fetch, on_done=lambda n: self._on_count(stream_id, n),
                       on_error=lambda exc: self._on_count_failed(stream_id, exc),
                       owner=self, key=("viewers", id(self)), pass_token=True)

    def _on_count(self, stream_id: str, views: int | None) -> None:
        self._polling = False
        if self._stream is None or self._stream.id != stream_id:
            return
        self.viewers = views
        if views is None:
            self.viewer_label.setText("— (FastPix sent no count)")
        else:
            self.viewer_label.setText(f"{self.locale().toString(views)} watching now (approximate)")

    def _on_count_failed(self, stream_id: str, exc: BaseException) -> None:
        self._polling = False
        if self._stream is not None and self._stream.id == stream_id:
            self.viewer_label.setText("— (could not count: " + describe_failure(exc) + ")")

    # ------------------------------------------------------------------ clipboard

    def _copy(self, text: str, what: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.statusMessage.emit(f"Copied {what}.")

    def copy_stream_key(self) -> None:
        """Fetch the key in the background and put it on the clipboard (never on screen or in logs)."""
        stream, client = self._stream, self._client
        if stream is None or client is None:
            return
        stream_id = stream.id
        self.copy_key_button.setEnabled(False)

        def fetch(*, cancel: CancelLike) -> str:
            return client.stream_key(stream_id, cancel=cancel)

        def done(key: str) -> None:
            self.copy_key_button.setEnabled(True)
            QGuiApplication.clipboard().setText(key)
            self.statusMessage.emit("Copied the stream key: paste it into OBS (Settings → Stream).")

        def failed(exc: BaseException) -> None:
            self.copy_key_button.setEnabled(True)
            self.statusMessage.emit("Could not get the stream key: " + describe_failure(exc))

        self._pool.run(fetch, on_done=done, on_error=failed, owner=self, key=("stream-key", id(self)),
                       pass_token=True)


__all__ = ["RTMPS_INGEST_URL", "SRT_INGEST_URL", "VIEWER_POLL_MS", "IngestPanel"]
