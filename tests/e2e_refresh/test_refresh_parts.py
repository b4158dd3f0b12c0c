"""The pieces behind auto-refresh: the rate limit, the notification fallback and wording,
and no false "new recording" after a listing that leaves `mediaIds` out."""

from __future__ import annotations

from fastpix_viewer.api.models import parse_stream
from fastpix_viewer.ui.sync.auto_refresh import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_allows_one_request_per_second_and_saves_up_one():
    clock = FakeClock()
    bucket = TokenBucket(1.0, clock=clock)
    assert bucket.take()
    assert not bucket.take()
    clock.now += 0.5
    assert not bucket.take()
    clock.now += 0.5
    assert bucket.take()
    clock.now += 60  # a long idle spell saves up one token, not sixty
    assert bucket.take()
    assert not bucket.take()


def test_without_a_tray_notifications_go_to_the_status_bar(app, qtbot):
    window = app.window(load=False)
    # The offscreen platform has no system tray: the fallback must carry the message.
    notifications = window.notifications
    assert notifications.stream_live("Lobby <b>cam</b>\nsecond line")
    assert window.statusBar().currentMessage() == "Stream is live: “Lobby <b>cam</b> second line” is live now."
    notifications.action.setChecked(False)
    window.statusBar().clearMessage()
    assert not notifications.recording_ready("Keynote")
    assert window.statusBar().currentMessage() == ""


def test_a_listing_without_media_ids_does_not_make_old_recordings_new(app, sb, recorder):
    window = app.window()
    window.notifications.backend = recorder
    row = next(s for s in window.streams_model.objects() if s.media_ids)
    raw = dict(row.raw)
    raw.pop("mediaIds")
    refresher = window.auto_refresh
    refresher._on_stream(parse_stream(raw))  # as a listing that omits the key
    refresher._on_stream(parse_stream(dict(row.raw)))  # then the full stream again
    assert recorder.messages == []
    assert window.streams_model.object_for_id(row.id).media_ids == row.media_ids
