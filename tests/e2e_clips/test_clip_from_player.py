"""From the player's marks to a clip that plays, in the real window against the sandbox over
real HTTP with real libVLC (dummy outputs): mark In and Out, Create clip…, the dialog's
choices reach FastPix, the clip is followed to Ready (status bar, notification), shows under
its source and in the Media list as a clip "from <source>", and plays. Every refusal of the
dialog sends nothing; a refusal from FastPix keeps the dialog open with the input."""

from __future__ import annotations

import httpx
import pytest
from clip_helpers import api, open_clips_tab, play, seed_media, set_delay, show_media, writes
from PySide6.QtCore import Qt

from fastpix_viewer.api.models import LiveStream, Media

SOURCE_TITLE = "Product tour (1080p / 720p / 480p)"  # multires, 8 s, a whole upload


def test_marks_to_a_clip_that_is_followed_to_ready_listed_under_its_source_and_plays(
        app, sandbox, qtbot, recorder, recording_clip_mode):
    source = seed_media(sandbox, title=SOURCE_TITLE, policies=None)
    set_delay(sandbox, 0.6)
    window = app.window()
    window.notifications.backend = recorder
    window.clips.follow_interval = 0.1
    item = show_media(app, window, source.id)
    player = play(qtbot, window, item)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    player.pause()
    qtbot.waitUntil(lambda: player.state() == "paused", timeout=5000)
    # The keys from the Media list, as a user who just picked the row.
    view = window.media_pane.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    player.seek(2000)
    qtbot.keyClick(view, Qt.Key.Key_I)
    player.seek(6000)
    qtbot.keyClick(view, Qt.Key.Key_O)
    assert player.marks.marks() == (2000, 6000)

    player.marks.bar.clip_button.click()
    dialog = window.clips.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.range_label.text() == "0:02.0 to 0:06.0 (4 s)" and dialog.error_text() == ""
    dialog.title_input.setText("The feature list")
    dialog.private_radio.setChecked(True)
    dialog.mp4_check.setChecked(True)
    assert writes(sandbox) == []  # nothing is sent before Create
    existing = {m.id for m in sandbox.workspace.page_media(100, 1).items}
    dialog.create_button.click()
    qtbot.waitUntil(lambda: window.clips.dialog is None, timeout=10000)
    assert writes(sandbox) == [{"method": "POST", "path": "/on-demand", "query": ""}]
    (clip_id,) = {m.id for m in sandbox.workspace.page_media(100, 1).items} - existing

    # Followed from Created to Ready: the status bar says so, then a desktop notification.
    qtbot.waitUntil(lambda: ("Clip ready", f"“The feature list” (from “{SOURCE_TITLE}”) is ready to play.")
                    in recorder.messages, timeout=15000)
    truth = api(sandbox, "GET", f"on-demand/{clip_id}").json()["data"]
    assert truth["status"] == "Ready" and truth["sourceMediaId"] == source.id
    assert truth["title"] == "The feature list" and truth["duration"] == 4.0
    assert truth["playbackIds"][0]["accessPolicy"] == "private"
    assert [r["type"] for r in truth["mp4Support"]] == ["capped_4k"]
    # In the Media list, as a clip from its source.
    row = window.media_model.row_for_id(clip_id)
    assert row >= 0
    title_cell = window.media_model.index(row, window.media_model.column_index("title")).data()
    assert title_cell == f"The feature list — clip from “{SOURCE_TITLE}”"
    assert isinstance(window.media_model.object_for_id(clip_id), Media)
    # Under its source, in the Clips section.
    tab = open_clips_tab(window)
    qtbot.waitUntil(lambda: clip_id in [m.id for m in tab.clips.row_objects()], timeout=10000)
    assert tab.clips.title() == "Clips"
    # And it plays like any media (a private clip: signed by the app).
    index = [m.id for m in tab.clips.row_objects()].index(clip_id)
    tab.clips.select_row(index)
    with qtbot.waitSignal(player.playingChanged, timeout=15000, check_params_cb=lambda p: p):
        tab.clips.play_button.click()
    assert window.controller.current_item.id == clip_id
    assert window.kind_label.text() == f"Clip from “{SOURCE_TITLE}”"  # Details say where it comes from
    qtbot.waitUntil(lambda: player.length_ms() > 0, timeout=5000)
    assert 3500 <= player.length_ms() <= 6500  # 4 s asked; cut at 2-second segment boundaries
    assert player.marks.marks() == (None, None)  # another item: the marks went with the source


def test_the_dialog_refuses_bad_ranges_and_sources_and_sends_nothing(app, sandbox, qtbot):
    source = seed_media(sandbox, title=SOURCE_TITLE, policies=None)
    processing = seed_media(sandbox, status="Processing", policies=None)
    stream = sandbox.workspace.page_streams(1, 1).items[0]
    window = app.window()
    item = show_media(app, window, source.id)
    # As the window has them (its lists): the dialog judges what the window knows.
    client_stream = window.streams_model.object_for_id(stream.id)
    client_processing = window.media_model.object_for_id(processing.id)
    cases = [
        (item, 5.0, 3.0, "The start (5 s) must be before the end (3 s)."),
        (item, 3.0, 3.0, "The start (3 s) must be before the end (3 s)."),
        (item, 2.0, 60.0, "The range ends at 60 s, past the end of the media (it lasts 8 s)."),
        (item, 9.0, 12.0, "The start (9 s) is past the end of the media (it lasts 8 s)."),
        (client_processing, 0.0, 1.0, "The media is not ready (status Processing)"),
        (client_stream, 0.0, 1.0, "That is a live stream; clips are cut from a media."),
    ]
    for source_item, start, end, says in cases:
        dialog = window.clips.open_dialog(source_item, start, end)
        assert says in dialog.error_text(), (start, end)
        assert not dialog.create_button.isEnabled()
        dialog.create()  # even if asked directly: nothing is sent
        dialog.reject()
    assert isinstance(client_stream, LiveStream)
    assert writes(sandbox) == []


def test_marks_out_before_in_are_refused_from_the_player(app, sandbox, qtbot):
    source = seed_media(sandbox, title=SOURCE_TITLE, policies=None)
    window = app.window()
    player = play(qtbot, window, show_media(app, window, source.id))
    player.marks.set_marks(5000, 2000)
    player.marks.bar.clip_button.click()
    assert window.clips.dialog.error_text() == "The start (5 s) must be before the end (2 s)."
    assert writes(sandbox) == []


def test_a_refusal_from_fastpix_keeps_the_dialog_open_with_the_input(app, sandbox, qtbot):
    source = seed_media(sandbox, title=SOURCE_TITLE, policies=None)
    window = app.window()
    item = show_media(app, window, source.id)
    dialog = window.clips.open_dialog(item, 1.0, 3.0)
    dialog.title_input.setText("Kept title")
    dialog.private_radio.setChecked(True)
    # The source is gone by the time Create is pressed (deleted elsewhere): FastPix's 404.
    assert api(sandbox, "DELETE", f"on-demand/{source.id}").status_code == 200
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    assert dialog.error_text().startswith("No clip was made: ")
    assert "not found" in dialog.error_text().lower() or "no media" in dialog.error_text().lower()
    assert dialog.isVisible() and dialog.title_input.text() == "Kept title" and dialog.private_radio.isChecked()
    assert dialog.create_button.isEnabled()
    assert [w for w in writes(sandbox) if w["path"] == "/on-demand"] == []


@pytest.mark.parametrize("status", [422, 400])
def test_fastpixs_400_and_422_are_shown_plainly(app, sandbox, qtbot, status):
    source = seed_media(sandbox, title=SOURCE_TITLE, policies=None)
    window = app.window()
    item = show_media(app, window, source.id)
    httpx.post(f"{sandbox.control_base}/faults", json={"spec": f"api/on-demand:refuse={status}"},
               timeout=10).raise_for_status()
    dialog = window.clips.open_dialog(item, 1.0, 3.0)
    dialog.title_input.setText("Kept")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=10000)
    text = dialog.error_text()
    assert text.startswith("No clip was made: ") and "<" not in text
    # FastPix's own words: the 422's field, the 400's description.
    assert ("inputs[0] is not accepted" in text) == (status == 422)
    assert ("The request was refused" in text) == (status == 400)
    assert dialog.isVisible() and dialog.title_input.text() == "Kept"
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText


def test_a_clip_listed_before_its_source_is_named_after_it_once_the_list_is_complete(app, sandbox):
    window = app.window()
    model = window.media_model
    teaser = next(m for m in model.objects() if m.title == "Product tour: 4-second teaser")
    source = model.object_for_id(teaser.source_media_id)
    title_of = lambda: model.index(model.row_for_id(teaser.id), model.column_index("title")).data()  # noqa: E731
    # Rows are made as pages arrive: the clip first, its source not listed yet.
    model.clear()
    model.append_rows([teaser])
    assert title_of() == f"Product tour: 4-second teaser — clip from media {source.id}"
    model.append_rows([source])
    window.media_loader.finished.emit(2)  # the listing is complete
    assert title_of() == f"Product tour: 4-second teaser — clip from “{SOURCE_TITLE}”"


def test_a_clip_being_sent_cannot_be_closed_away_and_is_still_followed(app, sandbox, qtbot, qtlog):
    source = seed_media(sandbox, title=SOURCE_TITLE, policies=None)
    window = app.window()
    window.clips.follow_interval = 0.1
    item = show_media(app, window, source.id)
    httpx.post(f"{sandbox.control_base}/faults", json={"spec": "api/on-demand:latency=700ms"},
               timeout=10).raise_for_status()
    dialog = window.clips.open_dialog(item, 1.0, 3.0)
    dialog.create_button.click()
    assert dialog.is_sending() and not dialog.cancel_button.isEnabled()
    dialog.reject()  # Esc or the window's close button meanwhile
    assert dialog.isVisible() and "cannot be cancelled" in dialog.status_label.text()
    with qtlog.disabled():  # the offscreen platform says it cannot raise() a window
        assert window.clips.open_dialog(item, 2.0, 4.0) is dialog  # one clip at a time
    qtbot.waitUntil(lambda: window.clips.dialog is None, timeout=10000)
    qtbot.waitUntil(lambda: "Clip" in window.status_text(), timeout=5000)
    assert [w["path"] for w in writes(sandbox)] == ["/on-demand"]


def test_the_dialog_shows_the_range_fastpix_will_cut_to_the_tenth(app, sandbox, qtbot):
    source = seed_media(sandbox, title=SOURCE_TITLE, policies=None)
    window = app.window()
    item = show_media(app, window, source.id)
    # Marks are milliseconds; FastPix gets tenths, widened outward: 2.04-6.01 s is 2.0-6.1 s.
    dialog = window.clips.open_dialog(item, 2.04, 6.01)
    assert dialog.range_label.text() == "0:02.0 to 0:06.1 (4.1 s)"
    dialog.create_button.click()
    qtbot.waitUntil(lambda: window.clips.dialog is None, timeout=10000)
    (clip_id,) = list(window.clips.following)
    assert sandbox.workspace.media(clip_id).span == pytest.approx((2.0, 6.1))  # what FastPix was asked for
