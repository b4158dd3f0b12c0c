"""The offline cache: the last complete listings and seen details come back in a new window
(same config dir) with FastPix unreachable, marked as cached, and a fresh load replaces them."""

from __future__ import annotations

import httpx

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.cache.offline import OfflineStore, workspace_key
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB


def _ids(model) -> list[str]:
    return [o.id for o in model.objects() if isinstance(o, LiveStream | Media)]


def test_with_the_sandbox_stopped_the_cached_lists_and_details_show(windows, own_sandbox, qtbot):
    first, _t = windows.open(own_sandbox)
    streams, media = _ids(first.streams_model), _ids(first.media_model)
    assert streams and media
    stream = first.streams_pane.current_object()
    assert isinstance(stream, LiveStream) and stream.media_ids
    qtbot.waitUntil(lambda: not first.recordings_loader.is_loading, timeout=15000)
    recordings = _ids(first.recordings_model)
    store, ws = first.offline.store, first.offline.workspace
    qtbot.waitUntil(lambda: store.load_details(ws, "streams", stream.id) is not None, timeout=15000)
    stream_details = dict(store.load_details(ws, "streams", stream.id).raw)
    assert stream_details["streamKey"] == "<redacted>"  # never the real key on disk
    first.list_tabs.setCurrentIndex(MEDIA_TAB)
    seen = next(o for o in first.media_model.objects() if isinstance(o, Media) and o.title == "Podcast episode 12")
    assert first.media_pane.select_id(seen.id)
    qtbot.waitUntil(lambda: first.offline.store.load_details(first.offline.workspace, "media", seen.id)
                    is not None, timeout=15000)
    fresh_details = dict(first.current_item().raw)
    qtbot.waitUntil(lambda: first.pool.pending_count() == 0, timeout=15000)
    windows.close_all()  # saves the selection too

    own_sandbox.stop()
    second, _t = windows.open(own_sandbox, load=False)
    second.refresh()
    qtbot.waitUntil(lambda: second.offline.offline, timeout=15000)
    qtbot.waitUntil(lambda: _ids(second.streams_model) == streams and _ids(second.media_model) == media,
                    timeout=15000)
    assert second.offline.is_cached("streams") and second.offline.is_cached("media")
    # Which media are recordings comes from the cached streams listing (their mediaIds), so
    # "Recordings only" works offline too (the docs' example recording has no streamId).
    listed = {m for s in second.streams_model.objects() if isinstance(s, LiveStream) for m in s.media_ids}
    qtbot.waitUntil(lambda: second.recording_index.known, timeout=5000)
    second.media_pane.recordings_check.setChecked(True)
    pane = second.media_pane
    shown = {pane.proxy.object_at(r).id for r in range(pane.proxy.rowCount())}
    assert shown and shown == listed & set(media)
    assert any(not second.media_model.object_for_id(i).stream_id for i in shown)
    second.media_pane.recordings_check.setChecked(False)
    assert second.offline.indicator.isVisible() and second.offline.indicator.text() == "Offline"
    for pane in (second.streams_pane, second.media_pane):
        text = pane.progress_label.text()
        assert text.startswith("Cached listing from") and "offline" in text

    # The media selected last time is selected again; its details come from the cache, marked.
    second.list_tabs.setCurrentIndex(MEDIA_TAB)
    assert second.media_pane.current_object().id == seen.id
    second.media_pane.select_id(media[0] if media[0] != seen.id else media[1])
    second.media_pane.select_id(seen.id)
    qtbot.waitUntil(lambda: second.thumbnail_preview.note_label.text().startswith("Offline: details saved at"),
                    timeout=15000)
    assert dict(second.current_item().raw) == fresh_details
    assert second.thumbnail_preview.note_label.isVisible()

    # The selected stream: its saved details, and its recordings from the saved details
    # (not as unreadable rows).
    second.list_tabs.setCurrentIndex(STREAMS_TAB)
    assert second.streams_pane.current_object().id == stream.id
    assert not second.thumbnail_preview.note_label.isVisible()  # the media's note went with it
    second.refresh()  # asks for the stream's details again: FastPix is still unreachable
    qtbot.waitUntil(lambda: second.current_item().id == stream.id and second.thumbnail_preview.note_label.text()
                    .startswith("Offline: details saved at"), timeout=15000)
    assert dict(second.current_item().raw) == stream_details
    qtbot.waitUntil(lambda: not second.recordings_loader.is_loading, timeout=15000)
    assert _ids(second.recordings_model) == recordings


def test_a_fresh_listing_replaces_the_cached_one(windows, sandbox, qtbot):
    first, _t = windows.open(sandbox)
    qtbot.waitUntil(lambda: first.pool.pending_count() == 0, timeout=15000)
    before = _ids(first.media_model)
    gone = next(o for o in first.media_model.objects() if isinstance(o, Media) and o.title == "Podcast episode 12")
    windows.close_all()
    response = httpx.delete(f"{sandbox.api_base}/on-demand/{gone.id}",
                            auth=(sandbox.token_id, sandbox.secret_key), timeout=10)
    assert response.status_code < 300

    # A slow API, so the cached copy is on screen (marked) before the fresh one arrives.
    sandbox.state.faults.configure("api:latency=800", 0)
    second, _t = windows.open(sandbox, load=False)
    second.refresh()
    qtbot.waitUntil(lambda: second.offline.is_cached("media"), timeout=15000)
    assert gone.id in _ids(second.media_model)
    assert second.media_pane.progress_label.text().startswith("Cached listing from")
    assert "refreshing" in second.media_pane.progress_label.text()
    qtbot.waitUntil(lambda: not second.is_loading(), timeout=30000)
    assert not second.offline.is_cached("media") and not second.offline.indicator.isVisible()
    assert gone.id not in _ids(second.media_model)
    assert sorted(_ids(second.media_model)) == sorted(i for i in before if i != gone.id)
    store = OfflineStore(windows.cache_dir / "offline.sqlite3")
    ws = workspace_key(sandbox.api_base, sandbox.token_id)
    qtbot.waitUntil(lambda: gone.id not in [i["id"] for i in store.load_listing(ws, "media").items],
                    timeout=15000)
