"""Open anything (Ctrl+L): an ID, a stream/image/share URL or a pasted webhook payload.

The text is resolved by the API layer (`FastPixClient.resolve`) in the worker pool, so even a
large pasted payload is parsed off the main thread. A bare playback ID may need a search through
every stream and media page: the dialog shows the search's progress and its Cancel button stops
it. Invalid input is reported inline and changes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.api.references import Resolved
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import MEDIA_TAB, STREAMS_TAB
from fastpix_viewer.ui.core.worker import Job, WorkerPool

PROMPT = (
    "Paste a live stream ID, a media or playback ID, a stream, image or share link, "
    "or a FastPix webhook payload."
)


class _ProgressRelay(QObject):
    """Carries progress text from the worker thread to the dialog (a queued signal, plain str)."""

    text = Signal(str)


class OpenDialog(QDialog):
    """Resolves pasted text; `on_resolved(resolved, play)` is called with the result (`play`:
    the user asked to play it, "Open and play") and the dialog closes.

    Enter opens (as in every other dialog); Shift+Enter is a new line, for typing a payload
    (a pasted one keeps its own lines); Ctrl+Enter opens too.
    """

    def __init__(
        self,
        pool: WorkerPool,
        resolve: Callable[..., Resolved],
        on_resolved: Callable[[Resolved, bool], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openDialog")
        self.setWindowTitle("Open")
        self._pool = pool
        self._resolve = resolve
        self._on_resolved = on_resolved
        self._job: Job | None = None
        self._play = False
        self._relay = _ProgressRelay(self)
        self._relay.text.connect(self._show_progress)

        prompt = QLabel(PROMPT)
        prompt.setObjectName("openPrompt")
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt.setWordWrap(True)
        self.input = QPlainTextEdit()
        self.input.setObjectName("openInput")
        self.input.setPlaceholderText("e.g. https://play.fastpix.com/?playbackId=…  (Enter opens, Shift+Enter starts a new line)")
        self.input.setTabChangesFocus(True)
        self.input.setMinimumSize(480, 90)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("openProgress")
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("openError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("#openError { color: #b00020; }")
        self.error_label.hide()

        buttons = QDialogButtonBox()
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openButton")
        self.open_button.setDefault(True)
        self.play_button = QPushButton("Open and &Play")
        self.play_button.setObjectName("openPlayButton")
        self.play_button.setAutoDefault(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("openCancelButton")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.play_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(lambda: self.start())
        self.play_button.clicked.connect(lambda: self.start(play=True))
        self.input.installEventFilter(self)
        self.cancel_button.clicked.connect(self.cancel_or_close)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.input)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.start()  # Shift+Enter falls through: the text box starts a new line
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ state

    def is_busy(self) -> bool:
        return self._job is not None

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def start(self, *, play: bool = False) -> None:
        """Resolve the pasted text in the background (Enter, Open; `play`: Open and Play)."""
        if self._job is not None:
            return
        self._play = play
        text = self.input.toPlainText()
        if not text.strip():
            self._show_error("Paste an ID, a link or a webhook payload first.")
            return
        self.error_label.hide()
        self.progress_label.setText("Looking it up…")
        self.open_button.setEnabled(False)
        self.play_button.setEnabled(False)
        self.input.setReadOnly(True)
        relay = self._relay

        def work(*, cancel: CancelLike) -> Resolved:
            # Runs on a worker thread: only plain strings cross back, through the queued signal.
            return self._resolve(text, progress=relay.text.emit, cancel=cancel)

        self._job = self._pool.run(work, on_done=self._done, on_error=self._failed, owner=self,
                                   key=("open", id(self)), pass_token=True)

    def cancel_or_close(self) -> None:
        """While searching: stop the search (the dialog stays, with the text). Otherwise close."""
        if self._job is None:
            self.reject()
            return
        self._job.cancel()
        self._finish()
        self.progress_label.setText("Cancelled.")

    def reject(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._finish()
        super().reject()

    # ------------------------------------------------------------------ results

    def _show_progress(self, text: str) -> None:
        if self._job is not None:
            self.progress_label.setText(" ".join(text.split()))

    def _done(self, resolved: Resolved) -> None:
        self._finish()
        self.progress_label.setText("")
        self.accept()
        self._on_resolved(resolved, self._play)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.progress_label.setText("")
        self._show_error(describe_failure(exc))

    def _finish(self) -> None:
        self._job = None
        self.open_button.setEnabled(True)
        self.play_button.setEnabled(True)
        self.input.setReadOnly(False)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


class OpenHost(Protocol):
    """What Open… uses of the window: the pool, the client, and a way to show the result."""

    pool: WorkerPool
    client: FastPixClient | None

    def reveal(self, tab: int, item: LiveStream | Media) -> None: ...
    def play_item(self, item: Any) -> None: ...
    def show_error(self, title: str, text: str) -> Any: ...


def show_open_dialog(window: OpenHost) -> OpenDialog | None:
    """Open the dialog for `window` (a MainWindow); the result is revealed in its lists."""
    client = window.client
    if client is None:
        window.show_error("No workspace", "Open needs a workspace: add one first.")
        return None

    def reveal(resolved: Resolved, play: bool) -> None:
        item = resolved.item
        window.reveal(STREAMS_TAB if isinstance(item, LiveStream) else MEDIA_TAB, item)
        if play:
            window.play_item(item)

    dialog = OpenDialog(window.pool, client.resolve, reveal, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = ["OpenDialog", "show_open_dialog"]
