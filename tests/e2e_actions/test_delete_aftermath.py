"""After a delete (issue 16 item 10): counts, footer and the info panel change at once, F5
never brings back a ghost "Unreadable item", and the window title never shows error text."""

from __future__ import annotations

import httpx
from fpv_actions_helpers import all_items, api_get
from PySide6.QtCore import Qt

from fastpix_viewer.api.models import Unreadable
from fastpix_viewer.ui.shell.main_window import APP_TITLE, STREAMS_TAB


def _stream_with_recordings(sandbox) -> dict:
    return next(s for s in all_items(sandbox, "live/streams")
                if s["status"] == "idle" and len(s.get("mediaIds") or []) >= 2)


def _show_recording(harness, qtbot, stream: dict, recording_id: str) -> None:
    window = harness.window
    assert window.select(STREAMS_TAB, stream["streamId"])
    qtbot.waitUntil(lambda: window.recordings_model.row_for_id(recording_id) >= 0, timeout=10000)
    assert window.recordings_pane.select_id(recording_id)
    qtbot.waitUntil(lambda: getattr(window.current_item(), "id", None) == recording_id, timeout=10000)
    harness.wait_idle()


def _recordings_count(window, stream_id: str) -> str:
    model = window.streams_model
    row = model.row_for_id(stream_id)
    return model.index(row, model.column_index("recordings")).data(Qt.ItemDataRole.DisplayRole)


def _delete_current(harness, qtbot) -> None:
    window = harness.window
    window.item_actions.delete_media()
    box = window.item_actions.confirm_dialog
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.findChild(type(box.defaultButton()), "confirmDeleteButton"), Qt.MouseButton.LeftButton)


def test_delete_updates_counts_footer_and_info_panel_at_once_and_f5_brings_no_ghost(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    stream = _stream_with_recordings(sandbox)
    count = len(stream["mediaIds"])
    recording_id = stream["mediaIds"][-1]
    _show_recording(harness, qtbot, stream, recording_id)
    assert window.recordings_title.text().endswith(f"({count})")
    assert _recordings_count(window, stream["streamId"]) == str(count)
    shown_before = window.recordings_pane.count_label.text()
    assert window.thumbnail_preview.title_label.text() != ""
    _delete_current(harness, qtbot)
    qtbot.waitUntil(lambda: window.recordings_model.row_for_id(recording_id) < 0, timeout=10000)
    assert api_get(sandbox, f"on-demand/{recording_id}").status_code == 404
    # At once: the heading, the stream's Recordings column, the footer and the info panel.
    assert window.recordings_title.text().endswith(f"({count - 1})")
    assert _recordings_count(window, stream["streamId"]) == str(count - 1)
    qtbot.waitUntil(lambda: window.recordings_pane.count_label.text() != shown_before, timeout=2000)
    assert window.recordings_pane.count_label.text() == f"Showing {count - 1}"
    assert window.thumbnail_preview.title_label.text() == ""
    assert not window.kind_label.isVisible() and not window.show_stream_button.isVisible()
    assert window.windowTitle() in (APP_TITLE, f"Test workspace — {APP_TITLE}")
    # F5: FastPix's stream still lists the deleted ID; it must not come back as a ghost row.
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15000)
    harness.wait_idle()
    objects = window.recordings_model.objects()
    assert not any(isinstance(o, Unreadable) for o in objects)
    assert len(objects) == count - 1 and recording_id not in {o.id for o in objects}
    assert window.recordings_title.text().endswith(f"({count - 1})")
    assert _recordings_count(window, stream["streamId"]) == str(count - 1)
    assert "Unreadable" not in window.windowTitle()


def test_a_recording_deleted_elsewhere_is_no_ghost_row(harness, sandbox, qtbot) -> None:
    stream = _stream_with_recordings(sandbox)
    count = len(stream["mediaIds"])
    gone = stream["mediaIds"][0]
    httpx.delete(f"{sandbox.api_base}/on-demand/{gone}", auth=(sandbox.token_id, sandbox.secret_key),
                 timeout=10).raise_for_status()
    window = harness.open_window()
    assert window.select(STREAMS_TAB, stream["streamId"])
    qtbot.waitUntil(lambda: window.recordings_loader.owner_id == stream["streamId"]
                    and not window.recordings_loader.is_loading, timeout=10000)
    harness.wait_idle()
    objects = window.recordings_model.objects()
    assert not any(isinstance(o, Unreadable) for o in objects) and len(objects) == count - 1
    assert window.recordings_title.text().endswith(f"({count - 1})")


def test_the_window_title_never_shows_an_unreadable_rows_error(harness, sandbox, qtbot) -> None:
    stream = _stream_with_recordings(sandbox)
    broken = stream["mediaIds"][0]
    sandbox.state.faults.configure(f"api/on-demand/{broken}:html=200", 0)
    try:
        window = harness.open_window()
        assert window.select(STREAMS_TAB, stream["streamId"])
        qtbot.waitUntil(lambda: any(isinstance(o, Unreadable) for o in window.recordings_model.objects()),
                        timeout=10000)
        row = next(r for r in range(window.recordings_pane.proxy.rowCount())
                   if isinstance(window.recordings_pane.proxy.object_at(r), Unreadable))
        window.recordings_pane.view.setCurrentIndex(window.recordings_pane.proxy.index(row, 0))
        qtbot.waitUntil(lambda: isinstance(window.current_item(), Unreadable), timeout=5000)
        assert "Unreadable" not in window.windowTitle() and broken not in window.windowTitle()
        assert window.windowTitle().endswith(APP_TITLE)
    finally:
        sandbox.state.faults.reset()
