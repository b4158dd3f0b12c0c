"""A filterable, sortable list of records with load progress (streams or media)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.ui.core.popups import popup_menu, use_top_level_context_menu
from fastpix_viewer.ui.lists.date_filter import date_range_combo, since_for
from fastpix_viewer.ui.lists.header_sections import carry_over, saved_section_count
from fastpix_viewer.ui.lists.record_filter import RecordFilterProxy
from fastpix_viewer.ui.lists.record_table import IdRole, ObjectRole, RecordTableModel
from fastpix_viewer.ui.lists.record_view import RecordTableView
from fastpix_viewer.ui.lists.status_badge import (
    MEDIA_CATEGORIES,
    STATUS_WORDS,
    STREAM_CATEGORIES,
    StatusBadgeDelegate,
)

StatusOption = tuple[str, Iterable[str]]

# Each option matches a status category (see status_badge.status_category) or
# an exact status, case-insensitively.
# Labelled with the badges' own words (status_badge.STATUS_WORDS).
STREAM_STATUS_OPTIONS: tuple[StatusOption, ...] = tuple((STATUS_WORDS[c], (c,)) for c in STREAM_CATEGORIES)
MEDIA_STATUS_OPTIONS: tuple[StatusOption, ...] = tuple((STATUS_WORDS[c], (c,)) for c in MEDIA_CATEGORIES)

FILTER_DEBOUNCE_MS = 150


class RecordListPane(QWidget):
    """Filter box, status combo, optional "Recordings only", the list, and a
    "Loaded N of M" / "Showing N" footer.

    `currentObjectChanged(obj)` fires when the current row shows a different
    record (obj is None when nothing is current). It does not fire when the
    current record's data is updated in place (`update_row`), so a details
    fetch that updates the row cannot loop.
    """

    currentObjectChanged = Signal(object)

    def __init__(
        self,
        model: RecordTableModel,
        *,
        status_options: Sequence[StatusOption] = (),
        recordings_predicate: Callable[[Any], bool] | None = None,
        recordings_label: str = "Recordings only",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._proxy = RecordFilterProxy(self)
        self._proxy.setSourceModel(model)
        self._status_sets: list[frozenset[str] | None] = [None]
        self._recordings_predicate = recordings_predicate
        # The record announced last, and the one the user picked (kept while a
        # filter hides it, so loosening the filter brings it back).
        self._current_id: object = None
        self._wanted_id: object = None
        self._quiet = False
        self._loaded = (0, None)
        self._count_note = ""

        self.filter_edit = QLineEdit(self)
        use_top_level_context_menu(self.filter_edit)
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setPlaceholderText("Filter…")
        self.filter_edit.setClearButtonEnabled(True)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem("All statuses")
        for label, statuses in status_options:
            self.status_combo.addItem(label)
            self._status_sets.append(frozenset(statuses))

        self.date_combo = date_range_combo(self)
        self.recordings_check: QCheckBox | None = None
        if recordings_predicate is not None:
            self.recordings_check = QCheckBox(recordings_label, self)
            self.recordings_check.setObjectName("recordingsOnly")

        # A QTableView, not a QTreeView: QTreeView lays out every row on each
        # insert (three Python model calls per row: ≈0.2 s per page at 20,000
        # rows), QTableView only ever asks about the visible rows.
        self.view = RecordTableView(self)  # a QTableView that lets busy workers pause while it paints
        self.view.setObjectName("recordView")
        self.view.setModel(self._proxy)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Ctrl/Shift-click select several rows (actions/bulk_actions.py); the current row
        # (the last one clicked) is the one Details show.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.view.verticalHeader()
        rows.setVisible(False)
        # Uniform row heights, and no per-row size queries.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorClearable(True)
        # Right-click a column title to show or hide columns (e.g. the long IDs).
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        self._stretch_key: str | None = None
        # Arrival order until the user (or restored header state) picks a column.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self._badge = StatusBadgeDelegate(self.view)
        for i, column in enumerate(model.columns):
            if column.badge:
                self.view.setItemDelegateForColumn(i, self._badge)

        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_combo)
        top.addWidget(self.date_combo)
        if self.recordings_check is not None:
            top.addWidget(self.recordings_check)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.progress_label, 1)
        footer.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

        # One filter pass per pause in typing, not per keystroke.
        self._debounce = QTimer(self)
        self._debounce.setObjectName("filterDebounce")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_text_filter)
        self.filter_edit.textChanged.connect(self._debounce.start)
        self.filter_edit.returnPressed.connect(self.apply_text_filter)
        self.status_combo.currentIndexChanged.connect(self._apply_status_filter)
        self.date_combo.currentIndexChanged.connect(
            lambda i: self._filter_quietly(lambda: self._proxy.set_created_since(since_for(i))))
        if self.recordings_check is not None:
            self.recordings_check.toggled.connect(self._apply_recordings_only)

        # Filtering emits one signal per removed/inserted interval; coalesce the
        # "Showing N" update into one per event-loop turn.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self._update_count)
        for signal in (
            self._proxy.rowsInserted,
            self._proxy.rowsRemoved,
            self._proxy.modelReset,
            self._proxy.layoutChanged,
        ):
            signal.connect(self._count_timer.start)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self._proxy.modelReset.connect(self._reconcile_current)
        self._update_count()
        self.set_progress(0, None)

    # ---- accessors ------------------------------------------------------------------

    @property
    def model(self) -> RecordTableModel:
        return self._model

    @property
    def proxy(self) -> RecordFilterProxy:
        return self._proxy

    def current_object(self) -> Any | None:
        index = self.view.currentIndex()
        return self._proxy.object_at(index.row()) if index.isValid() else None

    def select_id(self, row_id: str, *, announce: bool = True) -> bool:
        """Make `row_id` the current row (False if not loaded or filtered out). With
        `announce=False` nobody hears of it until `announce_current()`: the row is current at
        once (so a focus-in does not make the first row current instead), its details and
        recordings are asked for later."""
        row = self._proxy.row_for_id(row_id)
        if row < 0:
            return False
        index = self._proxy.index(row, 0)
        self._quiet = not announce
        try:
            # That row alone: view.setCurrentIndex would extend a multi-selection if Qt last saw Shift.
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._quiet = False
        if not announce:
            self._wanted_id = row_id
        self.view.scrollTo(index)
        return True

    def announce_current(self) -> None:
        """Tell the window about the current row, if it has not heard of it yet."""
        index = self.view.currentIndex()
        if index.isValid():
            self._announce(index.data(IdRole), index.data(ObjectRole))

    def clear_current(self) -> None:
        """No current row and nothing selected (e.g. the row is about to go: Qt would make its
        neighbour current, and Details would show a media the user did not pick)."""
        self.view.selectionModel().clear()

    def sort_by(self, column_key: str, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort as if the user clicked the header of `column_key` ('' = arrival order)."""
        column = self._model.column_index(column_key) if column_key else -1
        self.view.horizontalHeader().setSortIndicator(column, order)

    # ---- progress -------------------------------------------------------------------

    def set_progress(self, loaded: int, total: int | None) -> None:
        """Show "Loaded 3,500 of 10,000" (numbers in the widget's locale)."""
        self._loaded = (loaded, total)
        fmt = self.locale().toString
        if total is None:
            self.progress_label.setText(f"Loaded {fmt(loaded)}")
        else:
            self.progress_label.setText(f"Loaded {fmt(loaded)} of {fmt(total)}")

    def _update_count(self) -> None:
        shown = f"Showing {self.locale().toString(self._proxy.rowCount())}"
        self.count_label.setText(f"{self._count_note} · {shown}" if self._count_note else shown)

    def set_count_note(self, text: str) -> None:
        """A plain note before the row count (e.g. what a filter is still waiting for); '' = none."""
        self._count_note = " ".join(text.split())
        self._update_count()

    def refresh_recordings_filter(self) -> None:
        """The "Recordings only" predicate's answers changed: filter again (the pick is kept)."""
        self._filter_quietly(self._proxy.refresh_predicate)

    # ---- header persistence ---------------------------------------------------------

    def apply_column_layout(self, widths: Mapping[str, int], stretch: str | None = None,
                            hidden: Iterable[str] = ()) -> None:
        """First-run layout: `widths` by column key, the `stretch` column takes the room
        left over (so nothing is cut off or scrolled sideways at the default size), and the
        `hidden` columns start hidden (the header's context menu shows them)."""
        header = self.view.horizontalHeader()
        for i, column in enumerate(self._model.columns):
            if column.key in widths:
                # Never narrower than the column's title (and sort arrow) needs.
                header.resizeSection(i, max(widths[column.key], header.sectionSizeHint(i)))
            header.setSectionHidden(i, column.key in hidden)
        self._stretch_key = stretch
        self._apply_stretch()

    def _apply_stretch(self) -> None:
        index = self._model.column_index(self._stretch_key) if self._stretch_key else -1
        if index < 0:
            return
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for i in range(header.count()):
            mode = QHeaderView.ResizeMode.Stretch if i == index else QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(i, mode)

    def header_menu(self) -> QMenu:
        """The header's context menu: one check item per column (built, not shown)."""
        header = self.view.horizontalHeader()
        menu = popup_menu(self)  # owned by the window: see ui/core/popups.py
        menu.setObjectName("columnsMenu")
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        for i, column in enumerate(self._model.columns):
            action = menu.addAction(column.title)
            action.setObjectName(f"column_{column.key}")
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.setEnabled(not (len(shown) == 1 and i in shown))  # never hide the last one
            action.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
        return menu

    def _show_header_menu(self, pos: Any) -> None:
        header = self.view.horizontalHeader()
        menu = self.header_menu()
        menu.exec(header.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def header_state(self) -> QByteArray:
        """Column widths, order and sort indicator, for QSettings."""
        return self.view.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray | bytes | None) -> bool:
        """Restore `header_state()` output and re-apply its sort; False if unusable."""
        if not state:
            return False
        header = self.view.horizontalHeader()
        first_run = header.saveState()
        if not header.restoreState(QByteArray(state)):
            return False
        # Columns added since the state was saved: see header_sections.
        known = saved_section_count(state)
        if known is not None and known < header.count():
            carry_over(header, first_run, known)
        # A state saved before the stretch column existed restores fixed resize modes.
        self._apply_stretch()
        self.view.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return True

    # ---- filters --------------------------------------------------------------------

    def apply_text_filter(self) -> None:
        """Apply the filter box now (also what the debounce timer calls)."""
        self._debounce.stop()
        text = self.filter_edit.text()
        self._filter_quietly(lambda: self._proxy.set_text_filter(text))

    def _apply_status_filter(self, combo_index: int) -> None:
        if 0 <= combo_index < len(self._status_sets):
            statuses = self._status_sets[combo_index]
            self._filter_quietly(lambda: self._proxy.set_status_filter(statuses))

    def _apply_recordings_only(self, checked: bool) -> None:
        predicate = self._recordings_predicate if checked else None
        self._filter_quietly(lambda: self._proxy.set_predicate(predicate))

    def _filter_quietly(self, change: Callable[[], None]) -> None:
        # When a filter hides the current row, Qt moves "current" to a
        # neighbour; announcing that would load (or play) a record the user
        # never picked. Instead: the picked record stays current while
        # visible, and is announced as gone (None) while hidden.
        self._quiet = True
        try:
            change()
        finally:
            self._quiet = False
        self._reconcile_current()

    # ---- current row ----------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        self._wanted_id = current.data(IdRole) if current.isValid() else None
        self._announce(self._wanted_id, current.data(ObjectRole) if current.isValid() else None)

    def _reconcile_current(self) -> None:
        """Point the view at the picked record if it is visible, else at nothing."""
        row = self._proxy.row_for_id(self._wanted_id) if isinstance(self._wanted_id, str) else -1
        current = self.view.currentIndex()
        self._quiet = True
        try:
            if row >= 0 and current.row() != row:
                self.view.setCurrentIndex(self._proxy.index(row, max(current.column(), 0)))
                self.view.scrollTo(self.view.currentIndex())
            elif row < 0 and current.isValid():
                self.view.selectionModel().clear()
        finally:
            self._quiet = False
        if row >= 0:
            self._announce(self._wanted_id, self._proxy.object_at(row))
        else:
            self._announce(None, None)

    def _announce(self, row_id: object, obj: Any | None) -> None:
        if row_id == self._current_id:
            return
        self._current_id = row_id
        self.currentObjectChanged.emit(obj)
