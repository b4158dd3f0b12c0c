"""Decoding thumbnails and posters on a worker thread without Qt's image plugins.

Why not `QImage.loadFromData` on a worker: PySide keeps the GIL through the whole call, and a
Qt image plugin may take a Qt-wide mutex inside it. Seen in CI (2026-12-05): the SVG plugin's
probe (`isLikelySvg` -> QTextStream -> a signal connection) waited for a Qt mutex while its
worker held the GIL, and the UI thread, holding that mutex, waited for the GIL: the app froze.
Naming the format (the first fix) only kept that one plugin away.

Pillow (already installed: the sandbox's image host uses it) decodes with the GIL released and
takes no Qt lock; the pixels are then copied into a QImage, a plain value class that needs no
Qt lock either. Unreadable data raises ValueError, like a truncated download.
"""

from __future__ import annotations

import io

from PySide6.QtGui import QImage

# What the FastPix image host sends (thumbnail .jpg/.png/.webp, animated .gif); nothing else is
# tried, so a hostile body never reaches a rarely used decoder.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_PIXELS = 4096 * 4096  # the host's largest side is 2,000 px; far bigger is not a thumbnail


def decode_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> QImage:
    """The first frame of `data` as a QImage (RGBA, or RGB when opaque). Safe on a worker thread.

    Raises ValueError when the bytes are not a picture in one of `FORMATS` or have more than
    `max_pixels` pixels."""
    # Imported on first use, on a worker: Pillow would add ~12 ms to start-up (issue 15).
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as picture:
            width, height = picture.size
            if width * height > max_pixels:
                raise ValueError("the picture is too large")
            opaque = "A" not in picture.mode and "transparency" not in picture.info
            pixels = picture.convert("RGB" if opaque else "RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError(f"not a readable picture ({type(exc).__name__})") from None
    raw = pixels.tobytes()
    if opaque:
        view = QImage(raw, width, height, 3 * width, QImage.Format.Format_RGB888)
    else:
        view = QImage(raw, width, height, 4 * width, QImage.Format.Format_RGBA8888)
    return view.copy()  # the QImage above only borrows `raw`: own the pixels
