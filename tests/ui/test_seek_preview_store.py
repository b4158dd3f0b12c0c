"""The spritesheets kept for the seek-bar preview are bounded in decoded bytes, not only in
count: one sheet of an hour-long recording is ~6 MB decoded, and 32 of them held ~180 MB."""

from __future__ import annotations

from PySide6.QtGui import QPixmap

from fastpix_viewer.ui.playback import seek_preview
from fastpix_viewer.ui.playback.seek_preview import SheetStore


def sheet(width: int, height: int) -> tuple[object, QPixmap]:
    return (object(), QPixmap(width, height))


def test_oldest_sheets_go_once_their_bytes_pass_the_budget(qapp, monkeypatch):
    monkeypatch.setattr(seek_preview, "SHEETS_BUDGET", 3 * 1600 * 900 * 4)  # room for three sheets
    store = SheetStore()
    for i in range(5):
        store.put(f"media-{i}", sheet(1600, 900))
    assert [m for m in (f"media-{i}" for i in range(5)) if m in store] == ["media-2", "media-3", "media-4"]
    assert store.decoded_bytes() <= seek_preview.SHEETS_BUDGET
    store.put("no-sheet", None)  # a media without a spritesheet costs nothing and is remembered
    assert "no-sheet" in store and "media-2" in store


def test_the_newest_sheet_is_kept_even_alone_over_the_budget(qapp, monkeypatch):
    monkeypatch.setattr(seek_preview, "SHEETS_BUDGET", 1000)
    store = SheetStore()
    store.put("old", sheet(200, 200))
    store.put("playing", sheet(1600, 900))
    assert "playing" in store and "old" not in store
    assert store.get("playing") is not None


def test_at_most_keep_media_are_remembered(qapp):
    count = seek_preview.KEEP + 5
    store = SheetStore()
    for i in range(count):
        store.put(f"m{i}", None)
    assert sum(f"m{i}" in store for i in range(count)) == seek_preview.KEEP
    assert f"m{count - 1}" in store and "m0" not in store
