"""End-to-end playback fixtures: the in-process sandbox over real HTTP, real libVLC with
dummy outputs, the app's one WorkerPool, and a FastPix client whose transport fails any
request started on the Qt main thread."""

from __future__ import annotations

import httpx
import pytest
from fpv_support.guard_transport import MainThreadGuardTransport
from fpv_support.headless_vlc import headless_vlc_fixture
from fpv_support.player_panel import shown_player_panel
from fpv_support.sandbox_workspace import sandbox_workspace


class MainThreadGuard(MainThreadGuardTransport):
    """Refuses (and keeps in `violations`) requests made on the main thread; keeps the paths
    of every request, refused or not."""

    record_refused = True

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []  # paths only: URLs may carry playback tokens

    def record(self, request: httpx.Request) -> None:
        self.requests.append(request.url.path)


def workspace_for(sandbox, *, signing: bool = True):
    return sandbox_workspace(sandbox, name="sandbox", signing=signing)


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


headless_vlc = headless_vlc_fixture(autouse=False, forget_args=True)


@pytest.fixture
def pool(qapp):
    from fastpix_viewer.ui.core.worker import WorkerPool

    workers = WorkerPool(max_threads=4)
    yield workers
    workers.shutdown(timeout=2.0)
    workers.deleteLater()


@pytest.fixture
def panel(qtbot, headless_vlc):
    with shown_player_panel(qtbot) as widget:
        yield widget


@pytest.fixture
def make_controller(panel, pool, make_client):
    """make_controller(signing=True, poll_ms=300): a PlaybackController on the shared panel.

    Tests poll faster than the app's 5 s so the run stays short; the code path is the same.
    """
    from fastpix_viewer.ui.playback.controller import PlaybackController

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
