"""Thumbnails and posters are decoded with their format named (no probing of every Qt image
plugin on a worker, which once deadlocked against the UI thread)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from fastpix_viewer.ui.core.image_format import image_format
from fastpix_viewer.ui.lists.thumbnails import _decode


def _encoded(fmt: str) -> bytes:
    image = QImage(32, 18, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(data.data())


@pytest.mark.parametrize("fmt", ["JPG", "PNG", "WEBP"])  # Qt writes no GIF
def test_every_format_the_image_host_sends_is_named_and_decodes(qapp, fmt):
    data = _encoded(fmt)
    assert image_format(data) == fmt
    decoded = _decode(data)
    assert decoded is not None and (decoded.width(), decoded.height()) == (32, 18)


def test_an_unknown_format_is_still_decoded_by_probing(qapp):
    data = _encoded("BMP")
    assert image_format(data) is None
    assert _decode(data).width() == 32
