"""The stream host over real HTTP: generated masters, caps, renditions, errors, Range."""

from __future__ import annotations

import re

import httpx
import pytest
from media_picks import seed_media

from fastpix_viewer.sandbox.assets import load_asset


def get(url: str, **kw) -> httpx.Response:
    return httpx.get(url, timeout=10, **kw)


def stream_infs(text: str) -> list[str]:
    return re.findall(r"RESOLUTION=(\d+x\d+)", text)


def test_master_lists_every_rendition_and_caps_change_it(sandbox):
    _media, pid = seed_media(sandbox, asset="multires")
    master = get(f"{sandbox.stream_base}/{pid}.m3u8")
    assert master.status_code == 200
    assert master.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert stream_infs(master.text) == ["1920x1080", "1280x720", "854x480"]
    assert 'CODECS="avc1.' in master.text and "BANDWIDTH=" in master.text
    cases = {
        "maxResolution=720p": ["1280x720", "854x480"],
        "maxResolution=1080p": ["1920x1080", "1280x720", "854x480"],
        "minResolution=720p": ["1920x1080", "1280x720"],
        "resolution=720p": ["1280x720"],
        "resolution=480p": ["854x480"],
        "maxResolution=720p&renditionOrder=asc": ["854x480", "1280x720"],
    }
    for query, expected in cases.items():
        assert stream_infs(get(f"{sandbox.stream_base}/{pid}.m3u8?{query}").text) == expected, query


@pytest.mark.parametrize("query", ["maxResolution=999p", "resolution=hd", "minResolution=", "renditionOrder=up"])
def test_bad_playback_parameter_is_fastpix_422(sandbox, query):
    _media, pid = seed_media(sandbox, asset="multires")
    response = get(f"{sandbox.stream_base}/{pid}.m3u8?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["success"] is False and body["error"]["fields"][0]["field"] == query.split("=")[0]


def test_alternate_audio_and_subtitles_in_master(sandbox):
    _media, pid = seed_media(sandbox, asset="multilang")
    text = get(f"{sandbox.stream_base}/{pid}.m3u8").text
    audio = re.findall(r"#EXT-X-MEDIA:TYPE=AUDIO,[^\n]*", text)
    assert len(audio) == 2
    assert 'LANGUAGE="en"' in audio[0] and "DEFAULT=YES" in audio[0] and "AUTOSELECT=YES" in audio[0]
    assert 'LANGUAGE="es"' in audio[1] and 'NAME="Español"' in audio[1] and "DEFAULT=NO" in audio[1]
    subs = re.findall(r"#EXT-X-MEDIA:TYPE=SUBTITLES,[^\n]*", text)
    assert len(subs) == 1 and 'LANGUAGE="en"' in subs[0]
    assert 'AUDIO="audio"' in text and 'SUBTITLES="subs"' in text
    sub_uri = re.search(r'URI="([^"]+)"', subs[0]).group(1)
    playlist = get(f"{sandbox.stream_base}/{sub_uri}")
    assert playlist.headers["content-type"] == "application/vnd.apple.mpegurl"
    first_vtt = next(line for line in playlist.text.splitlines() if line.endswith(".vtt"))
    cue = get(f"{sandbox.stream_base}/{sub_uri.rsplit('/', 1)[0]}/{first_vtt}")
    assert cue.status_code == 200 and cue.headers["content-type"].startswith("text/vtt")
    assert cue.text.startswith("WEBVTT")


def test_segments_are_mpeg_ts(sandbox):
    _media, pid = seed_media(sandbox, asset="bars")
    master = get(f"{sandbox.stream_base}/{pid}.m3u8").text
    child = next(line for line in master.splitlines() if line and not line.startswith("#"))
    playlist = get(f"{sandbox.stream_base}/{child}").text
    segment = next(line for line in playlist.splitlines() if line.endswith(".ts"))
    response = get(f"{sandbox.stream_base}/{child.rsplit('/', 1)[0]}/{segment}")
    assert response.status_code == 200 and response.headers["content-type"] == "video/mp2t"
    assert response.content[0] == 0x47  # MPEG-TS sync byte
    assert "#EXT-X-ENDLIST" in playlist


def test_a_clip_serves_only_its_part_of_the_recording(sandbox):
    clip = next(m for m in sandbox.workspace.page_media(50, 1).items
                if m.span == (0.0, 4.0) and m.status == "Ready")
    pid = clip.playback_ids[0].id
    master = get(f"{sandbox.stream_base}/{pid}.m3u8").text
    child = next(line for line in master.splitlines() if line and not line.startswith("#"))
    playlist = get(f"{sandbox.stream_base}/{child}").text
    durations = [float(d) for d in re.findall(r"#EXTINF:([\d.]+)", playlist)]
    assert sum(durations) == pytest.approx(4.0, abs=0.5)


def test_not_ready_unknown_and_drm_answers_are_fastpix_json(sandbox):
    _media, processing = seed_media(sandbox, status="Processing")
    response = get(f"{sandbox.stream_base}/{processing}.m3u8")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    assert "ready" in response.json()["error"]["message"]
    _media, failed = seed_media(sandbox, status="Failed")
    assert get(f"{sandbox.stream_base}/{failed}.m3u8").status_code == 400
    unknown = "0b7f3f9c-1111-4e5e-9a9a-123456789abc"
    for url in (f"{sandbox.stream_base}/{unknown}.m3u8", f"{sandbox.stream_base}/{unknown}/720p/index.m3u8",
                f"{sandbox.image_base}/{unknown}/thumbnail.jpg"):
        missing = get(url)
        assert missing.status_code == 404 and missing.json()["success"] is False
    _media, drm = seed_media(sandbox, policy="drm")
    assert get(f"{sandbox.stream_base}/{drm}.m3u8").status_code == 403


def test_processing_media_turns_ready_after_the_configured_delay(sandbox):
    media, pid = seed_media(sandbox, status="Processing")
    control = httpx.post(f"{sandbox.control_base}/config", json={"processing_delay": 0}, timeout=10)
    assert control.status_code == 200
    api = httpx.get(f"{sandbox.api_base}/on-demand/{media.id}", auth=(sandbox.token_id, sandbox.secret_key))
    assert api.json()["data"]["status"] == "Ready" and api.json()["data"]["duration"] > 0
    assert get(f"{sandbox.stream_base}/{pid}.m3u8").status_code == 200
    httpx.post(f"{sandbox.control_base}/reset", timeout=10)
    assert get(f"{sandbox.stream_base}/{pid}.m3u8").status_code == 400


def test_restrictions_refuse_denied_agents_and_domains(sandbox):
    restricted = next(m for m in sandbox.workspace.page_media(50, 1).items
                      if m.playback_ids[0].restrictions["domains"]["defaultPolicy"] == "deny")
    url = f"{sandbox.stream_base}/{restricted.playback_ids[0].id}.m3u8"
    assert get(url).status_code == 200  # a native player sends no Referer
    assert get(url, headers={"User-Agent": "BadBot/2.0"}).status_code == 403
    assert get(url, headers={"Referer": "https://elsewhere.net/page"}).status_code == 403
    assert get(url, headers={"Referer": "https://example.com/watch"}).status_code == 200
    assert get(url, headers={"Origin": "https://cdn.example.org"}).status_code == 200


def test_mp4_download_honours_range(sandbox):
    _media, pid = seed_media(sandbox, asset="multires", mp4="capped_4k")
    local = load_asset("multires").file("capped-4k.mp4").read_bytes()
    url = f"{sandbox.stream_base}/{pid}/capped-4k.mp4"
    whole = get(url)
    assert whole.status_code == 200 and whole.content == local
    assert whole.headers["content-type"] == "video/mp4" and whole.headers["accept-ranges"] == "bytes"
    part = get(url, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(local)}"
    assert part.content == local[1000:2000]
    tail = get(url, headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.content == local[-100:]
    beyond = get(url, headers={"Range": f"bytes={len(local) + 10}-"})
    assert beyond.status_code == 416


def test_audio_download_and_disabled_renditions(sandbox):
    _media, pid = seed_media(sandbox, asset="multires", mp4="audioOnly")
    audio = get(f"{sandbox.stream_base}/{pid}/audio.m4a", headers={"Range": "bytes=0-11"})
    assert audio.status_code == 206 and audio.headers["content-type"] == "audio/mp4"
    assert audio.content[4:8] == b"ftyp"
    _media, plain = seed_media(sandbox, asset="mandelbrot")  # no mp4Support
    refused = get(f"{sandbox.stream_base}/{plain}/capped-4k.mp4")
    assert refused.status_code == 404 and refused.json()["success"] is False


def test_paths_cannot_escape_the_asset(sandbox):
    _media, pid = seed_media(sandbox, asset="bars")
    for path in ("../multires/asset.json", "..%2F..%2Fpyproject.toml", "asset.json"):
        assert get(f"{sandbox.stream_base}/{pid}/{path}").status_code == 404
