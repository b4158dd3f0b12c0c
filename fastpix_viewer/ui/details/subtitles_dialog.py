""""Generate subtitles…": the audio track to transcribe and the spoken language.

FastPix wants a BCP-47 code and a language name; the name is filled in from the code (the
user may change it). The code is checked here, before anything is sent.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.errors import InputError
from fastpix_viewer.api.insights import check_language, language_name
from fastpix_viewer.api.models import Media


class SubtitlesDialog(QDialog):
    """See the module docstring. `choice()` is (audio track ID, language code, language name)."""

    def __init__(self, media: Media, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("generateSubtitlesDialog")
        self.setWindowTitle("Generate subtitles")
        note = QLabel(f"FastPix transcribes an audio track of “{title}” into subtitles in the language "
                      "spoken; they appear as a subtitle track when ready.")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.track_combo = QComboBox()
        self.track_combo.setObjectName("audioTrackCombo")
        for track in media.tracks:
            if track.type == "audio" and track.id:
                label = track.language_name or track.language_code or "Audio"
                self.track_combo.addItem(f"{label} ({track.id[:8]})", track.id)
        self.code_edit = QLineEdit("en")
        self.code_edit.setObjectName("languageCodeEdit")
        self.code_edit.setPlaceholderText("en, es, en-US…")
        self.name_edit = QLineEdit(language_name("en"))
        self.name_edit.setObjectName("languageNameEdit")
        self.code_edit.textEdited.connect(lambda text: self.name_edit.setText(language_name(text.strip())))
        self.problem_label = QLabel("")
        self.problem_label.setObjectName("subtitlesProblem")
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.hide()
        form = QFormLayout()
        form.addRow("Audio track", self.track_combo)
        form.addRow("Spoken language (code)", self.code_edit)
        form.addRow("Language name", self.name_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Generate")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.track_combo.count() > 0)
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addLayout(form)
        column.addWidget(self.problem_label)
        column.addWidget(self.buttons)

    def choice(self) -> tuple[str, str, str]:
        return (str(self.track_combo.currentData()), self.code_edit.text().strip(),
                self.name_edit.text().strip())

    def _check_and_accept(self) -> None:
        try:
            check_language(self.code_edit.text())
            if not self.name_edit.text().strip():
                raise InputError("The language name must not be empty.")
        except InputError as problem:
            self.problem_label.setText(problem.user_message)
            self.problem_label.show()
            return
        self.accept()
