"""Spritesheets: the image host's grid of small frames (`spritesheet.jpg`) and its index
(`spritesheet.json`), for the preview frame over the player's seek bar.

FastPix documents the URLs (`https://images.fastpix.com/{playbackId}/spritesheet.json|jpg`,
the same `?token=` as thumbnails for private IDs) but not the index's fields, so the reader
takes the forms in use elsewhere: `tile_width` / `tileWidth`, `tile_height` / `tileHeight`,
and `tiles: [{start, x, y}]` (`start` also as `time` or `startTime`, seconds). The image is
always fetched from the image host's own `spritesheet.jpg` URL, never from a `url` field in
the answer (an API answer does not choose where the app connects).

Qt-free; runs on a worker thread.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import Any

from fastpix_viewer.api import ids
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.config import Endpoints
from fastpix_viewer.api.errors import ProtocolError, playback_error
from fastpix_viewer.api.models import Media
from fastpix_viewer.api.playback import PlaybackPlan, _query

MAX_INDEX_BYTES = 1024 * 1024
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_TILES = 5000
FETCH_DEADLINE = 15.0


@dataclass(frozen=True)
class Tile:
    start: float  # seconds into the media from which this frame shows
    x: int
    y: int


@dataclass(frozen=True)
class Spritesheet:
    tile_width: int
    tile_height: int
    tiles: tuple[Tile, ...]  # by start time
    image: bytes = b""  # the JPEG (decoded by the UI)

    def tile_at(self, seconds: float) -> Tile | None:
        """The frame shown at `seconds`: the last tile that starts at or before it."""
        if not self.tiles:
            return None
        i = bisect.bisect_right([t.start for t in self.tiles], max(0.0, seconds)) - 1
        return self.tiles[max(0, i)]


def spritesheet_url(endpoints: Endpoints, playback_id: str, ext: str, *, token: str | None = None) -> str:
    ids.playback_id(playback_id)
    if ext not in ("json", "jpg"):
        raise ValueError(f"spritesheets are .json or .jpg, not .{ext}")
    return endpoints.image(f"{playback_id}/spritesheet.{ext}") + _query({"token": token})


def _number(raw: dict[str, Any], *names: str) -> float | None:
    for name in names:
        value = raw.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                continue
    return None


def parse_index(body: bytes) -> Spritesheet:
    """The tiles of a `spritesheet.json` answer (no image yet); ProtocolError if unusable."""
    try:
        raw = json.loads(body)
    except ValueError as problem:
        raise ProtocolError("The spritesheet index is not JSON.") from problem
    if isinstance(raw, dict) and isinstance(raw.get("data"), dict):
        raw = raw["data"]  # the API's envelope, should the image host ever use it
    if not isinstance(raw, dict):
        raise ProtocolError("The spritesheet index is not a JSON object.")
    width = _number(raw, "tile_width", "tileWidth", "width")
    height = _number(raw, "tile_height", "tileHeight", "height")
    tiles: list[Tile] = []
    for entry in raw.get("tiles") or ():
        if not isinstance(entry, dict):
            continue
        start, x, y = _number(entry, "start", "time", "startTime"), _number(entry, "x"), _number(entry, "y")
        if start is not None and x is not None and y is not None and start >= 0 and x >= 0 and y >= 0:
            tiles.append(Tile(start, int(x), int(y)))
    if not width or not height or width <= 0 or height <= 0 or not tiles or len(tiles) > MAX_TILES:
        raise ProtocolError("The spritesheet index names no usable tiles.")
    tiles.sort(key=lambda t: t.start)
    return Spritesheet(int(width), int(height), tuple(tiles))


def fetch_spritesheet(client: Any, media: Media, *, cancel: CancelLike | None = None) -> Spritesheet | None:
    """The media's spritesheet (index and image), or None when the media has no playback ID
    the app may use. Raises FastPixError when the image host refuses (404: no spritesheet)."""
    plan = client.choose_playback(media)
    if not isinstance(plan, PlaybackPlan):
        return None
    bodies: list[bytes] = []
    for ext, limit in (("json", MAX_INDEX_BYTES), ("jpg", MAX_IMAGE_BYTES)):
        url = spritesheet_url(client.endpoints, plan.playback_id, ext, token=plan.token)
        response = client.transport.request("GET", url, cancel=cancel, deadline=FETCH_DEADLINE)
        if response.status != 200:
            raise playback_error(response.status, None, retry_after=response.retry_after, signed=plan.signed)
        if len(response.body) > limit:
            raise ProtocolError("The spritesheet is larger than any preview needs.")
        bodies.append(response.body)
    index = parse_index(bodies[0])
    if not bodies[1].startswith(b"\xff\xd8"):
        raise ProtocolError("The spritesheet image is not a JPEG.")
    return Spritesheet(index.tile_width, index.tile_height, index.tiles, bodies[1])
