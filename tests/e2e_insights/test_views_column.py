"""The lists' Views column (issue 18 item 5), end to end against the sandbox: hidden until the
header's menu shows it, then loaded for the rows on screen only (the sandbox's request log
proves rows far below were not asked for), more when the list scrolls, the numbers the
sandbox's Video Data gives for the last 7 days, and "—" with the reason when the request fails."""

from __future__ import annotations

import httpx
from fpv_insights_helpers import api_get
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from fastpix_viewer.ui.core.items import MEDIA_TAB, STREAMS_TAB
from fastpix_viewer.ui.lists.table_rows import SortRole
from fastpix_viewer.ui.lists.view_counts import HEADER_TIP, NO_DATA_TEXT

VIEWS_PATH = "/data/metrics/views/timeseries"


def _show_views(pane) -> int:
    column = pane.model.column_index("views")
    assert pane.view.horizontalHeader().isSectionHidden(column), "Views starts hidden"
    menu = pane.header_menu()
    action = menu.findChild(QAction, "column_views")
    action.setChecked(True)
    menu.deleteLater()
    return column


def _asked_ids(sandbox, dimension: str, since: int = 0) -> list[str]:
    """The item IDs whose views were asked of the sandbox (from log entry `since` on), in order."""
    log = httpx.get(f"{sandbox.control_base}/requests", timeout=10).json()
    asked = []
    for entry in log[since:]:
        if entry["path"] == VIEWS_PATH:
            query = httpx.QueryParams(entry["query"])
            asked.append(query["filterby[]"].removeprefix(f"{dimension}:"))
    return asked


def _log_length(sandbox) -> int:
    return len(httpx.get(f"{sandbox.control_base}/requests", timeout=10).json())


def _weekly_views(sandbox, filter_by: str) -> int:
    body = api_get(sandbox, "data/metrics/views/timeseries", **{
        "timespan[]": "7:days", "filterby[]": filter_by, "groupBy": "day", "measurement": "count",
        "sortOrder": "asc"})
    return sum(p["metricValue"] or 0 for p in body["data"])


def _visible_rows(view) -> range:
    top = view.rowAt(0)
    bottom = view.rowAt(view.viewport().height() - 1)
    return range(top, (view.model().rowCount() - 1 if bottom < 0 else bottom) + 1)


def _cell(view, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return view.model().index(row, column).data(role)


def _id(view, row: int) -> str:
    return view.model().index(row, 0).data(Qt.ItemDataRole.UserRole + 3)


def _counted(view, column: int) -> bool:
    return all(str(_cell(view, r, column) or "").isdigit() for r in _visible_rows(view))


def test_views_load_for_the_visible_rows_then_more_on_scroll(app, sandbox):
    window = app.window()
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    pane = window.media_pane
    view = pane.view
    rows = view.model().rowCount()
    assert rows >= 9
    # A short list: three rows on screen, the rest far below.
    view.setFixedHeight(view.horizontalHeader().height() + 3 * view.verticalHeader().defaultSectionSize() + 4)
    app.qtbot.waitUntil(lambda: len(_visible_rows(view)) <= 4, timeout=5000)
    app.wait_idle(window)
    assert _asked_ids(sandbox, "media_id") == []  # hidden: nothing asked
    column = _show_views(pane)
    assert pane.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == HEADER_TIP
    app.qtbot.waitUntil(lambda: _counted(view, column), timeout=10000)
    app.wait_idle(window)
    first = [_id(view, r) for r in _visible_rows(view)]
    asked = _asked_ids(sandbox, "media_id")
    assert sorted(asked) == sorted(first)  # one request per row on screen, none for the others
    for r in _visible_rows(view):
        views = _weekly_views(sandbox, f"media_id:{_id(view, r)}")
        assert _cell(view, r, column) == str(views)
        assert _cell(view, r, column, SortRole) == views
        assert "7 days" in _cell(view, r, column, Qt.ItemDataRole.ToolTipRole)
    assert any(_cell(view, r, column) == "" for r in range(rows))  # rows below: not loaded

    mark = _log_length(sandbox)  # the truth asked above is not the window's asking
    view.scrollToBottom()
    app.qtbot.waitUntil(lambda: _counted(view, column), timeout=10000)
    app.wait_idle(window)
    last = [_id(view, r) for r in _visible_rows(view)]
    assert rows - 1 in _visible_rows(view)
    later = _asked_ids(sandbox, "media_id", since=mark)
    assert set(later) == set(last) - set(first) and len(later) == len(set(later))  # cached: none twice
    assert len(asked) + len(later) < rows
    assert _cell(view, rows - 1, column) == str(_weekly_views(sandbox, f"media_id:{_id(view, rows - 1)}"))


def test_sorting_by_views_uses_the_loaded_counts(app, sandbox):
    window = app.window()
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    pane = window.media_pane
    column = _show_views(pane)
    app.qtbot.waitUntil(lambda: _counted(pane.view, column), timeout=10000)
    app.wait_idle(window)
    pane.sort_by("views", Qt.SortOrder.DescendingOrder)
    counts = [_cell(pane.view, r, column, SortRole) for r in _visible_rows(pane.view)]
    known = [c for c in counts if c is not None]
    assert known and known == sorted(known, reverse=True)


def test_live_streams_views_and_a_failure_says_why(app, sandbox):
    window = app.window()
    window.list_tabs.setCurrentIndex(STREAMS_TAB)
    pane = window.streams_pane
    column = _show_views(pane)
    view = pane.view
    app.qtbot.waitUntil(lambda: _counted(view, column), timeout=10000)
    app.wait_idle(window)
    stream_id = _id(view, 0)
    assert sorted(_asked_ids(sandbox, "fp_live_stream_id")) == sorted(_id(view, r) for r in _visible_rows(view))
    assert _cell(view, 0, column) == str(_weekly_views(sandbox, f"fp_live_stream_id:{stream_id}"))

    # The recordings of the selected stream: the same column, asked by media ID.
    recordings = window.recordings_pane
    recorded = next(s for s in window.streams_model.objects() if s.media_ids)
    assert window.select(STREAMS_TAB, recorded.id)
    app.qtbot.waitUntil(lambda: recordings.view.model().rowCount() > 0, timeout=10000)
    app.wait_idle(window)
    r_column = _show_views(recordings)
    app.qtbot.waitUntil(lambda: _counted(recordings.view, r_column), timeout=10000)
    media_id = _id(recordings.view, 0)
    assert _cell(recordings.view, 0, r_column) == str(_weekly_views(sandbox, f"media_id:{media_id}"))

    # The Media list asks now, and the metrics host fails: "—" and the reason.
    httpx.post(f"{sandbox.control_base}/faults", json={"spec": "api/data/metrics/*:status=503", "seed": 1},
               timeout=10).raise_for_status()
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    media = window.media_pane
    m_column = _show_views(media)
    fresh = [r for r in _visible_rows(media.view) if str(_cell(media.view, r, m_column)) in ("", "…")]
    assert fresh
    app.qtbot.waitUntil(lambda: _cell(media.view, fresh[0], m_column) == NO_DATA_TEXT, timeout=15000)
    tip = _cell(media.view, fresh[0], m_column, Qt.ItemDataRole.ToolTipRole)
    assert "No views shown. The request failed: " in tip and "HTTP 503" in tip, tip
    assert _cell(media.view, fresh[0], m_column, SortRole) is None
    app.wait_idle(window)
