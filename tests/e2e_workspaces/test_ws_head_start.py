"""Opening a workspace (issue 15): its first page of live streams is asked for before the window
is built (shell.head_start), so the rows are there for the window's first paint, with one request;
the media listing, on a tab out of view, starts once the streams list has painted."""

from __future__ import annotations

import time

from e2e_workspaces_support import sandbox_profile
from PySide6.QtCore import QEvent, QObject

from fastpix_viewer.api import FastPixClient
from fastpix_viewer.sandbox.request_log import request_log
from fastpix_viewer.ui.core.items import MEDIA_TAB
from fastpix_viewer.ui.lists.columns import row_id
from fastpix_viewer.ui.workspaces import Target


def _first_page_requests(sandbox) -> list[dict[str, str]]:
    return [e for e in request_log(sandbox.state).entries()
            if e["path"].endswith("/live/streams") and "offset=1" in e["query"]]


def test_the_first_page_is_on_its_way_while_the_window_is_built(harness, sandbox, memory_keyring, qtbot):
    harness.store.save(sandbox_profile(sandbox, "Early"), secret_key=sandbox.secret_key)
    harness.controller.start(None, None)
    make_window = harness.controller.window_factory
    seen_while_building: list[int] = []

    def building(session, notice):
        if session is not None:
            # The main thread is busy here (no event loop runs): only a request sent before the
            # window was asked for can reach the sandbox meanwhile.
            deadline = time.monotonic() + 10
            while not _first_page_requests(sandbox) and time.monotonic() < deadline:
                time.sleep(0.01)
            seen_while_building.append(len(_first_page_requests(sandbox)))
        return make_window(session, notice)

    harness.controller.window_factory = building
    request_log(sandbox.state).clear()
    harness.controller.switch_to(Target("profile", "Early"))
    window = harness.wait_open(lambda c: c.current == Target("profile", "Early"))

    assert seen_while_building == [1]
    assert len(_first_page_requests(sandbox)) == 1  # the window took that page: no second request
    with FastPixClient(harness.controller.session.workspace) as client:
        expected = {stream.id for stream in client.all_streams()}
    model = window.streams_model
    assert {row_id(model.object_at(r)) for r in range(model.rowCount())} == expected


class _FirstPaint(QObject):
    """Calls `seen()` at a widget's first paint."""

    def __init__(self, seen) -> None:
        super().__init__()
        self._seen = seen
        self.done = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            self._seen()
        return False


def _media_requests(sandbox) -> int:
    return sum(1 for e in request_log(sandbox.state).entries() if e["path"].endswith("/on-demand"))


def _open(harness, sandbox, qtbot, *, media_tab: bool):
    harness.store.save(sandbox_profile(sandbox, "Opening"), secret_key=sandbox.secret_key)
    harness.controller.start(None, None)
    make_window = harness.controller.window_factory
    at_first_paint: list[int] = []
    started_when_shown: list[bool] = []

    def building(session, notice):
        window = make_window(session, notice)
        if session is not None:
            if media_tab:
                window.list_tabs.setCurrentIndex(MEDIA_TAB)  # as a restored window state would
            spy = _FirstPaint(lambda: at_first_paint.append(_media_requests(sandbox)))
            window._test_paint_spy = spy
            window.streams_pane.view.viewport().installEventFilter(spy)
        return window

    harness.controller.window_factory = building
    harness.controller.window_hooks.append(
        lambda window: started_when_shown.append(bool(window.media_loader and window.media_loader.is_loading)))
    request_log(sandbox.state).clear()
    harness.controller.switch_to(Target("profile", "Opening"))
    window = harness.wait_open(lambda c: c.current == Target("profile", "Opening"))
    return window, at_first_paint, started_when_shown[-1]


def test_the_media_listing_out_of_view_starts_after_the_streams_list_has_painted(harness, sandbox, memory_keyring,
                                                                                 qtbot):
    window, at_first_paint, started_when_shown = _open(harness, sandbox, qtbot, media_tab=False)
    assert not started_when_shown
    assert at_first_paint[:1] == [0]  # no media request before the streams list first painted
    with FastPixClient(harness.controller.session.workspace) as client:
        expected = {media.id for media in client.all_media()}
    model = window.media_model
    assert {row_id(model.object_at(r)) for r in range(model.rowCount())} == expected  # then it loads in full


def test_a_media_tab_in_view_loads_at_once(harness, sandbox, memory_keyring, qtbot):
    window, _at_first_paint, started_when_shown = _open(harness, sandbox, qtbot, media_tab=True)
    assert started_when_shown
    assert window.media_model.rowCount() > 0
