"""What users paste: parsing (offline) and resolution against the sandbox."""

from __future__ import annotations

import json

import pytest
from sandbox_picks import pick_media, pick_stream, public_ready

from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.errors import Cancelled, InvalidReferenceError, NotFoundError
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.api.references import RefKind, parse_reference, resolve_reference

SID = "04f2ff997551bfeb99db3e099e8e85c8"
UID = "66b74bdb-c868-4fc8-bc16-ad8e2dfcbc36"


@pytest.mark.parametrize(
    ("text", "kind", "ident"),
    [
        (SID, RefKind.STREAM, SID),
        (f"  {SID.upper()}\n", RefKind.STREAM, SID),
        (UID, RefKind.UUID, UID),
        (f"https://stream.fastpix.com/{UID}.m3u8?token=abc", RefKind.PLAYBACK, UID),
        (f"https://stream.fastpix.com/{UID}/capped-4k.mp4", RefKind.PLAYBACK, UID),
        (f"https://images.fastpix.com/{UID}/thumbnail.jpg?time=3", RefKind.PLAYBACK, UID),
        (f"https://play.fastpix.com/?playbackId={UID}", RefKind.PLAYBACK, UID),
        (f"http://127.0.0.1:9/stream/{UID}.m3u8", RefKind.PLAYBACK, UID),
        (f"https://dashboard.fastpix.com/live/{SID}", RefKind.STREAM, SID),
        (json.dumps({"type": "video.media.live_stream.created", "data": {"id": UID, "streamId": SID}}), RefKind.MEDIA, UID),
        (json.dumps({"type": "video.live_stream.active", "object": {"type": "live", "id": SID}, "data": {"status": "active"}}),
         RefKind.STREAM, SID),
        (json.dumps({"type": "video.live_stream.idle", "data": {"streamId": SID}}), RefKind.STREAM, SID),
        (json.dumps({"type": "video.media.ready", "data": {"id": UID}}), RefKind.MEDIA, UID),
    ],
)
def test_parse_reference(text, kind, ident):
    reference = parse_reference(text)
    assert (reference.kind, reference.id) == (kind, ident)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hello", "1234", "{not json", "[1, 2]", json.dumps({"type": "video.other.thing", "data": {"id": UID}}),
     json.dumps({"data": {"id": UID}}), json.dumps({"type": "video.media.ready", "data": {"id": "../x"}}),
     "https://example.com/nothing/here", "[" * 100000],
)
def test_unusable_references_explain_themselves(text):
    with pytest.raises(InvalidReferenceError) as caught:
        parse_reference(text)
    assert caught.value.user_message and "\n" not in caught.value.user_message


def test_resolve_stream_media_and_urls(client):
    stream = pick_stream(client, lambda s: bool(s.media_ids))
    assert resolve_reference(client, stream.stream_id).item.stream_id == stream.stream_id
    media = pick_media(client, public_ready)
    found = resolve_reference(client, media.id)
    assert isinstance(found.item, Media) and found.item.id == media.id and found.playback_id is None
    pid = media.playback_ids[0].id
    for text in (f"{client.endpoints.stream_base}/{pid}.m3u8", f"https://play.fastpix.com/?playbackId={pid}",
                 f"{client.endpoints.image_base}/{pid}/thumbnail.png"):
        via_url = resolve_reference(client, text)
        assert (via_url.item.id, via_url.playback_id) == (media.id, pid)


def test_resolve_webhook_payloads(client):
    recording = pick_media(client, lambda m: bool(m.stream_id) and not m.is_clip)
    payload = {"type": "video.media.live_stream.created", "id": "e1", "data": {"id": recording.id, "streamId": recording.stream_id}}
    assert resolve_reference(client, json.dumps(payload)).item.id == recording.id
    payload = {"type": "video.live_stream.disconnected", "object": {"type": "live", "id": recording.stream_id}, "data": {}}
    found = resolve_reference(client, json.dumps(payload))
    assert isinstance(found.item, LiveStream) and found.item.stream_id == recording.stream_id


def test_bare_playback_uuid_is_found_by_searching_with_progress(client):
    stream = pick_stream(client, lambda s: bool(s.playback_ids))
    pid = stream.playback_ids[-1].id
    messages: list[str] = []
    found = resolve_reference(client, pid, progress=messages.append)
    assert isinstance(found.item, LiveStream) and found.item.stream_id == stream.stream_id
    assert found.playback_id == pid
    assert messages[0] == "Looking it up as a media ID" and any("live streams" in m for m in messages)

    media = pick_media(client, lambda m: len(m.playback_ids) >= 2)
    found = resolve_reference(client, media.playback_ids[1].id, progress=messages.append)
    assert found.item.id == media.id and found.playback_id == media.playback_ids[1].id
    assert any("media: page" in m for m in messages)


def test_unknown_uuid_is_not_found(client):
    with pytest.raises(NotFoundError) as caught:
        resolve_reference(client, "00000000-0000-4000-8000-000000000000")
    assert caught.value.user_message == "Nothing in this workspace has the ID 00000000-0000-4000-8000-000000000000."


def test_search_can_be_cancelled(client):
    cancel = CancelToken()

    def progress(message: str) -> None:
        if "Searching" in message:
            cancel.cancel()

    with pytest.raises(Cancelled):
        resolve_reference(client, "00000000-0000-4000-8000-000000000000", progress=progress, cancel=cancel)
