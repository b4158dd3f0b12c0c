"""Thumbnails and posters are decoded by Pillow on workers, not by Qt's image plugins (one of
which once deadlocked a worker against the UI thread): every format the image host sends
comes out with the right pixels, and anything else is refused as unreadable."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image
from PySide6.QtGui import QColor

from fastpix_viewer.ui.core.image_decode import MAX_PIXELS, decode_image
from fastpix_viewer.ui.lists.thumbnails import _decode

TEAL = (0x33, 0x66, 0x99)


def _encoded(fmt: str, mode: str = "RGB", size: tuple[int, int] = (32, 18)) -> bytes:
    colour = TEAL if mode == "RGB" else (*TEAL, 128)
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt)
    return out.getvalue()


def _close(a: QColor, b: tuple[int, ...]) -> bool:  # lossy formats shift a colour slightly
    return all(abs(x - y) <= 6 for x, y in zip((a.red(), a.green(), a.blue()), b[:3], strict=True))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_every_format_the_image_host_sends_decodes_with_its_pixels(qapp, fmt):
    image = _decode(_encoded(fmt))
    assert (image.width(), image.height()) == (32, 18)
    assert _close(image.pixelColor(5, 5), TEAL)
    assert not image.hasAlphaChannel()


def test_a_transparent_png_keeps_its_alpha(qapp):
    image = decode_image(_encoded("PNG", mode="RGBA"))
    assert image.hasAlphaChannel()
    assert image.pixelColor(3, 3).alpha() == 128


def test_the_image_owns_its_pixels_after_the_bytes_are_gone(qapp):
    image = decode_image(_encoded("PNG"))
    import gc
    gc.collect()
    assert _close(image.copy().pixelColor(31, 17), TEAL)


@pytest.mark.parametrize("data", [
    b"",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",  # not one of the host's formats: never probed
    _encoded("BMP"),
    _encoded("PNG")[:40],  # a truncated download
    b"\xff\xd8\xff" + b"\0" * 64,  # a JPEG header and nothing after
])
def test_what_is_not_a_whole_picture_is_refused_as_unreadable(qapp, data):
    with pytest.raises(ValueError):
        decode_image(data)


def test_a_picture_far_larger_than_any_thumbnail_is_refused(qapp):
    side = int(MAX_PIXELS ** 0.5) + 1
    with pytest.raises(ValueError):
        decode_image(_encoded("PNG", size=(side, side)))


def test_many_workers_decode_at_once(qapp):
    # The pool decodes on several threads at once; each gets its own correct picture.
    sources = {fmt: _encoded(fmt) for fmt in ("JPEG", "PNG", "WEBP", "GIF")}
    results: list[bool] = []

    def work(fmt: str) -> None:
        for _ in range(20):
            image = decode_image(sources[fmt])
            results.append(image.width() == 32 and _close(image.pixelColor(1, 1), TEAL))

    threads = [threading.Thread(target=work, args=(f,)) for f in sources]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 80


def test_a_caller_may_allow_larger_pictures_than_a_thumbnail(qapp):
    # Spritesheets are bigger than thumbnails: they pass their own cap.
    data = _encoded("JPEG", size=(300, 200))
    with pytest.raises(ValueError):
        decode_image(data, max_pixels=300 * 200 - 1)
    assert decode_image(data, max_pixels=300 * 200).width() == 300
