"""End-to-end playback fixtures: the in-process sandbox over real HTTP, real libVLC with
dummy outputs, the app's one WorkerPool, and a FastPix client whose transport fails any
request started on the Qt main thread."""

from __future__ import annotations

import threading

import httpx
import pytest

from fastpix_viewer.ui.worker import assert_not_main_thread

HEADLESS_VLC_ARGS = "--vout=dummy --aout=dummy"


class MainThreadGuard(httpx.HTTPTransport):
    """An httpx transport that refuses (and records) requests made on the main thread."""

    def __init__(self) -> None:
        super().__init__()
        self.violations: list[str] = []
        self.requests: list[str] = []  # paths only: URLs may carry playback tokens
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request.url.path)
        try:
            assert_not_main_thread()
        except AssertionError:
            with self._lock:
                self.violations.append(request.url.path)
            raise
        return super().handle_request(request)


def workspace_for(sandbox, *, signing: bool = True):
    from fastpix_viewer.api import Endpoints, Workspace

    return Workspace(
        token_id=sandbox.token_id,
        secret_key=sandbox.secret_key,
        endpoints=Endpoints(sandbox.api_base, sandbox.stream_base, sandbox.image_base),
        signing_key_id=sandbox.signing_key_id if signing else None,
        signing_key=sandbox.signing_key if signing else None,
        name="sandbox",
    )


@pytest.fixture
def setup_client(sandbox):
    """Unguarded client for the test's own look-ups (finding seed items by what they are)."""
    from fastpix_viewer.api import FastPixClient

    with FastPixClient(workspace_for(sandbox)) as client:
        yield client


@pytest.fixture
def guard():
    transport = MainThreadGuard()
    yield transport
    assert not transport.violations, f"requests started on the Qt main thread: {transport.violations}"


@pytest.fixture
def make_client(sandbox, guard):
    """make_client(signing=True): the app's client on the guarded transport."""
    from fastpix_viewer.api import FastPixClient

    clients = []

    def make(*, signing: bool = True):
        client = FastPixClient(workspace_for(sandbox, signing=signing), transport=guard)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def headless_vlc():
    from fastpix_viewer.ui import vlc_setup

    vlc_setup.configure(HEADLESS_VLC_ARGS)
    yield
    vlc_setup.release_shared_instance()
    vlc_setup.configure(None)


@pytest.fixture
def pool(qapp):
    from fastpix_viewer.ui.worker import WorkerPool

    workers = WorkerPool(max_threads=4)
    yield workers
    workers.shutdown(timeout=2.0)
    workers.deleteLater()


@pytest.fixture
def panel(qtbot, headless_vlc):
    from fastpix_viewer.ui.player import PlayerPanel

    widget = PlayerPanel()
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


@pytest.fixture
def make_controller(panel, pool, make_client):
    """make_controller(signing=True, poll_ms=300): a PlaybackController on the shared panel.

    Tests poll faster than the app's 5 s so the run stays short; the code path is the same.
    """
    from fastpix_viewer.ui.playback_controller import PlaybackController

    made = []

    def make(*, signing: bool = True, poll_ms: int = 300):
        controller = PlaybackController(panel, pool, make_client(signing=signing))
        controller.poll_interval_ms = poll_ms
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.close()
        controller.deleteLater()


@pytest.fixture
def control(sandbox):
    """The sandbox's own control API (reset, processing delay, broadcasts, faults)."""
    with httpx.Client(base_url=sandbox.control_base, timeout=10) as client:
        yield Control(client)


class Control:
    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def _ok(self, response: httpx.Response) -> dict:
        assert response.status_code == 200, response.text
        return response.json()

    def processing_delay(self, seconds: float | None) -> dict:
        return self._ok(self._client.post("/config", json={"processing_delay": seconds}))

    def start_broadcast(self, stream_id: str, preparing_seconds: float = 1.0) -> dict:
        return self._ok(self._client.post("/broadcasts", json={
            "stream_id": stream_id, "preparing_seconds": preparing_seconds}))

    def end_broadcast(self, stream_id: str) -> dict:
        return self._ok(self._client.delete(f"/broadcasts/{stream_id}"))

    def faults(self, spec: str, seed: int = 1) -> dict:
        return self._ok(self._client.post("/faults", json={"spec": spec, "seed": seed}))

    def clear_faults(self) -> dict:
        return self._ok(self._client.delete("/faults"))

    def counters(self) -> dict:
        return self._ok(self._client.get("/counters"))
