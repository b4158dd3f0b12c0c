"""Compact records (issue 15): a record's raw JSON is not copied when it holds no secret."""

from __future__ import annotations

import copy

from hypothesis import example, given
from hypothesis import strategies as st

from fastpix_viewer.api.compact_json import pack
from fastpix_viewer.api.envelope import _too_deep
from fastpix_viewer.api.models import MASK, mask_secrets, pack_masked, parse_media, parse_stream

MEDIA = {
    "id": "0c5a5b6e-5d4b-4b55-9a2c-5b1b7c4f8e01", "status": "Ready", "title": "Talk",
    "playbackIds": [{"id": "9d1f0c0de0a94a4e9f3c0c1b2a3d4e5f", "accessPolicy": "public"}],
    "tracks": [{"id": "t1", "type": "video", "status": "available", "width": 1920, "height": 1080},
               {"id": "t2", "type": "audio", "status": "available", "languageCode": "en"}],
    "metadata": {"team": "a"},
}


def test_a_record_keeps_its_json_once_as_compact_bytes_and_gives_it_back_whole():
    media = parse_media(copy.deepcopy(MEDIA))
    assert media.raw == MEDIA  # what the details and `--json` show: every field as sent
    assert isinstance(media.raw_json, bytes) and len(media.raw_json) < len(repr(MEDIA))
    # Its tracks and playback IDs read their part of the same bytes: one copy, not three.
    assert media.tracks[1].raw_json is media.raw_json and media.tracks[1].raw == MEDIA["tracks"][1]
    assert media.playback_ids[0].raw_json is media.raw_json
    assert media.playback_ids[0].raw == MEDIA["playbackIds"][0]


def test_thousands_of_records_share_their_status_and_track_words():
    first, second = parse_media(copy.deepcopy(MEDIA)), parse_media(copy.deepcopy(MEDIA))
    assert first.status is second.status and first.tracks[0].type is second.tracks[0].type
    assert first.playback_ids[0].access_policy is second.playback_ids[0].access_policy


def test_a_long_status_is_kept_whole():
    odd = dict(copy.deepcopy(MEDIA), status="Waiting for the encoder to confirm the upload finished")
    assert parse_media(odd).status == odd["status"]


def test_secrets_are_still_masked_and_the_sent_json_is_left_alone():
    sent = {"streamId": "5f2b8d0b6c1e4f7a9b3c2d1e0f4a5b6c", "status": "idle", "streamKey": "sk-live-1",
            "srtPlaybackSecret": "", "simulcastResponses": [{"simulcastId": "s1", "streamKey": "sk-target"}],
            "metadata": {"name": "Main"}}
    original = copy.deepcopy(sent)
    stream = parse_stream(sent)
    assert stream.raw["streamKey"] == MASK
    assert stream.raw["simulcastResponses"][0]["streamKey"] == MASK
    assert stream.simulcasts[0].raw["streamKey"] == MASK
    assert stream.raw["srtPlaybackSecret"] == ""  # nothing to hide
    assert stream.raw["metadata"] == sent["metadata"]
    assert sent == original  # masking never writes into what was parsed


def test_mask_secrets_copies_only_the_path_to_a_secret():
    value = {"a": {"b": [1, 2]}, "c": [{"secretKey": "x"}, {"d": 1}]}
    masked = mask_secrets(value)
    assert masked is not value and masked["c"] is not value["c"]
    assert masked["a"] is value["a"] and masked["c"][1] is value["c"][1]
    assert masked["c"][0] == {"secretKey": MASK} and value["c"][0] == {"secretKey": "x"}
    plain = {"x": [1, {"y": 2}]}
    assert mask_secrets(plain) is plain


# Any JSON, with secret-bearing keys (and their names inside plain text) thrown in.
_keys = st.sampled_from(["streamKey", "srtSecret", "secretKey", "title", "id", 'x"streamKey":'])
_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.sampled_from(
    ["", "sk-live", '"streamKey":"x"', "streamKey"])
_json = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
                     max_leaves=30)


@given(_json)
@example({"a": [{"srtSecret": "x"}]})
@example({"title": 'say "secretKey": here', "secretKey": ""})
def test_the_fast_masked_packing_gives_exactly_the_walked_result(value):
    # pack_masked looks for secret keys in the packed bytes and walks only when it finds one;
    # a secret must never get through, and a record without one packs the same.
    assert pack_masked(value) == pack(mask_secrets(value))


@given(_json, st.integers(min_value=1, max_value=6))
def test_the_depth_limit_is_exact(value, limit):
    def depth(v):
        if isinstance(v, dict | list):
            children = v.values() if isinstance(v, dict) else v
            return 1 + max((depth(c) for c in children), default=0)
        return 0
    assert _too_deep(value, limit) == (depth(value) > limit)
