"""Once the faults stop, every view comes back without a restart; a failed refresh never wipes
what is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.lists.columns import row_id
from fastpix_viewer.ui.shell.main_window import STREAMS_TAB

QUICK = RetryPolicy(attempts=2, backoff_base=0.05, backoff_cap=0.1)


def shows(banner) -> bool:
    """The banner is up (on its tab, visible or not) with a message."""
    return not banner.isHidden() and bool(banner.text())


def shown_id(window) -> str | None:
    item = window.current_item()
    return item.id if isinstance(item, LiveStream | Media) else None


def stream_with_recordings(window) -> LiveStream:
    """One with two or more recordings that is not already selected (the window picks one itself)."""
    selected = window.streams_pane.current_object()
    return next(s for s in window.streams_model.objects()
                if isinstance(s, LiveStream) and len(s.media_ids) >= 2 and s is not selected)


def test_every_view_recovers_with_f5_after_an_outage(harness, qtbot):
    harness.faults("api:status=503")
    window = harness.window(retry=QUICK)
    assert shows(window.streams_banner) and shows(window.media_banner)
    assert "failed" in window.load_label.text()
    assert window.streams_model.rowCount() == 0 and window.media_model.rowCount() == 0

    harness.faults("")
    QTest.keyClick(window, Qt.Key.Key_F5)
    harness.wait_loaded(window)
    assert not shows(window.streams_banner) and not shows(window.media_banner)
    assert window.streams_model.rowCount() > 0 and window.media_model.rowCount() > 0
    # The window picks a stream by itself once the list is back; its recordings follow.
    qtbot.waitUntil(lambda: isinstance(window.current_item(), LiveStream), timeout=10000)
    harness.wait_idle(window)
    stream = window.current_item()
    assert window.recordings_model.rowCount() == len(stream.media_ids)
    assert not shows(window.recordings_banner)


def test_recordings_and_details_recover_with_their_retry_buttons(harness, qtbot):
    window = harness.window(retry=QUICK)
    harness.wait_idle(window)
    stream = stream_with_recordings(window)
    harness.faults("api/on-demand/*:status=503")
    window.select(STREAMS_TAB, stream.id)
    harness.wait_idle(window)
    # Each recording that could not be fetched is one unreadable row, not a blank list.
    assert window.recordings_model.rowCount() == len(stream.media_ids)
    assert all(not isinstance(o, Media) for o in window.recordings_model.objects())

    harness.faults("")
    QTest.keyClick(window, Qt.Key.Key_F5)
    harness.wait_idle(window)
    assert [row_id(o) for o in window.recordings_model.objects()] == list(reversed(stream.media_ids))
    assert all(isinstance(o, Media) for o in window.recordings_model.objects())

    # Details of a recording: a failed fetch says so; the next try fills them in.
    target = window.recordings_model.objects()[0]
    harness.faults(f"api/on-demand/{target.id}:status=503")
    window.recordings_pane.select_id(target.id)
    qtbot.waitUntil(lambda: "Could not refresh the details" in window.status_text(), timeout=10000)
    assert shown_id(window) == target.id  # the list's copy stays shown meanwhile
    harness.faults("")
    before = len(harness.transport.requests(f"/on-demand/{target.id}"))
    QTest.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(s.status == 200 for s in harness.transport.requests(f"/on-demand/{target.id}")[before:]),
                    timeout=10000)
    harness.wait_idle(window)
    assert shown_id(window) == target.id


def test_a_failed_refresh_keeps_every_list_and_the_details(harness, qtbot):
    window = harness.window(retry=QUICK)
    harness.wait_idle(window)
    stream = stream_with_recordings(window)
    window.select(STREAMS_TAB, stream.id)
    harness.wait_idle(window)
    recording = window.recordings_model.objects()[0]
    window.recordings_pane.select_id(recording.id)
    harness.wait_idle(window)
    before = {
        "streams": [o.id for o in window.streams_model.objects()],
        "media": [o.id for o in window.media_model.objects()],
        "recordings": [row_id(o) for o in window.recordings_model.objects()],
    }
    details_before = window.details_view.json_model.rowCount()

    for spec in ("api:status=503", "api:badjson", "api:html=502", "api:truncate", "api:drop"):
        harness.faults(spec)
        QTest.keyClick(window, Qt.Key.Key_F5)
        harness.wait_idle(window)
        assert shows(window.streams_banner), spec
        assert shows(window.media_banner), spec
        after = {
            "streams": [o.id for o in window.streams_model.objects()],
            "media": [o.id for o in window.media_model.objects()],
            "recordings": [row_id(o) for o in window.recordings_model.objects()],
        }
        assert after == before, spec
        assert shown_id(window) == recording.id, spec
        assert window.details_view.json_model.rowCount() == details_before, spec

    harness.faults("")
    for banner in (window.streams_banner, window.media_banner):
        QTest.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    harness.wait_idle(window)
    assert not shows(window.streams_banner) and not shows(window.media_banner)
    assert [o.id for o in window.streams_model.objects()] == before["streams"]


def test_auto_refresh_keeps_rows_through_failures_and_resumes(harness, qtbot):
    window = harness.window(retry=QUICK)
    refresher = window.auto_refresh
    assert refresher._candidates(), "the seed has live streams or processing media to refresh"
    rows = [o.id for o in window.streams_model.objects()]
    harness.faults("api:status=503")
    refresher.start()
    qtbot.waitUntil(lambda: refresher.failures >= 2, timeout=15000)
    assert "Auto-refresh could not update" in window.status_text()
    assert [o.id for o in window.streams_model.objects()] == rows

    harness.faults("")
    asked = refresher.requests
    failures = refresher.failures
    qtbot.waitUntil(lambda: refresher.requests >= asked + 2, timeout=15000)
    harness.wait_idle(window)
    assert refresher.failures == failures  # the refreshes after the outage succeeded
    assert [o.id for o in window.streams_model.objects()] == rows
    refresher.stop()
