"""libVLC (dummy outputs) plays every sample recording through the stream host."""

from __future__ import annotations

import time

import pytest
import vlc
from media_picks import seed_media

ASSETS = ("multires", "multilang", "bars", "mandelbrot", "live-loop", "audio-only")
PLAYED_MS = 1500
DEADLINE_S = 25


@pytest.fixture(scope="module")
def instance():
    inst = vlc.Instance("--vout=dummy", "--aout=dummy", "--quiet", "--no-video-title-show")
    yield inst
    inst.release()


def play_all(instance, urls: dict[str, str]) -> dict:
    """Start one player per URL at once (a 2-core box plays them in parallel) and wait
    until each is past PLAYED_MS."""
    players = {}
    for name, url in urls.items():
        player = instance.media_player_new()
        player.set_media(instance.media_new(url))
        player.play()
        players[name] = player
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline and not all(p.get_time() > PLAYED_MS for p in players.values()):
        time.sleep(0.1)
    return players


def stop_all(players: dict) -> None:
    for player in players.values():
        player.stop()
        player.release()


def test_every_sample_plays_and_lists_its_tracks(sandbox, instance):
    urls = {}
    for asset in ASSETS:
        _media, pid = seed_media(sandbox, asset=asset)
        urls[asset] = f"{sandbox.stream_base}/{pid}.m3u8"
    players = play_all(instance, urls)
    try:
        for asset, player in players.items():
            assert player.get_time() > PLAYED_MS, f"{asset} stalled at {player.get_time()} ms"
            assert player.get_state() in (vlc.State.Playing, vlc.State.Ended)
        multilang = players["multilang"]
        audio = [name.decode() for track_id, name in multilang.audio_get_track_description() if track_id >= 0]
        assert any("English" in a for a in audio) and any("Spanish" in a or "Español" in a for a in audio), audio
        subtitles = [name.decode() for track_id, name in multilang.video_get_spu_description() if track_id >= 0]
        assert any("English" in s for s in subtitles), subtitles
        assert players["bars"].video_get_size(0) == (854, 480)
        assert players["audio-only"].video_get_size(0) == (0, 0)
    finally:
        stop_all(players)


def test_each_multires_rendition_plays_at_its_size(sandbox, instance):
    _media, pid = seed_media(sandbox, asset="multires")
    sizes = {"1080p": (1920, 1080), "720p": (1280, 720), "480p": (854, 480)}
    players = play_all(instance, {res: f"{sandbox.stream_base}/{pid}.m3u8?resolution={res}" for res in sizes})
    try:
        for res, player in players.items():
            assert player.get_time() > PLAYED_MS, res
            assert player.video_get_size(0) == sizes[res], res
    finally:
        stop_all(players)


def test_generated_subtitles_are_listed_by_libvlc(sandbox, instance):
    import httpx

    media, pid = seed_media(sandbox, asset="multires")
    auth = (sandbox.token_id, sandbox.secret_key)
    httpx.post(f"{sandbox.control_base}/insights", json={"preparing_delay": 0}).raise_for_status()
    tracks = httpx.get(f"{sandbox.api_base}/on-demand/{media.id}", auth=auth).json()["data"]["tracks"]
    audio = next(t for t in tracks if t["type"] == "audio")
    httpx.post(f"{sandbox.api_base}/on-demand/{media.id}/tracks/{audio['id']}/generate-subtitles", auth=auth,
               json={"languageCode": "fr", "languageName": "French"}).raise_for_status()
    players = play_all(instance, {"multires": f"{sandbox.stream_base}/{pid}.m3u8"})
    try:
        player = players["multires"]
        assert player.get_time() > PLAYED_MS
        subtitles = [name.decode() for track_id, name in player.video_get_spu_description() if track_id >= 0]
        assert any("French" in s for s in subtitles), subtitles
    finally:
        stop_all(players)
