"""The sandbox's image host serves FastPix's spritesheet URLs (`/{playbackId}/spritesheet.jpg`
and `.json`, shared notes §6) from the sample's own frames, in both index forms (§10), with
the playback ID's access rules; live streams and audio-only media have none."""

from __future__ import annotations

import io

import httpx
import pytest
from fpv_support.sandbox_modes import set_modes
from PIL import Image


def _media(sandbox, title: str) -> dict:
    body = httpx.get(f"{sandbox.api_base}/on-demand", params={"limit": 50, "offset": 1},
                     auth=(sandbox.token_id, sandbox.secret_key), timeout=10).json()
    return next(m for m in body["data"] if m.get("title") == title)


def _pid(item: dict, policy: str = "public") -> str:
    return next(p["id"] for p in item["playbackIds"] if p["accessPolicy"] == policy)


@pytest.mark.parametrize("form", ["snake", "camel"])
def test_index_and_image_describe_the_same_grid(sandbox, form):
    set_modes(sandbox, spritesheet=form)
    media = _media(sandbox, "Interview — English / Español")
    pid = _pid(media)
    index = httpx.get(f"{sandbox.image_base}/{pid}/spritesheet.json", timeout=10)
    assert index.status_code == 200
    body = index.json()
    width = body["tile_width" if form == "snake" else "tileWidth"]
    height = body["tile_height" if form == "snake" else "tileHeight"]
    tiles = body["tiles"]
    starts = [t["start"] for t in tiles]
    assert starts[0] == 0 and starts == sorted(starts) and starts[-1] < body["duration"]
    image = httpx.get(f"{sandbox.image_base}/{pid}/spritesheet.jpg", timeout=10)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert body["url"].endswith(f"/{pid}/spritesheet.jpg")
    sheet = Image.open(io.BytesIO(image.content))
    assert all(t["x"] + width <= sheet.width and t["y"] + height <= sheet.height for t in tiles)
    # Tiles are frames of the recording: two far apart differ.
    first = sheet.crop((tiles[0]["x"], tiles[0]["y"], tiles[0]["x"] + width, tiles[0]["y"] + height))
    last = sheet.crop((tiles[-1]["x"], tiles[-1]["y"], tiles[-1]["x"] + width, tiles[-1]["y"] + height))
    assert first.tobytes() != last.tobytes()
    assert len(image.content) < 200_000  # small


def test_private_ids_need_the_token_and_audio_only_has_none(sandbox):
    private = _pid(_media(sandbox, "Colour bars (private)"), "private")
    assert httpx.get(f"{sandbox.image_base}/{private}/spritesheet.json", timeout=10).status_code in (401, 403)
    podcast = _pid(_media(sandbox, "Podcast episode 12"))
    assert httpx.get(f"{sandbox.image_base}/{podcast}/spritesheet.json", timeout=10).status_code == 404
    assert httpx.get(f"{sandbox.image_base}/{podcast}/spritesheet.jpg", timeout=10).status_code == 404
