"""The lists' table view: paints in a foreground stretch, so busy workers pause meanwhile, and
rows inserted below the visible ones repaint nothing.

A repaint asks the Python model and delegates for every visible cell, thousands of calls
that each take the GIL again; beside a worker preparing rows it took ~0.5 s instead of ~30 ms
(`bench/gil_convoy.py`, `api/step_aside.py`)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QTableView, QWidget

from fastpix_viewer.api.step_aside import foreground


class RecordTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet_insert = False

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            old.rowsAboutToBeInserted.disconnect(self._before_insert)
            old.rowsInserted.disconnect(self._after_insert)
        super().setModel(model)
        if model is not None:
            # Connected after the view's own header, so `_after_insert` runs once the header
            # has counted the new rows.
            model.rowsAboutToBeInserted.connect(self._before_insert)
            model.rowsInserted.connect(self._after_insert)

    def _before_insert(self, parent: QModelIndex, first: int, _last: int) -> None:
        # QTableView answers every change of the row count (the vertical header's
        # sectionCountChanged) with a layout and a repaint of the whole viewport, even for rows
        # appended far below the visible ones: one full repaint per page while a large listing
        # loads. When the visible rows stay as they are, the header keeps quiet and only the
        # scroll bar's range is updated.
        last_visible = self.rowAt(self.viewport().height() - 1)
        self._quiet_insert = not parent.isValid() and 0 <= last_visible < first and self.isVisible()
        if self._quiet_insert:
            self.verticalHeader().blockSignals(True)

    def _after_insert(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        if self._quiet_insert:
            self._quiet_insert = False
            self.verticalHeader().blockSignals(False)
            self.updateGeometries()

    def paintEvent(self, event: QPaintEvent) -> None:
        with foreground():
            super().paintEvent(event)
