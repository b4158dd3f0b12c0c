"""The main window on the sandbox workspace: lists, recordings, details and tracks."""

from __future__ import annotations

import pytest
from fpv_support.app_harness import all_items, api_get
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.sandbox.seed import DOCS_RECORDING
from fastpix_viewer.ui.details.json_tree import VALUE_COLUMN
from fastpix_viewer.ui.details.tracks import LANGUAGE_COLUMN, RESOLUTION_COLUMN, STATUS_COLUMN
from fastpix_viewer.ui.lists.status_badge import status_word
from fastpix_viewer.ui.shell.main_window import APP_TITLE, MEDIA_TAB, STREAMS_TAB


def test_workspace_opens_with_every_stream_and_media_listed(app, sandbox, qtmodeltester):
    window = app.window()
    streams = all_items(sandbox, "live/streams")
    media = all_items(sandbox, "on-demand")
    assert window.streams_model.rowCount() == len(streams) > 0
    assert window.media_model.rowCount() == len(media) > 0
    assert {o.id for o in window.streams_model.objects()} == {s["streamId"] for s in streams}
    assert window.streams_pane.progress_label.text() == f"Loaded {len(streams)} of {len(streams)}"
    assert window.workspace_label.text() == "Workspace: Test workspace"
    # No stream was selected before: the first one with recordings is shown.
    shown = window.current_item()
    assert isinstance(shown, LiveStream) and shown.media_ids
    qtmodeltester.check(window.streams_pane.proxy)
    qtmodeltester.check(window.media_pane.proxy)


def test_small_pages_arrive_in_server_order_with_bounded_requests(app, sandbox):
    window = app.window(page_size=4)  # 29 media -> 8 pages, 4 in flight at most
    expected = [m["id"] for m in all_items(sandbox, "on-demand")]
    assert [m.id for m in window.media_model.objects()] == expected
    assert window.media_pane.progress_label.text() == f"Loaded {len(expected)} of {len(expected)}"


def _listed_ids(sandbox) -> dict[str, str]:
    return {mid: s["streamId"] for s in all_items(sandbox, "live/streams") for mid in s.get("mediaIds", [])}


def test_recordings_only_filter_on_media(app, sandbox, recording_mode):
    """Exactly the media the streams list in mediaIds, with or without streamId on the media."""
    window = app.window()
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    window.media_pane.recordings_check.setChecked(True)
    listed = _listed_ids(sandbox)
    shown = {window.media_pane.proxy.object_at(r).id for r in range(window.media_pane.proxy.rowCount())}
    assert shown == set(listed) - {m for m in listed if window.media_model.object_for_id(m) is None}
    assert len(shown) > 0 and "Waiting" not in window.media_pane.count_label.text()
    media = all_items(sandbox, "on-demand")
    kind = window.media_model.column_index("kind")
    kinds = {window.media_model.object_at(r).id: window.media_model.index(r, kind).data()
             for r in range(window.media_model.rowCount())}
    for item in media:
        expected = ("recording" if item["id"] in listed else "clip" if item.get("sourceMediaId")
                    else "live clip" if item.get("streamId") else "upload")
        assert kinds[item["id"]] == expected, item.get("title")


def test_recordings_only_waits_for_the_streams(app, sandbox):
    window = app.window(load=False)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    window.media_loader.start()
    app.wait_loaded(window)
    window.media_pane.recordings_check.setChecked(True)
    app.qtbot.waitUntil(lambda: "Waiting for the live streams list" in window.media_pane.count_label.text())
    assert window.media_pane.proxy.rowCount() == 0  # not a wrong list
    window.streams_loader.start()
    app.wait_loaded(window)
    app.qtbot.waitUntil(lambda: window.media_pane.proxy.rowCount() == len(_listed_ids(sandbox)))
    assert "Waiting" not in window.media_pane.count_label.text()


def test_a_recordings_details_name_its_stream_and_select_it(app, sandbox, recording_mode):
    window = app.window()
    listed = _listed_ids(sandbox)
    docs = next(m for m in all_items(sandbox, "on-demand") if m["id"] == DOCS_RECORDING["id"])
    assert "streamId" not in docs and docs["id"] in listed
    assert window.select(MEDIA_TAB, docs["id"])
    app.qtbot.waitUntil(lambda: window.kind_label.text().startswith("Recording of “"))
    assert window.show_stream_button.isVisible()
    # The summary line carries the media-level fields FastPix's example has.
    facts = window.thumbnail_preview.facts_label.text()
    assert "16:9" in facts and "30/1 fps" in facts and "subtitles" in facts
    window.show_stream_button.click()
    assert window.list_tabs.currentIndex() == STREAMS_TAB
    assert window.streams_pane.current_object().id == listed[docs["id"]]


def test_a_streams_recordings_are_listed_newest_first(app, sandbox, qtmodeltester):
    window = app.window()
    streams = all_items(sandbox, "live/streams")
    busiest = max(streams, key=lambda s: len(s.get("mediaIds") or []))
    assert window.select(STREAMS_TAB, busiest["streamId"])
    app.wait_idle(window)
    ids = [m.id for m in window.recordings_model.objects()]
    assert ids == list(reversed(busiest["mediaIds"]))
    assert window.recordings_title.text().startswith(f"Recordings of {busiest['metadata']['livestream_name']}")
    first = window.recordings_model.object_at(0)
    truth = api_get(sandbox, f"on-demand/{first.id}")["data"]
    status_col = window.recordings_model.column_index("status")
    assert window.recordings_model.index(0, status_col).data() == status_word(truth["status"])
    qtmodeltester.check(window.recordings_pane.proxy)


def test_details_and_tracks_show_the_selected_media(app, sandbox):
    window = app.window()
    media = all_items(sandbox, "on-demand")
    chosen = next(m for m in media if len(m.get("tracks") or []) == 4 and m.get("title"))
    assert window.select(MEDIA_TAB, chosen["id"])
    app.wait_idle(window)
    assert window.windowTitle() == f"{chosen['title']} — {APP_TITLE}"
    tree = window.details_view.json_model
    for key in ("id", "title", "status", "createdAt"):
        index = tree.index_for_path([key], VALUE_COLUMN)
        assert index.isValid(), key
        assert tree.value_text(index) == str(chosen[key])
    first_playback = chosen["playbackIds"][0]
    index = tree.index_for_path(["playbackIds", 0, "accessPolicy"], VALUE_COLUMN)
    assert tree.value_text(index) == first_playback["accessPolicy"]

    tracks = window.tracks_model
    groups = [tracks.index(r, 0).data() for r in range(tracks.rowCount())]
    video = [t for t in chosen["tracks"] if t["type"] == "video"]
    audio = [t for t in chosen["tracks"] if t["type"] == "audio"]
    subtitles = [t for t in chosen["tracks"] if t["type"] == "subtitle"]
    assert groups == [f"Video ({len(video)})", f"Audio ({len(audio)})", f"Subtitles ({len(subtitles)})"]
    video_group, audio_group = tracks.index(0, 0), tracks.index(1, 0)
    assert tracks.index(0, RESOLUTION_COLUMN, video_group).data() == f"{video[0]['width']} x {video[0]['height']}"
    assert [tracks.index(r, LANGUAGE_COLUMN, audio_group).data() for r in range(len(audio))] == [
        f"{t['languageName']} ({t['languageCode']})" for t in audio
    ]
    assert tracks.index(0, STATUS_COLUMN, audio_group).data() == audio[0]["status"]
    assert window.tracks_view.itemDelegateForColumn(STATUS_COLUMN) is not None


def test_stream_secrets_are_masked_in_details(app, sandbox):
    window = app.window()
    stream = window.current_item()
    assert isinstance(stream, LiveStream)
    tree = window.details_view.json_model
    index = tree.index_for_path(["streamKey"], VALUE_COLUMN)
    assert index.isValid() and tree.is_masked(index)
    truth = api_get(sandbox, f"live/streams/{stream.id}")["data"]["streamKey"]
    assert truth not in (index.data() or "")


def test_enter_on_a_ready_recording_plays_it(app, sandbox, qtbot):
    window = app.window()
    if window.controller is None:
        import pytest

        pytest.fail("the playback controller is missing")
    media = all_items(sandbox, "on-demand")
    ready = next(m for m in media if m["status"] == "Ready" and m.get("streamId") and m.get("title") == "Keynote")
    assert window.select(MEDIA_TAB, ready["id"])
    view = window.media_pane.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.player.state() == "playing", timeout=20000)
    current = window.controller.current_item
    assert isinstance(current, Media) and current.id == ready["id"]


@pytest.mark.parametrize("swap_slice", [5000, 3], ids=["one-slice", "slices-of-3"])
def test_kinds_follow_the_streams_list_without_rows_worked_out_on_the_main_thread(app, sandbox, monkeypatch,
                                                                                   swap_slice):
    """Media listed before the streams: their Kind column changes once the streams say which
    are recordings. The rows are worked out again on a worker (issue 15: on the main thread
    that froze the window for seconds at 50,000 media) and swapped in a slice per event-loop
    turn, and the selection stays."""
    import threading

    from fastpix_viewer.ui.lists import table_rows
    from fastpix_viewer.ui.shell import list_loading

    monkeypatch.setattr(list_loading, "SWAP_SLICE", swap_slice)

    window = app.window(load=False)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    window.media_loader.start()
    app.wait_loaded(window)
    listed = _listed_ids(sandbox)
    kind = window.media_model.column_index("kind")

    def kinds() -> dict[str, str]:
        model = window.media_model
        return {model.object_at(r).id: model.index(r, kind).data() for r in range(model.rowCount())}

    assert not any(kinds()[m] == "recording" for m in listed if m in kinds())
    chosen = next(m for m in listed if window.media_model.object_for_id(m) is not None)
    assert window.select(MEDIA_TAB, chosen)
    on_main = []
    real_init = table_rows.Row.__init__

    def counting_init(row, obj, recipe):
        if recipe is window.media_model._recipe and threading.current_thread() is threading.main_thread():
            on_main.append(obj)
        real_init(row, obj, recipe)

    monkeypatch.setattr(table_rows.Row, "__init__", counting_init)
    window.streams_loader.start()
    app.wait_loaded(window)
    shown = kinds()
    assert {m: shown[m] for m in listed if m in shown} == {m: "recording" for m in listed if m in shown}
    # Only the selected media's row may be made here (its details came back: update_row).
    assert {o.id for o in on_main} <= {chosen}
    assert window.media_pane.current_object().id == chosen
