"""Spritesheets through the API layer: the index forms FastPix may send (its fields are not
documented), and fetching index and image from the sandbox's image host, signed for a
private playback ID; a media without one (audio only) is FastPix's 404."""

from __future__ import annotations

import json

import pytest

from fastpix_viewer.api.errors import FastPixError, ProtocolError
from fastpix_viewer.api.models import Media
from fastpix_viewer.api.spritesheets import Tile, fetch_spritesheet, parse_index


def _tiles(key: str = "start") -> list[dict]:
    return [{key: t, "x": (t % 4) * 160, "y": (t // 4) * 90} for t in range(8)]


@pytest.mark.parametrize("body", [
    {"tile_width": 160, "tile_height": 90, "tiles": _tiles()},
    {"tileWidth": 160, "tileHeight": 90, "tiles": _tiles("startTime")},
    {"data": {"tile_width": "160", "tile_height": "90", "tiles": list(reversed(_tiles("time")))}},
])
def test_index_forms_read_alike(body):
    sheet = parse_index(json.dumps(body).encode())
    assert (sheet.tile_width, sheet.tile_height) == (160, 90)
    assert [t.start for t in sheet.tiles] == list(range(8))  # in time order
    assert sheet.tile_at(0) == Tile(0, 0, 0)
    assert sheet.tile_at(5.7) == Tile(5, 160, 90)
    assert sheet.tile_at(999) == sheet.tiles[-1]


@pytest.mark.parametrize("body", [b"<html>", b"[]", b'{"tile_width": 160, "tiles": []}',
                                  b'{"tile_width": 0, "tile_height": 90, "tiles": [{"start": 0, "x": 0, "y": 0}]}'])
def test_unusable_indexes_are_refused(body):
    with pytest.raises(ProtocolError):
        parse_index(body)


def _media(client, title: str) -> Media:
    return next(m for m in client.all_media() if isinstance(m, Media) and m.title == title)


def test_fetch_from_the_image_host_public_and_private(sandbox, signing_client):
    public = fetch_spritesheet(signing_client, _media(signing_client, "Interview — English / Español"))
    assert public is not None and len(public.tiles) >= 5 and public.image.startswith(b"\xff\xd8")
    private = fetch_spritesheet(signing_client, _media(signing_client, "Colour bars (private)"))
    assert private is not None and private.tiles
    with pytest.raises(FastPixError):
        fetch_spritesheet(signing_client, _media(signing_client, "Podcast episode 12"))
