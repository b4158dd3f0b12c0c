"""Details follow the selection (issue 16 item 13): switching tabs or playing a live stream
never leaves the details of another item on screen."""

from __future__ import annotations

from fpv_actions_helpers import all_items
from PySide6.QtCore import Qt

from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.shell.main_window import APP_TITLE, MEDIA_TAB, STREAMS_TAB


def _shown_id(window) -> str | None:
    return getattr(window.current_item(), "id", None)


def _details_root(window) -> dict:
    model = window.details_view.json_model
    keys = {}
    for row in range(model.rowCount()):
        key = model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)
        keys[key] = model.index(row, 1).data(Qt.ItemDataRole.DisplayRole)
    return keys


def test_a_tab_without_a_pick_shows_no_details_of_the_other_tab(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    stream = next(s for s in all_items(sandbox, "live/streams") if s.get("mediaIds"))
    recording_id = stream["mediaIds"][-1]
    assert window.select(STREAMS_TAB, stream["streamId"])
    qtbot.waitUntil(lambda: window.recordings_model.row_for_id(recording_id) >= 0, timeout=10000)
    assert window.recordings_pane.select_id(recording_id)
    qtbot.waitUntil(lambda: _shown_id(window) == recording_id, timeout=10000)
    assert window.media_pane.current_object() is None
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    assert window.current_item() is None
    assert _details_root(window) == {} and window.tracks_model.rowCount() == 0
    assert window.thumbnail_preview.title_label.text() == ""
    assert window.windowTitle() == f"Test workspace — {APP_TITLE}"
    # Back on the streams tab, its own pick is shown again.
    window.list_tabs.setCurrentIndex(STREAMS_TAB)
    assert _shown_id(window) == recording_id


def test_playing_the_stream_while_its_recording_is_shown_shows_the_stream(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    stream = next(s for s in all_items(sandbox, "live/streams") if s.get("mediaIds"))
    recording_id = stream["mediaIds"][-1]
    assert window.select(STREAMS_TAB, stream["streamId"])
    qtbot.waitUntil(lambda: window.recordings_model.row_for_id(recording_id) >= 0, timeout=10000)
    assert window.recordings_pane.select_id(recording_id)
    qtbot.waitUntil(lambda: _shown_id(window) == recording_id, timeout=10000)
    harness.wait_idle()
    # The stream row is still the streams list's current row: Enter on it plays the stream.
    assert window.streams_pane.current_object().id == stream["streamId"]
    window.streams_pane.view.setFocus()
    qtbot.keyClick(window.streams_pane.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _shown_id(window) == stream["streamId"], timeout=5000)
    assert window.windowTitle() == f"{item_title(window.current_item())} — {APP_TITLE}"
    root = _details_root(window)
    assert stream["streamId"] in str(root.get("streamId")) and "playbackIds" in root and "mediaIds" in root
    # A plain click on the stream row (already current) shows it too.
    assert window.recordings_pane.select_id(stream["mediaIds"][0])
    qtbot.waitUntil(lambda: _shown_id(window) == stream["mediaIds"][0], timeout=10000)
    rect = window.streams_pane.view.visualRect(window.streams_pane.view.currentIndex())
    qtbot.mouseClick(window.streams_pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: _shown_id(window) == stream["streamId"], timeout=5000)
    harness.wait_idle()
