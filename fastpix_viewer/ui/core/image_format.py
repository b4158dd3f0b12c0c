"""Naming an image's format before Qt decodes it on a worker thread."""

from __future__ import annotations


def image_format(data: bytes) -> str | None:
    """The image host's formats by their first bytes ("JPG", "PNG", "WEBP", "GIF"), else None.

    Decoding with the format named skips Qt probing every image plugin in turn. On a worker,
    the SVG plugin's probe (QTextStream, a signal connection) waited for a Qt mutex while the
    worker held the GIL and the UI thread, holding what it needed, waited for the GIL: the
    app froze (seen once in CI, 2026-12-05; bench/README "FPV_BENCH_SLOW_EVENTS" has the
    same pattern)."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    return None
