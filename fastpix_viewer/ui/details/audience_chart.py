"""A small chart of views (bars) and unique viewers (a line) per interval, drawn with QPainter.

No chart library and no web view: a few dozen bars are simple to draw, and Qt's painting
follows the palette and the screen's scale. The geometry (`bar_rects`, `line_points`) is
computed by one function that painting and tests share, so a test can check the pixels
where a bar must be.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from fastpix_viewer.api.metrics import Audience

VIEWS_COLOUR = QColor(66, 133, 244)  # bars
UNIQUE_COLOUR = QColor(230, 81, 0)  # line
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 10, 10, 22


def interval_label(text: str, group_by: str) -> str:
    """A short axis label for an ISO interval start: "14:00" for hours, "Dec 4" for days."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:10]
    if group_by in ("minute", "ten_minutes", "hour"):
        return when.strftime("%H:%M")
    return f"{when.strftime('%b')} {when.day}"


class AudienceChart(QWidget):
    """See the module docstring. `set_audience(None)` draws an empty frame."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audienceChart")
        # Small on purpose: the tallest tab's minimum becomes the details pane's, which the
        # video gives up height for (at 140 px the default video lost ~80 px, every tab).
        self.setMinimumHeight(60)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._audience: Audience | None = None

    def sizeHint(self) -> QSize:
        return QSize(360, 180)

    def set_audience(self, audience: Audience | None) -> None:
        self._audience = audience
        self.update()

    def audience(self) -> Audience | None:
        return self._audience

    def plot_rect(self) -> QRectF:
        return QRectF(MARGIN_LEFT, MARGIN_TOP, max(1, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
                      max(1, self.height() - MARGIN_TOP - MARGIN_BOTTOM))

    def scale_top(self) -> int:
        """The value at the top of the plot: the highest count, at least 1."""
        points = self._audience.points if self._audience is not None else ()
        return max([1] + [p.views or 0 for p in points] + [p.unique_viewers or 0 for p in points])

    def bar_rects(self) -> list[QRectF]:
        """One rectangle per interval (zero height when no views)."""
        points = self._audience.points if self._audience is not None else ()
        if not points:
            return []
        plot, top = self.plot_rect(), self.scale_top()
        slot = plot.width() / len(points)
        width = max(1.0, slot * 0.7)
        rects = []
        for i, point in enumerate(points):
            height = plot.height() * (point.views or 0) / top
            rects.append(QRectF(plot.left() + i * slot + (slot - width) / 2, plot.bottom() - height, width, height))
        return rects

    def line_points(self) -> list[QPointF]:
        points = self._audience.points if self._audience is not None else ()
        plot, top = self.plot_rect(), self.scale_top()
        slot = plot.width() / max(1, len(points))
        return [QPointF(plot.left() + (i + 0.5) * slot, plot.bottom() - plot.height() * (p.unique_viewers or 0) / top)
                for i, p in enumerate(points)]

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        plot = self.plot_rect()
        text_pen = QPen(self.palette().color(self.foregroundRole()))
        painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Mid)))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        audience = self._audience
        painter.setPen(text_pen)
        if audience is None or not audience.points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No audience data")
            painter.end()
            return
        top = self.scale_top()
        metrics = painter.fontMetrics()
        painter.drawText(QRectF(0, plot.top() - 2, MARGIN_LEFT - 4, metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, str(top))
        painter.drawText(QRectF(0, plot.bottom() - metrics.height() + 2, MARGIN_LEFT - 4, metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, "0")
        for rect in self.bar_rects():
            if rect.height() > 0:
                painter.fillRect(rect, VIEWS_COLOUR)
        line = self.line_points()
        painter.setPen(QPen(UNIQUE_COLOUR, 2))
        for a, b in pairwise(line):
            painter.drawLine(a, b)
        if len(line) == 1:
            painter.drawEllipse(line[0], 2, 2)
        # First and last interval under the axis, so the span reads at a glance.
        painter.setPen(text_pen)
        group = audience.granularity or audience.span.group_by
        first, last = audience.points[0], audience.points[-1]
        label_box = QRectF(plot.left(), plot.bottom() + 3, plot.width(), metrics.height())
        painter.drawText(label_box, Qt.AlignmentFlag.AlignLeft, interval_label(first.time, group))
        painter.drawText(label_box, Qt.AlignmentFlag.AlignRight, interval_label(last.time, group))
        painter.end()
