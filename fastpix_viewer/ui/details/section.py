"""What the details sections share: a titled box with a note line and a table of rows,
filled from pool jobs whose late answers (an older item's) are dropped.

API text reaches the table as plain text (QTreeWidgetItem text is never rich text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.worker import WorkerPool

ROW_DATA = Qt.ItemDataRole.UserRole


class Section(QGroupBox):
    """A box titled `title` with a note, a table with `headers` and a row of buttons."""

    def __init__(self, name: str, title: str, headers: Sequence[str], pool: WorkerPool | None,
                 client: Any, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self.pool, self.client = pool, client
        self.item: Any = None
        self._generation = 0
        self.note = QLabel("", self)
        self.note.setObjectName(f"{name}Note")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.table = QTreeWidget(self)
        self.table.setObjectName(f"{name}Table")
        self.table.setHeaderLabels(list(headers))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(90)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)

    def button(self, name: str, text: str, slot: Callable[[], Any], tip: str = "") -> QToolButton:
        b = QToolButton(self)
        b.setObjectName(name)
        b.setText(text)
        b.setToolTip(tip)
        b.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(b)
        return b

    def set_rows(self, rows: Sequence[tuple[Sequence[str], Any]]) -> None:
        """Replace the rows: (cell texts, the row's object)."""
        self.table.clear()
        for texts, obj in rows:
            row = QTreeWidgetItem([" ".join(str(t).split()) for t in texts])
            row.setData(0, ROW_DATA, obj)
            self.table.addTopLevelItem(row)
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)

    def row_objects(self) -> list[Any]:
        return [self.table.topLevelItem(i).data(0, ROW_DATA) for i in range(self.table.topLevelItemCount())]

    def selected_object(self) -> Any:
        row = self.table.currentItem()
        return row.data(0, ROW_DATA) if row is not None else None

    def select_row(self, index: int) -> None:
        self.table.setCurrentItem(self.table.topLevelItem(index))

    def say(self, text: str) -> None:
        self.note.setText(" ".join(str(text).split()))

    def run(self, fn: Callable[..., Any], on_done: Callable[[Any], None], failed: str,
            *, key: str = "load", on_progress: Callable[[Any], None] | None = None) -> None:
        """Run `fn(cancel=…)` in the pool for the current item (with `on_progress`, also
        `progress=`); an answer about an item no longer shown is dropped; a failure is said on
        the note line ("<failed>: <why>")."""
        if self.pool is None:
            return
        generation = self._generation

        def done(result: Any) -> None:
            if generation == self._generation:
                on_done(result)

        def error(exc: BaseException) -> None:
            if generation == self._generation:
                self.say(f"{failed}: {describe_failure(exc)}")
                self.busy(False)

        def progressed(value: Any) -> None:
            if generation == self._generation and on_progress is not None:
                on_progress(value)

        self.pool.run(fn, on_done=done, on_error=error, owner=self, key=(key, id(self)), pass_token=True,
                      on_progress=progressed if on_progress is not None else None)

    def busy(self, on: bool) -> None:
        """Buttons wait while a change is sent (one change at a time)."""
        self._busy = on
        self.hold_if_busy()
        if not on:
            self.update_buttons()

    def hold_if_busy(self) -> None:
        """While a change is sent, every button stays off (a details refresh must not turn
        them back on: a second click would send a second change)."""
        if not getattr(self, "_busy", False):
            return
        for i in range(self.buttons.count()):
            widget = self.buttons.itemAt(i).widget()
            if widget is not None:
                widget.setEnabled(False)

    def update_buttons(self) -> None:
        """Enable the buttons that fit the item and the selected row (sections override)."""

    def next_item(self, item: Any) -> bool:
        """Show `item`; True when it is another item than before (older answers are dropped)."""
        other = item is None or self.item is None or getattr(item, "id", None) != getattr(self.item, "id", None)
        self.item = item
        if other:
            self._generation += 1
        return other
