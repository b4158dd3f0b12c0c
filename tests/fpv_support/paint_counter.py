"""A widget that counts its paints: what runs "after the first paint" is checked against it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class PaintCounter(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, event) -> None:
        self.paints += 1
