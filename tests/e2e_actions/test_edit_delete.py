"""Edit… (title and metadata, checked before sending) and Delete… (after a confirmation naming it)."""

from __future__ import annotations

import json

import shiboken6
from fpv_actions_helpers import all_items, api_get
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from fastpix_viewer.sandbox import responses
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB


def show_media(harness, qtbot, title: str) -> dict:
    media = next(m for m in all_items(harness.sandbox, "on-demand") if m.get("title") == title)
    window = harness.window
    assert window.select(MEDIA_TAB, media["id"])
    qtbot.waitUntil(lambda: getattr(window.current_item(), "id", None) == media["id"], timeout=10000)
    harness.wait_idle()
    return media


def open_editor(harness, qtbot):
    window = harness.window
    qtbot.keyClick(window.media_pane.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.item_actions.edit_dialog
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "editDialog"
    return dialog


def closed(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def row_title(window, media_id: str) -> str:
    return item_title(window.media_model.object_for_id(media_id))


def test_eleven_pairs_are_refused_before_sending(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = show_media(harness, qtbot, "Podcast episode 12")
    dialog = open_editor(harness, qtbot)
    assert dialog.pairs() == [("show", "Behind the pixels"), ("episode", "12")]
    for n in range(9):
        dialog.add_pair(f"extra{n}", "x")
    assert dialog.count_label.text() == "11 of 10 pairs"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "at most 10 metadata pairs" in dialog.error_text()
    qtbot.wait(200)
    assert harness.transport.count("PATCH") == 0 and not dialog.is_saving()
    # Removing one row makes it acceptable.
    dialog.table.setCurrentCell(dialog.table.rowCount() - 1, 0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10000)
    assert harness.transport.count("PATCH", media["id"]) == 1
    assert len(api_get(sandbox, f"on-demand/{media['id']}").json()["data"]["metadata"]) == 10
    assert window.current_item().metadata["extra7"] == "x"


def test_a_256_character_value_is_refused_before_sending(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = show_media(harness, qtbot, "Podcast episode 12")
    dialog = open_editor(harness, qtbot)
    dialog.add_pair("notes", "n" * 256)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "256 characters long" in dialog.error_text() and "255" in dialog.error_text()
    qtbot.wait(200)
    assert harness.transport.count("PATCH") == 0
    assert api_get(sandbox, f"on-demand/{media['id']}").json()["data"]["metadata"] == media["metadata"]
    assert row_title(window, media["id"]) == "Podcast episode 12"


def test_accepted_edit_updates_sandbox_row_and_details(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = show_media(harness, qtbot, "Podcast episode 12")
    dialog = open_editor(harness, qtbot)
    dialog.title_input.setText("Podcast episode 12 (remastered)")
    dialog.table.item(1, 1).setText("12b")
    dialog.add_pair("language", "en")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10000)
    truth = api_get(sandbox, f"on-demand/{media['id']}").json()["data"]
    assert truth["title"] == "Podcast episode 12 (remastered)"
    assert truth["metadata"] == {"show": "Behind the pixels", "episode": "12b", "language": "en"}
    assert row_title(window, media["id"]) == "Podcast episode 12 (remastered)"
    shown = window.current_item()
    assert shown.title == "Podcast episode 12 (remastered)" and dict(shown.metadata) == truth["metadata"]
    assert window.windowTitle().startswith("Podcast episode 12 (remastered)")


def test_an_edit_fastpix_does_not_apply_is_reported_by_key(harness, sandbox, qtbot, patch_mode) -> None:
    window = harness.open_window()
    media = show_media(harness, qtbot, "Podcast episode 12")
    dialog = open_editor(harness, qtbot)
    dialog.table.setCurrentCell(0, 0)  # "show"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.pairs() == [("episode", "12")]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    truth = api_get(sandbox, f"on-demand/{media['id']}")
    if patch_mode == "replace":
        qtbot.waitUntil(lambda: closed(dialog), timeout=10000)
        assert truth.json()["data"]["metadata"] == {"episode": "12"}
        assert "Saved" in window.status_text()
        return
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert dialog.error_text() == "FastPix did not apply the whole change: metadata key “show” is still there."
    assert dialog.isVisible() and "Saved" not in window.status_text()
    # The window shows what FastPix holds, not what was asked.
    assert window.current_item().metadata == truth.json()["data"]["metadata"]
    assert "show" in window.current_item().metadata


def test_server_422_leaves_the_view_unchanged(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = show_media(harness, qtbot, "Podcast episode 12")
    # The sandbox's own 422 body (FastPix's shape) for a rule the sandbox does not have.
    refusal = responses.validation_error([("title", "contains a word FastPix refuses")])
    assert refusal.status_code == 422
    harness.transport.reject_patch = json.loads(refusal.body)
    dialog = open_editor(harness, qtbot)
    dialog.title_input.setText("Something FastPix refuses")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert dialog.error_text().startswith("Not saved: ")
    assert "title contains a word FastPix refuses" in dialog.error_text()
    assert dialog.isVisible() and dialog.title_input.text() == "Something FastPix refuses"
    assert row_title(window, media["id"]) == "Podcast episode 12"
    assert window.current_item().title == "Podcast episode 12"
    assert api_get(sandbox, f"on-demand/{media['id']}").json()["data"]["title"] == "Podcast episode 12"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert row_title(window, media["id"]) == "Podcast episode 12"


def test_network_failure_while_saving_leaves_the_view_unchanged(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = show_media(harness, qtbot, "Podcast episode 12")
    dialog = open_editor(harness, qtbot)
    dialog.title_input.setText("Never arrives")
    sandbox.state.faults.configure("api/on-demand/*:drop", 0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=15000)
    sandbox.state.faults.reset()
    assert dialog.error_text().startswith("Not saved: ")
    assert row_title(window, media["id"]) == "Podcast episode 12"
    assert window.current_item().title == "Podcast episode 12"


def _delete_dialog(harness, qtbot):
    window = harness.window
    window.media_pane.view.setFocus()
    qtbot.keyClick(window.media_pane.view, Qt.Key.Key_Delete)
    box = window.item_actions.confirm_dialog
    assert box is not None and box.isVisible() and box.objectName() == "deleteConfirmDialog"
    assert box.textFormat() == Qt.TextFormat.PlainText
    return box


def test_delete_after_confirmation_removes_it_everywhere(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    stream = next(s for s in all_items(sandbox, "live/streams") if s["status"] == "idle" and s.get("mediaIds"))
    recording_id = stream["mediaIds"][-1]
    recording = next(m for m in all_items(sandbox, "on-demand") if m["id"] == recording_id)
    assert window.select(STREAMS_TAB, stream["streamId"])
    qtbot.waitUntil(lambda: window.recordings_model.row_for_id(recording_id) >= 0, timeout=10000)
    assert window.select(MEDIA_TAB, recording_id)
    qtbot.waitUntil(lambda: getattr(window.current_item(), "id", None) == recording_id, timeout=10000)
    harness.wait_idle()
    title = item_title(window.current_item())
    box = _delete_dialog(harness, qtbot)
    assert f"“{title}”" in box.text() and recording_id in box.text()
    assert QKeySequence(QKeySequence.StandardKey.Delete).matches(window.item_actions.delete_action.shortcut()) \
        == QKeySequence.SequenceMatch.ExactMatch
    qtbot.mouseClick(box.findChild(type(box.defaultButton()), "confirmDeleteButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.media_model.row_for_id(recording["id"]) < 0, timeout=10000)
    assert api_get(sandbox, f"on-demand/{recording['id']}").status_code == 404
    assert window.recordings_model.row_for_id(recording["id"]) < 0
    assert window.current_item() is None and "Deleted" in window.status_text()
    assert not window.item_actions.edit_action.isEnabled()


def test_cancelled_delete_changes_nothing(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = show_media(harness, qtbot, "Podcast episode 12")
    box = _delete_dialog(harness, qtbot)
    assert box.defaultButton().objectName() == "cancelDeleteButton"
    qtbot.mouseClick(box.defaultButton(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.item_actions.confirm_dialog is None, timeout=5000)
    qtbot.wait(200)
    assert harness.transport.count("DELETE") == 0
    assert api_get(sandbox, f"on-demand/{media['id']}").status_code == 200
    assert window.media_model.row_for_id(media["id"]) >= 0 and window.current_item().id == media["id"]
