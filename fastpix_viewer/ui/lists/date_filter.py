"""The lists' "Created" date-range filter: a combo of recent ranges, applied by the proxy.

A row passes when its item was created within the chosen range (relative to now, so the
range moves with the clock); rows without a readable creation time pass only "Any time".
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtWidgets import QComboBox, QWidget

# (label, days back; None = any time)
DATE_RANGES: tuple[tuple[str, float | None], ...] = (
    ("Any time", None),
    ("Last 24 hours", 1),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 365 days", 365),
)


def date_range_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName("dateFilter")
    combo.setToolTip("Show only items created in this period")
    for label, _days in DATE_RANGES:
        combo.addItem(label)
    return combo


def since_for(combo_index: int, now: _dt.datetime | None = None) -> _dt.datetime | None:
    """The earliest creation time the combo's entry `combo_index` keeps (None: any)."""
    if not 0 <= combo_index < len(DATE_RANGES):
        return None
    days = DATE_RANGES[combo_index][1]
    if days is None:
        return None
    return (now or _dt.datetime.now(_dt.UTC)) - _dt.timedelta(days=days)
