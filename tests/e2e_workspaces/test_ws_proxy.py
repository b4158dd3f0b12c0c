"""Proxies from the environment reach the API, the image host, pre-flight and libVLC.

The sandbox is addressed as 127.0.0.2 (loopback, not in NO_PROXY) while it listens on
127.0.0.1 only, so a request can only succeed by going through the counting proxy."""

from __future__ import annotations

import os

import pytest
from fpv_counting_proxy import CountingProxy

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.errors import NetworkError
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.api.models import Media
from fastpix_viewer.api.playback import PlaybackPlan
from fastpix_viewer.api.proxies import (
    ProxyRoutingTransport,
    ProxySettings,
    apply_libvlc_proxy,
    libvlc_proxy,
    system_proxies,
)
from fastpix_viewer.ui.core.worker import assert_not_main_thread
from fastpix_viewer.ui.workspaces import Target

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
              "no_proxy")


@pytest.fixture
def proxy(monkeypatch):
    # The player sets `http_proxy` itself (libVLC's only proxy knob), which
    # monkeypatch does not track for a variable that was absent: restore the
    # whole set by hand so no later test inherits a dead proxy.
    saved = {name: os.environ.get(name) for name in PROXY_VARS}
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    running = CountingProxy().start()
    monkeypatch.setenv("HTTP_PROXY", running.url)
    monkeypatch.setenv("NO_PROXY", "example.org,10.0.0.0/8")
    yield running
    running.stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def aliased_workspace(sandbox) -> Workspace:
    def alias(url: str) -> str:
        return url.replace("127.0.0.1", "127.0.0.2")

    return Workspace(sandbox.token_id, sandbox.secret_key,
                     Endpoints(alias(sandbox.api_base), alias(sandbox.stream_base), alias(sandbox.image_base)),
                     sandbox.signing_key_id, sandbox.signing_key, name="Behind a proxy")


def _ready_plan(client: FastPixClient) -> PlaybackPlan:
    for media in client.all_media():
        if isinstance(media, Media) and media.status == "Ready":
            plan = client.choose_playback(media)
            if isinstance(plan, PlaybackPlan):
                return plan
    raise AssertionError("the sandbox seed has no playable media")


def test_api_images_and_preflight_go_through_the_environment_proxy(sandbox, proxy, monkeypatch):
    client = FastPixClient(aliased_workspace(sandbox), retry=RetryPolicy(attempts=1))
    try:
        page = client.streams_page(1, limit=5)
        assert page.items
        plan = _ready_plan(client)
        image = client.transport.request("GET", plan.thumbnail_url(client.endpoints, width=64))
        assert image.status == 200 and image.content_type.startswith("image/")
        manifest = client.preflight(plan.url)
        assert manifest is not None
    finally:
        client.close()
    assert proxy.seen("http://127.0.0.2:") and all("127.0.0.2" in r[1] for r in proxy.requests)
    assert proxy.seen("/v1/live/streams") and proxy.seen("/v1/on-demand")
    assert proxy.seen("/image/") and proxy.seen(".m3u8")

    # The same host listed in NO_PROXY goes direct, where nothing listens: the request fails.
    monkeypatch.setenv("NO_PROXY", "127.0.0.2")
    before = len(proxy.requests)
    direct = FastPixClient(aliased_workspace(sandbox), retry=RetryPolicy(attempts=1))
    try:
        with pytest.raises(NetworkError):
            direct.streams_page(1, limit=1)
    finally:
        direct.close()
    assert len(proxy.requests) == before


class GuardedRouter(ProxyRoutingTransport):
    def handle_request(self, request):
        assert_not_main_thread()
        return super().handle_request(request)


def test_the_window_and_libvlc_use_the_proxy(harness, sandbox, proxy, memory_keyring, qtbot):
    workspace = aliased_workspace(sandbox)
    harness.controller.session_only["Proxied"] = workspace
    harness.controller.client_options = lambda: {"transport": GuardedRouter(system_proxies()),
                                                 "retry": RetryPolicy(attempts=1)}
    harness.controller.start(None, None)
    harness.controller.switch_to(Target("session", "Proxied"))
    window = harness.wait_open(lambda c: c.current == Target("session", "Proxied"))
    assert proxy.seen("/v1/live/streams")
    qtbot.waitUntil(lambda: window.media_model.rowCount() > 0 and not window.is_loading(), timeout=15000)
    ready = next(m for m in (window.media_model.object_at(r) for r in range(window.media_model.rowCount()))
                 if isinstance(m, Media) and m.status == "Ready")
    window.play_item(ready)
    # Media segments are fetched only by libVLC (pre-flight reads the playlist alone).
    qtbot.waitUntil(lambda: bool(proxy.seen(".ts")), timeout=20000)
    assert all("127.0.0.2" in url for _m, url, _a in proxy.seen(".ts"))
    qtbot.waitUntil(lambda: window.player.playback_report()["playing"], timeout=15000)


def test_proxy_rules():
    settings = system_proxies({"https_proxy": "proxy.corp:3128", "HTTP_PROXY": "http://h:1",
                               "no_proxy": ".internal.example, 192.168.0.0/16,host.only:8443"})
    assert settings.source == "environment"
    assert settings.proxy_for("https://api.fastpix.com/v1") == "http://proxy.corp:3128"
    assert settings.proxy_for("http://127.0.0.2:9/x") == "http://h:1"
    assert settings.proxy_for("https://a.internal.example/") is None
    assert settings.proxy_for("https://192.168.4.5/") is None
    assert settings.proxy_for("https://host.only:8443/") is None
    assert settings.proxy_for("https://host.only:443/") == "http://proxy.corp:3128"
    for local in ("http://127.0.0.1:8000/v1", "http://localhost:1/", "http://[::1]:2/"):
        assert settings.proxy_for(local) is None  # the demo sandbox is always direct
    assert system_proxies({"ALL_PROXY": "socks5://s:1080"}).proxy_for("https://x.y/") == "socks5://s:1080"
    assert system_proxies({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "*"}).proxy_for("https://x.y/") is None
    assert not system_proxies({}).active
    corp = ProxySettings({"http": "http://user:pw@p.corp:3128"}, ("example.org",))
    assert libvlc_proxy("http://127.0.0.2:5/a.m3u8", corp) == "http://p.corp:3128"  # no password
    assert libvlc_proxy("http://127.0.0.1:5/a.m3u8", corp) is None
    assert libvlc_proxy("http://cdn.example.org/a.m3u8", corp) is None


def test_libvlc_proxy_variable_follows_each_media_and_keeps_the_users(monkeypatch):
    monkeypatch.setenv("http_proxy", "http://users.proxy:8080")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert apply_libvlc_proxy("http://127.0.0.1:9/demo.m3u8") is None  # the demo: direct
    assert "http_proxy" not in __import__("os").environ
    assert system_proxies().proxies["http"] == "http://users.proxy:8080"  # the API still sees the user's
    assert apply_libvlc_proxy("http://127.0.0.2:9/x.m3u8") == "http://users.proxy:8080"



def test_every_route_verifies_with_the_os_trust_store(monkeypatch):
    """Direct or proxied, API, image and stream hosts share one client whose TLS context is
    truststore's (the OS trust store), so corporate TLS inspection works with verification on."""
    import truststore

    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    workspace = Workspace("token-id", "secret-key-value")
    direct = FastPixClient(workspace)
    try:
        assert isinstance(direct.transport._client._transport._pool._ssl_context, truststore.SSLContext)
    finally:
        direct.close()
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "images.fastpix.com")
    proxied = FastPixClient(workspace)
    try:
        router = proxied.transport._client._transport
        assert isinstance(router, ProxyRoutingTransport)
        through = router._route("https://api.fastpix.com/v1/live/streams")
        around = router._route("https://images.fastpix.com/x/thumbnail.jpg")
        assert through is not around
        for route in (through, around):
            assert isinstance(route._pool._ssl_context, truststore.SSLContext)
    finally:
        proxied.close()
