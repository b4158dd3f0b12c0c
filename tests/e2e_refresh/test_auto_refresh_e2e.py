"""Auto-refresh and desktop notifications against the sandbox over real HTTP (no F5 pressed)."""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtWidgets import QMenu

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.shell.main_window import STREAMS_TAB
from fastpix_viewer.ui.sync.auto_refresh import TokenBucket
from fastpix_viewer.ui.sync.notifications import SETTING_KEY


def _idle_stream_with_recordings(sb) -> dict:
    return next(s for s in sb.streams() if s["status"] == "idle" and s.get("mediaIds"))


def _fast(window, recorder, *, rate: float = 8.0, relist: float = 0.5) -> None:
    """Quicker than the app's defaults so a test takes seconds; the rate test uses the defaults."""
    window.notifications.backend = recorder
    refresher = window.auto_refresh
    refresher.bucket = TokenBucket(rate)
    refresher.relist_seconds = relist
    refresher.relist_now()
    refresher.start()


def test_finished_broadcast_is_discovered_and_notified_until_ready(app, sb, recorder, qtbot, recording_mode):
    """The notices follow the stream's mediaIds, whether or not the recording carries streamId."""
    sb.control("POST", "config", {"processing_delay": 1.5})
    stream = _idle_stream_with_recordings(sb)
    before = list(stream["mediaIds"])
    window = app.window()
    assert window.select(STREAMS_TAB, stream["streamId"])
    app.wait_idle(window)
    assert len(window.recordings_model.objects()) == len(before)
    _fast(window, recorder)

    sb.control("POST", "broadcasts", {"stream_id": stream["streamId"], "preparing_seconds": 0.2})
    qtbot.waitUntil(lambda: "Stream is live" in recorder.titles(), timeout=10000)
    row = window.streams_model.object_for_id(stream["streamId"])
    assert isinstance(row, LiveStream) and row.status.lower() == "active"

    ended = sb.control("DELETE", f"broadcasts/{stream['streamId']}")
    new_id = ended["media_id"]
    qtbot.waitUntil(lambda: "New recording" in recorder.titles(), timeout=10000)
    name = stream["metadata"]["livestream_name"]
    # The recording is called as everywhere else: the stream's name and its local start time.
    created = next(m for m in sb.media() if m["id"] == new_id)["createdAt"]
    started = dt.datetime.fromisoformat(created.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    ready_text = f"“{name} — {started}” is ready to play."
    qtbot.waitUntil(lambda: ("Recording ready", ready_text) in recorder.messages, timeout=15000)

    # The new recording is listed (recordings of the selected stream and the Media tab), Ready.
    recording = window.recordings_model.object_for_id(new_id)
    assert isinstance(recording, Media) and recording.is_ready
    assert isinstance(window.media_model.object_for_id(new_id), Media)
    truth = next(m for m in sb.media() if m["id"] == new_id)
    assert truth["status"] == "Ready" and ("streamId" in truth) == (recording_mode != "never")
    assert new_id in window.streams_model.object_for_id(stream["streamId"]).media_ids
    assert window.recordings_title.text().endswith(f"({len(before) + 1})")
    assert new_id not in window.auto_refresh.watched()
    # Plain sentences naming things by title, in the order they happened (other seed
    # recordings that finish processing meanwhile are told about too).
    mine = [m for m in recorder.messages if name in m[1]]
    assert mine == [("Stream is live", f"“{name}” is live now."),
                    ("New recording", f"A new recording of “{name}”."),
                    ("Recording ready", ready_text)]
    assert all("token" not in text.lower() for _, text in recorder.messages)


def test_notifications_off_stays_silent_and_is_remembered(app, sb, recorder, qtbot, tmp_path):
    stream = _idle_stream_with_recordings(sb)
    window = app.window()
    action = window.findChild(type(window.notifications.action), "desktopNotificationsAction")
    assert action is window.notifications.action and action.isChecked()
    view_menu = window.findChild(QMenu, "viewMenu")
    assert action in view_menu.actions()
    action.trigger()  # off
    assert UiSettings(app.config_dir).int_value(SETTING_KEY, 1) == 0
    _fast(window, recorder)

    sb.control("POST", "broadcasts", {"stream_id": stream["streamId"], "preparing_seconds": 0.2})
    qtbot.waitUntil(
        lambda: window.streams_model.object_for_id(stream["streamId"]).status.lower() == "active", timeout=10000)
    sb.control("DELETE", f"broadcasts/{stream['streamId']}")
    qtbot.waitUntil(
        lambda: len(window.streams_model.object_for_id(stream["streamId"]).media_ids) > len(stream["mediaIds"]),
        timeout=10000)
    assert recorder.messages == []

    # A new window (the next run) starts with notifications off.
    again = app.window(load=False)
    assert not again.notifications.action.isChecked()


def test_auto_refresh_stays_under_one_request_per_second(app, sb, qtbot):
    window = app.window()
    app.wait_idle(window)
    transport = app.transports[-1]
    api_calls: list[str] = []
    original = transport.handle_request

    def counting(request):
        if request.url.path.startswith("/v1/"):  # API calls only (thumbnails go to the image host)
            api_calls.append(request.url.path)
        return original(request)

    transport.handle_request = counting
    refresher = window.auto_refresh
    refresher.relist_seconds = 0.5  # a listing is due at once: it must share the same budget
    refresher.relist_now()
    started = time.monotonic()
    refresher.start()
    qtbot.wait(3500)
    refresher.stop()
    elapsed = time.monotonic() - started
    # The seed has live streams and processing media, so there is always work to do: the
    # bucket (one token saved up, one a second) is what limits it.
    # The last request the refresher started may still be on its way when it stops,
    # so the transport can have seen one fewer than it counted, never more.
    assert refresher.requests - 1 <= len(api_calls) <= refresher.requests
    assert any(path.endswith("/live/streams") for path in api_calls)
    assert 2 <= len(api_calls) <= elapsed * 1.0 + 1
    assert refresher.requests <= elapsed * 1.0 + 1


def test_failed_refreshes_keep_every_row_and_the_details(app, sb, recorder, qtbot):
    window = app.window()
    stream = next(s for s in sb.streams() if s["status"] == "active")
    assert window.select(STREAMS_TAB, stream["streamId"])
    app.wait_idle(window)
    streams = [s.id for s in window.streams_model.objects()]
    media = [m.id for m in window.media_model.objects()]
    shown = window.current_item()
    sb.faults("api:status=503")
    _fast(window, recorder, relist=0.2)
    qtbot.waitUntil(lambda: window.auto_refresh.failures >= 2, timeout=15000)
    assert window.status_text().startswith("Auto-refresh could not update")
    assert [s.id for s in window.streams_model.objects()] == streams
    assert [m.id for m in window.media_model.objects()] == media
    assert window.current_item() is shown
    assert window.details_view.json_model.rowCount() > 0
    assert recorder.messages == []
    # Failing, it slows down (1 s, then 2 s ...) although the bucket would allow 8 a second.
    made = window.auto_refresh.requests
    qtbot.wait(1500)
    assert window.auto_refresh.requests <= made + 1


def test_hidden_window_does_not_refresh(app, sb, qtbot):
    window = app.window()
    app.wait_idle(window)
    refresher = window.auto_refresh
    refresher.bucket = TokenBucket(20.0)
    window.hide()
    refresher.start()
    qtbot.wait(600)
    assert refresher.requests == 0
    window.show()
    qtbot.waitUntil(lambda: refresher.requests > 0, timeout=5000)
    window.close()
    assert not refresher.running
