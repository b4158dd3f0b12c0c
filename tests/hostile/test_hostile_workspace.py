"""The main window on a hostile workspace (see fpv_hostile_support): lists, details, tracks,
recordings, player message, window title, labels and tooltips show API text as plain text
and never break: no unhandled exception, no Qt warning (pytest-qt fails the test), models
that pass qtmodeltester, and a window that still answers afterwards."""

from __future__ import annotations

import sys
import threading

import pytest
from fpv_hostile_support import HTML, MEGABYTE, RLO
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel

from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB

EVIL = "evil.example"


@pytest.fixture
def no_unhandled_exceptions():
    """Installed inside the test body (above pytest-qt's hook): any exception reaching
    sys.excepthook (Qt slots) or threading.excepthook fails the test."""
    caught: list[BaseException] = []
    previous = sys.excepthook, threading.excepthook

    def install() -> list[BaseException]:
        sys.excepthook = lambda _t, exc, _tb: caught.append(exc)
        threading.excepthook = lambda args: caught.append(args.exc_value)
        return caught

    yield install
    sys.excepthook, threading.excepthook = previous
    assert not caught, f"unhandled exception(s): {caught!r}"


def assert_plain(window) -> None:
    """No label renders API markup, and the window title stays a bounded single line."""
    for label in window.findChildren(QLabel):
        text = label.text()
        if EVIL in text or "\u202e" in text:
            assert label.textFormat() == Qt.TextFormat.PlainText or not GuiQt.mightBeRichText(text), \
                (label.objectName(), text[:80])
    assert MEGABYTE not in window.windowTitle() and len(window.windowTitle()) < 2000


def assert_tooltips_plain(model) -> None:
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
            if tip is None:
                continue
            assert isinstance(tip, str) and len(tip) < 20_000
            if EVIL in tip:
                assert HTML not in tip, "a tooltip would render API markup"
            display = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            assert display is None or (isinstance(display, str) and len(display) < 20_000)


def test_lists_load_and_every_row_shows_as_plain_text(hostile_window, qtbot, qtmodeltester,
                                                     no_unhandled_exceptions):
    window, data = hostile_window
    no_unhandled_exceptions()
    # Everything that is an object is listed (unreadable entries as rows saying so, or skipped).
    assert window.media_model.rowCount() >= sum(isinstance(m, dict) for m in data.media) - 1
    assert window.streams_model.rowCount() >= sum(isinstance(s, dict) for s in data.streams) - 1
    for tab, pane in ((MEDIA_TAB, window.media_pane), (STREAMS_TAB, window.streams_pane)):
        qtmodeltester.check(pane.proxy)
        assert_tooltips_plain(pane.proxy)
        window.list_tabs.setCurrentIndex(tab)
        for row in range(pane.proxy.rowCount()):
            pane.view.setCurrentIndex(pane.proxy.index(row, 0))
            qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)
            assert_plain(window)
            qtmodeltester.check(window.details_view.json_model)
            qtmodeltester.check(window.tracks_model)
            if tab == STREAMS_TAB:
                qtmodeltester.check(window.recordings_pane.proxy)
                assert_tooltips_plain(window.recordings_pane.proxy)
    assert window.workspace_label.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.parametrize("which", ["nan_media", "deep_media", "bigint_media"])
def test_unreadable_details_keep_the_row_and_say_so(hostile_window, qtbot, which, no_unhandled_exceptions):
    window, data = hostile_window
    no_unhandled_exceptions()
    media_id = getattr(data, which)
    rows_before = window.media_model.rowCount()
    assert window.select(MEDIA_TAB, media_id)
    qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)
    assert window.current_item() is not None and window.current_item().id == media_id
    assert window.media_model.rowCount() == rows_before  # a failed detail fetch wipes nothing
    assert f"/v1/on-demand/{media_id}" in data.requests
    status = window.status_text()
    assert status.startswith("Could not refresh the details:"), status
    assert "Traceback" not in status and len(status) < 400
    assert_plain(window)


@pytest.mark.parametrize("token", ["NaN", "-Infinity", "9" * 5000, "[" * 5000 + "]" * 5000])
def test_an_unreadable_list_page_keeps_what_is_shown(hostile_window, qtbot, token, no_unhandled_exceptions):
    window, data = hostile_window
    no_unhandled_exceptions()
    shown = [o.id if hasattr(o, "id") else None for o in window.media_model.objects()]
    assert shown
    data.raw["/v1/on-demand"] = ('{"success": true, "data": [{"id": "ID", "duration": TOKEN}], '
                                 '"pagination": {"totalRecords": 1, "currentOffset": 1, "offsetCount": 1}}'
                                 ).replace("ID", data.good_media).replace("TOKEN", token)
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading() and window.pool.pending_count() == 0, timeout=20000)
    assert "/v1/on-demand" in data.requests
    # The failed refresh wipes nothing and says why, in plain words.
    assert [o.id if hasattr(o, "id") else None for o in window.media_model.objects()] == shown
    assert window.streams_model.rowCount() > 0
    said = window.media_banner.text()
    assert "JSON" in said or "read" in said, said
    assert "Traceback" not in said and len(said) < 600
    assert_plain(window)


def test_a_stream_whose_recordings_do_not_exist(hostile_window, qtbot, no_unhandled_exceptions):
    window, data = hostile_window
    no_unhandled_exceptions()
    stream = next(s for s in window.streams_model.objects()
                  if getattr(s, "media_ids", None) and data.missing[0] in s.media_ids)
    assert window.select(STREAMS_TAB, stream.id)
    qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)
    assert_plain(window)
    # Invalid IDs in mediaIds never reached a URL.
    assert not any("/x" == r[-2:] or ".." in r for r in data.requests)


def test_playing_hostile_media_ends_in_a_plain_message(hostile_window, qtbot, no_unhandled_exceptions):
    window, data = hostile_window
    no_unhandled_exceptions()
    assert window.select(MEDIA_TAB, data.good_media)
    qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)
    window.play_item(window.current_item())
    qtbot.waitUntil(lambda: window.player.state() == "error" or bool(window.player.message()), timeout=20000)
    message = window.player.message()
    assert message and "Traceback" not in message and HTML not in message
    assert_plain(window)
    # And the window still answers: another selection works.
    assert window.select(MEDIA_TAB, data.dup_media)


def test_no_request_carries_an_unvalidated_id(hostile_window, qtbot):
    window, data = hostile_window
    for pane in (window.media_pane, window.streams_pane):
        for row in range(pane.proxy.rowCount()):
            pane.view.setCurrentIndex(pane.proxy.index(row, 0))
            qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)
    for path in data.requests:
        assert ".." not in path and "passwd" not in path and "token" not in path, path
    assert RLO not in "".join(data.requests)
