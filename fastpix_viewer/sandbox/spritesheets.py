"""The image host's spritesheets (``/image/{playbackId}/spritesheet.jpg|json``): one JPEG of
small frames in a grid and a JSON index saying where each frame is and from when it shows,
the preview frames a player draws over its seek bar.

FastPix documents the URLs only (shared notes §6), not the JSON's fields; this sandbox
answers in the form the other video platforms use (``tile_width``, ``tile_height``,
``duration``, ``tiles: [{start, x, y}]``, ``url`` of the image), or, with the
``spritesheet`` mode ``camel``, the same fields in camelCase, so the client is tested
against both. Frames come from the asset's ``frames/`` JPEGs (made by ffmpeg from the
sample HLS when the sample media were built), assembled with Pillow and kept small.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import responses as r
from .assets import load_asset
from .image_host import _frame, _frame_index, _media_for_image, _span
from .model import StreamRecord
from .state import sandbox_state

TILE_WIDTH, TILE_HEIGHT = 160, 90
COLUMNS = 10
MAX_TILES = 100


def _layout(start: float, end: float, interval: float) -> list[float]:
    """The start time (in the media) of each tile: every `interval` s, at most MAX_TILES."""
    length = max(0.0, end - start)
    step = max(interval, length / MAX_TILES) if length else interval
    count = max(1, int(length // step) + (1 if length % step else 0)) if length else 1
    return [round(i * step, 3) for i in range(count)]


@lru_cache(maxsize=16)
def _sheet(asset_name: str, start: float, end: float) -> bytes:
    asset = load_asset(asset_name)
    starts = _layout(start, end, asset.frame_interval)
    rows = -(-len(starts) // COLUMNS)
    sheet = Image.new("RGB", (TILE_WIDTH * min(COLUMNS, len(starts)), TILE_HEIGHT * rows))
    for i, t in enumerate(starts):
        frame = _frame(asset.name, _frame_index(asset, start + t)).resize((TILE_WIDTH, TILE_HEIGHT))
        sheet.paste(frame, ((i % COLUMNS) * TILE_WIDTH, (i // COLUMNS) * TILE_HEIGHT))
    buffer = io.BytesIO()
    sheet.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _found(request: Request):  # -> (asset, start, end) | Response
    found = _media_for_image(request)
    if isinstance(found, Response):
        return found
    owner, asset = found
    if isinstance(owner, StreamRecord) or asset.audio_only or not asset.frame_files:
        return r.error(404, "spritesheet not found", "There is no spritesheet for this playback ID.")
    start, end = _span(owner, asset)
    return asset, float(start), float(end)


def spritesheet_jpg(request: Request) -> Response:
    found = _found(request)
    if isinstance(found, Response):
        return found
    asset, start, end = found
    return Response(_sheet(asset.name, start, end), media_type="image/jpeg")


def spritesheet_json(request: Request) -> Response:
    found = _found(request)
    if isinstance(found, Response):
        return found
    asset, start, end = found
    starts = _layout(start, end, asset.frame_interval)
    tiles = [{"start": t, "x": (i % COLUMNS) * TILE_WIDTH, "y": (i // COLUMNS) * TILE_HEIGHT}
             for i, t in enumerate(starts)]
    image_url = str(request.url).replace("spritesheet.json", "spritesheet.jpg")
    camel = sandbox_state(request).workspace.modes.get("spritesheet") == "camel"
    body = ({"url": image_url, "tileWidth": TILE_WIDTH, "tileHeight": TILE_HEIGHT,
             "duration": round(end - start, 3), "tiles": tiles} if camel else
            {"url": image_url, "tile_width": TILE_WIDTH, "tile_height": TILE_HEIGHT,
             "duration": round(end - start, 3), "tiles": tiles})
    return JSONResponse(body)


routes = [
    Route("/{playback_id}/spritesheet.jpg", spritesheet_jpg, methods=["GET"]),
    Route("/{playback_id}/spritesheet.json", spritesheet_json, methods=["GET"]),
]
