"""The image host (``/image``): thumbnails and animated clips from the recording's own frames.

Frames come from the asset's ``frames/`` JPEGs (one per ``interval`` seconds); Pillow
scales them and encodes the format the URL asks for.  Endpoints are sync functions so
Starlette runs the CPU work in its thread pool instead of the event loop.
"""

from __future__ import annotations

import io
import time
from functools import lru_cache

from PIL import Image, ImageDraw
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import responses as r
from .assets import SampleAsset, load_asset
from .model import MediaRecord, StreamRecord
from .stream_host import resolve

FORMATS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png"), "webp": ("WEBP", "image/webp")}
MAX_SIDE = 4096
GIF_MAX_FRAMES = 12


def _query_numbers(request: Request, limits: dict[str, tuple[type, float, float]],
                   extra_bad: list[str] | None = None) -> dict | Response:
    """The numeric query parameters named in `limits` (kind, lowest, highest), None when absent;
    or FastPix's 422 naming every invalid one (plus `extra_bad`, found by the caller)."""
    values: dict = {}
    bad: list[str] = []
    for name, (kind, low, high) in limits.items():
        raw = request.query_params.get(name)
        if raw is None:
            values[name] = None
            continue
        try:
            value = kind(raw)
        except ValueError:
            bad.append(name)
            continue
        if not low <= value <= high:
            bad.append(name)
        values[name] = value
    bad.extend(extra_bad or [])
    if bad:
        return r.validation_error([(name, "is invalid") for name in bad], message="invalid image parameters")
    return values


@lru_cache(maxsize=64)
def _frame(asset_name: str, index: int) -> Image.Image:
    asset = load_asset(asset_name)
    if not asset.frame_files:
        return _poster(asset)
    file = asset.file(asset.frame_files[index])
    if file is None:
        return _poster(asset)
    with Image.open(file) as img:
        return img.convert("RGB")


def _poster(asset: SampleAsset) -> Image.Image:
    """For media without frames (audio-only): a plain poster with the asset's label."""
    img = Image.new("RGB", (640, 360), (32, 24, 64))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 150, 600, 210), outline=(200, 180, 255), width=3)
    draw.text((60, 170), f"audio: {asset.label}", fill=(240, 240, 255))
    return img


def _frame_index(asset: SampleAsset, seconds: float) -> int:
    if not asset.frame_files:
        return 0
    return max(0, min(len(asset.frame_files) - 1, round(seconds / asset.frame_interval)))


def _sized(img: Image.Image, width: int | None, height: int | None, fit: str) -> Image.Image:
    src_w, src_h = img.size
    if width is None and height is None:
        return img
    if width is None:
        width = max(1, round(src_w * height / src_h))
    elif height is None:
        height = max(1, round(src_h * width / src_w))
    if fit == "stretch":
        return img.resize((width, height), Image.Resampling.LANCZOS)
    # preserve: fit inside the box, then pad so the output is exactly the size asked for.
    scale = min(width / src_w, height / src_h)
    inner = img.resize((max(1, round(src_w * scale)), max(1, round(src_h * scale))), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (width, height), (0, 0, 0))
    canvas.paste(inner, ((width - inner.width) // 2, (height - inner.height) // 2))
    return canvas


def _media_for_image(request: Request) -> tuple[MediaRecord, SampleAsset] | Response:
    resolved = resolve(request, request.path_params["playback_id"])
    if isinstance(resolved, Response):
        return resolved
    _state, _playback, owner = resolved
    if isinstance(owner, StreamRecord):
        # A live thumbnail shows the looping sample the broadcast is built from.
        return owner, load_asset("live-loop")  # type: ignore[return-value]
    return owner, load_asset(owner.asset)


def _span(owner: MediaRecord | StreamRecord, asset: SampleAsset) -> tuple[float, float]:
    span = getattr(owner, "span", None)
    return span if span is not None else (0.0, asset.duration)


def thumbnail(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        return r.error(404, "image not found", "Thumbnails are served as .jpg, .png or .webp.")
    found = _media_for_image(request)
    if isinstance(found, Response):
        return found
    owner, asset = found
    start, end = _span(owner, asset)
    fit = request.query_params.get("fit_mode", "preserve")
    asked = _query_numbers(
        request, {"time": (float, 0.0, 12 * 3600), "width": (int, 1, MAX_SIDE), "height": (int, 1, MAX_SIDE)},
        extra_bad=[] if fit in ("preserve", "stretch") else ["fit_mode"],
    )
    if isinstance(asked, Response):
        return asked
    time_, width, height = asked["time"], asked["width"], asked["height"]
    if time_ is None and isinstance(owner, StreamRecord) and owner.live_since is not None:
        time_ = (time.monotonic() - owner.live_since) % asset.duration  # what is on air now
    moment = start + (time_ if time_ is not None else (end - start) / 2)
    image = _sized(_frame(asset.name, _frame_index(asset, min(moment, end))), width, height, fit)
    pil_format, media_type = FORMATS[fmt]
    buffer = io.BytesIO()
    image.save(buffer, pil_format, quality=85)
    return Response(buffer.getvalue(), media_type=media_type)


def clip_gif(request: Request) -> Response:
    found = _media_for_image(request)
    if isinstance(found, Response):
        return found
    owner, asset = found
    span_start, span_end = _span(owner, asset)
    asked = _query_numbers(request, {"start": (float, 0.0, 12 * 3600), "end": (float, 0.0, 12 * 3600),
                                     "width": (int, 1, 640)})
    if isinstance(asked, Response):
        return asked
    start, end, width = asked["start"], asked["end"], asked["width"]
    first = span_start + (start or 0.0)
    last = min(span_end, span_start + end if end is not None else first + 5.0)
    last = max(last, first)
    indices = sorted({_frame_index(asset, first + (last - first) * i / (GIF_MAX_FRAMES - 1))
                      for i in range(GIF_MAX_FRAMES)})
    frames = [_sized(_frame(asset.name, i), width or 320, None, "preserve") for i in indices]
    if len(frames) == 1:
        frames.append(frames[0].transpose(Image.Transpose.FLIP_LEFT_RIGHT))  # still animate
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:],
                   duration=int(asset.frame_interval * 1000 / 2), loop=0)
    return Response(buffer.getvalue(), media_type="image/gif")


routes = [
    Route("/{playback_id}/thumbnail.{fmt}", thumbnail, methods=["GET"]),
    Route("/{playback_id}/clip.gif", clip_gif, methods=["GET"]),
]
