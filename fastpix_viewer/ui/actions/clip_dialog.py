""""Create clip…": a title, public or private, an MP4 rendition or not, and the marked range
shown as times and length; Create sends `POST /on-demand` with `fp_mediaId://<source>`.

The range is checked against the source as FastPix describes it now (the API layer reads
the media again and refuses a source that is not Ready, a live stream, a start at or after
the end, or a range past the media's end, before anything is sent). A refusal, FastPix's
400 or 422, or a network failure is said in the dialog in plain words; the dialog stays
open with everything typed kept. On success `on_created(Clip)` gets FastPix's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.clips import Clip, clip_range, clip_source
from fastpix_viewer.api.errors import InputError
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.core.popups import use_top_level_context_menu
from fastpix_viewer.ui.core.worker import Job, WorkerPool
from fastpix_viewer.ui.playback.mark_bar import format_tenths


def describe_range(start_s: float, end_s: float) -> str:
    """"0:02.0 to 0:06.5 (4.5 s)" for a range in seconds."""
    return f"{format_tenths(start_s)} to {format_tenths(end_s)} ({round(end_s - start_s, 1):g} s)"


def sent_range(item: Media | LiveStream, start_s: float, end_s: float) -> tuple[float, float]:
    """The range FastPix will be asked for: to the tenth, widened outward (start down, end up,
    never past the media's end), as the API layer sends it; the marks as they are when the
    range cannot be sent (the dialog then says why)."""
    try:
        span = clip_range(clip_source(item), start_s, end_s)
    except InputError:
        return start_s, end_s
    return float(span.start), float(span.end)


def check_clip(item: Media | LiveStream, start_s: float, end_s: float) -> str | None:
    """Why this clip cannot be asked for (one sentence), or None: the checks the API makes
    before sending, on what the window knows (the dialog's send checks again on fresh data)."""
    try:
        clip_range(clip_source(item), start_s, end_s)
    except InputError as problem:
        return problem.user_message
    return None


class ClipDialog(QDialog):
    """One clip of `source` over [start_s, end_s] (see the module docstring)."""

    def __init__(
        self,
        source: Media | LiveStream,
        start_s: float,
        end_s: float,
        pool: WorkerPool,
        client: Any,
        on_created: Callable[[Clip], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clipDialog")
        self.setWindowTitle("Create clip")
        self.source = source
        self.start_s, self.end_s = start_s, end_s
        self._pool, self._client, self._on_created = pool, client, on_created
        self._job: Job | None = None

        heading = QLabel(f"A new media cut from “{item_title(source)}”\n{source.id}")
        heading.setObjectName("clipHeading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # What FastPix will cut (marks are milliseconds; FastPix gets tenths, widened outward).
        self.range_label = QLabel(describe_range(*sent_range(source, start_s, end_s)))
        self.range_label.setObjectName("clipRangeLabel")
        self.range_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_input = QLineEdit()
        self.title_input.setObjectName("clipTitleInput")
        self.title_input.setPlaceholderText("Title (optional)")
        use_top_level_context_menu(self.title_input)
        self.public_radio = QRadioButton("Public (anyone with the link)")
        self.public_radio.setObjectName("clipPublicRadio")
        self.private_radio = QRadioButton("Private (signed URLs only)")
        self.private_radio.setObjectName("clipPrivateRadio")
        self.public_radio.setChecked(True)
        self._policy = QButtonGroup(self)
        self._policy.addButton(self.public_radio)
        self._policy.addButton(self.private_radio)
        policy_row = QHBoxLayout()
        policy_row.addWidget(self.public_radio)
        policy_row.addWidget(self.private_radio)
        policy_row.addStretch(1)
        self.mp4_check = QCheckBox("Also make an MP4 rendition (for downloads)")
        self.mp4_check.setObjectName("clipMp4Check")

        self.error_label = QLabel()
        self.error_label.setObjectName("clipError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("#clipError { color: #b00020; }")
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("clipStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QDialogButtonBox()
        self.create_button = QPushButton("Create")
        self.create_button.setObjectName("createClipConfirmButton")
        self.create_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelClipButton")
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.clicked.connect(self.create)
        self.cancel_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("Range", self.range_label)
        form.addRow("Title", self.title_input)
        form.addRow("Access", policy_row)
        form.addRow("", self.mp4_check)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.resize(520, 0)
        problem = check_clip(source, start_s, end_s)
        if problem is not None:  # nothing in this dialog can fix it: say why, offer nothing to send
            self._show_error(problem)
            self.create_button.setEnabled(False)

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def is_sending(self) -> bool:
        return self._job is not None

    def create(self) -> None:
        if self._job is not None:
            return
        problem = check_clip(self.source, self.start_s, self.end_s)
        if problem is not None:
            self._show_error(problem)
            return
        title = self.title_input.text().strip() or None
        policy = "private" if self.private_radio.isChecked() else "public"
        mp4 = "capped_4k" if self.mp4_check.isChecked() else None
        client, source_id, start, end = self._client, self.source.id, self.start_s, self.end_s
        self.error_label.hide()
        self.status_label.setText("Sending…")
        self.create_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

        def send(cancel: Any = None) -> Clip:
            # By ID: the API reads the source again, so its status and length are FastPix's now.
            return client.create_clip(source_id, start, end, title=title, access_policy=policy,
                                      mp4_support=mp4, cancel=cancel)

        self._job = self._pool.run(send, on_done=self._created, on_error=self._failed, owner=self,
                                   key=("clip", source_id), pass_token=True)

    def reject(self) -> None:
        # A clip being sent cannot be unsent: closing now would lose its follow-up (and the
        # user's only way to see it being made). The request has a timeout; wait for it.
        if self._job is not None:
            self.status_label.setText("Sending… (the clip cannot be cancelled once sent)")
            return
        super().reject()

    def _created(self, clip: Clip) -> None:
        self._job = None
        self.status_label.setText("")
        self.create_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.accept()
        self._on_created(clip)

    def _failed(self, exc: BaseException) -> None:
        self._job = None
        self.status_label.setText("")
        self.create_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self._show_error("No clip was made: " + describe_failure(exc))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


__all__ = ["ClipDialog", "check_clip", "describe_range", "sent_range"]
