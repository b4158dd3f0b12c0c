"""Fetch-all against a real HTTP server of our own (Starlette + uvicorn, real threads): at most N
requests in flight, pages finishing out of order are delivered in order, cancel stops requests."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import Executor, ThreadPoolExecutor

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.config import Endpoints, Workspace
from fastpix_viewer.api.errors import Cancelled, ServerError
from fastpix_viewer.api.pagination import iter_all_pages
from fastpix_viewer.cli.paging import page_executor


class PagedServer:
    """Serves `pages` pages of one stream each; per-page delays; records what it saw."""

    def __init__(self, pages: int) -> None:
        self.pages = pages
        self.delays: dict[int, float] = {}
        self.default_delay = 0.05
        self.failing: set[int] = set()
        self.in_flight = 0
        self.max_in_flight = 0
        self.started: list[int] = []
        self.finished: list[int] = []
        self.lock = threading.Lock()
        app = Starlette(routes=[Route("/v1/live/streams", self.page)])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    async def page(self, request: Request) -> JSONResponse:
        number = int(request.query_params["offset"])
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.started.append(number)
        try:
            await asyncio.sleep(self.delays.get(number, self.default_delay))
            if number in self.failing:
                return JSONResponse({"success": False, "error": {"code": 500, "message": "x"}}, status_code=500)
            stream_id = f"{number:032x}"
            return JSONResponse({
                "success": True,
                "data": [{"streamId": stream_id, "status": "idle"}],
                "pagination": {"totalRecords": self.pages, "currentOffset": number, "offsetCount": self.pages},
            })
        finally:
            with self.lock:
                self.in_flight -= 1
                self.finished.append(number)

    def __enter__(self) -> PagedServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def client(self, concurrency: int, executor: Executor | None = None) -> FastPixClient:
        workspace = Workspace(token_id="t", secret_key="not-a-real-secret",
                              endpoints=Endpoints(self.base + "/v1", self.base + "/s", self.base + "/i"))
        from fastpix_viewer.api.http import RetryPolicy

        if executor is None:  # like the CLI: a long-lived executor shared by every listing
            executor = page_executor()
        return FastPixClient(workspace, concurrency=concurrency, page_executor=executor, retry=RetryPolicy(attempts=1))


def test_at_most_n_requests_in_flight_and_all_pages_in_order():
    with PagedServer(pages=9) as server, server.client(concurrency=3) as client:
        server.default_delay = 0.2  # long enough that three requests surely overlap
        seen: list[int] = []
        items = client.all_streams(limit=1, on_page=lambda page: seen.append(page.number))
    assert seen == list(range(1, 10))
    assert [s.stream_id for s in items] == [f"{n:032x}" for n in range(1, 10)]
    assert server.max_in_flight == 3  # bounded, and the bound is actually used
    assert sorted(server.started) == list(range(1, 10))  # each page asked exactly once


def test_pages_finishing_out_of_order_come_back_in_order():
    with PagedServer(pages=5) as server, server.client(concurrency=4) as client:
        server.delays = {2: 0.6, 3: 0.01, 4: 0.01, 5: 0.01}
        arrival: list[tuple[int, list[int]]] = []
        client.all_streams(limit=1, on_page=lambda p: arrival.append((p.number, list(server.finished))))
    assert server.finished.index(3) < server.finished.index(2)  # the server finished 3 first...
    assert [number for number, _ in arrival] == [1, 2, 3, 4, 5]  # ...but 2 was delivered first
    # progressive: page 1 was delivered before the slow page 2 had finished on the server
    assert 2 not in arrival[0][1]


def test_iterator_yields_progressively_in_order():
    with PagedServer(pages=4) as server, server.client(concurrency=2) as client:
        numbers = [page.number for page in client.iter_stream_pages(limit=1)]
    assert numbers == [1, 2, 3, 4]


def test_cancel_stops_further_requests():
    with PagedServer(pages=12) as server, server.client(concurrency=2) as client:
        server.default_delay = 0.15
        cancel = CancelToken()

        def on_page(page):
            if page.number == 3:
                cancel.cancel()

        with pytest.raises(Cancelled):
            client.all_streams(limit=1, on_page=on_page, cancel=cancel)
        # Requests already handed to a worker may still arrive; nothing beyond them may. Without
        # cancellation the other pages would all be fetched within this wait.
        time.sleep(1.2)
        assert len(server.started) <= 3 + 2  # pages delivered + at most `concurrency` in flight
        assert sorted(server.started) == list(range(1, len(server.started) + 1))


def test_cancel_before_start_sends_nothing():
    with PagedServer(pages=3) as server, server.client(concurrency=2) as client:
        cancel = CancelToken()
        cancel.cancel()
        with pytest.raises(Cancelled):
            client.all_streams(limit=1, cancel=cancel)
        assert server.started == []


def test_a_failing_page_raises_its_error_in_order():
    with PagedServer(pages=4) as server, server.client(concurrency=2) as client:
        server.failing = {3}
        seen: list[int] = []
        with pytest.raises(ServerError):
            client.all_streams(limit=1, on_page=lambda p: seen.append(p.number))
    assert seen == [1, 2]


def test_without_an_executor_pages_come_one_by_one_on_the_callers_thread():
    """What the desktop app does inside a worker-pool job: no pool inside the pool."""
    with PagedServer(pages=4) as server, server.client(concurrency=4) as client:
        client.page_executor = None
        threads: list[str] = []
        running_before = {t.name for t in threading.enumerate()}

        def fetch(number):
            threads.append(threading.current_thread().name)
            assert {t.name for t in threading.enumerate()} <= running_before  # no thread started
            return client.streams_page(number, limit=1)

        numbers = [page.number for page in iter_all_pages(fetch, concurrency=4)]
        assert numbers == [1, 2, 3, 4]
        assert set(threads) == {threading.current_thread().name}
        assert server.max_in_flight == 1  # one request at a time
        assert [p.number for p in client.iter_stream_pages(limit=1)] == [1, 2, 3, 4]


def test_a_shared_executor_is_reused_not_rebuilt():
    """Two listings on one executor: its threads serve both; no executor per call."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="shared-page") as executor:
        with PagedServer(pages=5) as server, server.client(concurrency=2, executor=executor) as client:
            threads_seen: set[str] = set()

            def fetch(number):
                threads_seen.add(threading.current_thread().name)
                return client.streams_page(number, limit=1)

            first = [p.number for p in iter_all_pages(fetch, concurrency=2, executor=executor)]
            second = [p.number for p in iter_all_pages(fetch, concurrency=2, executor=executor)]
            assert first == second == [1, 2, 3, 4, 5]
            assert server.max_in_flight == 2
            workers = {name for name in threads_seen if name != threading.current_thread().name}
            assert workers and all(name.startswith("shared-page") for name in workers)
            assert len(workers) <= 2
