"""The details tree: every field of a stream or media, with copy and reveal actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

from fastpix_viewer.ui.core.popups import popup_menu
from fastpix_viewer.ui.details.json_tree import FIELD_COLUMN, JsonTreeModel

# The Field column fits its content within these bounds (as a share of the
# view's width for the upper one) so long keys never squeeze the values away.
_FIELD_MIN_PX = 120
_FIELD_MAX_SHARE = 0.45


class DetailsView(QTreeView):
    """A `QTreeView` over its own `JsonTreeModel`.

    Ctrl+C copies the current field's full value (unmasked); the context menu
    has Copy value, Copy as JSON, Reveal/Hide for secret fields, Reveal all,
    Expand all and Collapse all.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsTree")
        self._model = JsonTreeModel(self)
        self.setModel(self._model)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_context_menu)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The Field column follows its content (opening a branch shows deeper, longer
        # keys; a wider view allows more) until the user drags it, per document.
        self._auto_fit = True
        self._fitting = False
        header.sectionResized.connect(self._on_section_resized)
        self.expanded.connect(self._refit)
        self.collapsed.connect(self._refit)

    @property
    def json_model(self) -> JsonTreeModel:
        return self._model

    # ---- content --------------------------------------------------------------------

    def set_document(self, title: str | None, json_obj: Any, *, same_record: bool = False) -> None:
        """Show `json_obj` under a row titled `title` (None: the document's
        fields at the top level).

        A new record starts collapsed with every secret masked. With
        `same_record=True` (a refresh, e.g. polling a recording until Ready)
        the expanded fields, revealed secrets, current field and scroll
        position are kept where the paths still exist.
        """
        state = self._capture_state() if same_record else None
        self._model.set_document(json_obj, title=title)
        if state is not None:
            self._restore_state(state)
            self._refit()
            return
        self._auto_fit = True
        if title is not None and self._model.rowCount():
            self.expand(self._model.index(0, 0))
        self.fit_field_column()

    def expand_path(self, path: Sequence[str | int]) -> bool:
        """Expand the field at `path` and its ancestors; False if there is none."""
        index = self._model.index_for_path(path)
        if not index.isValid():
            return False
        parent = index
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        return True

    def _capture_state(self) -> dict[str, Any]:
        expanded: list[tuple[str | int, ...]] = []
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self._model.rowCount(parent)):
                index = self._model.index(row, 0, parent)
                if self.isExpanded(index):
                    expanded.append(self._model.path(index))
                    pending.append(index)
        current = self.currentIndex()
        return {
            "expanded": expanded,
            "reveal_all": self._model.reveal_all(),
            "revealed": self._model.revealed_paths(),
            "current": (self._model.path(current), current.column()) if current.isValid() else None,
            "scroll": self.verticalScrollBar().value(),
        }

    def _restore_state(self, state: dict[str, Any]) -> None:
        for path in state["expanded"]:
            index = self._model.index_for_path(path)
            if index.isValid():
                self.expand(index)
        self._model.set_reveal_all(state["reveal_all"])
        for path in state["revealed"]:
            self._model.set_revealed(self._model.index_for_path(path), True)
        if state["current"] is not None:
            path, column = state["current"]
            index = self._model.index_for_path(path, column)
            if index.isValid():
                self.setCurrentIndex(index)
        self.verticalScrollBar().setValue(state["scroll"])

    def clear(self) -> None:
        self._model.clear()

    def fit_field_column(self) -> None:
        """Field column as wide as its longest shown key, within 120 px .. 45% of the width."""
        self._fitting = True
        try:
            wanted = max(self.sizeHintForColumn(FIELD_COLUMN), self.header().sectionSizeHint(FIELD_COLUMN))
            upper = max(_FIELD_MIN_PX, int(self.viewport().width() * _FIELD_MAX_SHARE))
            self.setColumnWidth(FIELD_COLUMN, min(max(wanted, _FIELD_MIN_PX), upper))
        finally:
            self._fitting = False

    def _refit(self, *_args: Any) -> None:
        if self._auto_fit:
            self.fit_field_column()

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == FIELD_COLUMN and not self._fitting:
            self._auto_fit = False  # the user's width wins until the next record

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()  # the 45% bound moves with the width (e.g. a splitter drag)

    # ---- actions --------------------------------------------------------------------

    def _target(self, index: QModelIndex | None) -> QModelIndex:
        return index if index is not None and index.isValid() else self.currentIndex()

    def copy_value(self, index: QModelIndex | None = None) -> bool:
        """Put the field's full value (revealed) on the clipboard."""
        index = self._target(index)
        if not index.isValid():
            return False
        QGuiApplication.clipboard().setText(self._model.value_text(index))
        return True

    def copy_json(self, index: QModelIndex | None = None) -> bool:
        """Put the field's value as pretty JSON (revealed) on the clipboard."""
        index = self._target(index)
        if not index.isValid():
            return False
        QGuiApplication.clipboard().setText(self._model.json_text(index))
        return True

    def toggle_revealed(self, index: QModelIndex | None = None) -> None:
        index = self._target(index)
        if self._model.is_secret(index):
            self._model.set_revealed(index, self._model.is_masked(index))

    def context_menu_for(self, index: QModelIndex) -> QMenu:
        """The context menu for `index` (built, not shown)."""
        menu = popup_menu(self)  # owned by the window: see ui/core/popups.py
        menu.setObjectName("detailsMenu")
        valid = index.isValid()

        def add(text: str, name: str, slot: Any, enabled: bool = True) -> QAction:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            return action

        copy = add("Copy value", "copyValueAction", lambda: self.copy_value(index), valid)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        add("Copy as JSON", "copyJsonAction", lambda: self.copy_json(index), valid)
        if valid and self._model.is_secret(index):
            masked = self._model.is_masked(index)
            add("Reveal" if masked else "Hide", "revealAction", lambda: self.toggle_revealed(index))
        if self._model.has_secrets():
            on = self._model.reveal_all()
            add(
                "Hide all secrets" if on else "Reveal all secrets",
                "revealAllAction",
                lambda: self._model.set_reveal_all(not on),
            )
        menu.addSeparator()
        # expandAll/collapseAll emit no expanded/collapsed signals: refit the Field column here.
        add("Expand all", "expandAllAction", lambda: (self.expandAll(), self._refit()))
        add("Collapse all", "collapseAllAction", lambda: (self.collapseAll(), self._refit()))
        return menu

    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.isValid():
            self.setCurrentIndex(index)
        menu = self.context_menu_for(index)
        menu.exec(self.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QAbstractItemView's own Ctrl+C copies the *displayed* (masked,
        # truncated) text; copy the real value instead.
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_value()
            event.accept()
            return
        super().keyPressEvent(event)
