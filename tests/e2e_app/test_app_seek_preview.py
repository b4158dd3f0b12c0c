"""Issue 16 item 1 (the preview frame): hovering the seek bar shows the frame of the media's
spritesheet for the time under the pointer (fetched once per media, on the worker), in the
sandbox's snake_case and camelCase index forms; without a spritesheet only the time shows."""

from __future__ import annotations

import pytest
from fpv_support.sandbox_modes import set_modes
from player_helpers import media_titled, play_media
from PySide6.QtCore import QEvent, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from fastpix_viewer.ui.playback.request import format_ms

TITLE = "Interview — English / Español"


def _hover(slider, fraction: float) -> int:
    target = int(slider.maximum() * fraction)
    x = min(range(slider.width()), key=lambda x: abs(slider.value_at(x) - target))
    pos = QPointF(x, slider.height() / 2)
    QApplication.sendEvent(slider, QMouseEvent(QEvent.Type.MouseMove, pos, slider.mapToGlobal(pos),
                                               Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                               Qt.KeyboardModifier.NoModifier))
    return slider.hover_ms()


def _colours(pixmap) -> int:
    image = pixmap.toImage()
    return len({image.pixelColor(x, y).rgb() // 0x202020
                for x in range(2, image.width() - 2, 6) for y in range(2, image.height() - 20, 6)})


@pytest.mark.parametrize("form", ["snake", "camel"])
def test_hovering_shows_the_spritesheet_frame_for_that_time(app, sandbox, qtbot, form):
    set_modes(sandbox, spritesheet=form)
    window = app.window()
    preview = window.player_features.seek_preview
    media = media_titled(window, TITLE)
    play_media(qtbot, window, media)
    qtbot.waitUntil(lambda: preview.is_known(media.id) and window.player.can_seek(), timeout=10000)
    sheet = preview.sheet_for(media.id)
    assert sheet is not None and len(sheet.tiles) >= 5

    slider = window.player.controls.seek_slider
    bubble = preview.bubble
    seen = []
    for fraction in (0.15, 0.75):
        ms = _hover(slider, fraction)
        tile = sheet.tile_at(ms / 1000)
        assert bubble.isVisible() and bubble.caption() == format_ms(ms)
        assert bubble.frame_source() == QRect(tile.x, tile.y, sheet.tile_width, sheet.tile_height)
        assert _colours(bubble.rendered()) > 4  # a picture, not an empty box
        seen.append(bubble.frame_source())
    assert seen[0] != seen[1]  # another time, another frame
    QApplication.sendEvent(slider, QEvent(QEvent.Type.Leave))
    assert not bubble.isVisible()
    # Fetched once for the media (on a worker thread): playing it again asks for nothing more.
    play_media(qtbot, window, media_titled(window, "Colour bars (private)"))
    play_media(qtbot, window, media)
    qtbot.waitUntil(lambda: preview.is_known(preview.fetched[-1]), timeout=10000)
    assert preview.fetched.count(media.id) == 1
    assert app.transports[-1].violations == []


def test_without_a_spritesheet_the_bar_shows_the_time_only(app, qtbot):
    window = app.window()
    preview = window.player_features.seek_preview
    podcast = media_titled(window, "Podcast episode 12")  # audio only: no frames to show
    play_media(qtbot, window, podcast)
    qtbot.waitUntil(window.player.can_seek, timeout=10000)
    ms = _hover(window.player.controls.seek_slider, 0.5)
    assert ms > 0 and not preview.bubble.isVisible()
    label = window.player.controls.seek_hover_label
    assert label.isVisible() and label.text() == format_ms(ms)
