"""The Audience tab of the details: views and unique viewers of the shown media or live stream
over the last 24 hours, 7 days or 30 days (FastPix Video Data), as a small chart.

Loaded only while the tab is visible (each span is two requests), on the pool, newest wins;
the note says what counts: only views reported by FastPix-instrumented players.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fastpix_viewer.api.metrics import AUDIENCE_NOTE, Audience
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.details.audience_chart import VIEWS_COLOUR, AudienceChart

SPAN_CHOICES = (("Last 24 hours", "24h"), ("Last 7 days", "7d"), ("Last 30 days", "30d"))
DEFAULT_SPAN = "7d"


def _plain(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AudienceTab(QWidget):
    """See the module docstring. `show_item(item)` follows the details; `set_active(True)`
    when the tab is on screen (that is when it loads)."""

    def __init__(self, pool: WorkerPool, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audienceTab")
        self._pool = pool
        self._client = client
        self._item: Media | LiveStream | None = None
        self._active = False
        self._loaded: tuple[str, str] | None = None  # (item ID, span) on screen
        self.span_combo = QComboBox()
        self.span_combo.setObjectName("audienceSpanCombo")
        for label, key in SPAN_CHOICES:
            self.span_combo.addItem(label, key)
        self.span_combo.setCurrentIndex([k for _, k in SPAN_CHOICES].index(DEFAULT_SPAN))
        self.span_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.summary_label = _plain("audienceSummary")
        self.chart = AudienceChart()
        self.note_label = _plain("audienceNote", AUDIENCE_NOTE)
        self.note_label.setStyleSheet("#audienceNote { color: palette(mid); }")
        legend = _plain("audienceLegend", "Bars: views · line: unique viewers")
        legend.setStyleSheet(f"#audienceLegend {{ color: {VIEWS_COLOUR.name()}; }}")
        top = QHBoxLayout()
        top.addWidget(self.span_combo)
        top.addWidget(self.summary_label, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addWidget(self.chart, 1)
        column.addWidget(legend)
        column.addWidget(self.note_label)

    def span(self) -> str:
        return str(self.span_combo.currentData())

    def set_span(self, key: str) -> None:
        self.span_combo.setCurrentIndex([k for _, k in SPAN_CHOICES].index(key))

    def show_item(self, item: Any) -> None:
        item = item if isinstance(item, Media | LiveStream) else None
        if item is not None and self._item is not None and item.id == self._item.id:
            self._item = item  # a fresher copy of the same item: the numbers stay
            return
        self._item = item
        self._loaded = None
        self.chart.set_audience(None)
        self.summary_label.setText("" if item is not None else "Select a media or a live stream.")
        self._pool.cancel_key((id(self), "audience"))
        if self._active:
            self.load()

    def set_active(self, active: bool) -> None:
        self._active = active
        if active and self._item is not None and self._loaded != (self._item.id, self.span()):
            self.load()

    def load(self) -> None:
        item, client = self._item, self._client
        if item is None or client is None or not self._active:
            return
        span = self.span()
        self._loaded = (item.id, span)
        self.summary_label.setText("Loading…")
        kind = {"stream_id": item.id} if isinstance(item, LiveStream) else {"media_id": item.id}

        def fetch(*, cancel: Any) -> Audience:
            return client.audience(span=span, cancel=cancel, **kind)

        self._pool.run(fetch, pass_token=True, owner=self, key=(id(self), "audience"),
                       on_done=lambda audience: self._shown(item.id, audience),
                       on_error=lambda error: self._failed(item.id, error))

    def _shown(self, item_id: str, audience: Audience) -> None:
        if self._item is None or self._item.id != item_id:
            return
        self.chart.set_audience(audience)
        unit = {"minute": "minute", "ten_minutes": "10 minutes", "hour": "hour", "day": "day"}.get(
            audience.granularity or audience.span.group_by, "interval")
        views = audience.total_views
        self.summary_label.setText(f"{views} view{'s' if views != 1 else ''} in the last {audience.span.label}; "
                                   f"at most {audience.peak_unique_viewers} unique viewers per {unit}")

    def _failed(self, item_id: str, error: BaseException) -> None:
        if self._item is None or self._item.id != item_id:
            return
        self._loaded = None  # try again next time the tab is shown
        self.summary_label.setText(f"Could not load the audience: {describe_failure(error)}")
