"""The transport's judgements on a failed exchange, as plain-language errors: whether a redirect
may be followed, and what a timeout, a TLS failure or a refused connection tell the user."""

from __future__ import annotations

import ssl
from urllib.parse import urljoin, urlsplit

import httpx

from fastpix_viewer.api.config import is_loopback_host
from fastpix_viewer.api.errors import NetworkError, ProtocolError, RequestTimeout


def redirect_target(response: httpx.Response, follow: bool, allowed: frozenset[str] | None = None) -> str:
    """Where a redirect points, if it may be followed; else a ProtocolError.

    API calls never follow redirects (a redirect would carry the Basic credentials elsewhere).
    Stream-host and image-host GETs follow only targets that pass the same rule as a configured
    base: https, or plain http to a loopback host, so a token is never sent in clear text; and,
    when the transport knows its workspace's hosts, only to one of those hosts.
    """
    status = response.status_code
    if not follow:
        raise ProtocolError(
            f"FastPix's API answered with a redirect (HTTP {status}), which API calls do not follow; "
            "check the API address."
        )
    location = response.headers.get("location", "")
    target = urljoin(str(response.url), location)
    parts = urlsplit(target)
    if not location or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProtocolError(f"The server sent a redirect (HTTP {status}) without a usable address.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ProtocolError(
            f"The server redirected to plain http on {parts.hostname}; it was refused so the "
            "playback token is not sent unencrypted."
        )
    if allowed is not None and parts.netloc.lower() not in allowed:
        raise ProtocolError(
            f"The server redirected to {parts.hostname}, which is not one of this workspace's FastPix hosts; "
            "it was refused so the playback token is not sent elsewhere."
        )
    return target


def host_of(url: str) -> str:
    return urlsplit(url).hostname or "the server"


def timeout_error(seconds: float) -> RequestTimeout:
    shown = max(1, round(seconds))
    return RequestTimeout(f"FastPix did not answer completely within {shown} seconds; try again later.")


def tls_error(problem: BaseException, url: str) -> NetworkError | None:
    """A plain explanation when a connection failed its TLS checks (an untrusted or mismatched
    certificate, a failed handshake); None for other connection failures."""
    seen: set[int] = set()
    cause: BaseException | None = problem
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = cause.verify_message or "it could not be verified"
            return NetworkError(
                f"The certificate of {host_of(url)} is not trusted ({reason}); the connection was refused "
                "so nothing was sent. Check the address, or install the certificate's authority in the system."
            )
        if isinstance(cause, ssl.SSLError):
            return NetworkError(
                f"The secure (TLS) connection to {host_of(url)} failed ({cause.reason or 'handshake failed'}); "
                "nothing was sent."
            )
        cause = cause.__cause__ or cause.__context__
    return None


def connect_error(url: str) -> NetworkError:
    return NetworkError(f"Could not connect to {host_of(url)}; check the network connection and the address.")
