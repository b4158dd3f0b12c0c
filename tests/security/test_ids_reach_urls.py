"""IDs are validated before they reach a URL: nothing but a UUID (media, playback) or 32 hex
characters (live stream) passes `ids.*`, and no URL-building function or client call puts
path traversal, `?`, `#` or an encoded slash into a request. Hypothesis drives arbitrary text
and near-miss IDs (a valid ID with one hostile piece spliced in)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace, ids, playback
from fastpix_viewer.api.errors import FastPixError, InvalidIdError
from fastpix_viewer.api.references import parse_reference

# Written independently of ids.py, so a loosened pattern there is caught here.
HEX = "0123456789abcdefABCDEF"
UUID_SHAPE = re.compile(r"\A[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z")
STREAM_SHAPE = re.compile(r"\A[0-9a-fA-F]{32}\Z")
HOSTILE_PIECES = ["/", "../", "..", "?", "#", "%2F", "%2f", "%00", "\x00", "\n", " ", "\\", "&", ";",
                  "@", ":", "\u202e", "\uff0f", "%252F", "?token=x", "#frag", "/../../v1/on-demand"]

uuids = st.uuids().map(str)
stream_ids = st.text(alphabet=HEX, min_size=32, max_size=32)


@st.composite
def near_miss(draw: st.DrawFn, valid: st.SearchStrategy[str]) -> str:
    """A valid ID with a hostile piece inserted, appended or substituted somewhere."""
    text = draw(valid)
    piece = draw(st.sampled_from(HOSTILE_PIECES) | st.text(min_size=1, max_size=3))
    at = draw(st.integers(0, len(text)))
    how = draw(st.sampled_from(["insert", "replace"]))
    if how == "insert":
        return text[:at] + piece + text[at:]
    return text[:at] + piece + text[at + len(piece):]


anything = st.text(max_size=80) | near_miss(uuids) | near_miss(stream_ids)


@given(anything)
def test_only_uuids_pass_as_media_and_playback_ids(text: str) -> None:
    if UUID_SHAPE.match(text):
        assert ids.media_id(text) == text and ids.playback_id(text) == text
        return
    for check in (ids.media_id, ids.playback_id):
        with pytest.raises(InvalidIdError) as caught:
            check(text)
        # The message shows the text only as printable, bounded characters.
        message = caught.value.user_message
        assert all(ch.isprintable() for ch in message) and len(message) < 200


@given(anything)
def test_only_32_hex_pass_as_stream_ids(text: str) -> None:
    if STREAM_SHAPE.match(text):
        assert ids.stream_id(text) == text
        return
    with pytest.raises(InvalidIdError):
        ids.stream_id(text)


@given(anything)
def test_opaque_ids_never_carry_url_syntax(text: str) -> None:
    try:
        ids.opaque_id(text)
    except InvalidIdError:
        return
    assert re.fullmatch(r"[0-9A-Za-z_-]{1,128}", text)


ENDPOINTS = Endpoints("https://api.example.test/v1", "https://stream.example.test", "https://images.example.test")
URL_BUILDERS = {
    "hls": lambda pid: playback.hls_url(ENDPOINTS, pid),
    "thumbnail": lambda pid: playback.thumbnail_url(ENDPOINTS, pid),
    "gif": lambda pid: playback.gif_url(ENDPOINTS, pid),
    "mp4": lambda pid: playback.mp4_url(ENDPOINTS, pid),
    "m4a": lambda pid: playback.m4a_url(ENDPOINTS, pid),
    "share": lambda pid: playback.share_url(pid),
}


def _assert_clean_url(url: str, expected_id: str) -> None:
    parts = urlsplit(url)
    assert ".." not in parts.path and "%" not in parts.path and "\\" not in parts.path
    assert not parts.fragment
    assert expected_id in url


@pytest.mark.parametrize("builder", sorted(URL_BUILDERS))
@given(text=anything)
def test_playback_url_builders_refuse_anything_but_a_uuid(builder: str, text: str) -> None:
    build = URL_BUILDERS[builder]
    if UUID_SHAPE.match(text):
        _assert_clean_url(build(text), text)
        return
    with pytest.raises(InvalidIdError):
        build(text)


class RecordingTransport(httpx.BaseTransport):
    """Stands in for the FastPix cloud: records every request, answers FastPix's 404."""

    def __init__(self) -> None:
        self.urls: list[httpx.URL] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(request.url)
        return httpx.Response(404, json={"success": False, "error": {"code": 404, "message": "Not found",
                                                                       "description": "no such thing"}})


@pytest.fixture(scope="module")
def recording_client():
    transport = RecordingTransport()
    workspace = Workspace(token_id="tok-id-for-ids-test", secret_key="not-a-real-secret-123",
                          endpoints=ENDPOINTS)
    client = FastPixClient(workspace, transport=transport)
    yield client, transport
    client.close()


CLIENT_CALLS = {
    "get_media": lambda c, t: c.get_media(t),
    "media_playback_ids": lambda c, t: c.media_playback_ids(t),
    "get_media_playback_id": lambda c, t: c.get_media_playback_id(t, t),
    "update_media": lambda c, t: c.update_media(t, title="x"),
    "delete_media": lambda c, t: c.delete_media(t),
    "get_stream": lambda c, t: c.get_stream(t),
    "viewer_count": lambda c, t: c.viewer_count(t),
    "stream_key": lambda c, t: c.stream_key(t),
    "get_stream_playback_id": lambda c, t: c.get_stream_playback_id(t, t),
    "live_clips_page": lambda c, t: c.live_clips_page(t),
}


@pytest.mark.parametrize("call", sorted(CLIENT_CALLS))
@given(text=anything)
def test_client_calls_send_nothing_for_an_invalid_id(recording_client, call: str, text: str) -> None:
    client, transport = recording_client
    before = len(transport.urls)
    try:
        CLIENT_CALLS[call](client, text)
    except InvalidIdError:
        assert len(transport.urls) == before, "a request left before the ID was checked"
        return
    except FastPixError:
        pass  # the (valid) ID reached the fake cloud, which said 404
    valid = STREAM_SHAPE if "stream" in call or "live" in call or call == "viewer_count" else UUID_SHAPE
    if call == "get_stream_playback_id":
        valid = re.compile(r"(?!)")  # the same text can never be both a stream ID and a UUID
    assert valid.match(text), f"{call} sent a request for {text!r}"
    # Whatever was sent has a clean path: no traversal, no query or fragment smuggled in.
    for url in transport.urls[before:]:
        assert ".." not in url.path and "%" not in url.raw_path.decode() and not url.fragment
        assert url.host == "api.example.test"


@given(st.text(max_size=200) | near_miss(uuids).map(lambda t: f"https://stream.example.test/{t}.m3u8"))
def test_references_only_yield_validated_ids(text: str) -> None:
    try:
        ref = parse_reference(text)
    except FastPixError:
        return
    assert UUID_SHAPE.match(ref.id) or STREAM_SHAPE.match(ref.id), ref
