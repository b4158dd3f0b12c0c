"""Row objects and column specs shaped like the app's media list, so the models
can be tested without the API layer. (Uniquely named: the tests dirs are not packages.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt

from fastpix_viewer.ui.lists.record_table import Column

BASE_TIME = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FakeMedia:
    id: str
    title: str
    status: str = "Ready"
    created_at: dt.datetime | None = BASE_TIME
    duration: float | None = 10.0
    stream_id: str | None = None
    playback_ids: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def media_columns() -> list[Column]:
    return [
        Column("title", "Title", lambda m: m.title, lambda m: m.title),
        Column("status", "Status", lambda m: m.status, lambda m: m.status.casefold(), badge=True),
        Column(
            "created",
            "Created",
            lambda m: m.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if m.created_at else "",
            lambda m: m.created_at,
        ),
        Column(
            "duration",
            "Duration",
            lambda m: fmt_duration(m.duration),
            lambda m: m.duration,
            alignment=Qt.AlignmentFlag.AlignRight,
            initial_order=Qt.SortOrder.DescendingOrder,
        ),
    ]


def media_search_text(m: FakeMedia) -> Iterable[str]:
    return [m.title, m.id, *m.playback_ids, *m.metadata.values()]


def make_media(i: int, **overrides) -> FakeMedia:
    values = dict(
        id=f"media-{i:05d}",
        title=f"Recording {i:05d}",
        status=("Ready", "Processing", "Failed", "waiting")[i % 4],
        created_at=BASE_TIME + dt.timedelta(minutes=(i * 37) % 1000),
        duration=float((i * 7919) % 5000),
        stream_id=f"stream-{i % 3}" if i % 2 == 0 else None,
        playback_ids=(f"pb-{i:05d}",),
        metadata={"camera": f"cam {i % 5}"},
    )
    values.update(overrides)
    return FakeMedia(**values)




def rendered_tooltip(tip: str) -> str:
    """What QToolTip would show: it renders as HTML only when Qt guesses rich text."""
    from PySide6.QtGui import Qt as GuiQt
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    if GuiQt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText()


_MANY: list[FakeMedia] = []


def many_media(n: int = 50_000) -> list[FakeMedia]:
    """`n` media built once per session (the rows are immutable)."""
    while len(_MANY) < n:
        _MANY.append(make_media(len(_MANY)))
    return _MANY[:n]
