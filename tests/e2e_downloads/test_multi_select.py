"""Several rows at once (issue 16 item 11): Ctrl/Shift-click select in every list; the status
bar counts them; Details keep the current row; download with a name template kept in the
settings, copy IDs / links / CSV, delete with one confirmation and each result reported,
export the list as CSV or JSON (written on the worker). Against the sandbox over real HTTP."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading

import httpx
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton
from test_downloads_e2e import _sandbox_file, _window_in

import fastpix_viewer.ui.actions.bulk_actions as bulk_module
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.downloads.manager import DONE
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB


def _click(qtbot, pane, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view = pane.view
    rect = view.visualRect(pane.proxy.index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _select_rows(pane, rows: list[int]) -> None:
    model = pane.view.selectionModel()
    model.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        model.select(pane.proxy.index(row, 0), flags)
    pane.view.setCurrentIndex(pane.proxy.index(rows[-1], 0))
    model.select(pane.proxy.index(rows[-1], 0), flags)


def _selected_ids(pane) -> list[str]:
    return [pane.proxy.object_at(i.row()).id for i in sorted(pane.view.selectionModel().selectedRows(),
                                                              key=lambda i: i.row())]


def _rows_of(pane, ids: list[str]) -> list[int]:
    return [pane.proxy.row_for_id(i) for i in ids]


def test_ctrl_and_shift_click_select_rows_details_follow_the_last_and_the_status_bar_counts(app, sb, qtbot, tmp_path):
    window = _window_in(app, tmp_path / "dl", sb.media()[0]["id"])
    pane = window.media_pane
    label = window.bulk_actions.count_label
    _click(qtbot, pane, 0)
    assert len(_selected_ids(pane)) == 1 and not label.isVisible()
    _click(qtbot, pane, 2, Qt.KeyboardModifier.ControlModifier)
    assert _selected_ids(pane) == [pane.proxy.object_at(r).id for r in (0, 2)]
    assert label.isVisible() and label.text() == "2 selected"
    _click(qtbot, pane, 5, Qt.KeyboardModifier.ShiftModifier)
    rows = sorted(i.row() for i in pane.view.selectionModel().selectedRows())
    assert {2, 3, 4, 5} <= set(rows)
    assert label.text() == f"{len(rows)} selected"
    # Details show the current row: the last one clicked.
    qtbot.waitUntil(lambda: getattr(window.current_item(), "id", None) == pane.proxy.object_at(5).id, timeout=5000)
    # The other lists select several rows too.
    window.list_tabs.setCurrentIndex(STREAMS_TAB)
    streams = window.streams_pane
    _click(qtbot, streams, 0)
    _click(qtbot, streams, 1, Qt.KeyboardModifier.ControlModifier)
    assert len(_selected_ids(streams)) == 2 and label.text() == "2 selected"


def test_copy_ids_links_and_csv(app, sb, sandbox, qtbot, tmp_path):
    media = sb.media()
    formula = media[3]
    httpx.patch(f"{sandbox.api_base}/on-demand/{formula['id']}", json={"title": "=HYPERLINK(\"http://x\")"},
                auth=(sandbox.token_id, sandbox.secret_key), timeout=10).raise_for_status()
    window = _window_in(app, tmp_path / "dl", media[0]["id"])
    pane = window.media_pane
    ids = [media[0]["id"], formula["id"], media[5]["id"]]
    _select_rows(pane, _rows_of(pane, ids))
    shown_order = _selected_ids(pane)
    assert sorted(shown_order) == sorted(ids)

    window.bulk_actions.copy_ids_action.trigger()
    assert QGuiApplication.clipboard().text() == "\n".join(shown_order)
    assert "Copied 3 IDs" in window.status_text()

    window.bulk_actions.copy_links_action.trigger()
    links = QGuiApplication.clipboard().text().splitlines()
    assert links and all(link.startswith("https://play.fastpix.com/?playbackId=") for link in links)
    by_id = {m["id"]: m for m in media}
    linked = {p["id"] for i in shown_order for p in by_id[i].get("playbackIds") or []}
    assert {link.split("=", 1)[1] for link in links} <= linked

    window.bulk_actions.copy_csv_action.trigger()
    rows = list(csv.DictReader(io.StringIO(QGuiApplication.clipboard().text())))
    assert [r["id"] for r in rows] == shown_order
    objects = {pane.proxy.object_at(r).id: pane.proxy.object_at(r) for r in _rows_of(pane, ids)}
    for row in rows:
        expected = item_title(objects[row["id"]])
        # A title a spreadsheet would run as a formula is kept as text.
        assert row["name"] == ("'" + expected if expected.startswith("=") else expected)
    assert any(r["name"].startswith("'=HYPERLINK") for r in rows)


def test_delete_selected_asks_once_listing_them_and_reports_each_result(app, sb, sandbox, qtbot, tmp_path):
    media = [m for m in sb.media() if m["status"] == "Ready"]
    keep_current = media[0]
    doomed = media[1:4]
    window = _window_in(app, tmp_path / "dl", keep_current["id"])
    pane = window.media_pane
    _select_rows(pane, _rows_of(pane, [m["id"] for m in doomed]))
    failing = doomed[1]
    sb.faults(f"api/on-demand/{failing['id']}:status=503")
    # Del with several rows selected asks about all of them, once.
    window.activateWindow()
    pane.view.setFocus()
    assert QKeySequence(QKeySequence.StandardKey.Delete).matches(
        window.item_actions.delete_action.shortcut()) == QKeySequence.SequenceMatch.ExactMatch
    window.item_actions.delete_action.trigger()
    box = window.bulk_actions.confirm_dialog
    assert box is not None and box.objectName() == "bulkDeleteConfirmDialog"
    assert window.item_actions.confirm_dialog is None  # not the one-item question
    assert box.textFormat() == Qt.TextFormat.PlainText
    names = {m["id"]: item_title(pane.proxy.object_at(pane.proxy.row_for_id(m["id"]))) for m in doomed}
    assert all(f"• {name}" in box.text() for name in names.values()) and "Delete these 3 media?" in box.text()
    box.findChild(QPushButton, "confirmBulkDeleteButton").click()
    qtbot.waitUntil(lambda: len(window.bulk_actions.delete_results) == 3, timeout=20000)
    results = dict(window.bulk_actions.delete_results)
    assert results[failing["id"]] is not None
    assert all(results[m["id"]] is None for m in doomed if m is not failing)
    sb.control("DELETE", "faults")
    for m in doomed:
        status = httpx.get(f"{sandbox.api_base}/on-demand/{m['id']}", auth=(sandbox.token_id, sandbox.secret_key),
                           timeout=10).status_code
        assert (status == 200) == (m is failing), m["id"]
        assert (pane.proxy.row_for_id(m["id"]) >= 0) == (m is failing)
    assert "Deleted 2 of 3 media" in window.status_text()
    error = window.error_dialog()
    assert error is not None and names[failing["id"]] in error.text() and "Not deleted" in error.text()


def _local(created: str, fmt: str) -> str:
    return dt.datetime.fromisoformat(created.replace("Z", "+00:00")).astimezone().strftime(fmt)


def test_download_selected_names_files_by_a_template_kept_in_the_settings(app, sb, sandbox, qtbot, tmp_path):
    def ready_mp4(m: dict) -> bool:
        return m["status"] == "Ready" and any(r.get("type") == "capped_4k" and r.get("status") == "ready"
                                              for r in m.get("mp4Support") or []) \
            and {p["accessPolicy"] for p in m.get("playbackIds") or []} == {"public"}

    media = sb.media()
    chosen = [m for m in media if ready_mp4(m)][:2]
    without = next(m for m in media if m["status"] == "Ready" and not m.get("mp4Support"))
    assert len(chosen) == 2
    window = _window_in(app, tmp_path / "dl", chosen[0]["id"])
    pane = window.media_pane
    _select_rows(pane, _rows_of(pane, [chosen[0]["id"], without["id"], chosen[1]["id"]]))
    window.downloads.mp4_action.trigger()  # Ctrl+D with several selected: all of them
    dialog = window.bulk_actions.template_dialog
    assert dialog is not None and dialog.isVisible()
    assert "1 of the selected items have no ready MP4 file" in dialog.skipped_label.text()
    dialog.template_edit.setText("{stream} {date} {nope}")
    assert not dialog.ok_button.isEnabled() and "Unknown field {nope}" in dialog.preview_label.text()
    dialog.template_edit.setText("{stream} {date} {title}")
    assert dialog.ok_button.isEnabled() and dialog.preview_label.text().startswith("For example: ")
    dialog.ok_button.click()
    tasks = window.downloads.manager.tasks
    assert len(tasks) == 2
    qtbot.waitUntil(lambda: all(t.state == DONE for t in tasks), timeout=30000)

    def expected(m: dict) -> str:
        stream = (m.get("metadata") or {}).get("livestream_name") or ""
        return " ".join(f"{stream} {_local(m['createdAt'], '%Y-%m-%d')} {m.get('title') or ''}".split()) + ".mp4"

    assert sorted(t.destination.name for t in tasks) == sorted(expected(m) for m in chosen)
    for task in tasks:
        source = next(m for m in chosen if expected(m) == task.destination.name)
        assert task.destination.read_bytes() == _sandbox_file(sandbox, source)
    # Kept for next time (and across windows: it is in the settings).
    window.bulk_actions.download_selected()
    assert window.bulk_actions.template_dialog.template_edit.text() == "{stream} {date} {title}"
    window.bulk_actions.template_dialog.reject()


def test_export_the_list_as_csv_and_json_on_the_worker(app, sb, qtbot, tmp_path, monkeypatch):
    window = _window_in(app, tmp_path / "dl", sb.media()[0]["id"])
    pane = window.media_pane
    threads: list[bool] = []
    real_export = bulk_module.export_listing

    def observed(items, path):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_export(items, path)

    monkeypatch.setattr(bulk_module, "export_listing", observed)
    pane.filter_edit.setText("town hall")
    pane.apply_text_filter()
    shown = [pane.proxy.object_at(r).id for r in range(pane.proxy.rowCount())]
    assert 0 < len(shown) < window.media_model.rowCount()
    for name in ("listing.csv", "listing.json"):
        window.bulk_actions.export_list_action.trigger()
        dialog = window.bulk_actions.export_dialog
        assert dialog is not None
        dialog.fileSelected.emit(str(tmp_path / name))  # what the dialog sends when the user picks a file
        dialog.close()
        target = tmp_path / name
        qtbot.waitUntil(target.exists, timeout=10000)
        qtbot.waitUntil(lambda n=name: f"Exported {len(shown)} rows" in window.status_text(), timeout=10000)
        if name.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        else:
            rows = json.loads(target.read_text(encoding="utf-8"))
        assert [r["id"] for r in rows] == shown  # the list as shown: filtered, in its order
        assert all(r["name"] for r in rows)
    assert threads == [False, False]  # written on the worker, never on the main thread


def test_a_right_click_on_a_multi_selection_keeps_it_and_offers_the_selection_menu(app, sb, qtbot, qtlog, tmp_path):
    window = _window_in(app, tmp_path / "dl", sb.media()[0]["id"])
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    pane = window.media_pane
    _select_rows(pane, [1, 2, 3])
    pos = pane.view.visualRect(pane.proxy.index(2, 1)).center()
    with qtlog.disabled():  # the offscreen platform cannot grab the keyboard for a popup
        pane.view.customContextMenuRequested.emit(pos)
    menu = window.bulk_actions.context_menu
    assert menu is not None and menu.objectName() == "selectionContextMenu"
    assert menu.parent() is window  # a top-level owner: no "must be a top level window" warning
    assert window.bulk_actions.delete_action in menu.actions()
    assert len(pane.view.selectionModel().selectedRows()) == 3  # not reset to the clicked row
    menu.close()
    QApplication.processEvents()
    # A right-click outside the selection is the one-item menu, for that row.
    with qtlog.disabled():
        pane.view.customContextMenuRequested.emit(pane.view.visualRect(pane.proxy.index(6, 1)).center())
    assert len(pane.view.selectionModel().selectedRows()) == 1
    assert window.item_actions.context_menu is not None
    window.item_actions.context_menu.close()
