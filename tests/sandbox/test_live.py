"""Live broadcasts: sliding windows over the looping sample, DVR, and recordings."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import httpx
import pytest
import vlc
from sandbox_helpers import all_pages, sign

from fastpix_viewer.sandbox import live as live_module
from tests.fpv_support.waiting import wait_for

SEQUENCE = re.compile(r"#EXT-X-MEDIA-SEQUENCE:(\d+)")


def control(server, method: str, path: str, **kw) -> httpx.Response:
    return httpx.request(method, f"{server.control_base}{path}", timeout=10, **kw)


def streams(api) -> list[dict]:
    return all_pages(api, "/live/streams")


def child_url(server, master_text: str) -> str:
    return f"{server.stream_base}/" + next(line for line in master_text.splitlines() if line and not line.startswith("#"))


def live_media_playlist(server, playback_id: str, query: str = "") -> str:
    master = httpx.get(f"{server.stream_base}/{playback_id}.m3u8{query}", timeout=10)
    assert master.status_code == 200, master.text
    playlist = httpx.get(child_url(server, master.text), timeout=10)
    assert playlist.status_code == 200, playlist.text
    return playlist.text


def dvr_stream(api) -> dict:
    return next(s for s in streams(api) if s["status"] == "active" and s["enableDvrMode"])


def test_live_playlist_slides_forward(sandbox, api):
    stream = dvr_stream(api)
    pid = next(p["id"] for p in stream["playbackIds"] if p["accessPolicy"] == "public")
    first = live_media_playlist(sandbox, pid)
    assert "#EXT-X-ENDLIST" not in first and "#EXT-X-PLAYLIST-TYPE" not in first
    assert "#EXT-X-DISCONTINUITY-SEQUENCE:" in first and "#EXT-X-PROGRAM-DATE-TIME:" in first
    # The window slides once per segment (2 s): wait for the next playlist, not a fixed time.
    second = wait_for(lambda: (text := live_media_playlist(sandbox, pid)) != first and text,
                      what="the live playlist to move on")
    assert int(SEQUENCE.search(second)[1]) > int(SEQUENCE.search(first)[1])
    assert len(re.findall("#EXTINF", second)) == len(re.findall("#EXTINF", first))
    newest = [line for line in second.splitlines() if line.endswith(".ts")][-1]
    segment = httpx.get(child_url(sandbox, f"{pid}/480p/{newest}"), timeout=10)
    assert segment.status_code == 200 and segment.headers["content-type"] == "video/mp2t"
    future = int(newest.split("/")[-1].split(".")[0]) + 5
    assert httpx.get(f"{sandbox.stream_base}/{pid}/480p/live/{future}.ts").status_code == 404


def test_an_unmoved_window_is_the_same_playlist_every_time_it_is_asked_for(monkeypatch):
    # A player compares refreshes: the same segments must keep the same program date-times, even
    # when the machine's wall clock is adjusted between two requests (NTP). Reading the wall clock
    # on every request moved them, so an unmoved window looked changed (a flaky CI run).
    class AdjustedWallClock(datetime):
        steps = 0

        @classmethod
        def now(cls, tz=None):
            cls.steps += 1
            return datetime.now(tz) + timedelta(milliseconds=cls.steps)

    monkeypatch.setattr(live_module, "datetime", AdjustedWallClock)
    loop = live_module.live_loop()
    assert loop is not None, "the sample media are not installed"
    since = time.monotonic() - 60
    texts = {loop.playlist_text(10, 15, kind="live", query="", live_since=since) for _ in range(5)}
    assert len(texts) == 1
    assert "#EXT-X-PROGRAM-DATE-TIME:" in texts.pop()


def test_dvr_returns_the_whole_event_with_discontinuities_at_each_wrap(sandbox, api):
    stream = dvr_stream(api)
    pid = next(p["id"] for p in stream["playbackIds"] if p["accessPolicy"] == "public")
    event = live_media_playlist(sandbox, pid, "?dvrMode=true")
    assert "#EXT-X-PLAYLIST-TYPE:EVENT" in event and "#EXT-X-MEDIA-SEQUENCE:0" in event
    segments = re.findall(r"^live/(\d+)\.ts$", event, re.M)
    assert [int(n) for n in segments] == list(range(len(segments)))
    assert len(segments) >= 25  # the seed stream has been live for a minute
    window = live_media_playlist(sandbox, pid)
    assert len(re.findall("#EXTINF", window)) < len(segments)
    # The sample loops every 6 segments: one discontinuity per wrap.
    assert event.count("#EXT-X-DISCONTINUITY\n") == (len(segments) - 1) // 6
    no_dvr = next(s for s in streams(api) if s["status"] == "active" and not s["enableDvrMode"])
    sandbox_pid = no_dvr["playbackIds"][0]["id"]
    refused = httpx.get(f"{sandbox.stream_base}/{sandbox_pid}.m3u8?dvrMode=true")
    assert refused.status_code in (400, 401)  # 401: that seed stream's only ID is private


def test_idle_stream_is_not_playable(sandbox, api):
    idle = next(s for s in streams(api) if s["status"] == "idle")
    response = httpx.get(f"{sandbox.stream_base}/{idle['playbackIds'][0]['id']}.m3u8")
    assert response.status_code == 400 and response.json()["success"] is False


@pytest.mark.parametrize("appears", ["start", "end"])
def test_broadcast_lifecycle_yields_a_recording(sandbox, api, appears):
    idle = next(s for s in streams(api) if s["status"] == "idle")
    sid, before = idle["streamId"], idle.get("mediaIds", [])
    started = control(sandbox, "POST", "/broadcasts",
                      json={"stream_id": sid, "preparing_seconds": 0.6, "recording_appears": appears})
    assert started.status_code == 200 and started.json()["status"] == "preparing"
    assert api.get(f"/live/streams/{sid}").json()["data"]["status"] == "preparing"
    during = api.get(f"/live/streams/{sid}").json()["data"].get("mediaIds", [])
    assert len(during) == len(before) + (1 if appears == "start" else 0)
    assert control(sandbox, "POST", "/broadcasts", json={"stream_id": sid}).status_code == 409
    status = wait_for(lambda: (s := api.get(f"/live/streams/{sid}").json()["data"]["status"]) != "preparing" and s,
                      what="the broadcast to leave 'preparing'")
    assert status == "active"
    assert live_media_playlist(sandbox, idle["playbackIds"][0]["id"]).count("#EXTINF") >= 3
    assert control(sandbox, "POST", "/config", json={"processing_delay": 0.5}).status_code == 200
    assert api.put(f"/live/streams/{sid}/finish").json() == {"success": True}
    after = api.get(f"/live/streams/{sid}").json()["data"]
    assert after["status"] == "idle" and len(after["mediaIds"]) == len(before) + 1
    recording = api.get(f"/on-demand/{after['mediaIds'][-1]}").json()["data"]
    assert recording["status"] == "Processing" and recording["streamId"] == sid
    if appears == "start":
        assert after["mediaIds"][-1] == during[-1]
    recording = wait_for(lambda: (r := api.get(f"/on-demand/{after['mediaIds'][-1]}").json()["data"])["status"]
                         != "Processing" and r, what="the recording to finish processing")
    assert recording["status"] == "Ready" and recording["duration"] >= 6.0
    vod = live_media_playlist(sandbox, recording["playbackIds"][0]["id"])
    assert "#EXT-X-ENDLIST" in vod and "#EXT-X-PLAYLIST-TYPE:VOD" in vod


def test_control_end_and_errors(sandbox, api):
    active = dvr_stream(api)
    ended = control(sandbox, "DELETE", f"/broadcasts/{active['streamId']}")
    assert ended.status_code == 200
    assert api.get(f"/live/streams/{active['streamId']}").json()["data"]["mediaIds"][-1] == ended.json()["media_id"]
    assert control(sandbox, "DELETE", f"/broadcasts/{active['streamId']}").status_code == 409
    assert control(sandbox, "POST", "/broadcasts", json={"stream_id": "f" * 32}).status_code == 404
    assert control(sandbox, "POST", "/broadcasts", json={}).status_code == 400
    assert api.put(f"/live/streams/{active['streamId']}/finish").status_code == 400


@pytest.fixture(scope="module")
def vlc_instance():
    inst = vlc.Instance("--vout=dummy", "--aout=dummy", "--quiet")
    yield inst
    inst.release()


@pytest.mark.slow
def test_libvlc_plays_live_for_more_than_a_loop(sandbox, api, vlc_instance):
    """libVLC keeps playing across loop wraps with its clock advancing. Note for the player:
    it reports the live *window* (5 segments = 10 s) as the length of a live stream."""
    stream = dvr_stream(api)
    pid = next(p["id"] for p in stream["playbackIds"] if p["accessPolicy"] == "public")
    player = vlc_instance.media_player_new()
    player.set_media(vlc_instance.media_new(f"{sandbox.stream_base}/{pid}.m3u8"))
    player.play()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and player.get_time() <= 0:
            time.sleep(0.1)
        start = player.get_time()
        assert start > 0
        time.sleep(13.5)  # longer than the 12-second loop
        end = player.get_time()
        assert end - start > 12_000, (start, end)
        assert player.get_length() == 10_000
        time.sleep(1.2)
        assert player.get_time() > end  # still advancing after the wraps
    finally:
        player.stop()
        player.release()


def test_libvlc_plays_a_finished_broadcast_to_the_end(sandbox, api, vlc_instance):
    idle = next(s for s in streams(api) if s["status"] == "idle")
    control(sandbox, "POST", "/broadcasts", json={"stream_id": idle["streamId"], "preparing_seconds": 0})
    control(sandbox, "POST", "/config", json={"processing_delay": 0})
    assert api.put(f"/live/streams/{idle['streamId']}/finish").status_code == 200
    media_id = api.get(f"/live/streams/{idle['streamId']}").json()["data"]["mediaIds"][-1]
    recording = api.get(f"/on-demand/{media_id}").json()["data"]
    assert recording["status"] == "Ready"
    player = vlc_instance.media_player_new()
    player.set_media(vlc_instance.media_new(f"{sandbox.stream_base}/{recording['playbackIds'][0]['id']}.m3u8"))
    started = time.monotonic()
    player.play()
    try:
        deadline = started + recording["duration"] + 10
        last = length = 0
        while time.monotonic() < deadline and player.get_state() != vlc.State.Ended:
            last, length = max(last, player.get_time()), max(length, player.get_length())
            time.sleep(0.05)
        assert player.get_state() == vlc.State.Ended
        # It played the whole recording in real time, not an early error/EOS.
        assert time.monotonic() - started >= recording["duration"] - 1.0
        assert abs(length - recording["duration"] * 1000) < 500
        assert last >= (recording["duration"] - 2.0) * 1000
    finally:
        player.stop()
        player.release()


def test_private_live_playback_needs_and_carries_the_token(sandbox, api):
    stream = dvr_stream(api)
    private = next(p["id"] for p in stream["playbackIds"] if p["accessPolicy"] == "private")
    assert httpx.get(f"{sandbox.stream_base}/{private}.m3u8").status_code == 401
    token = sign(sandbox, private)
    playlist = live_media_playlist(sandbox, private, f"?token={token}&dvrMode=true")
    segments = [line for line in playlist.splitlines() if line.startswith("live/")]
    assert segments and all(s.endswith(f"?token={token}") for s in segments)
    first = f"{sandbox.stream_base}/{private}/480p/{segments[0]}"
    assert httpx.get(first).status_code == 200
    assert httpx.get(first.split("?")[0]).status_code == 401
