"""Opening a workspace asks for its first page of live streams before the window is built
(shell.head_start, issue 15): the rows are there for the window's first paint, with one request."""

from __future__ import annotations

import time

from e2e_workspaces_support import sandbox_profile

from fastpix_viewer.api import FastPixClient
from fastpix_viewer.sandbox.request_log import request_log
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
