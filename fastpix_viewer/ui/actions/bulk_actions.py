"""Several items at once: Ctrl/Shift-click in any list, then act on the whole selection.

Download (the MP4 files, named by a template kept in the settings), copy the IDs or share
links as a list, copy as CSV, delete (one confirmation listing them; each result reported),
and export the list (or the selection) as CSV or JSON through a file dialog, written on the
worker. Details keep showing the current row; the status bar says "N selected". The entries
are in Item › Selected items and in the lists' context menu when the clicked row is part of a
multi-selection (the single-item menu answers otherwise).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox

from fastpix_viewer.api.file_names import template_stem
from fastpix_viewer.api.listing_export import export_listing, rows_of, to_csv
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.api.playback import share_playback_id, share_url
from fastpix_viewer.ui.actions.name_template import NameTemplateDialog
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import MEDIA_TAB, item_title
from fastpix_viewer.ui.core.popups import popup_menu
from fastpix_viewer.ui.downloads.manager import MP4, ready_rendition
from fastpix_viewer.ui.lists.record_list import RecordListPane

log = logging.getLogger(__name__)

LISTED_NAMES = 12  # names in the delete confirmation before "and N more"


def selected_objects(pane: RecordListPane) -> list[Any]:
    """The pane's selected rows' objects, top to bottom as shown."""
    rows = sorted(index.row() for index in pane.view.selectionModel().selectedRows())
    return [pane.proxy.object_at(row) for row in rows]


def shown_objects(pane: RecordListPane) -> list[Any]:
    """Every row the pane shows (its filters applied), top to bottom."""
    return [pane.proxy.object_at(row) for row in range(pane.proxy.rowCount())]


class BulkActions(QObject):
    """Installs the selection actions on the main window (see the module docstring)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("bulkActions")
        self.window = window
        self._last_pane: RecordListPane = window.streams_pane
        self.confirm_dialog: QMessageBox | None = None
        self.template_dialog: NameTemplateDialog | None = None
        self.export_dialog: QFileDialog | None = None
        self.context_menu: QMenu | None = None
        self.delete_results: list[tuple[str, str | None]] = []  # (media ID, failure or None)
        self._deleting: dict[str, Media] = {}

        def action(name: str, text: str, slot: Any, tip: str) -> QAction:
            made = QAction(text, window)
            made.setObjectName(name)
            made.setToolTip(tip)
            made.triggered.connect(lambda _checked=False: slot())
            return made

        self.download_action = action("downloadSelectedAction", "&Download selected…", self.download_selected,
                                      "Save the MP4 files of the selected media, named by a template")
        self.copy_ids_action = action("copySelectedIdsAction", "Copy &IDs", self.copy_ids,
                                      "Copy the selected items' IDs, one per line")
        self.copy_links_action = action("copySelectedLinksAction", "Copy share &links", self.copy_links,
                                        "Copy the selected items' share links, one per line")
        self.copy_csv_action = action("copySelectedCsvAction", "Copy as &CSV", self.copy_csv,
                                      "Copy the selected items as CSV (paste into a spreadsheet)")
        self.delete_action = action("deleteSelectedAction", "D&elete selected…", self.delete_selected,
                                    "Delete the selected media (asks once, listing them)")
        self.export_selected_action = action("exportSelectedAction", "E&xport selected…",
                                             lambda: self.export(selected_objects(self.pane())),
                                             "Save the selected items as CSV or JSON")
        self.export_list_action = action("exportListAction", "Export &list…",
                                         lambda: self.export(shown_objects(self.pane())),
                                         "Save the list as shown (filters applied) as CSV or JSON")
        menu = window.menu("&Item").addMenu("Selected items")
        menu.setObjectName("selectedItemsMenu")
        for made in self.selection_actions():
            menu.addAction(made)
        menu.addSeparator()
        menu.addAction(self.export_list_action)

        self.count_label = QLabel(window)
        self.count_label.setObjectName("selectionCountLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.hide()
        window.statusBar().addPermanentWidget(self.count_label)
        for pane in (window.streams_pane, window.recordings_pane, window.media_pane):
            pane.view.selectionModel().selectionChanged.connect(lambda *_a, p=pane: self._touched(p))
            pane.view.customContextMenuRequested.connect(lambda pos, p=pane: self._context_menu(p, pos))
        window.list_tabs.currentChanged.connect(lambda _i: self._update())
        self._update()

    def selection_actions(self) -> list[QAction]:
        return [self.download_action, self.copy_ids_action, self.copy_links_action, self.copy_csv_action,
                self.export_selected_action, self.delete_action]

    # ------------------------------------------------------------------ which list, what is selected

    def pane(self) -> RecordListPane:
        """The list the selection actions work on: the Media tab's, or on the Live streams
        tab the streams or recordings list the user selected in last."""
        w = self.window
        if w.list_tabs.currentIndex() == MEDIA_TAB:
            return w.media_pane
        return self._last_pane if self._last_pane is not w.media_pane else w.streams_pane

    def selected(self) -> list[Any]:
        return [obj for obj in selected_objects(self.pane()) if isinstance(obj, LiveStream | Media)]

    def count(self) -> int:
        return len(selected_objects(self.pane()))

    def _touched(self, pane: RecordListPane) -> None:
        if pane.view.selectionModel().hasSelection():
            self._last_pane = pane
        self._update()

    def _update(self) -> None:
        selected = self.selected()
        n = self.count()
        self.count_label.setText(f"{n} selected")
        self.count_label.setVisible(n > 1)
        media = [obj for obj in selected if isinstance(obj, Media)]
        usable = self.window.client is not None
        self.download_action.setEnabled(usable and bool(media))
        self.delete_action.setEnabled(usable and bool(media))
        for made in (self.copy_ids_action, self.copy_links_action, self.copy_csv_action,
                     self.export_selected_action):
            made.setEnabled(bool(selected))

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(" ".join(text.split()), 15000)

    # ------------------------------------------------------------------ context menu

    def context_menu_for(self, pane: RecordListPane, pos: QPoint) -> QMenu | None:
        """The selection's menu when `pos` is on a row of a multi-selection, else None."""
        index = pane.view.indexAt(pos)
        model = pane.view.selectionModel()
        if not index.isValid() or len(model.selectedRows()) < 2 or not model.isRowSelected(index.row()):
            return None
        self._last_pane = pane
        self._update()
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        menu = popup_menu(pane.view)  # owned by the window: see ui/core/popups.py
        menu.setObjectName("selectionContextMenu")
        menu.addSection(f"{self.count()} selected")
        for made in self.selection_actions():
            menu.addAction(made)
        self.context_menu = menu
        return menu

    def _context_menu(self, pane: RecordListPane, pos: QPoint) -> None:
        menu = self.context_menu_for(pane, pos)
        if menu is not None:
            menu.popup(pane.view.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ copy

    def copy_ids(self) -> None:
        ids = [obj.id for obj in self.selected()]
        if ids:
            QGuiApplication.clipboard().setText("\n".join(ids))
            self._status(f"Copied {len(ids)} ID{'s' if len(ids) != 1 else ''}.")

    def copy_links(self) -> None:
        selected = self.selected()
        links = [share_url(pid) for pid in (share_playback_id(obj) for obj in selected) if pid is not None]
        if not links:
            self._status("None of the selected items has a share link (no playback ID).")
            return
        QGuiApplication.clipboard().setText("\n".join(links))
        left_out = len(selected) - len(links)
        self._status(f"Copied {len(links)} share link{'s' if len(links) != 1 else ''}"
                     + (f"; {left_out} without a playback ID left out." if left_out else "."))

    def copy_csv(self) -> None:
        rows = rows_of(self.selected())
        if rows:
            QGuiApplication.clipboard().setText(to_csv(rows))
            self._status(f"Copied {len(rows)} row{'s' if len(rows) != 1 else ''} as CSV.")

    # ------------------------------------------------------------------ download

    def download_selected(self) -> NameTemplateDialog | None:
        media = [obj for obj in self.selected() if isinstance(obj, Media)]
        ready = [m for m in media if ready_rendition(m, MP4) is not None]
        downloads = getattr(self.window, "downloads", None)
        if downloads is None or self.window.client is None:
            return None
        if not ready:
            self.window.show_error("Nothing to download",
                                   f"None of the {len(media)} selected media has a ready MP4 file.")
            return None
        if self.template_dialog is not None:
            self.template_dialog.close()
        dialog = NameTemplateDialog(ready, len(self.selected()) - len(ready), self.window.settings,
                                    lambda template: self._start_downloads(ready, template), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "template_dialog", None))
        self.template_dialog = dialog
        dialog.open()
        return dialog

    def _start_downloads(self, media: list[Media], template: str) -> None:
        manager = self.window.downloads.manager
        started = manager.request_many([(m, template_stem(template, m)) for m in media], MP4)
        if started is not None:
            self._status(f"Downloading {len(started)} file{'s' if len(started) != 1 else ''} to {manager.folder()}.")

    # ------------------------------------------------------------------ delete

    def delete_selected(self) -> QMessageBox | None:
        media = [obj for obj in self.selected() if isinstance(obj, Media)]
        if not media or self.window.client is None:
            return None
        if self.confirm_dialog is not None:
            self.confirm_dialog.raise_()
            return self.confirm_dialog
        names = [f"• {item_title(m)}" for m in media[:LISTED_NAMES]]
        if len(media) > LISTED_NAMES:
            names.append(f"…and {len(media) - LISTED_NAMES} more")
        streams = len(self.selected()) - len(media)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete media", "", QMessageBox.StandardButton.NoButton,
                          self.window)
        box.setObjectName("bulkDeleteConfirmDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Delete these {len(media)} media?\n\n" + "\n".join(names) + "\n\n"
                    "FastPix removes the videos and their playback IDs. This cannot be undone."
                    + (f"\n\n{streams} live stream{'s are' if streams != 1 else ' is'} selected too; "
                       "live streams are not deleted here." if streams else ""))
        delete_button = box.addButton(f"Delete {len(media)}", QMessageBox.ButtonRole.DestructiveRole)
        delete_button.setObjectName("confirmBulkDeleteButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setObjectName("cancelBulkDeleteButton")
        box.setDefaultButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def decided(_result: int) -> None:
            self.confirm_dialog = None
            if box.clickedButton() is delete_button:
                self._send_deletes(media)

        box.finished.connect(decided)
        self.confirm_dialog = box
        box.open()
        return box

    def _send_deletes(self, media: list[Media]) -> None:
        client = self.window.client
        self.delete_results = []
        self._deleting = {m.id: m for m in media}
        self._status(f"Deleting {len(media)} media…")
        for m in media:
            self.window.pool.run(client.delete_media, m.id,
                                 on_done=lambda _r, m=m: self._deleted(m, None),
                                 on_error=lambda exc, m=m: self._deleted(m, describe_failure(exc)),
                                 owner=self, key=("bulk-delete", m.id))

    def _deleted(self, media: Media, failure: str | None) -> None:
        self.delete_results.append((media.id, failure))
        total = len(self._deleting)
        if failure is None:
            self.window.forget_media(media.id)
            self._status(f"Deleted “{item_title(media)}” ({len(self.delete_results)} of {total}).")
        else:
            log.info("bulk delete of %s failed: %s", media.id, failure)
        if len(self.delete_results) < total:
            return
        failed = [(self._deleting[i], why) for i, why in self.delete_results if why is not None]
        done = total - len(failed)
        self._status(f"Deleted {done} of {total} media." + (f" {len(failed)} not deleted." if failed else ""))
        if failed:
            lines = "\n".join(f"• {item_title(m)}: {why}" for m, why in failed)
            self.window.show_error("Some media were not deleted",
                                   f"Deleted {done} of {total}. Not deleted:\n\n{lines}")

    # ------------------------------------------------------------------ export

    def export(self, objects: list[Any]) -> QFileDialog | None:
        """Ask where, then write `objects` as CSV or JSON on the worker."""
        items = [obj for obj in objects if isinstance(obj, LiveStream | Media)]
        if not items:
            self._status("Nothing to export.")
            return None
        kind = "live-streams" if isinstance(items[0], LiveStream) else "media"
        dialog = QFileDialog(self.window, f"Export {len(items)} rows", str(Path.home() / f"{kind}.csv"))
        dialog.setObjectName("exportListDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["CSV (*.csv)", "JSON (*.json)"])
        dialog.setDefaultSuffix("csv")
        dialog.filterSelected.connect(lambda f: dialog.setDefaultSuffix("json" if "json" in f else "csv"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self._write_export(items, Path(path)))
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "export_dialog", None))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _write_export(self, items: list[Any], path: Path) -> None:
        self._status(f"Exporting {len(items)} rows to {path}…")
        self.window.pool.run(export_listing, items, path,
                             on_done=lambda n: self._status(f"Exported {n} rows to {path}."),
                             on_error=lambda exc: self.window.show_error(
                                 "Not exported", f"Could not write {path}: {describe_failure(exc)}"),
                             owner=self, key=("export", str(path)))


__all__ = ["BulkActions", "selected_objects", "shown_objects"]
