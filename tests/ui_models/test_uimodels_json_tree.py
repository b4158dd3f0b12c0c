"""JsonTreeModel: every field shown, secrets masked until revealed, copy helpers."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from ui_models_fakes import rendered_tooltip

from fastpix_viewer.ui.details.json_tree import MASK, IsMaskedRole, JsonTreeModel, PathRole

OBSERVED = Path("/work/shared/fastpix-openapi/observed-responses")
# The recorded responses have their secrets redacted; put realistic values back.
STREAM = json.loads((OBSERVED / "get-live-stream-by-id.json").read_text())["data"]
STREAM["streamKey"] = "sk-live-123"
STREAM["srtSecret"] = "srt-456"
STREAM["srtPlaybackResponse"]["srtPlaybackSecret"] = "srtplay-789"
STREAM["simulcastResponses"][0]["streamKey"] = "sim-key-0"
MEDIA = json.loads((OBSERVED / "get-media.json").read_text())["data"]


def value_at(model: JsonTreeModel, *path) -> str:
    index = model.index_for_path(path, column=1)
    assert index.isValid(), path
    return index.data()


def all_rows(model, parent=None):
    parent = parent if parent is not None else QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from all_rows(model, index)


def test_modeltester_on_stream_media_and_changes(qtmodeltester):
    model = JsonTreeModel()
    qtmodeltester.check(model, force_py=True)
    model.set_document(copy.deepcopy(STREAM))
    model.set_reveal_all(True)
    model.set_document(copy.deepcopy(MEDIA), title="Media 720p")
    model.set_revealed(model.index_for_path(["id"]), True)
    model.set_document("just a string")
    model.set_document([1, [2, [3]], {"a": None}])
    # A final full walk (the tester re-checks after each signal, not whole trees).
    qtmodeltester.check(model, force_py=True)


def test_every_field_including_unknown_ones_with_json_formatting():
    doc = copy.deepcopy(MEDIA)
    doc["brandNewField"] = {"nested": [True, None, 2.5, -3]}
    model = JsonTreeModel()
    model.set_document(doc)
    fields = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert fields == list(doc.keys())
    assert value_at(model, "status") == "Ready"
    assert value_at(model, "isAudioOnly") == "false"
    assert value_at(model, "metadata") == "{}"
    assert value_at(model, "generatedSubtitles") == "[]"
    assert value_at(model, "tracks") == "[2 items]"
    assert value_at(model, "tracks", 1, "width") == "1280"
    assert value_at(model, "playbackIds", 0, "accessRestrictions", "domains", "defaultPolicy") == "allow"
    assert value_at(model, "brandNewField") == "{1 field}"
    assert [value_at(model, "brandNewField", "nested", i) for i in range(4)] == ["true", "null", "2.5", "-3"]
    tracks = model.index_for_path(["tracks"])
    assert [model.index(r, 0, tracks).data() for r in range(2)] == ["[0]", "[1]"]
    assert model.index_for_path(["tracks", 1, "width"]).data(PathRole) == ("tracks", 1, "width")
    assert not model.index_for_path(["nope"]).isValid()


def test_titled_document_hangs_under_one_row():
    model = JsonTreeModel()
    model.set_document(copy.deepcopy(MEDIA), title="<b>My recording</b>")
    assert model.rowCount() == 1
    top = model.index(0, 0)
    assert top.data() == "<b>My recording</b>"
    assert model.rowCount(top) == len(MEDIA)
    assert value_at(model, "title") == "720p_3min4sec_h264_"


SECRET_PATHS = [
    (("streamKey",), "sk-live-123"),
    (("srtSecret",), "srt-456"),
    (("srtPlaybackResponse", "srtPlaybackSecret"), "srtplay-789"),
    (("simulcastResponses", 0, "streamKey"), "sim-key-0"),
]


def test_secrets_masked_at_any_depth_then_revealed_one_by_one():
    model = JsonTreeModel()
    model.set_document(copy.deepcopy(STREAM))
    assert model.has_secrets()
    shown = [index.sibling(index.row(), 1).data() for index in all_rows(model)]
    for _, secret in SECRET_PATHS:
        assert secret not in " ".join(shown)
        # Nor in tooltips.
    for index in all_rows(model):
        tip = index.sibling(index.row(), 1).data(Qt.ItemDataRole.ToolTipRole) or ""
        assert not any(secret in tip for _, secret in SECRET_PATHS)
    for path, _secret in SECRET_PATHS:
        assert value_at(model, *path) == MASK
    assert value_at(model, "srtPlaybackResponse", "srtPlaybackStreamId").startswith("play04f2")
    # Reveal one: only that one shows.
    key = model.index_for_path(["simulcastResponses", 0, "streamKey"])
    model.set_revealed(key, True)
    assert value_at(model, "simulcastResponses", 0, "streamKey") == "sim-key-0"
    assert value_at(model, "streamKey") == MASK
    model.set_revealed(key, False)
    assert key.sibling(key.row(), 1).data(IsMaskedRole) is True
    model.set_reveal_all(True)
    for path, secret in SECRET_PATHS:
        assert value_at(model, *path) == secret
    model.set_reveal_all(False)
    assert value_at(model, "srtSecret") == MASK


@pytest.mark.parametrize("name", ["privateKey", "secretKey", "token", "TOKEN"])
def test_other_secret_names(name):
    model = JsonTreeModel()
    model.set_document({"signing": {name: "abc", "keyId": "k1"}})
    assert value_at(model, "signing", name) == MASK
    assert value_at(model, "signing", "keyId") == "k1"


def test_copy_texts_are_full_and_unmasked():
    model = JsonTreeModel()
    model.set_document(copy.deepcopy(STREAM))
    assert model.value_text(model.index_for_path(["streamKey"])) == "sk-live-123"
    assert model.value_text(model.index_for_path(["enableDvrMode"])) == "true"
    assert model.value_text(model.index_for_path(["maxDuration"])) == "0"
    playback = model.index_for_path(["playbackIds"])
    assert json.loads(model.json_text(playback)) == STREAM["playbackIds"]
    assert model.json_text(playback).startswith("[\n  {")
    assert model.json_text(model.index_for_path(["status"])) == '"idle"'


def test_hostile_and_huge_values_show_literally():
    big = "y" * 1_000_000
    doc = {
        "title": "<img src=x onerror=alert(1)>",
        "b": "<b>bold</b>",
        "rtl": "abc\u202edef",
        "big": big,
        "multi": "line1\nline2",
        "<i>key</i>": 1,
    }
    model = JsonTreeModel()
    model.set_document(doc)
    assert value_at(model, "title") == "<img src=x onerror=alert(1)>"
    assert value_at(model, "rtl") == "abc\u202edef"
    assert model.index_for_path(["<i>key</i>"]).data() == "<i>key</i>"
    tip = model.index_for_path(["b"], column=1).data(Qt.ItemDataRole.ToolTipRole)
    assert rendered_tooltip(tip) == "<b>bold</b>"
    shown = value_at(model, "big")
    assert len(shown) <= 500 and shown.endswith("…")
    assert model.value_text(model.index_for_path(["big"])) == big
    assert "\n" not in value_at(model, "multi")
    assert model.value_text(model.index_for_path(["multi"])) == "line1\nline2"


def test_two_hundred_levels_deep(qtmodeltester):
    doc: object = "bottom"
    for i in range(200):
        doc = {f"level{199 - i}": doc} if i % 2 else [doc]
    model = JsonTreeModel()
    model.set_document(doc)
    index = QModelIndex()
    depth = 0
    while model.rowCount(index):
        index = model.index(0, 0, index)
        depth += 1
    assert depth == 200
    assert index.sibling(index.row(), 1).data() == "bottom"
    assert len(model.path(index)) == 200
    assert json.loads(model.json_text(model.index(0, 0))) is not None
    qtmodeltester.check(model, force_py=True)
