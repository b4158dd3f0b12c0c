"""TLS verification is on (loopback is exempt only from the plain-http rule, not from
certificate checks) and plain http goes to loopback hosts only, through the API layer and
through the Connect form a user fills in."""

from __future__ import annotations

import httpx
import pytest
from fpv_tls_server import TlsServer

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.config import check_base
from fastpix_viewer.api.errors import ConfigError, NetworkError
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.api.profiles import ProfileStore
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.workspaces.connect_form import ConnectForm

FAST = RetryPolicy(attempts=1)


@pytest.fixture
def tls_sandbox(sandbox, tmp_path):
    server = TlsServer(sandbox.app, tmp_path).start()
    yield server
    server.stop()


def tls_workspace(sandbox, base: str) -> Workspace:
    return Workspace(token_id=sandbox.token_id, secret_key=sandbox.secret_key,
                     endpoints=Endpoints(f"{base}/v1", f"{base}/stream", f"{base}/image"), name="tls")


def test_an_untrusted_certificate_fails_with_a_clear_tls_error(sandbox, tls_sandbox):
    with FastPixClient(tls_workspace(sandbox, tls_sandbox.base), retry=FAST) as client:
        with pytest.raises(NetworkError) as caught:
            client.streams_page(1, limit=1)
        assert "certificate" in caught.value.user_message.lower()
        assert "127.0.0.1" in caught.value.user_message
        # Downloads and pre-flights (the stream host) use the same verified connections.
        with pytest.raises(NetworkError) as streamed, client.transport.stream(f"{tls_sandbox.base}/stream/x.m3u8"):
            pass
        assert "certificate" in streamed.value.user_message.lower()


def test_the_same_server_is_fine_once_its_certificate_is_trusted(sandbox, tls_sandbox):
    # Proves the failure above is the certificate check, not a broken server.
    trusting = httpx.HTTPTransport(verify=tls_sandbox.trusted_context())
    with FastPixClient(tls_workspace(sandbox, tls_sandbox.base), retry=FAST, transport=trusting) as client:
        assert len(client.streams_page(1, limit=1).items) == 1


@pytest.mark.parametrize("url", ["http://api.fastpix.com/v1", "http://10.0.0.5:8000", "http://[2001:db8::1]/v1",
                                 "http://localhost.evil.com/v1", "http://127.0.0.1.nip.io/v1", "ftp://127.0.0.1/v1"])
def test_plain_http_is_refused_for_anything_but_loopback(url):
    with pytest.raises(ConfigError):
        check_base(url, "API")


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/v1", "http://localhost:1/v1", "http://[::1]:9/v1",
                                 "https://api.fastpix.com/v1"])
def test_loopback_http_and_any_https_are_accepted(url):
    assert check_base(url, "API") == url


class CountingFactory:
    def __init__(self, sandbox) -> None:
        self.workspaces: list[Workspace] = []

    def __call__(self, workspace: Workspace) -> FastPixClient:
        self.workspaces.append(workspace)
        return FastPixClient(workspace, retry=FAST)


@pytest.fixture
def connect_form(qtbot, tmp_path, sandbox):
    pool = WorkerPool(2)
    factory = CountingFactory(sandbox)
    form = ConnectForm(ProfileStore(tmp_path / "cfg"), pool, factory, keyring_available=True)
    qtbot.addWidget(form)
    form.show()
    yield form, factory
    form.cancel()
    pool.shutdown(timeout=2.0)


def fill(form, sandbox, api: str, stream: str, image: str) -> None:
    form.name_edit.setText("Work")
    form.token_edit.setText(sandbox.token_id)
    form.secret_edit.setText(sandbox.secret_key)
    form.advanced.setChecked(True)
    form.api_edit.setText(api)
    form.stream_edit.setText(stream)
    form.image_edit.setText(image)


@pytest.mark.parametrize("field", ["api", "stream", "image"])
def test_the_connect_form_refuses_plain_http_to_a_remote_host(connect_form, sandbox, qtbot, field):
    form, factory = connect_form
    bases = {"api": sandbox.api_base, "stream": sandbox.stream_base, "image": sandbox.image_base}
    bases[field] = "http://media.example.com" + ("/v1" if field == "api" else "")
    fill(form, sandbox, bases["api"], bases["stream"], bases["image"])
    form.connect_button.click()
    assert "plain http" in form.error_label.text() and form.error_label.isVisible()
    assert not form.is_busy() and factory.workspaces == []  # nothing was sent anywhere
    assert form.store.list() == []


def test_the_connect_form_explains_an_untrusted_certificate(connect_form, sandbox, tls_sandbox, qtbot):
    form, factory = connect_form
    base = tls_sandbox.base
    fill(form, sandbox, f"{base}/v1", f"{base}/stream", f"{base}/image")
    form.connect_button.click()
    qtbot.waitUntil(lambda: not form.is_busy(), timeout=15000)
    assert "certificate" in form.error_label.text().lower(), form.error_label.text()
    assert "Nothing was saved" in form.error_label.text(), form.error_label.text()
    assert len(factory.workspaces) == 1 and form.store.list() == []
