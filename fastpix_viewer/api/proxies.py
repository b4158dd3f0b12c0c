"""Which proxy (if any) a request goes through: the environment first, then the system.

Sources, as browsers and curl use them: HTTP_PROXY / HTTPS_PROXY / ALL_PROXY and NO_PROXY
(either case; lower case wins), and when none is set, the system settings that
`urllib.request.getproxies()` reads (the Windows registry, macOS System Settings).
`localhost`, `127.0.0.1` and `::1` always go direct: a proxy elsewhere cannot reach this
computer's own servers (the demo sandbox). Other loopback names follow the rules.

`ProxyRoutingTransport` applies the choice per request, so the API, the image host and the
stream host (pre-flight, downloads) all follow it; every route verifies certificates with
the same SSL context (the OS trust store).
"""

from __future__ import annotations

import ipaddress
import os
import threading
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from fastpix_viewer.api.deadline import enforce_deadlines

ALWAYS_DIRECT = frozenset({"localhost", "127.0.0.1", "::1"})
_SCHEMES = ("http", "https", "all")


@dataclass(frozen=True)
class ProxySettings:
    """Proxy URL per scheme ("http", "https", "all") and the NO_PROXY entries."""

    proxies: Mapping[str, str] = field(default_factory=dict)
    no_proxy: tuple[str, ...] = ()
    source: str = "none"  # "environment", "system" or "none"

    @property
    def active(self) -> bool:
        return bool(self.proxies)

    def proxy_for(self, url: str) -> str | None:
        """The proxy URL for `url`, or None to connect directly."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host or self.bypasses(host, parts.port):
            return None
        return self.proxies.get(parts.scheme) or self.proxies.get("all")

    def bypasses(self, host: str, port: int | None = None) -> bool:
        host = host.strip("[]").lower()
        if host in ALWAYS_DIRECT:
            return True
        return any(_matches(entry, host, port) for entry in self.no_proxy)


def _matches(entry: str, host: str, port: int | None) -> bool:
    entry = entry.strip().lower()
    if not entry:
        return False
    if entry == "*":
        return True
    if entry == "<local>":  # Windows: every name without a dot
        return "." not in host
    entry_port = None
    if entry.count(":") == 1 and not entry.startswith("["):
        entry, _, raw_port = entry.partition(":")
        entry_port = int(raw_port) if raw_port.isdigit() else None
    if entry_port is not None and port is not None and entry_port != port:
        return False
    entry = entry.strip("[]")
    try:
        network = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        network = None
    if network is not None:
        try:
            return ipaddress.ip_address(host) in network
        except ValueError:
            return False
    entry = entry.lstrip("*").lstrip(".")
    return host == entry or host.endswith("." + entry)


def _from_environment(env: Mapping[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    found: dict[str, str] = {}
    no_proxy = ""
    # Upper case first, lower case overrides (curl's and urllib's precedence).
    for key in sorted(env, key=lambda k: k.islower()):
        name = key.lower()
        value = (env[key] or "").strip()
        if not value:
            continue
        if name == "no_proxy":
            no_proxy = value
        elif name.endswith("_proxy") and name[:-6] in _SCHEMES:
            found[name[:-6]] = _with_scheme(value)
    return found, tuple(e for e in no_proxy.replace(";", ",").split(",") if e.strip())


def _with_scheme(value: str) -> str:
    return value if "://" in value else "http://" + value


def system_proxies(environ: Mapping[str, str] | None = None) -> ProxySettings:
    """The proxies to use now (environment, else the OS settings; see the module docstring)."""
    env = _user_environment() if environ is None else environ
    found, no_proxy = _from_environment(env)
    if found:
        return ProxySettings(found, no_proxy, "environment")
    if environ is not None:
        return ProxySettings()
    try:
        system = urllib.request.getproxies()  # Windows registry / macOS SystemConfiguration
    except Exception:  # an unreadable system setting must not stop the app
        return ProxySettings()
    proxies = {k: _with_scheme(v) for k, v in system.items() if k in _SCHEMES and v}
    bypass = tuple(e for e in str(system.get("no", "")).split(",") if e.strip())
    return ProxySettings(proxies, bypass, "system") if proxies else ProxySettings()


def describe_proxies(settings: ProxySettings | None = None) -> str:
    """One line for diagnostics: proxy hosts only, never a user name or password."""
    settings = settings or system_proxies()
    if not settings.active:
        return "none (direct connections)"
    shown = []
    for scheme, url in sorted(settings.proxies.items()):
        parts = urlsplit(url)
        where = parts.hostname or "?"
        shown.append(f"{scheme} via {where}" + (f":{parts.port}" if parts.port else ""))
    bypass = f"; direct for {', '.join(settings.no_proxy)}" if settings.no_proxy else ""
    return f"{', '.join(shown)} ({settings.source}){bypass}"


LIBVLC_PROXY_VARIABLE = "http_proxy"  # libVLC 3 reads only this one (for http and https)
_UNSET: Any = object()
# What the user's own `http_proxy` was, and what `apply_libvlc_proxy` last set it to.
_libvlc_state: dict[str, Any] = {"user": _UNSET, "applied": _UNSET}


def _user_environment() -> Mapping[str, str]:
    """os.environ as the user set it (undoing what `apply_libvlc_proxy` changed)."""
    applied = _libvlc_state["applied"]
    if applied is _UNSET or os.environ.get(LIBVLC_PROXY_VARIABLE) != applied:
        return os.environ  # untouched, or changed by someone else since: theirs wins
    env = dict(os.environ)
    env.pop(LIBVLC_PROXY_VARIABLE, None)
    if _libvlc_state["user"] not in (None, _UNSET):
        env[LIBVLC_PROXY_VARIABLE] = _libvlc_state["user"]
    return env


def libvlc_proxy(url: str, settings: ProxySettings | None = None) -> str | None:
    """`host:port` of the proxy libVLC should use for `url`, or None for a direct connection."""
    proxy = (settings or system_proxies()).proxy_for(url)
    parts = urlsplit(proxy) if proxy else None
    if parts is None or not parts.hostname or parts.scheme not in ("http", "https"):
        return None  # libVLC speaks only to HTTP proxies
    return f"http://{parts.hostname}:{parts.port or 80}"


def apply_libvlc_proxy(url: str, settings: ProxySettings | None = None) -> str | None:
    """Point libVLC at the proxy for `url` (or none), returning what was set.

    libVLC 3.0 has no per-media proxy option for HLS (`--http-proxy` is gone and
    `:http-proxy` is ignored by the https/adaptive access): it reads `http_proxy` from the
    environment for each connection, with no NO_PROXY support. So the variable is set per
    media. Call it only while no media is playing (the player was just stopped), on the
    main thread. Passwords in the proxy URL are not passed on."""
    current = os.environ.get(LIBVLC_PROXY_VARIABLE)
    if _libvlc_state["applied"] is _UNSET or current != _libvlc_state["applied"]:
        _libvlc_state["user"] = current
    chosen = libvlc_proxy(url, settings or system_proxies())
    if chosen is None:
        os.environ.pop(LIBVLC_PROXY_VARIABLE, None)
    else:
        os.environ[LIBVLC_PROXY_VARIABLE] = chosen
    _libvlc_state["applied"] = chosen
    return chosen


class ProxyRoutingTransport(httpx.BaseTransport):
    """Sends each request directly or through its proxy per `ProxySettings.proxy_for`."""

    def __init__(self, settings: ProxySettings, *, verify: Any = True, limits: httpx.Limits | None = None) -> None:
        self.settings = settings
        self._verify = verify
        self._limits = limits or httpx.Limits()
        self._direct = enforce_deadlines(httpx.HTTPTransport(verify=verify, limits=self._limits))
        self._proxied: dict[str, httpx.HTTPTransport] = {}
        self._lock = threading.Lock()

    def _route(self, url: str) -> httpx.HTTPTransport:
        proxy = self.settings.proxy_for(url)
        if proxy is None:
            return self._direct
        with self._lock:
            if proxy not in self._proxied:
                self._proxied[proxy] = enforce_deadlines(
                    httpx.HTTPTransport(proxy=proxy, verify=self._verify, limits=self._limits))
            return self._proxied[proxy]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._route(str(request.url)).handle_request(request)

    def close(self) -> None:
        self._direct.close()
        with self._lock:
            for transport in self._proxied.values():
                transport.close()
