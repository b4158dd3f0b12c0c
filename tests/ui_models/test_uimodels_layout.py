"""How the lists and the details tree lay themselves out at a usual window size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from fastpix_viewer.api.models import parse_media, parse_stream
from fastpix_viewer.api.recordings import RecordingIndex
from fastpix_viewer.ui.details.details_view import DetailsView
from fastpix_viewer.ui.details.json_tree import FIELD_COLUMN
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.lists.record_list import MEDIA_STATUS_OPTIONS, RecordListPane

LONG_TITLE = "Fresh upload (still processing)"


def _media(i: int, **fields) -> object:
    raw = {"id": f"m-{i:03d}", "status": "Ready", "createdAt": f"2026-11-{10 + i % 10:02d}T09:30:00Z",
           "duration": 10.0, "maxResolution": "1080p", "title": f"Upload {i}"}
    raw.update(fields)
    return parse_media(raw)


@pytest.fixture
def media_pane(qtbot):
    pane = RecordListPane(columns.media_model(), status_options=MEDIA_STATUS_OPTIONS)
    pane.setObjectName("mediaPane")
    pane.apply_column_layout(columns.COLUMN_WIDTHS, stretch="title", hidden=columns.HIDDEN_KEYS["mediaPane"])
    qtbot.addWidget(pane)
    pane.resize(600, 400)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def test_title_column_takes_the_room_left_and_nothing_scrolls_sideways(media_pane, qtbot):
    media_pane.model.append_rows([_media(0, title=LONG_TITLE), *(_media(i) for i in range(1, 20))])
    view, header = media_pane.view, media_pane.view.horizontalHeader()
    title = media_pane.model.column_index("title")
    qtbot.waitUntil(lambda: header.length() == view.viewport().width())
    assert not view.horizontalScrollBar().isVisible()
    # The title column got what the others leave: its whole text fits beside the thumbnail.
    needed = view.fontMetrics().horizontalAdvance(LONG_TITLE) + view.iconSize().width() + 16
    assert header.sectionSize(title) >= needed
    media_pane.resize(900, 400)
    qtbot.waitUntil(lambda: header.length() == view.viewport().width())
    assert header.sectionSize(title) >= needed + 290
    # Short columns keep their set widths, never narrower than their titles.
    for key in ("status", "created", "duration"):
        i = media_pane.model.column_index(key)
        assert header.sectionSize(i) >= max(columns.COLUMN_WIDTHS[key], header.sectionSizeHint(i))


def test_long_columns_start_hidden_and_the_header_menu_shows_them(media_pane):
    header = media_pane.view.horizontalHeader()
    media_id = media_pane.model.column_index("id")
    assert header.isSectionHidden(media_id)
    menu = media_pane.header_menu()
    action = next(a for a in menu.actions() if a.objectName() == "column_id")
    assert not action.isChecked()
    action.trigger()
    assert not header.isSectionHidden(media_id)
    title = next(a for a in media_pane.header_menu().actions() if a.objectName() == "column_title")
    assert title.isChecked() and title.isEnabled()


def test_saved_header_state_restores_and_keeps_the_stretching_title(media_pane, qtbot):
    status = media_pane.model.column_index("status")
    media_pane.view.horizontalHeader().resizeSection(status, 150)
    media_pane.sort_by("created", Qt.SortOrder.DescendingOrder)
    state = media_pane.header_state()

    # A state saved by an older version: every column Interactive, the last one stretching.
    old = RecordListPane(columns.media_model())
    qtbot.addWidget(old)
    old.view.horizontalHeader().resizeSection(0, 210)
    old_state = old.header_state()

    for saved, status_width in ((state, 150), (old_state, None)):
        other = RecordListPane(columns.media_model())
        qtbot.addWidget(other)
        other.apply_column_layout(columns.COLUMN_WIDTHS, stretch="title")
        assert other.restore_header_state(saved)
        header = other.view.horizontalHeader()
        assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
        assert not header.stretchLastSection()
        if status_width is not None:
            assert header.sectionSize(status) == status_width
            assert header.sortIndicatorSection() == other.model.column_index("created")


def test_rows_are_tall_enough_for_the_list_thumbnail(qtbot):
    from fastpix_viewer.ui.lists.thumbnails import LIST_SPEC, ThumbnailService
    from tests.fpv_support.fake_pool import FakePool

    pool = FakePool(hold=True)  # row heights only: no thumbnail needs to load
    service = ThumbnailService(pool, None, None)
    pane = RecordListPane(columns.media_model(decoration=service.decoration))
    qtbot.addWidget(pane)
    service.fit_view(pane.view)
    pane.model.append_rows([_media(i) for i in range(50)])
    pane.show()
    rows = pane.view.verticalHeader()
    assert rows.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed  # uniform: no per-row sizing
    assert pane.view.iconSize().height() == LIST_SPEC.height
    assert all(pane.view.rowHeight(r) >= LIST_SPEC.height + 2 for r in range(50))
    # ...without making the list sparse.
    assert pane.view.rowHeight(0) <= LIST_SPEC.height + 8
    rect = pane.view.visualRect(pane.proxy.index(0, 0))
    assert rect.height() >= LIST_SPEC.height


def test_untitled_recordings_read_apart():
    recordings = [_media(i, title=None, streamId="s-1", metadata={"livestream_name": "Weekly town hall"})
                  for i in range(3)]
    titled = _media(9, title="Town hall: the announcement", streamId="s-1")
    # Recordings are what the stream lists in mediaIds (api.recordings), not a streamId guess.
    stream = parse_stream({"streamId": "s-1", "mediaIds": [m.id for m in recordings] + [titled.id]})
    index = RecordingIndex.from_streams([stream])
    media_titles = [columns.media_title(m, index) for m in recordings]
    assert len(set(media_titles)) == 3
    assert media_titles[0] == "Weekly town hall — " + columns.local_time_text(recordings[0].created_at)
    assert [columns.recording_title(m) for m in recordings] == [
        "Recording " + columns.local_time_text(m.created_at) for m in recordings]
    # A title of its own is kept as it is, and an upload is never called a recording.
    assert columns.media_title(titled, index) == columns.recording_title(titled) == "Town hall: the announcement"
    assert columns.media_title(_media(5, title=None), index) == "m-005"
    # The name does not wait for the streams listing: the stream's name in the media's
    # metadata is enough (the same rule as the command line's, which has no index).
    assert columns.media_title(recordings[0]) == media_titles[0]


def _document() -> dict:
    return {"id": "x", "status": "ready", "livestream": {"playbackIds": [
        {"id": "p", "accessRestrictions": {"domains": {"defaultPolicy": "allow"}}}]},
        "metadata": {"livestream_name": "Weekly town hall"}}


def _field_fits(view: DetailsView, path: list) -> bool:
    index = view.json_model.index_for_path(path)
    rect = view.visualRect(index)
    text = view.fontMetrics().horizontalAdvance(str(path[-1]))
    return rect.isValid() and rect.left() + text <= view.columnWidth(FIELD_COLUMN)


def test_details_field_column_shows_the_longest_field_name_in_full(qtbot):
    view = DetailsView()
    qtbot.addWidget(view)
    view.set_document(None, _document())  # before the view is shown (as the window does)
    view.resize(700, 400)
    view.show()
    qtbot.waitExposed(view)
    deep = ["livestream", "playbackIds", 0, "accessRestrictions", "domains", "defaultPolicy"]
    assert view.expand_path(deep[:-1])
    assert view.expand_path(["metadata"])
    qtbot.waitUntil(lambda: _field_fits(view, deep) and _field_fits(view, ["metadata", "livestream_name"]))
    assert view.columnWidth(FIELD_COLUMN) <= 0.45 * view.viewport().width()
    # "Collapse all" / "Expand all" from the context menu refit too.
    menu = view.context_menu_for(view.json_model.index(0, 0))
    expanded_width = view.columnWidth(FIELD_COLUMN)
    next(a for a in menu.actions() if a.objectName() == "collapseAllAction").trigger()
    assert view.columnWidth(FIELD_COLUMN) < expanded_width  # only the short top-level keys show
    next(a for a in menu.actions() if a.objectName() == "expandAllAction").trigger()
    assert _field_fits(view, deep)
    # Narrow: bounded, so the values keep most of the room.
    view.resize(300, 400)
    qtbot.waitUntil(lambda: view.columnWidth(FIELD_COLUMN) <= 0.45 * view.viewport().width() + 1)
    # The user's own width is kept while the record is shown.
    view.resize(700, 400)
    qtbot.waitUntil(lambda: _field_fits(view, deep))
    view.header().resizeSection(FIELD_COLUMN, 150)
    view.collapseAll()
    assert view.columnWidth(FIELD_COLUMN) == 150
    view.set_document(None, _document())
    assert view.columnWidth(FIELD_COLUMN) != 150



def test_a_column_added_since_the_state_was_saved_starts_hidden(qtbot):
    """An upgrading user's saved header keeps their choices, must not suddenly show the new Views
    column (it loads numbers over the network), and saves a state that restores next time."""
    from fastpix_viewer.ui.core.worker import WorkerPool
    from fastpix_viewer.ui.lists.header_sections import saved_section_count
    from fastpix_viewer.ui.lists.view_counts import ViewCounts

    hidden = columns.HIDDEN_KEYS["mediaPane"]
    old = RecordListPane(columns.media_model())  # the version before the Views column
    qtbot.addWidget(old)
    old.apply_column_layout(columns.COLUMN_WIDTHS, stretch="title", hidden=hidden)
    old_header = old.view.horizontalHeader()
    old_header.setSectionHidden(old.model.column_index("kind"), False)  # the user showed Kind,
    old_header.resizeSection(old.model.column_index("status"), 150)  # widened Status,
    old_header.moveSection(old_header.visualIndex(old.model.column_index("duration")), 1)  # moved Duration
    old.sort_by("created", Qt.SortOrder.DescendingOrder)
    old_state = old.header_state()
    assert saved_section_count(old_state) == len(old.model.columns)
    assert saved_section_count(b"not a header state") is None

    pool = WorkerPool(1)
    try:
        counts = ViewCounts(pool, None)
        new = RecordListPane(columns.media_model(extra=(counts.column(),)))
        qtbot.addWidget(new)
        new.apply_column_layout(columns.COLUMN_WIDTHS, stretch="title", hidden=hidden)
        assert new.restore_header_state(old_state)
        header = new.view.horizontalHeader()
        assert header.isSectionHidden(new.model.column_index("views"))
        assert not header.isSectionHidden(new.model.column_index("kind"))
        assert header.sectionSize(new.model.column_index("status")) == 150
        assert header.visualIndex(new.model.column_index("duration")) == 1
        assert header.sortIndicatorSection() == new.model.column_index("created")
        header.setSectionHidden(new.model.column_index("views"), False)  # shown and saved: kept
        again = RecordListPane(columns.media_model(extra=(counts.column(),)))
        qtbot.addWidget(again)
        again.apply_column_layout(columns.COLUMN_WIDTHS, stretch="title", hidden=hidden)
        assert again.restore_header_state(new.header_state())
        assert not again.view.horizontalHeader().isSectionHidden(again.model.column_index("views"))
    finally:
        pool.shutdown()
