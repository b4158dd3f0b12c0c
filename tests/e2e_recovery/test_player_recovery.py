"""Player errors end in a clear message and a working Retry, never a hang: a stream host that
stops answering mid-stream, segment 404s, a recording deleted while it plays, a cut network."""

from __future__ import annotations

import time

import httpx
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from fastpix_viewer.api.models import Media, StreamState
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB

PLAY_MS = 15000
LEFT = Qt.MouseButton.LeftButton


class GapMeter:
    """The longest time the Qt main thread did not get to run a 20 ms timer."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.monotonic()
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        return self.longest


def public_recording(window) -> Media:
    return next(m for m in window.media_model.objects()
                if isinstance(m, Media) and m.is_ready and not m.is_audio_only and not m.is_clip
                and {p.access_policy for p in m.playback_ids} == {"public"} and (m.duration or 0) >= 8)


def play_row(qtbot, window, tab: int, item_id: str) -> None:
    assert window.select(tab, item_id)
    view = window.media_pane.view if tab == MEDIA_TAB else window.streams_pane.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.player.state() == "playing" and window.player.time_ms() >= 1000, timeout=PLAY_MS)


def start_live(harness) -> str:
    """Put an idle seed stream on air (the sandbox's broadcast control) and return its ID."""
    s = harness.sandbox
    listing = httpx.get(f"{s.api_base}/live/streams", params={"limit": 50, "offset": 1},
                        auth=(s.token_id, s.secret_key), timeout=10).json()["data"]
    idle = next(x["streamId"] for x in listing if x.get("status") == "idle")
    httpx.post(f"{s.control_base}/broadcasts", json={"stream_id": idle, "preparing_seconds": 0.2},
               timeout=10).raise_for_status()
    harness.qtbot.waitUntil(lambda: httpx.get(f"{s.api_base}/live/streams/{idle}", auth=(s.token_id, s.secret_key),
                                              timeout=10).json()["data"]["status"] == "active", timeout=10000)
    return idle


def message_with_retry(window) -> str:
    panel = window.player
    return panel.message() if panel.retry_button.isVisible() else ""


@pytest.fixture
def window(harness, qtbot):
    w = harness.window()
    harness.wait_idle(w)
    return w


def test_a_stream_host_that_stops_answering_ends_in_a_message_without_freezing(harness, window, qtbot):
    stream_id = start_live(harness)
    QTest.keyClick(window, Qt.Key.Key_F5)
    harness.wait_idle(window)
    assert window.streams_model.object_for_id(stream_id).state is StreamState.ACTIVE
    play_row(qtbot, window, STREAMS_TAB, stream_id)
    panel = window.player
    panel.STALL_TIMEOUT_MS = 3000  # the app waits 15 s

    meter = GapMeter()
    harness.faults("stream:latency=12s")  # connections accepted, answers held back: a hung host
    qtbot.waitUntil(lambda: "stopped arriving" in message_with_retry(window), timeout=20000)
    assert panel.state() == "error"
    # libVLC's stop() would wait for the held-back answers; the window must not.
    qtbot.wait(300)
    assert meter.stop() < 2.0

    harness.faults("")
    QTest.mouseClick(panel.retry_button, LEFT)
    qtbot.waitUntil(lambda: panel.state() == "playing" and panel.time_ms() >= 1000, timeout=PLAY_MS)
    assert not panel.retry_button.isVisible()


def test_segment_404s_mid_recording_end_in_a_message_and_retry_continues(harness, window, qtbot):
    media = public_recording(window)
    play_row(qtbot, window, MEDIA_TAB, media.id)
    panel = window.player
    harness.faults("stream/*.ts:segment404")
    panel.setFocus()
    for _ in range(3):  # back to the start: the segments must be fetched again, and fail
        QTest.keyClick(panel, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: "could not be loaded" in message_with_retry(window), timeout=PLAY_MS)
    assert harness.served("segment404") > 0

    harness.faults("")
    QTest.mouseClick(panel.retry_button, LEFT)
    qtbot.waitUntil(lambda: panel.state() == "playing", timeout=PLAY_MS)
    start = panel.time_ms()
    qtbot.waitUntil(lambda: panel.time_ms() >= start + 1000, timeout=PLAY_MS)


def test_a_recording_deleted_while_playing_says_so_on_retry(harness, window, qtbot):
    media = public_recording(window)
    play_row(qtbot, window, MEDIA_TAB, media.id)
    panel = window.player
    s = harness.sandbox
    httpx.delete(f"{s.api_base}/on-demand/{media.id}", auth=(s.token_id, s.secret_key),
                 timeout=10).raise_for_status()
    panel.setFocus()
    for _ in range(3):
        QTest.keyClick(panel, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: bool(message_with_retry(window)), timeout=PLAY_MS)

    QTest.mouseClick(panel.retry_button, LEFT)
    qtbot.waitUntil(lambda: "deleted" in message_with_retry(window) or "no longer" in message_with_retry(window),
                    timeout=PLAY_MS)
    assert panel.state() != "playing"


def test_a_cut_network_ends_a_live_stream_in_a_message_and_retry_plays_again(harness, window, qtbot):
    stream_id = start_live(harness)
    QTest.keyClick(window, Qt.Key.Key_F5)
    harness.wait_idle(window)
    assert window.streams_model.object_for_id(stream_id).state is StreamState.ACTIVE
    play_row(qtbot, window, STREAMS_TAB, stream_id)
    panel = window.player
    panel.STALL_TIMEOUT_MS = 3000
    harness.faults("stream:drop")  # every stream-host connection is cut
    qtbot.waitUntil(lambda: bool(message_with_retry(window)), timeout=20000)
    assert panel.state() == "error"

    harness.faults("")
    QTest.mouseClick(panel.retry_button, LEFT)
    qtbot.waitUntil(lambda: panel.state() == "playing" and panel.time_ms() >= 1000, timeout=PLAY_MS)
