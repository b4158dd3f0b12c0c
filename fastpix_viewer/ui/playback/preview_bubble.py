"""The seek bar's hover preview: one frame of the spritesheet with the time under it,
painted in a small frameless window above the pointer.

A tool-tip window (not a child widget): above the seek bar is the video, and a child widget
there would sit under libVLC's native window on X11; a top-level window stays on top. It is
owned by the player's top-level window, so Qt never warns that its transient parent is a
native child. It never takes focus or the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

CAPTION_HEIGHT = 18
BORDER = 1
MAX_WIDTH = 240  # a larger tile is scaled down to this width


class PreviewBubble(QWidget):
    """Paints `source` (a rectangle of `sheet`) and a time caption; position with `show_at`."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner.window(), Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("seekPreviewBubble")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self._sheet = QPixmap()
        self._source = QRect()
        self._caption = ""

    def set_frame(self, sheet: QPixmap, source: QRect, caption: str) -> None:
        self._sheet, self._source, self._caption = sheet, QRect(source), caption
        scale = min(1.0, MAX_WIDTH / max(1, source.width()))
        tile = QSize(round(source.width() * scale), round(source.height() * scale))
        self.setFixedSize(tile.width() + 2 * BORDER, tile.height() + CAPTION_HEIGHT + 2 * BORDER)
        self.update()

    def frame_source(self) -> QRect:
        """The spritesheet rectangle shown (tests, screenshots)."""
        return QRect(self._source)

    def caption(self) -> str:
        return self._caption

    def rendered(self) -> QPixmap:
        """The bubble as painted (what the user sees), e.g. for a test to look at its pixels."""
        return self.grab()

    def show_at(self, anchor: QPoint) -> None:
        """Show with its bottom centre at `anchor` (global), kept on the anchor's screen."""
        x, y = anchor.x() - self.width() // 2, anchor.y() - self.height()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            x = max(screen.left(), min(x, screen.right() - self.width()))
            y = max(screen.top(), y)
        self.move(x, y)
        self.show()  # a tool-tip window stays on top by itself (no raise_(): not every platform has it)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 20, 20))
        tile = QRect(BORDER, BORDER, self.width() - 2 * BORDER, self.height() - CAPTION_HEIGHT - 2 * BORDER)
        if not self._sheet.isNull() and self._source.isValid():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(tile, self._sheet, self._source)
        painter.setPen(QColor(240, 240, 240))
        caption = QRect(0, tile.bottom() + 1, self.width(), CAPTION_HEIGHT)
        painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, self._caption)  # plain text: a time
        painter.setPen(QColor(90, 90, 90))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
