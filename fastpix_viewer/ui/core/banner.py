"""An inline message with a Retry button, shown above a list when its load failed.

It sits above the rows instead of replacing them: a failed refresh leaves the list the
user was looking at in place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class ErrorBanner(QFrame):
    retryClicked = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}ErrorBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#{name}ErrorBanner {{ background: #fdecea; border: 1px solid #e0a8a3; }}"
                           f" #{name}ErrorBanner QLabel {{ color: #611a15; }}")
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}ErrorText")
        # API text: never let Qt guess rich text.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Retry", self)
        self.retry_button.setObjectName(f"{name}RetryButton")
        self.retry_button.clicked.connect(self.retryClicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
