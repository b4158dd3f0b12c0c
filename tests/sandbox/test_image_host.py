"""The image host: real frames, in the format and size asked for."""

from __future__ import annotations

import io

import httpx
import pytest
from media_picks import seed_media
from PIL import Image, ImageChops

MAGIC = {"jpg": (b"\xff\xd8\xff", "JPEG"), "png": (b"\x89PNG\r\n\x1a\n", "PNG"), "webp": (b"RIFF", "WEBP")}


def image(url: str) -> tuple[httpx.Response, Image.Image]:
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200, response.text
    return response, Image.open(io.BytesIO(response.content))


@pytest.mark.parametrize("fmt", ["jpg", "png", "webp"])
def test_thumbnail_bytes_match_the_extension_and_size(sandbox, fmt):
    _media, pid = seed_media(sandbox, asset="bars")
    response, img = image(f"{sandbox.image_base}/{pid}/thumbnail.{fmt}?width=320&height=180")
    magic, pil_format = MAGIC[fmt]
    assert response.content.startswith(magic) and img.format == pil_format
    assert response.headers["content-type"] == f"image/{'jpeg' if fmt == 'jpg' else fmt}"
    assert img.size == (320, 180)


def test_one_side_keeps_the_aspect_ratio(sandbox):
    _media, pid = seed_media(sandbox, asset="multires")
    _r, by_width = image(f"{sandbox.image_base}/{pid}/thumbnail.png?width=256")
    assert by_width.size == (256, 144)
    _r, by_height = image(f"{sandbox.image_base}/{pid}/thumbnail.jpg?height=90")
    assert by_height.size == (160, 90)
    _r, box = image(f"{sandbox.image_base}/{pid}/thumbnail.jpg?width=100&height=100&fit_mode=stretch")
    assert box.size == (100, 100)


def test_two_times_give_different_pictures(sandbox):
    _media, pid = seed_media(sandbox, asset="mandelbrot")
    _r, early = image(f"{sandbox.image_base}/{pid}/thumbnail.png?time=1&width=160")
    _r, late = image(f"{sandbox.image_base}/{pid}/thumbnail.png?time=8&width=160")
    _r, early_again = image(f"{sandbox.image_base}/{pid}/thumbnail.png?time=1&width=160")
    assert ImageChops.difference(early.convert("RGB"), late.convert("RGB")).getbbox() is not None
    assert ImageChops.difference(early.convert("RGB"), early_again.convert("RGB")).getbbox() is None


def test_clip_gif_is_animated(sandbox):
    _media, pid = seed_media(sandbox, asset="bars")
    response, gif = image(f"{sandbox.image_base}/{pid}/clip.gif?width=200")
    assert response.content.startswith(b"GIF89a") and response.headers["content-type"] == "image/gif"
    assert gif.is_animated and gif.n_frames > 1 and gif.size[0] == 200


def test_audio_only_media_gets_its_poster(sandbox):
    _media, pid = seed_media(sandbox, asset="audio-only")
    _r, poster = image(f"{sandbox.image_base}/{pid}/thumbnail.jpg?width=320")
    assert poster.size == (320, 180)


def test_image_errors_are_fastpix_json(sandbox):
    _media, processing = seed_media(sandbox, status="Processing")
    not_ready = httpx.get(f"{sandbox.image_base}/{processing}/thumbnail.jpg")
    assert not_ready.status_code == 400 and "ready" in not_ready.json()["error"]["message"]
    _media, pid = seed_media(sandbox, asset="bars")
    bad = httpx.get(f"{sandbox.image_base}/{pid}/thumbnail.jpg?width=0")
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "width"
    assert httpx.get(f"{sandbox.image_base}/{pid}/thumbnail.bmp").status_code == 404


def test_every_invalid_image_parameter_is_named(sandbox):
    _media, pid = seed_media(sandbox, asset="bars")
    thumb = httpx.get(f"{sandbox.image_base}/{pid}/thumbnail.png?time=-1&width=x&height=5000&fit_mode=zoom")
    assert thumb.status_code == 422
    assert [f["field"] for f in thumb.json()["error"]["fields"]] == ["time", "width", "height", "fit_mode"]
    gif = httpx.get(f"{sandbox.image_base}/{pid}/clip.gif?start=soon&width=641")
    assert gif.status_code == 422 and [f["field"] for f in gif.json()["error"]["fields"]] == ["start", "width"]
