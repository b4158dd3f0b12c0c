"""The question before downloading several media: how to name the files.

A template such as "{stream} {date} {title}" (fields in api.file_names.TEMPLATE_FIELDS),
kept in the settings for next time, with a live preview of the first file's name and a
plain message while the template is unusable (OK is disabled then).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from fastpix_viewer.api.file_names import (
    DEFAULT_TEMPLATE,
    TEMPLATE_FIELDS,
    template_problem,
    template_stem,
)
from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.core.settings import UiSettings

TEMPLATE_KEY = "downloads/name_template"


def saved_template(settings: UiSettings) -> str:
    saved = settings.str_value(TEMPLATE_KEY)
    return saved if saved and template_problem(saved) is None else DEFAULT_TEMPLATE


class NameTemplateDialog(QDialog):
    """Asks for the template; `chosen(template)` is called on OK (after saving it)."""

    def __init__(self, media: Sequence[Media], skipped: int, settings: UiSettings,
                 chosen: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nameTemplateDialog")
        self.setWindowTitle(f"Download {len(media)} media")
        self._media = list(media)
        self._settings = settings
        self._chosen = chosen
        fields = "\n".join(f"{{{key}}}  {meaning}" for key, meaning in TEMPLATE_FIELDS.items())
        intro = QLabel(f"Save the MP4 files of {len(media)} media in the download folder, named by "
                       f"this template:\n\n{fields}", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.template_edit = QLineEdit(saved_template(settings), self)
        self.template_edit.setObjectName("nameTemplateEdit")
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("nameTemplatePreview")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setWordWrap(True)
        self.skipped_label = QLabel(self)
        self.skipped_label.setObjectName("nameTemplateSkipped")
        self.skipped_label.setTextFormat(Qt.TextFormat.PlainText)
        self.skipped_label.setWordWrap(True)
        self.skipped_label.setText(f"{skipped} of the selected items have no ready MP4 file and are left out."
                                   if skipped else "")
        self.skipped_label.setVisible(bool(skipped))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Download")
        self.ok_button.setObjectName("nameTemplateOkButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.template_edit)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.buttons)
        self.template_edit.textChanged.connect(self._update_preview)
        self._update_preview()
        self.resize(520, self.sizeHint().height())

    def _update_preview(self) -> None:
        template = self.template_edit.text()
        problem = template_problem(template)
        if problem is not None:
            self.preview_label.setText(problem)
        elif self._media:
            self.preview_label.setText(f"For example: {template_stem(template, self._media[0])}.mp4")
        self.ok_button.setEnabled(problem is None and bool(self._media))

    def accept(self) -> None:
        template = self.template_edit.text()
        if template_problem(template) is not None:
            return
        self._settings.set_str(TEMPLATE_KEY, template)
        self._settings.sync()
        super().accept()
        self._chosen(template)


__all__ = ["TEMPLATE_KEY", "NameTemplateDialog", "saved_template"]
