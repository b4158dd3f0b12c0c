"""Compact rows (issue 15): 50,000 media rows share their repeated words instead of holding
one copy each, and still show and sort every row's own text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fastpix_viewer.api.models import parse_media
from fastpix_viewer.ui.lists.columns import media_model


def _media(index: int) -> dict:
    return {"id": f"00000000-0000-4000-8000-{index:012d}", "status": "Ready", "title": f"Talk {index:03d}",
            "createdAt": f"2026-11-{1 + index % 28:02d}T08:00:00Z", "duration": 10.0 + index,
            "maxResolution": "1080p", "playbackIds": [{"id": f"p{index:031d}", "accessPolicy": "public"}]}


def test_rows_share_repeated_words_and_keep_their_own_texts(qapp):
    model = media_model()
    medias = [parse_media(_media(i)) for i in range(60)]
    model.append_rows(model.prepare_rows(medias))
    keys = [c.key for c in model._columns]
    status, ident, title = keys.index("status"), keys.index("id"), keys.index("title")
    rows = [model._rows[i] for i in range(model.rowCount())]
    assert all(r.texts[status] is rows[0].texts[status] for r in rows)  # one "Ready" for all
    assert all(r.keys[status] is rows[0].keys[status] for r in rows)
    shown = sorted(model.index(i, ident).data(Qt.ItemDataRole.DisplayRole) for i in range(model.rowCount()))
    assert shown == sorted(m.id for m in medias)  # and every row still says its own ID
    model.sort(title, Qt.SortOrder.AscendingOrder)
    assert model.index(0, title).data(Qt.ItemDataRole.DisplayRole) == "Talk 000"
    assert model.index(59, title).data(Qt.ItemDataRole.DisplayRole) == "Talk 059"
