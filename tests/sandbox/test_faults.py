"""Fault injection: each kind is served as configured, deterministically, and counted."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from media_picks import seed_media


def set_faults(server, spec: str, seed: int = 0) -> None:
    response = httpx.post(f"{server.control_base}/faults", json={"spec": spec, "seed": seed}, timeout=10)
    assert response.status_code == 200, response.text


def counters(server) -> dict:
    return httpx.get(f"{server.control_base}/counters", timeout=10).json()


def api_get(server, path: str = "/on-demand", **kw) -> httpx.Response:
    return httpx.get(f"{server.api_base}{path}", auth=(server.token_id, server.secret_key), timeout=10, **kw)


def test_fixed_latency(sandbox):
    set_faults(sandbox, "api:latency=400ms")
    started = time.monotonic()
    assert api_get(sandbox).status_code == 200
    assert time.monotonic() - started >= 0.4
    assert counters(sandbox)["faults"] == {"latency": 1}


def test_latency_range(sandbox):
    set_faults(sandbox, "api:latency=100-300ms", 3)
    for _ in range(3):
        started = time.monotonic()
        assert api_get(sandbox).status_code == 200
        assert time.monotonic() - started >= 0.1
    assert counters(sandbox)["faults"] == {"latency": 3}


@pytest.mark.parametrize("code", [500, 502, 503, 524])
def test_status_answers(sandbox, code):
    set_faults(sandbox, f"api/on-demand*:status={code}")
    response = api_get(sandbox)
    assert response.status_code == code
    assert response.json()["success"] is False and response.json()["error"]["code"] == code
    assert api_get(sandbox, "/live/streams").status_code == 200  # other paths unaffected
    assert counters(sandbox)["faults"] == {f"status:{code}": 1}
    assert counters(sandbox)["requests"]["api"] == 2


def test_rate_is_deterministic_from_the_seed(sandbox):
    def outcomes(seed: int) -> list[int]:
        set_faults(sandbox, "api:status=503@0.5", seed)
        with httpx.Client(auth=(sandbox.token_id, sandbox.secret_key), timeout=10) as client:
            return [client.get(f"{sandbox.api_base}/live/streams").status_code for _ in range(24)]
    first = outcomes(11)
    assert first == outcomes(11)
    assert first != outcomes(12)
    assert 4 <= first.count(503) <= 20 and set(first) == {200, 503}


def test_rate_limit_with_retry_after(sandbox):
    set_faults(sandbox, "api:ratelimit=7")
    response = api_get(sandbox)
    assert response.status_code == 429 and response.headers["retry-after"] == "7"
    assert response.json()["error"]["code"] == 429
    assert counters(sandbox)["faults"] == {"ratelimit": 1}


def test_truncated_json(sandbox):
    whole = api_get(sandbox, params={"limit": 5}).content
    set_faults(sandbox, "api:truncate")
    response = api_get(sandbox, params={"limit": 5})
    assert response.status_code == 200 and len(response.content) == len(whole) // 2
    assert whole.startswith(response.content)
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert counters(sandbox)["faults"] == {"truncate": 1}


def test_invalid_json(sandbox):
    set_faults(sandbox, "api:badjson")
    response = api_get(sandbox)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert counters(sandbox)["faults"] == {"badjson": 1}


@pytest.mark.parametrize("code", [200, 502])
def test_html_error_pages(sandbox, code):
    set_faults(sandbox, f"api:html={code}")
    response = api_get(sandbox)
    assert response.status_code == code and response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")
    assert counters(sandbox)["faults"] == {f"html:{code}": 1}


def test_dropped_connection(sandbox):
    set_faults(sandbox, "api:drop")
    with pytest.raises(httpx.TransportError):
        api_get(sandbox)
    assert counters(sandbox)["faults"] == {"drop": 1}
    httpx.delete(f"{sandbox.control_base}/faults")
    assert api_get(sandbox).status_code == 200  # the server itself is fine


def test_dropped_connection_without_the_loops_private_transport_map(sandbox, monkeypatch):
    import fastpix_viewer.sandbox.faults as faults

    # Only the server's own connection registry is left to find the client's transport:
    # if it were not used, the fallback would answer a 200 header with a cut body instead.
    monkeypatch.setattr(faults, "_selector_loop_transports", lambda: [])
    set_faults(sandbox, "api:drop")
    with pytest.raises(httpx.RemoteProtocolError) as dropped:
        api_get(sandbox)
    assert "without sending a response" in str(dropped.value)  # not a single byte, not a cut body
    assert counters(sandbox)["faults"] == {"drop": 1}


def test_image_host_status_fault_leaves_the_api_alone(sandbox):
    _media, pid = seed_media(sandbox, status="Ready", asset="bars")
    set_faults(sandbox, "image/*/thumbnail.*:status=503")
    thumb = httpx.get(f"{sandbox.image_base}/{pid}/thumbnail.jpg", timeout=10)
    assert thumb.status_code == 503 and thumb.json()["error"]["code"] == 503
    assert thumb.headers["content-type"].startswith("application/json")
    assert api_get(sandbox).status_code == 200  # only the image host is faulty
    gif = httpx.get(f"{sandbox.image_base}/{pid}/clip.gif", timeout=10)
    assert gif.status_code == 200 and gif.content[:6] == b"GIF89a"  # the glob spares clip.gif
    assert counters(sandbox) == {"requests": {"image": 2, "api": 1}, "faults": {"status:503": 1}}


def test_slow_drip_body(sandbox):
    whole = api_get(sandbox, params={"limit": 1}).content
    set_faults(sandbox, "api:drip=256/20ms")
    chunks = []
    with httpx.stream("GET", f"{sandbox.api_base}/on-demand", params={"limit": 1},
                      auth=(sandbox.token_id, sandbox.secret_key), timeout=10) as response:
        for chunk in response.iter_raw():
            chunks.append(chunk)
    assert b"".join(chunks) == whole
    assert len(chunks) >= len(whole) // 256
    assert counters(sandbox)["faults"] == {"drip": 1}


def test_segment_404s_mid_stream(sandbox):
    _media, pid = seed_media(sandbox, asset="bars")
    set_faults(sandbox, "stream/*.ts:segment404@0.5", seed=5)
    master = httpx.get(f"{sandbox.stream_base}/{pid}.m3u8").text  # playlists are untouched
    child = next(line for line in master.splitlines() if line and not line.startswith("#"))
    playlist = httpx.get(f"{sandbox.stream_base}/{child}")
    assert playlist.status_code == 200
    base = child.rsplit("/", 1)[0]
    statuses = [httpx.get(f"{sandbox.stream_base}/{base}/{seg}").status_code
                for seg in playlist.text.splitlines() if seg.endswith(".ts")]
    statuses += [httpx.get(f"{sandbox.stream_base}/{base}/seg000.ts").status_code for _ in range(6)]
    assert set(statuses) == {200, 404}
    assert counters(sandbox)["faults"] == {"segment404": statuses.count(404)}


@pytest.mark.parametrize(("kind", "code"), [("unauthorized", 401), ("notfound", 404)])
def test_stream_host_json_errors(sandbox, kind, code):
    _media, pid = seed_media(sandbox, asset="bars")
    set_faults(sandbox, f"stream:{kind}")
    response = httpx.get(f"{sandbox.stream_base}/{pid}.m3u8")
    assert response.status_code == code
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    assert response.json()["error"]["code"] == code
    assert httpx.get(f"{sandbox.image_base}/{pid}/thumbnail.jpg").status_code == 200  # image host unaffected
    assert counters(sandbox)["faults"] == {kind: 1}


def test_bad_specs_are_refused_and_reset_clears(sandbox):
    for spec in ("api:bogus", "web:drop", "api:status=418", "api:latency=fast", "api:drop@2", "api"):
        response = httpx.post(f"{sandbox.control_base}/faults", json={"spec": spec})
        assert response.status_code == 400 and response.json()["ok"] is False, spec
    set_faults(sandbox, "api:status=500")
    assert api_get(sandbox).status_code == 500
    httpx.post(f"{sandbox.control_base}/reset")
    assert api_get(sandbox).status_code == 200
    assert counters(sandbox) == {"requests": {"api": 1}, "faults": {}}


@pytest.mark.parametrize(("code", "key"), [(400, "description"), (422, "fields")])
def test_refuse_answers_fastpixs_refusal_bodies_on_the_matching_path_only(sandbox, code, key):
    set_faults(sandbox, f"api/on-demand:refuse={code}")
    refused = api_get(sandbox, "/on-demand")
    assert refused.status_code == code and refused.json()["success"] is False
    assert refused.json()["error"]["code"] == code and key in refused.json()["error"]
    assert api_get(sandbox, "/live/streams").status_code == 200
    assert counters(sandbox)["faults"] == {f"refuse:{code}": 1}
    bad = httpx.post(f"{sandbox.control_base}/faults", json={"spec": "api:refuse=401"})
    assert bad.status_code == 400
