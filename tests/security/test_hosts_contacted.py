"""No request goes anywhere but the configured API, stream and image hosts.

The sandbox's app is served on three loopback aliases (API on 127.0.0.1, stream host on
127.0.0.2, image host on 127.0.0.3), each recording the paths it is asked for; a whole
session in the main window (browse, thumbnails, select and play a private recording with
real libVLC, download it) runs with an httpx transport that records every host it contacts.
The Python side contacts exactly the three configured hosts, each only for its own kind of
path, and libVLC's playlist and segment requests land on the stream host only.
"""

from __future__ import annotations

import httpx
import pytest
from fpv_support.guard_transport import MainThreadGuardTransport
from fpv_support.headless_vlc import headless_vlc_fixture
from fpv_tls_server import TlsServer

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, MainWindow


class HostRecordingTransport(MainThreadGuardTransport):
    def __init__(self) -> None:
        super().__init__()
        self.contacted: list[tuple[str, int, str]] = []

    def record(self, request: httpx.Request) -> None:
        self.contacted.append((request.url.host, request.url.port, request.url.path))


@pytest.fixture
def three_hosts(sandbox, tmp_path):
    servers = {kind: TlsServer(sandbox.app, tmp_path, host, tls=False).start()
               for kind, host in (("api", "127.0.0.1"), ("stream", "127.0.0.2"), ("image", "127.0.0.3"))}
    yield servers
    for server in servers.values():
        server.stop()


headless_vlc = headless_vlc_fixture(autouse=False)


def test_a_session_contacts_only_the_configured_hosts(sandbox, three_hosts, headless_vlc, qtbot, tmp_path):
    api, stream, image = three_hosts["api"], three_hosts["stream"], three_hosts["image"]
    keynote = next(m for m in sandbox.state.workspace._media.values() if m.title == "Keynote")
    keynote.mp4_support = ("capped_4k",)  # the fixture resets the store afterwards
    workspace = Workspace(sandbox.token_id, sandbox.secret_key,
                          Endpoints(f"{api.base}/v1", f"{stream.base}/stream", f"{image.base}/image"),
                          sandbox.signing_key_id, sandbox.signing_key, name="Hosts")
    transport = HostRecordingTransport()
    client = FastPixClient(workspace, transport=transport, retry=RetryPolicy(attempts=2, backoff_base=0.05))
    pool = WorkerPool(4)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    window = MainWindow(Session(workspace, client), pool, UiSettings(tmp_path / "cfg"), cache_dir=tmp_path / "cache")
    qtbot.addWidget(window)
    try:
        window.show()
        window.refresh()
        qtbot.waitUntil(lambda: not window.is_loading() and window.media_model.rowCount() > 0, timeout=15000)
        window.list_tabs.setCurrentIndex(MEDIA_TAB)
        assert window.select(MEDIA_TAB, keynote.id)
        qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)
        window.play_item(window.current_item())
        qtbot.waitUntil(lambda: window.player.state() == "playing", timeout=20000)
        qtbot.waitUntil(lambda: any(p.endswith(".ts") for p in stream.recorder.paths), timeout=15000)
        window.downloads.manager.set_folder(downloads)
        task = window.downloads.manager.request(window.current_item(), "mp4")
        assert task is not None
        qtbot.waitUntil(lambda: not task.active, timeout=20000)
        assert task.state == "done", task.error
        qtbot.waitUntil(lambda: window.pool.pending_count() == 0, timeout=15000)  # thumbnails too
    finally:
        window.close()
        pool.shutdown(timeout=2.0)
        client.close()

    hosts = {(host, port) for host, port, _path in transport.contacted}
    assert hosts == {(s.host, s.port) for s in (api, stream, image)}
    # Each host only for its own kind of request (the paths each server saw: httpx's and libVLC's).
    assert api.recorder.paths and all(p.startswith("/v1/") for p in api.recorder.paths)
    assert all(p.startswith("/stream/") for p in stream.recorder.paths)
    assert image.recorder.paths and all(p.startswith("/image/") for p in image.recorder.paths)
    python_stream = [p for h, _port, p in transport.contacted if h == stream.host]
    libvlc_only = [p for p in stream.recorder.paths if p not in python_stream]
    assert any(p.endswith(".ts") for p in libvlc_only), "libVLC's segment requests reached the stream host"
