"""Edit a media's title and metadata (Ctrl+E).

Everything is checked before anything is sent (FastPix's limits: at most 10 pairs, 255 characters
for the title, each key and each value; the API layer's `check_media_update` is the rule book),
with the problem shown inline. Saving runs in the worker pool; on success the caller gets the
fresh media, on failure (422, network) the dialog says why in plain words and nothing shown in
the main window changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.client import MAX_METADATA_LENGTH, MAX_METADATA_PAIRS, check_media_update
from fastpix_viewer.api.edits import EditNotApplied
from fastpix_viewer.api.errors import InputError
from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.core.worker import Job, WorkerPool

KEY_COLUMN, VALUE_COLUMN = 0, 1


class EditDialog(QDialog):
    """Edits one media; `on_saved(Media)` receives FastPix's answer after a successful save."""

    def __init__(
        self,
        media: Media,
        pool: WorkerPool,
        client: Any,
        on_saved: Callable[[Media], None],
        parent: QWidget | None = None,
        on_differs: Callable[[Media], None] | None = None,
    ) -> None:
        """`on_differs(Media)`: FastPix answered with a media that is not what was asked."""
        super().__init__(parent)
        self.setObjectName("editDialog")
        self.setWindowTitle("Edit media")
        self.media = media
        self._pool = pool
        self._client = client
        self._on_saved = on_saved
        self._on_differs = on_differs
        self._job: Job | None = None

        heading = QLabel(f"{item_title(media)}\n{media.id}")
        heading.setObjectName("editHeading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_input = QLineEdit(media.title or "")
        self.title_input.setObjectName("editTitleInput")
        self.title_input.setPlaceholderText("Title")

        self.count_label = QLabel()
        self.count_label.setObjectName("metadataCountLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("metadataTable")
        self.table.setHorizontalHeaderLabels(["Key", "Value"])
        self.table.horizontalHeader().setSectionResizeMode(VALUE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(KEY_COLUMN, 160)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for key, value in media.metadata.items():
            self.add_pair(key, value)
        self.table.itemChanged.connect(lambda _item: self._update_count())

        self.add_button = QPushButton("Add pair")
        self.add_button.setObjectName("addMetadataButton")
        self.add_button.clicked.connect(lambda: self._add_and_edit())
        self.remove_button = QPushButton("Remove pair")
        self.remove_button.setObjectName("removeMetadataButton")
        self.remove_button.clicked.connect(self.remove_selected_pair)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.count_label)

        self.error_label = QLabel()
        self.error_label.setObjectName("editError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("#editError { color: #b00020; }")
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("editStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QDialogButtonBox()
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveEditButton")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelEditButton")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("Title", self.title_input)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(QLabel(f"Metadata (at most {MAX_METADATA_PAIRS} pairs, "
                                f"{MAX_METADATA_LENGTH} characters each)"))
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self._update_count()

    # ------------------------------------------------------------------ the table

    def add_pair(self, key: str = "", value: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, KEY_COLUMN, QTableWidgetItem(key))
        self.table.setItem(row, VALUE_COLUMN, QTableWidgetItem(value))
        self._update_count()
        return row

    def _add_and_edit(self) -> None:
        row = self.add_pair()
        self.table.setCurrentCell(row, KEY_COLUMN)
        self.table.editItem(self.table.item(row, KEY_COLUMN))

    def remove_selected_pair(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._update_count()

    def pairs(self) -> list[tuple[str, str]]:
        """The table's pairs, without rows left completely empty."""
        out = []
        for row in range(self.table.rowCount()):
            key_item, value_item = self.table.item(row, KEY_COLUMN), self.table.item(row, VALUE_COLUMN)
            key = key_item.text().strip() if key_item is not None else ""
            value = value_item.text() if value_item is not None else ""
            if key or value:
                out.append((key, value))
        return out

    def _update_count(self) -> None:
        count = len(self.pairs())
        self.count_label.setText(f"{count} of {MAX_METADATA_PAIRS} pairs")

    # ------------------------------------------------------------------ saving

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def is_saving(self) -> bool:
        return self._job is not None

    def checked_update(self) -> tuple[str | None, dict[str, str]]:
        """(title, metadata) as they will be sent, or InputError saying what to fix."""
        pairs = self.pairs()
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise InputError(f"The metadata key “{key[:40]}” appears twice; keys must be unique.")
            seen.add(key)
        metadata = dict(pairs)
        title_text = self.title_input.text().strip()
        # A media without a title may stay without one; an existing title cannot be emptied.
        title = title_text if (title_text or self.media.title) else None
        check_media_update(title, metadata)
        return title, metadata

    def save(self) -> None:
        if self._job is not None:
            return
        try:
            title, metadata = self.checked_update()
        except InputError as problem:
            self._show_error(problem.user_message)
            return
        self.error_label.hide()
        self.status_label.setText("Saving…")
        self.save_button.setEnabled(False)
        client, media_id = self._client, self.media.id

        def send() -> Media:
            return client.update_media(media_id, title=title, metadata=metadata)

        self._job = self._pool.run(send, on_done=self._saved, on_error=self._failed, owner=self,
                                   key=("edit", media_id))

    def _saved(self, media: Media) -> None:
        self._job = None
        self.status_label.setText("")
        self.save_button.setEnabled(True)
        self.accept()
        self._on_saved(media)

    def _failed(self, exc: BaseException) -> None:
        self._job = None
        self.status_label.setText("")
        self.save_button.setEnabled(True)
        if isinstance(exc, EditNotApplied):
            # FastPix changed something, but not what was asked: say which keys differ, let
            # the window show what FastPix now holds, and keep the dialog (no "saved").
            self._show_error(exc.user_message)
            self.media = exc.media
            if self._on_differs is not None:
                self._on_differs(exc.media)
            return
        self._show_error("Not saved: " + describe_failure(exc))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


__all__ = ["EditDialog"]
