"""Status → colour mapping and the badge delegate's painting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from ui_models_fakes import make_media

from fastpix_viewer.ui.lists.record_list import RecordListPane
from fastpix_viewer.ui.lists.status_badge import (
    CATEGORIES,
    FAILED,
    IDLE,
    LIVE,
    PROCESSING,
    READY,
    badge_text_colour,
    status_category,
    status_colour,
)


@pytest.mark.parametrize(
    ("status", "category"),
    [
        ("idle", IDLE),
        ("IDLE", IDLE),
        ("preparing", "preparing"),
        ("active", LIVE),
        ("disabled", "disabled"),
        ("Ready", READY),
        ("ready", READY),
        ("available", READY),
        (" In  Queue ", PROCESSING),
        ("Created", PROCESSING),
        ("waiting", PROCESSING),
        ("Failed", FAILED),
        ("something-new", PROCESSING),
        ("", PROCESSING),
        (None, PROCESSING),
        (42, PROCESSING),
    ],
)
def test_status_category(status, category):
    assert status_category(status) == category


def contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def palette_with_base(colour: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(colour))
    return palette


def test_colours_are_distinct_readable_and_palette_aware(qapp):
    light, dark = palette_with_base("#ffffff"), palette_with_base("#202020")
    representative = {"idle": "idle", "preparing": "preparing", "live": "active", "disabled": "disabled",
                      "ready": "Ready", "processing": "Processing", "failed": "Failed"}
    assert set(representative) == set(CATEGORIES)
    for palette in (light, dark):
        fills = {status_colour(s, palette).name() for s in representative.values()}
        assert len(fills) == len(CATEGORIES)
        for status in representative.values():
            fill = status_colour(status, palette)
            assert contrast(fill, badge_text_colour(fill)) >= 3.0, status
    assert status_colour("Ready", light) != status_colour("Ready", dark)
    assert status_colour("brand-new", light) == status_colour("Processing", light)


def _shown_pane(qtbot, new_media_model, statuses: list[str]) -> tuple[RecordListPane, int]:
    """A media list on screen with one row per status and a 150 px status column."""
    pane = RecordListPane(new_media_model())
    qtbot.addWidget(pane)
    pane.resize(700, 300)
    pane.show()
    qtbot.waitExposed(pane)
    pane.model.append_rows([make_media(i, status=s) for i, s in enumerate(statuses)])
    status_col = pane.model.column_index("status")
    pane.view.setColumnWidth(status_col, 150)
    return pane, status_col


def _near(pixel: QColor, want: QColor) -> bool:
    return abs(pixel.red() - want.red()) + abs(pixel.green() - want.green()) + abs(pixel.blue() - want.blue()) < 30


def test_badges_are_painted_in_their_colour(qtbot, new_media_model):
    statuses = ["Ready", "Failed", "Processing", "<b>Ready</b>"]
    pane, status_col = _shown_pane(qtbot, new_media_model, statuses)
    image = pane.view.viewport().grab().toImage()
    for row, status in enumerate(statuses):
        rect = pane.view.visualRect(pane.proxy.index(row, status_col))
        # Just inside the badge's left end, before the text starts.
        pixel = image.pixelColor(rect.left() + 6, rect.center().y())
        want = status_colour(status, pane.view.palette())
        assert _near(pixel, want), (status, pixel.name(), want.name())
    assert pane.proxy.index(3, status_col).data() == "<b>Ready</b>"
    assert pane.proxy.index(0, status_col).data(Qt.ItemDataRole.DisplayRole) == "Ready"


def test_drawn_badges_follow_a_changed_status_and_a_narrower_column(qtbot, new_media_model):
    # Badges are drawn once and reused (issue 15): reuse must never show a stale one.
    pane, col = _shown_pane(qtbot, new_media_model, ["Ready", "Ready"])

    def badge_pixel(row: int, dx: int = 6):
        image = pane.view.viewport().grab().toImage()
        rect = pane.view.visualRect(pane.proxy.index(row, col))
        return image.pixelColor(rect.left() + dx, rect.center().y()), rect

    ready = status_colour("Ready", pane.view.palette())
    assert _near(badge_pixel(0)[0], ready) and _near(badge_pixel(1)[0], ready)
    changed = make_media(1, status="Failed")
    assert pane.model.update_row(changed.id, changed)
    assert _near(badge_pixel(1)[0], status_colour("Failed", pane.view.palette()))
    assert _near(badge_pixel(0)[0], ready)  # the other row keeps its own
    pane.view.setColumnWidth(col, 30)  # narrower than the word: the badge stays inside its cell
    _pixel, rect = badge_pixel(0)
    image = pane.view.viewport().grab().toImage()
    assert not _near(image.pixelColor(rect.right() + 2, rect.center().y()), ready)
