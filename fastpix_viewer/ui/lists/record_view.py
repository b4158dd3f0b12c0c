"""The lists' table view: paints in a foreground stretch, so busy workers pause meanwhile.

A repaint asks the Python model and delegates for every visible cell, thousands of calls
that each take the GIL again; beside a worker preparing rows it took ~0.5 s instead of ~30 ms
(`bench/gil_convoy.py`, `api/step_aside.py`)."""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QTableView

from fastpix_viewer.api.step_aside import foreground


class RecordTableView(QTableView):
    def paintEvent(self, event: QPaintEvent) -> None:
        with foreground():
            super().paintEvent(event)
