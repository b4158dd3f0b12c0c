"""Failures the user must see plainly, and answers that must not land on the wrong item."""

from __future__ import annotations

from fpv_support.app_harness import all_items, set_faults
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.details.json_tree import VALUE_COLUMN
from fastpix_viewer.ui.shell.main_window import APP_TITLE, MEDIA_TAB


def test_wrong_credentials_show_a_clear_inline_error(app):
    window = app.window(secret_key="definitely-not-the-secret")
    text = window.streams_banner.text()
    assert "did not accept the access token ID and secret key" in text
    assert window.streams_banner.label.textFormat() == Qt.TextFormat.PlainText
    assert window.media_banner.text() == text
    assert window.streams_model.rowCount() == 0
    assert "failed" in window.load_label.text()


def test_server_error_burst_shows_retry_and_recovers(app, sandbox, qtbot):
    set_faults(sandbox, "api/live/streams*:status=500")
    window = app.window()
    assert window.streams_banner.text(), "a failed load must say so"
    assert window.streams_model.rowCount() == 0
    assert window.media_model.rowCount() > 0  # the other list is unaffected
    set_faults(sandbox, "")
    qtbot.mouseClick(window.streams_banner.retry_button, Qt.MouseButton.LeftButton)
    app.wait_loaded(window)
    assert window.streams_banner.isHidden()
    assert window.streams_model.rowCount() == len(all_items(sandbox, "live/streams"))


def test_a_refresh_that_fails_keeps_the_rows_shown(app, sandbox, qtbot):
    window = app.window()
    before = [o.id for o in window.media_model.objects()]
    set_faults(sandbox, "api/on-demand:status=503")
    window.refresh_action.trigger()
    app.wait_loaded(window)
    assert window.media_banner.text()
    assert [o.id for o in window.media_model.objects()] == before
    set_faults(sandbox, "")
    qtbot.mouseClick(window.media_banner.retry_button, Qt.MouseButton.LeftButton)
    app.wait_loaded(window)
    assert window.media_banner.isHidden()
    assert sorted(o.id for o in window.media_model.objects()) == sorted(before)


def test_a_late_answer_for_a_left_selection_is_dropped(app, sandbox, qtbot):
    window = app.window()
    media = [m for m in all_items(sandbox, "on-demand") if m.get("title")]
    slow, quick = media[0], media[1]
    set_faults(sandbox, f"api/on-demand/{slow['id']}:latency=1200")
    window.select(MEDIA_TAB, slow["id"])
    # The slow request must really be on its way before the user moves on
    # (other background jobs can delay its start; a job superseded before it
    # starts would never reach the server and prove nothing).
    qtbot.waitUntil(lambda: counters_served(sandbox, "latency") >= 1, timeout=5000)
    window.select(MEDIA_TAB, quick["id"])
    app.wait_idle(window)  # the slow answer has arrived (or been dropped) by now
    tree = window.details_view.json_model
    assert tree.value_text(tree.index_for_path(["id"], VALUE_COLUMN)) == quick["id"]
    assert window.windowTitle() == f"{quick['title']} — {APP_TITLE}"
    assert window.current_item().id == quick["id"]


def counters_served(sandbox, kind: str) -> int:
    snapshot = sandbox.state.faults.snapshot()
    served = snapshot.get("faults", snapshot)
    return sum(v for k, v in served.items() if isinstance(v, int) and k.startswith(kind))


def test_hostile_text_is_shown_literally_everywhere(app, sandbox, qtbot):
    window = app.window()
    hostile = next(m for m in all_items(sandbox, "on-demand") if "<img" in (m.get("title") or ""))
    title = hostile["title"]
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    model = window.media_model
    row = model.row_for_id(hostile["id"])
    title_col = model.column_index("title")
    assert model.index(row, title_col).data() == " ".join(title.split())
    tooltip = model.index(row, title_col).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img" in tooltip  # escaped: Qt shows it as text

    # The item disappears between listing and selection: the error dialog quotes its title.
    set_faults(sandbox, f"api/on-demand/{hostile['id']}:notfound")
    window.select(MEDIA_TAB, hostile["id"])
    qtbot.waitUntil(lambda: window.error_dialog() is not None, timeout=10000)
    dialog = window.error_dialog()
    assert isinstance(dialog, QMessageBox)
    assert dialog.textFormat() == Qt.TextFormat.PlainText
    assert " ".join(title.split()) in dialog.text()
    dialog.close()

    tree = window.details_view.json_model
    assert tree.value_text(tree.index_for_path(["title"], VALUE_COLUMN)) == title
    assert window.windowTitle() == f"{' '.join(title.split())} — {APP_TITLE}"
    metadata = hostile.get("metadata") or {}
    for key, value in metadata.items():
        assert tree.value_text(tree.index_for_path(["metadata", key], VALUE_COLUMN)) == value


def test_settings_persist_between_windows(app, sandbox, tmp_path):
    config = tmp_path / "persist"
    first = app.window(config_dir=config)
    media = [m for m in all_items(sandbox, "on-demand") if m.get("title")]
    chosen = media[3]
    first.list_tabs.setCurrentIndex(MEDIA_TAB)
    first.select(MEDIA_TAB, chosen["id"])
    first.player.set_volume(37)
    first.resize(760, 560)  # inside the offscreen screen (800x600), so geometry restores as is
    first.main_splitter.setSizes([300, 460])
    sizes = first.main_splitter.sizes()
    first.media_pane.sort_by("duration", Qt.SortOrder.DescendingOrder)
    first.close()
    assert (config / "ui-state.ini").is_file()
    text = (config / "ui-state.ini").read_text()
    assert sandbox.secret_key not in text

    second = app.window(config_dir=config)
    app.wait_idle(second)
    assert second.list_tabs.currentIndex() == MEDIA_TAB
    assert second.player.volume() == 37
    assert second.size() == first.size()
    assert second.main_splitter.sizes() == sizes
    assert second.media_pane.proxy.sortColumn() == second.media_model.column_index("duration")
    current = second.current_item()
    assert isinstance(current, Media) and current.id == chosen["id"]


def test_closing_while_loading_stops_promptly_and_drops_late_answers(app, sandbox, qtbot):
    set_faults(sandbox, "api:latency=1500")
    window = app.window(load=False)
    window.refresh()
    assert window.is_loading()
    window.close()
    assert not window.is_loading()
    assert window.player.is_shut_down
    # Whatever the slow server answers later never reaches the closed window.
    qtbot.wait(1800)
    assert window.streams_model.rowCount() == 0
    assert window.media_model.rowCount() == 0

