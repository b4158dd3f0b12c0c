"""The fallback fonts of the scripts titles are written in, loaded before a list needs them.

The first time Qt draws a script its font lacks (Hebrew, Arabic, Japanese, emoji...), it looks
for a fallback font, loads it and shapes the text with it. The first 50 rows of a 1,000-media
workspace took 30 ms to paint for that, the longest stall of the load (issue 15). After a
window's first paint, one sample per script is drawn into an off-screen image, one sample per
turn of the event loop, so those fonts are ready when rows in those scripts arrive. Measured
(offscreen Qt, this machine): a Japanese, Arabic and emoji title drawn cold 12.3 ms; after
drawing other characters of those scripts, 1.8 ms.

Once per process: the fonts stay loaded for every later window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtWidgets import QWidget

from fastpix_viewer.ui.core.after_paint import after_next_paint

# A few characters of each script a title is likely to use (not the titles themselves).
SAMPLES = (
    "Ünïcödé ÀÉÎÕÜ ßøåç",
    "Ελληνικά",
    "Русский язык",
    "עברית",
    "العربية",
    "हिन्दी",
    "ภาษาไทย",
    "中文字幕",
    "日本語のタイトル",
    "한국어",
    "🎬🎞📼😀",
)
PAUSE_MS = 1  # between samples: input and timers run in between

_started = False


class _FontWarmUp(QObject):
    """Draws `SAMPLES` with `font`, one per turn of the event loop, then deletes itself."""

    def __init__(self, font: QFont, parent: QObject) -> None:
        super().__init__(parent)
        self._font = QFont(font)
        self._left = list(SAMPLES)
        self._image = QImage(320, 48, QImage.Format.Format_ARGB32_Premultiplied)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._next)
        self._timer.start()

    def remaining(self) -> int:
        return len(self._left)

    def _next(self) -> None:
        if not self._left:
            self.deleteLater()
            return
        sample = self._left.pop(0)
        self._image.fill(0)
        painter = QPainter(self._image)
        painter.setFont(self._font)
        painter.drawText(self._image.rect(), 0, sample)
        painter.end()
        self._timer.start()


def warm_up_fonts_after_paint(window: QWidget) -> None:
    """Once per process: after `window`'s next paint, load the fallback fonts of `SAMPLES`
    with the window's font (what its lists draw with)."""
    global _started
    if _started:
        return
    _started = True
    # The action holds the font, not the window (see after_paint: an action must not keep the
    # widget alive), and the warm-up belongs to the application: it outlives a closed window.
    font = QFont(window.font())
    after_next_paint(window, lambda: _FontWarmUp(font, QCoreApplication.instance()))
