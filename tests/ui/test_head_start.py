"""shell.head_start (issue 15): the first page of live streams is asked for before the window is
built. The window must show exactly what it would have fetched itself, with one request, the
same failure when FastPix fails, and no deadlock when no worker is free to start it early."""

from __future__ import annotations

import threading

import pytest
from fpv_support.sandbox_workspace import sandbox_workspace

from fastpix_viewer.api import FastPixClient, FastPixError
from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.sandbox.request_log import request_log
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.head_start import HeadStart


@pytest.fixture
def client(sandbox):
    with FastPixClient(sandbox_workspace(sandbox, name="head start", signing=False)) as client:
        yield client


@pytest.fixture
def pool(qtbot):
    pool = WorkerPool(2)
    yield pool
    pool.shutdown(timeout=5)


def _stream_requests(sandbox) -> list[dict[str, str]]:
    return [e for e in request_log(sandbox.state).entries() if e["path"].endswith("/live/streams")]


def _ids(page) -> list[str]:
    return [stream.id for stream in page.items]


def test_page_one_is_the_page_asked_for_ahead_with_a_single_request(sandbox, client, pool):
    expected = _ids(client.streams_page(1))
    request_log(sandbox.state).clear()
    head_start = HeadStart(pool, client)
    assert _ids(head_start.streams_page(1)) == expected
    assert len(_stream_requests(sandbox)) == 1
    # Used once: a reload asks FastPix again, and other pages are never the early one.
    assert _ids(head_start.streams_page(1)) == expected
    assert len(_stream_requests(sandbox)) == 2


def test_a_failed_early_request_fails_the_loader_the_same_way(sandbox, client, pool):
    sandbox.state.faults.configure("api/live/streams*:status=500", 0)
    try:
        with pytest.raises(FastPixError) as direct:
            client.streams_page(1)
        with pytest.raises(FastPixError) as early:
            HeadStart(pool, client).streams_page(1)
    finally:
        sandbox.state.faults.configure("", 0)
    assert type(early.value) is type(direct.value)
    assert early.value.user_message == direct.value.user_message


def test_with_every_worker_busy_the_loader_asks_itself_instead_of_waiting(sandbox, client, qtbot):
    pool = WorkerPool(1)
    release = threading.Event()
    try:
        pool.run(release.wait, 30)  # the only worker is taken: the early request cannot begin
        head_start = HeadStart(pool, client)
        request_log(sandbox.state).clear()
        page = head_start.streams_page(1)  # as a loader job would; must not wait for the early one
        assert page.items
        assert len(_stream_requests(sandbox)) == 1
    finally:
        release.set()
        pool.shutdown(timeout=5)
    assert len(_stream_requests(sandbox)) == 1  # the early request, given up, never went out


def test_a_cancelled_loader_stops_waiting(sandbox, client, pool):
    sandbox.state.faults.configure("api/live/streams*:latency=3s", 0)
    try:
        head_start = HeadStart(pool, client)
        cancel = CancelToken()
        cancel.cancel()
        outcome: list[BaseException | object] = []
        thread = threading.Thread(target=lambda: outcome.append(_try(head_start.streams_page, 1, cancel)))
        thread.start()
        thread.join(timeout=2.5)  # well before the slow answer
        assert not thread.is_alive()
    finally:
        sandbox.state.faults.configure("", 0)
    assert isinstance(outcome[0], BaseException)  # the loader's own cancellation, not a page


def _try(fn, *args):
    try:
        return fn(*args)
    except BaseException as problem:  # the test inspects it
        return problem
