"""Property tests (hypothesis; the root conftest's CI profile: no deadline, derandomised, bounded).

1. Arbitrary JSON (and arbitrary bytes) given to every parser raises nothing but ProtocolError.
2. Media and stream objects with random drift (keys dropped, both duration and mp4Support forms,
   random-case statuses, extra keys) parse to the values they were made from.
"""

from __future__ import annotations

import json
import uuid

from hypothesis import given
from hypothesis import strategies as st

from fastpix_viewer.api.envelope import build_page, data_of, decode_json, unwrap
from fastpix_viewer.api.errors import FastPixError, ProtocolError
from fastpix_viewer.api.models import (
    MediaState,
    StreamState,
    Unreadable,
    parse_media,
    parse_playback_id,
    parse_stream,
    read_one,
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=30,
)
FIELD_NAMES = ["id", "streamId", "status", "title", "duration", "mp4Support", "playbackIds", "tracks", "metadata",
               "mediaIds", "sourceMediaId", "accessPolicy", "isAudioOnly", "simulcastResponses", "pagination"]
# Objects that use the real key names, so the parsers get past their first checks.
near_miss = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=10)
envelopes = st.fixed_dictionaries(
    {"success": st.booleans() | json_values, "data": json_values | near_miss | st.lists(near_miss, max_size=4)},
    optional={"pagination": json_values | st.dictionaries(st.sampled_from(["totalRecords", "offsetCount", "currentOffset"]), json_values)},
)


def read_everything(body: bytes) -> None:
    """Every way the client reads an answer, including the properties the UI touches."""
    for parser, what in ((parse_media, "media"), (parse_stream, "live stream"), (parse_playback_id, "playback ID")):
        try:
            page = build_page(unwrap(200, body), 1, parser, what)
            for item in page.items:
                if not isinstance(item, Unreadable):
                    repr(item)
                    for name in ("display_title", "status_is_known", "still_processing", "name", "latest_recording_id"):
                        getattr(item, name, None)
            assert page.page_count >= 0
        except ProtocolError:
            pass
        try:
            repr(read_one(parser, data_of(unwrap(200, body), what), what))
        except ProtocolError:
            pass


@given(st.one_of(json_values, envelopes, near_miss))
def test_arbitrary_json_raises_only_protocol_errors(value):
    read_everything(json.dumps(value).encode())


@given(st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_protocol_errors(body):
    read_everything(body)
    try:
        decode_json(body)
    except ProtocolError:
        pass


@given(st.integers(min_value=400, max_value=599), json_values)
def test_error_statuses_always_give_a_typed_one_line_error(status, value):
    try:
        unwrap(status, json.dumps(value).encode())
    except FastPixError as problem:
        assert problem.user_message and "\n" not in problem.user_message
    else:
        raise AssertionError("an error status must raise")


# --- drift ------------------------------------------------------------------------------------

STATUSES = {"Ready": MediaState.READY, "Failed": MediaState.FAILED, "Processing": MediaState.PROCESSING,
            "In Queue": MediaState.PROCESSING, "waiting": MediaState.PROCESSING, "Created": MediaState.PROCESSING,
            "Brand-New-State": MediaState.PROCESSING}
uuids = st.builds(lambda: str(uuid.uuid4())) | st.uuids().map(str)


def random_case(text: str, flips: list[bool]) -> str:
    return "".join(ch.upper() if flip else ch.lower() for ch, flip in zip(text, flips + [False] * len(text), strict=False))


def clock_form(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


@st.composite
def drifted_media(draw):
    truth = {
        "id": draw(uuids),
        "title": draw(st.none() | st.text(min_size=1, max_size=30)),
        "status": draw(st.sampled_from(sorted(STATUSES))),
        "seconds": draw(st.integers(min_value=0, max_value=30 * 3600)),
        "renditions": draw(st.lists(st.sampled_from(["capped_4k", "audioOnly"]), unique=True)),
        "playback": draw(st.lists(st.tuples(uuids, st.sampled_from(["public", "private", "drm"])), max_size=3)),
        "stream_id": draw(st.none() | st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)),
        "clip_of": draw(st.none() | uuids),
    }
    raw = {"id": truth["id"], "status": random_case(truth["status"], draw(st.lists(st.booleans(), max_size=20)))}
    if truth["title"] is not None:
        raw["title"] = truth["title"]
    if draw(st.booleans()):
        raw["duration"] = clock_form(truth["seconds"])
    else:
        raw["duration"] = float(truth["seconds"]) if draw(st.booleans()) else truth["seconds"]
    if truth["renditions"] or draw(st.booleans()):
        if draw(st.booleans()):
            raw["mp4Support"] = ",".join(truth["renditions"]) or "none"
        else:
            raw["mp4Support"] = [
                {"type": kind, "status": random_case("ready", draw(st.lists(st.booleans(), max_size=5))),
                 "ext": "m4a" if kind == "audioOnly" else "mp4"}
                for kind in truth["renditions"]
            ]
    if truth["playback"] or draw(st.booleans()):
        raw["playbackIds"] = [{"id": pid, "accessPolicy": random_case(policy, draw(st.lists(st.booleans(), max_size=8)))}
                              for pid, policy in truth["playback"]]
    if truth["stream_id"] is not None:
        raw["streamId"] = truth["stream_id"]
    if truth["clip_of"] is not None:
        raw["sourceMediaId"] = truth["clip_of"]
    # extra keys the client does not know, with any value
    raw.update(draw(st.dictionaries(st.text(min_size=1, max_size=10).map(lambda k: "x-" + k), json_values, max_size=3)))
    return truth, raw


@given(drifted_media())
def test_drifted_media_parse_to_the_right_values(case):
    truth, raw = case
    media = parse_media(json.loads(json.dumps(raw)))
    assert media.id == truth["id"]
    assert media.title == truth["title"]
    assert media.state is STATUSES[truth["status"]]
    assert media.still_processing == (STATUSES[truth["status"]] is MediaState.PROCESSING)
    assert media.duration == float(truth["seconds"])
    assert [r.type for r in media.mp4_renditions] == truth["renditions"]
    assert all(r.maybe_ready for r in media.mp4_renditions)
    assert [(p.id, p.access_policy) for p in media.playback_ids] == truth["playback"]
    assert media.stream_id == truth["stream_id"]  # a hint only: recordings come from mediaIds
    assert media.is_clip == (truth["clip_of"] is not None)


@st.composite
def drifted_stream(draw):
    stream_id = draw(st.text(alphabet="0123456789abcdef", min_size=32, max_size=32))
    status = draw(st.sampled_from(["idle", "preparing", "active", "disabled", "ended-someday"]))
    recordings = draw(st.lists(uuids, max_size=5))
    raw = {"streamId": stream_id, "status": random_case(status, draw(st.lists(st.booleans(), max_size=12)))}
    if recordings or draw(st.booleans()):
        raw["mediaIds"] = recordings
    name = draw(st.none() | st.text(min_size=1, max_size=20))
    if name is not None:
        raw["metadata"] = {"livestream_name": name}
    if draw(st.booleans()):
        raw["enableDvrMode"] = True
    raw.update(draw(st.dictionaries(st.text(min_size=1, max_size=10).map(lambda k: "x-" + k), json_values, max_size=3)))
    return (stream_id, status, recordings, name, raw.get("enableDvrMode", False)), raw


@given(drifted_stream())
def test_drifted_streams_parse_to_the_right_values(case):
    (stream_id, status, recordings, name, dvr), raw = case
    stream = parse_stream(raw)
    assert stream.stream_id == stream_id
    expected = StreamState(status) if status in {s.value for s in StreamState} else StreamState.UNKNOWN
    assert stream.state is expected
    assert stream.status.lower() == status  # the raw text is kept for display
    assert list(stream.media_ids) == recordings
    assert stream.latest_recording_id == (recordings[-1] if recordings else None)
    assert stream.name == (name or "")
    assert stream.enable_dvr_mode is dvr
