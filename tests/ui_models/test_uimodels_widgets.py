"""RecordListPane and DetailsView driven like a user would (offscreen)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QTableView
from ui_models_fakes import make_media, many_media

from fastpix_viewer.ui.details.details_view import DetailsView
from fastpix_viewer.ui.details.json_tree import MASK
from fastpix_viewer.ui.lists.record_list import MEDIA_STATUS_OPTIONS, RecordListPane
from fastpix_viewer.ui.lists.record_table import IdRole, SortRole

OBSERVED = Path("/work/shared/fastpix-openapi/observed-responses")


@pytest.fixture
def us_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def pane(qtbot, new_media_model, us_locale):
    widget = RecordListPane(
        new_media_model(),
        status_options=MEDIA_STATUS_OPTIONS,
        recordings_predicate=lambda m: m.stream_id is not None,
    )
    qtbot.addWidget(widget)
    widget.resize(800, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_ids(pane: RecordListPane) -> list[str]:
    proxy = pane.proxy
    return [proxy.index(r, 0).data(IdRole) for r in range(proxy.rowCount())]


def test_interactive_widgets_have_object_names(pane):
    assert isinstance(pane.findChild(QLineEdit, "filterEdit"), QLineEdit)
    assert pane.findChild(QLineEdit, "filterEdit").placeholderText() == "Filter…"
    assert isinstance(pane.findChild(QComboBox, "statusFilter"), QComboBox)
    assert isinstance(pane.findChild(QCheckBox, "recordingsOnly"), QCheckBox)
    assert isinstance(pane.findChild(QTableView, "recordView"), QTableView)
    assert isinstance(pane.findChild(QLabel, "progressLabel"), QLabel)
    assert isinstance(pane.findChild(QLabel, "countLabel"), QLabel)


def test_progress_and_count_labels_follow_pages(qtbot, pane):
    pane.set_progress(0, 10_000)
    assert pane.progress_label.text() == "Loaded 0 of 10,000"
    pane.model.append_rows([make_media(i) for i in range(3_500)])
    pane.set_progress(3_500, 10_000)
    assert pane.progress_label.text() == "Loaded 3,500 of 10,000"
    qtbot.waitUntil(lambda: pane.count_label.text() == "Showing 3,500")
    pane.set_progress(3_500, None)
    assert pane.progress_label.text() == "Loaded 3,500"


def test_typing_filters_after_a_pause_and_follows_new_rows(qtbot, pane):
    pane.model.append_rows([make_media(i) for i in range(40)])
    qtbot.keyClicks(pane.filter_edit, "cam 3")
    # Debounced: nothing filtered the instant the text changes.
    assert pane.proxy.rowCount() == 40
    qtbot.waitUntil(lambda: pane.proxy.rowCount() == 8)
    assert all(pane.model.object_for_id(i).metadata["camera"] == "cam 3" for i in shown_ids(pane))
    pane.model.append_rows([make_media(i) for i in range(40, 50)])
    assert pane.proxy.rowCount() == 10
    qtbot.waitUntil(lambda: pane.count_label.text() == "Showing 10")


def test_status_combo_and_recordings_only(qtbot, pane):
    pane.model.append_rows([make_media(i) for i in range(12)])
    pane.status_combo.setCurrentIndex(pane.status_combo.findText("Ready"))
    assert shown_ids(pane) == ["media-00000", "media-00004", "media-00008"]
    pane.recordings_check.setChecked(True)  # stream_id set on even rows only
    pane.status_combo.setCurrentIndex(pane.status_combo.findText("Processing"))  # Processing + waiting
    assert shown_ids(pane) == []
    pane.recordings_check.setChecked(False)
    assert shown_ids(pane) == ["media-00001", "media-00003", "media-00005", "media-00007", "media-00009", "media-00011"]
    pane.status_combo.setCurrentIndex(0)
    assert pane.proxy.rowCount() == 12


def test_header_click_sorts_and_state_round_trips(qtbot, pane, new_media_model):
    pane.model.append_rows([make_media(i) for i in range(30)])
    header = pane.view.horizontalHeader()
    duration = pane.model.column_index("duration")
    click_at = QPoint(header.sectionViewportPosition(duration) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    assert header.sortIndicatorSection() == duration
    # The duration column asks for descending first (Column.initial_order).
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    values = [pane.model.object_for_id(i).duration for i in shown_ids(pane)]
    assert values == sorted(values, reverse=True)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    values = [pane.model.object_for_id(i).duration for i in shown_ids(pane)]
    assert values == sorted(values)
    pane.sort_by("title", Qt.SortOrder.DescendingOrder)
    assert shown_ids(pane)[0] == "media-00029"
    pane.view.setColumnWidth(0, 333)
    state = pane.header_state()

    other = RecordListPane(new_media_model())
    qtbot.addWidget(other)
    other.model.append_rows([make_media(i) for i in range(5)])
    assert other.restore_header_state(state)
    assert other.view.columnWidth(0) == 333
    assert shown_ids(other)[0] == "media-00004"
    assert not other.restore_header_state(b"garbage")


def test_a_row_made_current_quietly_survives_a_focus_in_and_is_announced_once(qtbot, pane):
    # Start-up (issue 15): the first stream with recordings is made current at once and
    # announced after the first paint. A focus-in meanwhile (a window manager activating the
    # window) must not make the first row current instead, as it did once in the demo.
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent

    pane.model.append_rows([make_media(i) for i in range(5)])
    seen = []
    pane.currentObjectChanged.connect(seen.append)
    assert pane.select_id("media-00003", announce=False)
    QApplication.sendEvent(pane.view, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason))
    qtbot.wait(10)
    assert seen == [] and pane.current_object().id == "media-00003"
    pane.announce_current()
    pane.announce_current()
    assert [o.id for o in seen] == ["media-00003"]


def test_down_arrow_moves_current_and_emits_object(qtbot, pane):
    pane.model.append_rows([make_media(i) for i in range(5)])
    pane.sort_by("title", Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(pane.currentObjectChanged) as first:
        assert pane.select_id("media-00004")
    assert first.args[0].id == "media-00004"
    with qtbot.waitSignal(pane.currentObjectChanged) as moved:
        qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    assert moved.args[0].id == "media-00003"
    assert pane.current_object().id == "media-00003"
    # Updating the current row in place does not re-announce it.
    seen = []
    pane.currentObjectChanged.connect(seen.append)
    pane.model.update_row("media-00003", make_media(3, title="Recording 00003 (renamed)"))
    qtbot.wait(10)
    assert seen == []


def test_hostile_titles_render_without_breaking_the_list(qtbot, pane):
    hostile = ["<img src=x onerror=alert(1)>", "<b>bold</b>", "evil\u202etxt.exe", "z" * 1_000_000]
    pane.model.append_rows([make_media(i, title=t, status="<i>Ready</i>") for i, t in enumerate(hostile)])
    pane.view.resizeColumnToContents(0)
    image = pane.grab()  # paints every visible cell, badges included
    assert not image.isNull()
    assert pane.proxy.index(0, 0).data() == "<img src=x onerror=alert(1)>"
    assert pane.proxy.index(1, 0).data() == "<b>bold</b>"
    assert pane.proxy.index(2, 0).data() == "evil\u202etxt.exe"
    pane.filter_edit.setText("<b>")
    pane.apply_text_filter()
    assert shown_ids(pane) == ["media-00001"]


# ---- details view ----------------------------------------------------------------------


@pytest.fixture
def details(qtbot):
    view = DetailsView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    qtbot.waitExposed(view)
    stream = json.loads((OBSERVED / "get-live-stream-by-id.json").read_text())["data"]
    stream = copy.deepcopy(stream)
    stream["streamKey"] = "sk-live-123"
    view.set_document("Stream <b>fastpix_livestream</b>", stream)
    return view


def action(menu, name):
    found = [a for a in menu.actions() if a.objectName() == name]
    return found[0] if found else None


def test_ctrl_c_copies_the_real_value_not_the_mask(qtbot, details):
    model = details.json_model
    key = model.index_for_path(["streamKey"])
    details.setCurrentIndex(key)
    assert key.sibling(key.row(), 1).data() == MASK
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(details, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "sk-live-123"
    assert key.sibling(key.row(), 1).data() == MASK  # copying does not reveal on screen


def test_context_menu_copy_json_reveal_and_expand(qtbot, details):
    model = details.json_model
    assert model.index(0, 0).data() == "Stream <b>fastpix_livestream</b>"
    assert details.isExpanded(model.index(0, 0))

    playback = model.index_for_path(["playbackIds"])
    menu = details.context_menu_for(playback)
    assert action(menu, "revealAction") is None  # not a secret
    action(menu, "copyJsonAction").trigger()
    assert json.loads(QApplication.clipboard().text()) == [
        {"id": "e3d28adb-df80-4a57-adf5-46522ffa3eff", "accessPolicy": "public"}
    ]
    action(menu, "copyValueAction").trigger()
    assert json.loads(QApplication.clipboard().text())[0]["accessPolicy"] == "public"

    key = model.index_for_path(["streamKey"])
    menu = details.context_menu_for(key)
    assert action(menu, "revealAction").text() == "Reveal"
    action(menu, "revealAction").trigger()
    assert key.sibling(key.row(), 1).data() == "sk-live-123"
    hide = action(details.context_menu_for(key), "revealAction")
    assert hide.text() == "Hide"
    hide.trigger()
    assert key.sibling(key.row(), 1).data() == MASK

    action(details.context_menu_for(key), "revealAllAction").trigger()
    sim = model.index_for_path(["simulcastResponses", 0, "streamKey"], column=1)
    assert sim.data() == "<redacted>"  # the recorded value, now visible
    action(details.context_menu_for(key), "revealAllAction").trigger()
    assert sim.data() == MASK

    action(details.context_menu_for(key), "expandAllAction").trigger()
    assert details.isExpanded(model.index_for_path(["srtPlaybackResponse"]))
    action(details.context_menu_for(key), "collapseAllAction").trigger()
    assert not details.isExpanded(model.index(0, 0))


def test_field_column_fits_within_bounds(details):
    width = details.columnWidth(0)
    assert 120 <= width <= max(120, int(details.viewport().width() * 0.45))
    details.set_document(None, {"k" * 400: 1})
    assert details.columnWidth(0) <= max(120, int(details.viewport().width() * 0.45))


def test_deep_and_huge_documents_paint(qtbot, details):
    doc: object = "<b>bottom</b>"
    for _ in range(200):
        doc = {"n": doc}
    details.set_document("deep", {"deep": doc, "big": "q" * 1_000_000})
    details.expandAll()
    assert not details.grab().isNull()
    big = details.json_model.index_for_path(["big"])
    details.copy_value(big)
    assert len(QApplication.clipboard().text()) == 1_000_000


def test_fifty_thousand_rows_through_the_pane(qtbot, pane):
    """Smoke run at the size the issue asks for: pages arrive while a sort and a
    status filter are active, then the user types a filter."""
    pane.sort_by("created", Qt.SortOrder.DescendingOrder)
    pane.status_combo.setCurrentIndex(pane.status_combo.findText("Failed"))
    rows = many_media(50_000)
    for start in range(0, 50_000, 5_000):
        pane.model.append_rows(rows[start : start + 5_000])
        pane.set_progress(start + 5_000, 50_000)
        qtbot.wait(1)  # let the view repaint between pages, as in the app
    assert pane.progress_label.text() == "Loaded 50,000 of 50,000"
    qtbot.waitUntil(lambda: pane.count_label.text() == "Showing 12,500")
    created = [pane.proxy.index(r, 2).data(SortRole) for r in range(pane.proxy.rowCount())]
    assert created == sorted(created, reverse=True)
    pane.select_id("media-00002")
    qtbot.keyClicks(pane.filter_edit, "recording 4")
    qtbot.waitUntil(lambda: pane.count_label.text() == "Showing 2,500")
    assert all(pane.model.object_for_id(i).title.startswith("Recording 4") for i in shown_ids(pane))
    assert not pane.grab().isNull()


def test_refresh_of_the_same_record_keeps_expansion_and_reveals(qtbot, details):
    model = details.json_model
    stream = copy.deepcopy(model.document())
    assert details.expand_path(["simulcastResponses", 0, "metadata"])
    key = model.index_for_path(["simulcastResponses", 0, "streamKey"])
    model.set_revealed(key, True)
    details.setCurrentIndex(model.index_for_path(["status"], column=1))

    stream["status"] = "active"
    details.set_document("Stream <b>fastpix_livestream</b>", stream, same_record=True)
    assert details.isExpanded(model.index_for_path(["simulcastResponses", 0, "metadata"]))
    assert model.index_for_path(["simulcastResponses", 0, "streamKey"], column=1).data() == "<redacted>"
    assert model.index_for_path(["streamKey"], column=1).data() == MASK
    assert details.currentIndex().data() == "active"

    # Another record: collapsed again and everything masked.
    details.set_document("Stream 2", stream)
    assert not details.isExpanded(model.index_for_path(["simulcastResponses"]))
    assert model.index_for_path(["simulcastResponses", 0, "streamKey"], column=1).data() == MASK


def test_filtering_never_switches_to_a_record_the_user_did_not_pick(qtbot, pane):
    pane.model.append_rows([make_media(i) for i in range(10)])
    seen = []
    pane.currentObjectChanged.connect(lambda obj: seen.append(None if obj is None else obj.id))
    pane.select_id("media-00005")
    assert seen == ["media-00005"]
    pane.filter_edit.setText("recording 0000")  # still visible: nothing announced
    pane.apply_text_filter()
    assert seen == ["media-00005"]
    assert pane.current_object().id == "media-00005"
    pane.filter_edit.setText("recording 00003")  # hidden: announced as gone, not the neighbour
    pane.apply_text_filter()
    assert seen == ["media-00005", None]
    assert pane.current_object() is None
    pane.filter_edit.clear()  # back: the picked record is current again
    pane.apply_text_filter()
    assert seen == ["media-00005", None, "media-00005"]
    assert pane.current_object().id == "media-00005"
    # A refresh that replaces every row keeps the pick when it is still there.
    pane.model.replace_all([make_media(i) for i in range(3, 8)])
    assert pane.current_object().id == "media-00005"
    assert seen == ["media-00005", None, "media-00005"]
    pane.model.replace_all([make_media(i) for i in range(3)])
    assert seen[-1] is None


def test_the_list_paints_in_the_foreground_so_busy_workers_pause(qtbot, pane):
    """Issue 15: each repaint asks the Python model thousands of times; a worker preparing rows
    meanwhile made every ask wait on the GIL. The view marks its paint (api.step_aside)."""
    from fastpix_viewer.api import step_aside

    pane.model.append_rows([make_media(i) for i in range(30)])
    seen: list[bool] = []
    real_data = pane.model.data
    pane.model.data = lambda index, role=Qt.ItemDataRole.DisplayRole: (
        seen.append(step_aside.in_foreground()) or real_data(index, role))
    pane.view.viewport().repaint()
    assert seen and all(seen)
    assert not step_aside.in_foreground()


def test_a_filter_change_runs_in_the_foreground(qtbot, pane):
    """Filtering again calls into Python once per row (issue 15): busy workers pause meanwhile."""
    from fastpix_viewer.api import step_aside

    pane.model.append_rows([make_media(i) for i in range(30)])
    seen: list[bool] = []
    real_accepts = pane.proxy.filterAcceptsRow
    pane.proxy.filterAcceptsRow = lambda row, parent: seen.append(step_aside.in_foreground()) or real_accepts(row, parent)
    pane.proxy.set_text_filter("recording 0001")
    assert len(seen) == 30 and all(seen)
    assert pane.proxy.rowCount() == 10 and not step_aside.in_foreground()
