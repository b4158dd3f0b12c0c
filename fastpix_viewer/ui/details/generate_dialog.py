""""Generate…": confirm asking FastPix for a summary, chapters, named entities or moderation.

Generation runs on FastPix (and may count against the plan), so it is asked for, not done on
a click; the summary's length and the moderation's kind are chosen here (the API's bounds).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.insight_results import InsightKind
from fastpix_viewer.api.insights import SUMMARY_DEFAULT_WORDS, SUMMARY_MAX_WORDS, SUMMARY_MIN_WORDS

MODERATION_CHOICES = (("Video and audio", "av"), ("Video only", "video"), ("Audio only", "audio"))


class GenerateDialog(QDialog):
    """Asks before generating `kind` for the media called `title`; `options()` are the
    keyword arguments for `FastPixClient.request_insight`."""

    def __init__(self, kind: InsightKind, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("generateInsightDialog")
        self.kind = kind
        self.setWindowTitle(f"Generate {kind.label}")
        note = QLabel(f"Ask FastPix to generate the {kind.label} of “{title}”? FastPix prepares it in "
                      "the background (usually a few minutes); this window follows it until it is ready.")
        note.setObjectName("generateNote")
        note.setTextFormat(Qt.TextFormat.PlainText)  # the title is API text
        note.setWordWrap(True)
        form = QFormLayout()
        self.length_spin: QSpinBox | None = None
        self.moderation_combo: QComboBox | None = None
        if kind is InsightKind.SUMMARY:
            self.length_spin = QSpinBox()
            self.length_spin.setObjectName("summaryLengthSpin")
            self.length_spin.setRange(SUMMARY_MIN_WORDS, SUMMARY_MAX_WORDS)
            self.length_spin.setValue(SUMMARY_DEFAULT_WORDS)
            self.length_spin.setSuffix(" words")
            form.addRow("About", self.length_spin)
        elif kind is InsightKind.MODERATION:
            self.moderation_combo = QComboBox()
            self.moderation_combo.setObjectName("moderationTypeCombo")
            for label, value in MODERATION_CHOICES:
                self.moderation_combo.addItem(label, value)
            form.addRow("Check", self.moderation_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Generate")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addLayout(form)
        column.addWidget(buttons)

    def options(self) -> dict[str, Any]:
        if self.length_spin is not None:
            return {"summary_length": self.length_spin.value()}
        if self.moderation_combo is not None:
            return {"moderation_type": str(self.moderation_combo.currentData())}
        return {}
