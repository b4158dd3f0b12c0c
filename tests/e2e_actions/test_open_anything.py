"""Ctrl+L: IDs, links, webhook payloads and playback-ID searches, resolved against the sandbox."""

from __future__ import annotations

import json
import uuid

import shiboken6
from fpv_actions_helpers import all_items
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB


def _open(harness, qtbot, text: str):
    window = harness.window
    if QApplication.activeWindow() is not window:  # a closed dialog leaves no active window offscreen
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.item_actions.open_dialog
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "openDialog"
    dialog.input.setPlainText(text)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    return dialog


def _wait_shown(harness, qtbot, kind: type, item_id: str) -> None:
    window = harness.window
    qtbot.waitUntil(lambda: isinstance(window.current_item(), kind) and window.current_item().id == item_id,
                    timeout=15000)


def test_webhook_payload_selects_the_recording(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    window.select(STREAMS_TAB, next(s["streamId"] for s in all_items(sandbox, "live/streams")))
    recording = next(m for m in all_items(sandbox, "on-demand") if m.get("streamId") and m["status"] == "Ready")
    payload = json.dumps({
        "type": "video.media.live_stream.created",
        "object": {"type": "media", "id": recording["id"]},
        "id": str(uuid.uuid4()),
        "workspace": {"name": "Sandbox", "id": str(uuid.uuid4())},
        "data": {"id": recording["id"], "status": "Created", "liveStreamId": recording["streamId"]},
        "createdAt": "2026-11-26T10:00:00Z",
    }, indent=2)
    assert "\n" in payload
    dialog = _open(harness, qtbot, payload)
    _wait_shown(harness, qtbot, Media, recording["id"])
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    assert window.list_tabs.currentIndex() == MEDIA_TAB
    assert window.media_pane.current_object().id == recording["id"]
    assert recording["id"] in window.windowTitle() or (recording.get("title") or "") in window.windowTitle()


def test_stream_url_selects_the_live_stream(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    # Not the stream the window selects at start (the first with recordings): its details
    # would count as "shown" before Open… has done anything.
    stream = next(s for s in all_items(sandbox, "live/streams") if "public" in {p["accessPolicy"] for p in s["playbackIds"]}
                  and s["status"] == "idle" and not s.get("mediaIds"))
    pid = next(p["id"] for p in stream["playbackIds"] if p["accessPolicy"] == "public")
    _open(harness, qtbot, f"  https://stream.fastpix.com/{pid}.m3u8  ")
    _wait_shown(harness, qtbot, LiveStream, stream["streamId"])
    assert window.list_tabs.currentIndex() == STREAMS_TAB
    assert window.streams_pane.current_object().id == stream["streamId"]


def test_bare_playback_id_is_searched_with_progress(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = next(m for m in all_items(sandbox, "on-demand") if m.get("title") == "Podcast episode 12")
    pid = media["playbackIds"][0]["id"]
    seen: list[str] = []
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.item_actions.open_dialog
    dialog._relay.text.connect(seen.append)
    dialog.input.setPlainText(pid)
    dialog.input.setFocus()
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _wait_shown(harness, qtbot, Media, media["id"])
    assert any(s.startswith("Searching") for s in seen), seen
    assert harness.transport.count("GET", f"/on-demand/{pid}") == 1  # tried as a media ID first
    assert window.media_pane.current_object().id == media["id"]


def test_garbage_is_refused_inline_and_changes_nothing(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    harness.wait_idle()
    before = window.current_item().id
    dialog = _open(harness, qtbot, "hello, is this the video?")
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=5000)
    assert "not a FastPix ID" in dialog.error_text()
    assert dialog.isVisible() and not dialog.is_busy()
    assert window.current_item().id == before and window.list_tabs.currentIndex() == STREAMS_TAB
    assert window.error_dialog() is None


def test_unknown_id_is_reported(harness, qtbot) -> None:
    harness.open_window()
    missing = str(uuid.uuid4())
    dialog = _open(harness, qtbot, missing)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=15000)
    assert missing in dialog.error_text()


def test_cancel_stops_the_search(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    harness.wait_idle()
    before = window.current_item().id
    sandbox.state.faults.configure("api/live/streams*:latency=400ms", 0)
    dialog = _open(harness, qtbot, f"https://play.fastpix.com/?playbackId={uuid.uuid4()}")
    qtbot.waitUntil(lambda: dialog.progress_label.text().startswith("Looking") or "Searching" in dialog.progress_label.text())
    assert dialog.is_busy()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_busy() and dialog.progress_label.text() == "Cancelled."
    assert dialog.isVisible()
    qtbot.wait(900)  # the cancelled search's late answers are dropped
    assert dialog.error_text() == "" and window.current_item().id == before
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_item_not_loaded_yet_is_shown_then_selected_when_the_list_arrives(harness, sandbox, qtbot) -> None:
    window = harness.open_window(load=False)
    media = next(m for m in all_items(sandbox, "on-demand") if m.get("title") == "Podcast episode 12")
    _open(harness, qtbot, media["id"])
    _wait_shown(harness, qtbot, Media, media["id"])
    assert window.media_pane.current_object() is None  # nothing listed yet, details shown anyway
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=15000)
    qtbot.waitUntil(lambda: window.media_pane.current_object() is not None
                    and window.media_pane.current_object().id == media["id"], timeout=5000)


def test_ctrl_l_again_after_a_successful_open(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    stream = next(s for s in all_items(sandbox, "live/streams") if s["status"] == "idle")
    first = _open(harness, qtbot, stream["streamId"])
    _wait_shown(harness, qtbot, LiveStream, stream["streamId"])
    qtbot.waitUntil(lambda: window.item_actions.open_dialog is None, timeout=5000)
    assert not shiboken6.isValid(first)
    second = _open(harness, qtbot, "also not an ID")
    qtbot.waitUntil(lambda: second.error_text() != "", timeout=5000)
    second.reject()


def test_image_url_selects_the_media(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = next(m for m in all_items(sandbox, "on-demand") if m.get("title") == "Podcast episode 12")
    pid = media["playbackIds"][0]["id"]
    _open(harness, qtbot, f"https://images.fastpix.com/{pid}/thumbnail.jpg?time=3")
    _wait_shown(harness, qtbot, Media, media["id"])
    assert window.list_tabs.currentIndex() == MEDIA_TAB


def _dialog(harness, qtbot):
    window = harness.window
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.item_actions.open_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.input.setFocus()
    return dialog


def test_enter_opens_and_shift_enter_starts_a_new_line(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = next(m for m in all_items(sandbox, "on-demand") if m.get("title") == "Podcast episode 12")
    dialog = _dialog(harness, qtbot)
    qtbot.keyClicks(dialog.input, "  ")
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(dialog.input, media["id"])
    assert dialog.input.toPlainText() == f"  \n{media['id']}" and dialog.isVisible() and not dialog.is_busy()
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    _wait_shown(harness, qtbot, Media, media["id"])
    assert window.list_tabs.currentIndex() == MEDIA_TAB
    assert window.media_pane.current_object().id == media["id"]
    # Plain Open selects, it does not play.
    assert window.controller.current_item is None


def test_open_and_play_selects_and_plays(harness, sandbox, qtbot) -> None:
    window = harness.open_window()
    media = next(m for m in all_items(sandbox, "on-demand") if m.get("title") == "Podcast episode 12")
    dialog = _dialog(harness, qtbot)
    dialog.input.setPlainText(media["id"])
    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)
    _wait_shown(harness, qtbot, Media, media["id"])
    assert window.media_pane.current_object().id == media["id"]
    qtbot.waitUntil(lambda: getattr(window.controller.current_item, "id", None) == media["id"], timeout=10000)
