"""The lists' table view repaints nothing for rows that arrive below the visible ones (issue 15:
QTableView repainted the whole list for every page appended, one repaint per page of a large
listing), and still shows every row that arrives where the user can see it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from ui_models_fakes import make_media

from fastpix_viewer.ui.lists.record_list import RecordListPane


class _PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _pane(qtbot, new_media_model, rows: int) -> tuple[RecordListPane, _PaintCounter]:
    pane = RecordListPane(new_media_model())
    qtbot.addWidget(pane)
    pane.resize(700, 300)
    pane.show()
    qtbot.waitExposed(pane)
    pane.model.append_rows([make_media(i) for i in range(rows)])
    counter = _PaintCounter()
    pane.view.viewport().installEventFilter(counter)
    qtbot.wait(50)  # the pending paints of the first rows
    counter.paints = 0
    return pane, counter


def _visible_ids(pane: RecordListPane) -> list[str]:
    view = pane.view
    first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    if last < 0:  # the rows end above the bottom of the view
        last = pane.proxy.rowCount() - 1
    return [pane.proxy.object_at(r).id for r in range(first, last + 1)]


def test_rows_appended_below_the_visible_ones_repaint_nothing(qtbot, new_media_model):
    pane, counter = _pane(qtbot, new_media_model, 100)
    shown = _visible_ids(pane)
    scroll = pane.view.verticalScrollBar()
    before = scroll.maximum()
    last_row_id = pane.proxy.object_at(pane.proxy.rowCount() - 1).id
    for page in range(5):  # five pages arriving, as a listing loads
        pane.model.append_rows([make_media(1000 + page * 20 + i) for i in range(20)])
        qtbot.wait(20)
    assert pane.proxy.rowCount() == 200
    assert counter.paints == 0
    assert _visible_ids(pane) == shown  # what the user sees did not change
    assert scroll.maximum() > before  # the scroll bar knows about the new rows
    pane.view.scrollToBottom()
    qtbot.waitUntil(lambda: counter.paints > 0)
    ids = _visible_ids(pane)
    assert ids[-1] == pane.proxy.object_at(199).id and ids[-1] != last_row_id


def test_a_row_sorted_in_among_the_visible_ones_is_painted(qtbot, new_media_model):
    pane, counter = _pane(qtbot, new_media_model, 100)
    title = pane.model.column_index("title")
    pane.model.sort(title)
    qtbot.wait(50)
    counter.paints = 0
    pane.model.append_rows([make_media(5000, title="A recording sorted first")])
    qtbot.waitUntil(lambda: counter.paints > 0)
    assert _visible_ids(pane)[0] == "media-05000"


def test_a_list_not_yet_full_paints_its_new_rows(qtbot, new_media_model):
    pane, counter = _pane(qtbot, new_media_model, 3)
    pane.model.append_rows([make_media(3)])
    qtbot.waitUntil(lambda: counter.paints > 0)
    assert "media-00003" in _visible_ids(pane)
