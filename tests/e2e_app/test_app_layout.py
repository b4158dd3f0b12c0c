"""The main window at its default size (1280x800) on the sandbox workspace: nothing cut off."""

from __future__ import annotations

from fpv_support.app_harness import all_items

from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.details.tracks import COLUMNS as TRACK_COLUMNS
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB


def test_default_size_fits_lists_tracks_and_preview(app, sandbox, qtbot):
    window = app.window()
    assert (window.width(), window.height()) == (1280, 800)
    qtbot.waitExposed(window)

    # Every shown column of the stream list fits: no sideways scrolling, Recordings visible.
    view = window.streams_pane.view
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= view.viewport().width())
    recordings = window.streams_model.column_index("recordings")
    assert not header.isSectionHidden(recordings)
    assert header.sectionViewportPosition(recordings) + header.sectionSize(recordings) <= view.viewport().width()

    # A live stream has no picture: no preview strip, the tabs get the whole details area.
    stream = next(s for s in all_items(sandbox, "live/streams") if s.get("mediaIds"))
    assert window.select(STREAMS_TAB, stream["streamId"])
    app.wait_idle(window)
    assert not window.thumbnail_preview.isVisible()
    assert window.info_tabs.width() == window.details_box.width()

    # A media with four tracks: the strip sits above the tabs, and every Tracks column shows.
    chosen = next(m for m in all_items(sandbox, "on-demand")
                  if len(m.get("tracks") or []) == 4 and m.get("status") == "Ready")
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    assert window.select(MEDIA_TAB, chosen["id"])
    app.wait_idle(window)
    preview = window.thumbnail_preview
    qtbot.waitUntil(preview.isVisible)
    assert preview.geometry().bottom() < window.info_tabs.geometry().top()
    assert window.info_tabs.width() == window.details_box.width()
    assert preview.title_label.text() == item_title(window.current_item())
    window.info_tabs.setCurrentIndex(1)
    tracks = window.tracks_view
    qtbot.waitExposed(tracks)
    last = len(TRACK_COLUMNS) - 1
    theader = tracks.header()
    assert theader.sectionViewportPosition(last) + theader.sectionSizeHint(last) <= tracks.viewport().width()
    for column in range(last):  # fitted to content: "English (en)" is not cut
        assert theader.sectionSize(column) >= tracks.sizeHintForColumn(column)
