"""The Views column's loading rules with a held pool (the end-to-end proof against the sandbox is
tests/e2e_insights/test_views_column.py): one job per screenful, a bounded number in flight, a
reload drops the jobs it made stale, and FastPix's "no data" answer shows "—" and says why.
The client is a stand-in: the sandbox always has intervals, FastPix may answer with none."""

from __future__ import annotations

from typing import Any

import pytest
from fpv_support.fake_pool import FakePool
from PySide6.QtCore import Qt

from fastpix_viewer.api.models import parse_media
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.lists.record_list import RecordListPane
from fastpix_viewer.ui.lists.view_counts import LOADING_TEXT, MAX_BATCHES, NO_DATA_TEXT, ViewCounts


def _media(i: int) -> Any:
    return parse_media({"id": f"{i:08x}-0000-4000-8000-000000000000", "status": "Ready",
                        "createdAt": "2026-11-10T09:30:00Z", "title": f"Upload {i}"})


class _Client:
    def __init__(self, answers: dict[str, int | None]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def total_views(self, *, media_id: str | None = None, stream_id: str | None = None, span: str = "7d",
                    cancel: Any = None) -> int | None:
        self.asked.append(media_id or stream_id or "")
        return self.answers.get(media_id or "")


@pytest.fixture
def setup(qtbot):
    def make(answers: dict[str, int | None]) -> tuple[RecordListPane, FakePool, _Client]:
        pool, client = FakePool(hold=True), _Client(answers)
        counts = ViewCounts(pool, client)  # type: ignore[arg-type]
        pane = RecordListPane(columns.media_model(extra=(counts.column(),)))
        pane.setObjectName("mediaPane")
        pane.apply_column_layout(columns.COLUMN_WIDTHS, stretch="title", hidden=columns.HIDDEN_KEYS["mediaPane"])
        counts.attach(pane.view, pane.model)
        qtbot.addWidget(pane)
        pane.resize(600, 200)
        pane.show()
        qtbot.waitExposed(pane)
        pane.model.append_rows([_media(i) for i in range(200)])
        return pane, pool, client

    return make


def _text(pane: RecordListPane, row: int) -> str:
    return pane.model.index(row, pane.model.column_index("views")).data(Qt.ItemDataRole.DisplayRole)


def _show(pane: RecordListPane) -> None:
    pane.view.horizontalHeader().setSectionHidden(pane.model.column_index("views"), False)


def test_one_job_per_screenful_and_no_data_says_why(setup, qtbot):
    pane, pool, client = setup({})
    qtbot.wait(300)
    assert pool.queued == []  # hidden: nothing asked
    _show(pane)
    qtbot.waitUntil(lambda: len(pool.queued) == 1, timeout=3000)
    assert _text(pane, 0) == LOADING_TEXT and _text(pane, 150) == ""
    pool.run_all()
    shown = len(client.asked)
    assert 0 < shown < 20  # the rows on screen, not the 200 of the list
    assert _text(pane, 0) == NO_DATA_TEXT
    tip = pane.model.index(0, pane.model.column_index("views")).data(Qt.ItemDataRole.ToolTipRole)
    assert "no view data" in tip
    assert _text(pane, 150) == ""


def test_a_bounded_number_of_jobs_in_flight_and_a_reload_drops_them(setup, qtbot):
    answers = {_media(i).id: i for i in range(200)}
    pane, pool, client = setup(answers)
    _show(pane)
    qtbot.waitUntil(lambda: len(pool.queued) == 1, timeout=3000)
    bar = pane.view.verticalScrollBar()
    for value in (bar.maximum() // 3, 2 * bar.maximum() // 3, bar.maximum()):
        bar.setValue(value)
        qtbot.wait(250)
    assert len(pool.queued) == MAX_BATCHES  # scrolling fast does not queue a job per screenful
    stale = list(pool.queued)
    pane.model.replace_all([_media(i) for i in range(200)])  # the list reloads
    assert all(job.cancelled for job in stale)
    qtbot.waitUntil(lambda: any(not job.cancelled for job in pool.queued), timeout=3000)
    pool.run_all()
    view = pane.view
    top, bottom = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    on_screen = [pane.model.object_at(r).id for r in range(top, bottom + 1)]
    assert sorted(client.asked) == sorted(on_screen)  # the stale jobs never ran
    assert [_text(pane, r) for r in range(top, bottom + 1)] == [str(answers[i]) for i in on_screen]
