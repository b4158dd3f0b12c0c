"""HTTP transport: one shared `httpx.Client`, a total deadline per request, GET-only retries
with jittered exponential backoff, and a per-host `Retry-After` cooldown shared by all threads.

The clock, the sleep and the random source are injectable so fault tests never wait.
"""

from __future__ import annotations

import contextlib
import os
import random
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from fastpix_viewer.api.cancel import CancelLike, raise_if_cancelled
from fastpix_viewer.api.deadline import enforce_deadlines, exchange_deadline
from fastpix_viewer.api.errors import (
    Cancelled,
    FastPixError,
    NetworkError,
    ProtocolError,
    RateLimitedError,
    RequestTimeout,
)
from fastpix_viewer.api.proxies import ProxyRoutingTransport, system_proxies
from fastpix_viewer.api.redact import install_log_redaction
from fastpix_viewer.api.retry_after import HostCooldowns, parse_retry_after
from fastpix_viewer.api.transport_errors import (
    connect_error,
    host_of,
    redirect_target,
    timeout_error,
    tls_error,
)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 524})
RETRY_METHODS = frozenset({"GET", "HEAD"})
DEFAULT_DEADLINE = 20.0
# Below this many seconds left in a request's budget, another attempt is not worth starting.
MIN_USEFUL_ATTEMPT = 2.0
MAX_REDIRECTS = 5
DEFAULT_MAX_BODY = 32 * 1024 * 1024


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    backoff_base: float = 1.0
    backoff_cap: float = 10.0
    retry_after_cap: float = 30.0


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: httpx.Headers
    body: bytes
    retry_after: float | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class _Retryable(Exception):
    """Internal: an attempt failed in a way a GET may retry; carries the error to raise at the end."""

    def __init__(self, error: FastPixError, *, timed_out: bool = False) -> None:
        super().__init__(error.user_message)
        self.error = error
        self.timed_out = timed_out


def default_ssl_context() -> ssl.SSLContext:
    """The OS trust store (truststore), so corporate roots and updates apply as in a browser."""
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def https_proxy_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The HTTPS proxy named in the environment (kept for callers; requests use `proxies`)."""
    env = os.environ if environ is None else environ
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        if env.get(name):
            return env[name]
    return None


class HttpTransport:
    """Thread-safe; share one per workspace. Call `close()` (or use as a context manager) when done."""

    def __init__(
        self,
        *,
        user_agent: str,
        deadline: float = DEFAULT_DEADLINE,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        wall_clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        max_body: int = DEFAULT_MAX_BODY,
        redirect_hosts: frozenset[str] | None = None,
    ) -> None:
        install_log_redaction()
        # The hosts (host[:port], lower case) a stream/image GET may be redirected to; None: any
        # https host. A redirect elsewhere would carry the playback token to a host not configured.
        self.redirect_hosts = redirect_hosts
        self.deadline = deadline
        self.retry = retry or RetryPolicy()
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._rng = rng
        self._max_body = max_body
        self.cooldowns = HostCooldowns()
        kwargs: dict[str, Any] = {
            "headers": {"User-Agent": user_agent},
            # Redirects are handled by hand (`_redirect_target`): never for API calls, and
            # never to plain http, which httpx's own following would allow.
            "follow_redirects": False,
            "timeout": httpx.Timeout(deadline),
            "limits": httpx.Limits(max_connections=16, max_keepalive_connections=8),
            # Not httpx's trust_env: it would also read ~/.netrc (credentials for the stream
            # host) and SSL_* overrides. Proxies come from `proxies.system_proxies()` instead
            # (HTTP(S)_PROXY/ALL_PROXY/NO_PROXY, else the OS settings).
            "trust_env": False,
        }
        if transport is not None:
            kwargs["transport"] = transport
        else:
            context = default_ssl_context()
            kwargs["verify"] = context
            proxies = system_proxies()
            if proxies.active:
                kwargs["transport"] = ProxyRoutingTransport(proxies, verify=context, limits=kwargs["limits"])
            else:
                kwargs["transport"] = enforce_deadlines(
                    httpx.HTTPTransport(verify=context, limits=kwargs["limits"], trust_env=False))
        self._client = httpx.Client(**kwargs)

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- waiting ---------------------------------------------------------------------------

    def pause(self, seconds: float, cancel: CancelLike | None = None) -> None:
        if seconds <= 0:
            raise_if_cancelled(cancel)
            return
        if self._sleep is not None:
            self._sleep(seconds)
            raise_if_cancelled(cancel)
        elif cancel is not None:
            if cancel.wait(seconds):
                raise Cancelled()
        else:
            time.sleep(seconds)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (1-based): base·2^(n-1), capped, with jitter."""
        ceiling = min(self.retry.backoff_cap, self.retry.backoff_base * (2 ** (attempt - 1)))
        return ceiling * (0.5 + 0.5 * self._rng())

    def _respect_cooldown(self, host: str, cancel: CancelLike | None) -> float:
        """Wait out the host's cooldown (if any); returns the seconds waited."""
        remaining = self.cooldowns.remaining(host, self._clock())
        if remaining > self.retry.retry_after_cap:
            raise RateLimitedError(retry_after=remaining)
        if remaining > 0:
            self.pause(remaining, cancel)
            return remaining
        return 0.0

    def _final(self, failure: _Retryable, started: float) -> FastPixError:
        """The error to raise when giving up; a timeout states the time really spent."""
        if failure.timed_out:
            return timeout_error(self._clock() - started)
        return failure.error

    # -- requests --------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        deadline: float | None = None,
        cancel: CancelLike | None = None,
        follow_redirects: bool = True,
    ) -> RawResponse:
        """Send one request (retried only if GET/HEAD) and return the complete response.

        `deadline` is the whole call's budget, retries included. `follow_redirects=False` (API
        calls) turns any redirect into a ProtocolError; otherwise only safe targets are followed.

        Raises NetworkError/RequestTimeout/ProtocolError/RateLimitedError/Cancelled; HTTP error
        statuses are returned, not raised, so callers map them to the right typed error.
        """
        method = method.upper()
        host = urlsplit(url).netloc.lower()
        retrying = method in RETRY_METHODS
        attempts = max(1, self.retry.attempts) if retrying else 1
        budget = deadline or self.deadline
        # One budget for the whole call (every attempt and backoff), not one per attempt: three
        # slow attempts must not add up to three deadlines. Waits the server asked for
        # (Retry-After, capped) are honoured on top and extend the budget by exactly that wait.
        started = self._clock()
        ends = started + budget
        useful = min(MIN_USEFUL_ATTEMPT, budget / 4)
        for attempt in range(1, attempts + 1):
            raise_if_cancelled(cancel)
            ends += self._respect_cooldown(host, cancel)
            left = ends - self._clock()
            try:
                response = self._attempt(method, url, params, json, headers, auth, max(left, 0.001), follow_redirects)
            except _Retryable as failure:
                pause = self.backoff(attempt)
                if attempt >= attempts or ends - self._clock() - pause < useful:
                    raise self._final(failure, started) from None
                self.pause(pause, cancel)
                continue
            if response.status not in RETRY_STATUSES:
                return response
            wait = response.retry_after
            if wait is not None:
                self.cooldowns.push(host, self._clock() + wait)
                if wait > self.retry.retry_after_cap:
                    raise RateLimitedError(retry_after=wait, status=response.status)
            if attempt >= attempts:
                return response
            if wait is None:
                pause = self.backoff(attempt)
                if ends - self._clock() - pause < useful:
                    return response  # no time left for another useful attempt
                self.pause(pause, cancel)
            # with Retry-After, the cooldown check at the top of the loop does the waiting
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        auth: tuple[str, str] | None,
        deadline: float,
        follow_redirects: bool,
    ) -> RawResponse:
        started = self._clock()
        limit = started + deadline
        timeout = httpx.Timeout(deadline)
        try:
            # The whole exchange (connect, headers, body, redirects) within the deadline, not just
            # each read: a host dripping its headers a byte at a time must not hold the call.
            with exchange_deadline(deadline):
                return self._exchange(method, url, params, json, headers, auth, timeout, limit, deadline,
                                      follow_redirects)
        except httpx.TimeoutException:
            raise _Retryable(timeout_error(deadline), timed_out=True) from None
        except httpx.ConnectError as problem:
            tls = tls_error(problem, url)
            if tls is not None:
                raise tls from None  # a certificate does not get better on retry
            raise _Retryable(connect_error(url)) from None
        except httpx.RemoteProtocolError:
            raise ProtocolError("The connection closed before FastPix's answer was complete.") from None
        except httpx.TransportError:
            raise NetworkError(f"The connection to {host_of(url)} failed; check the network connection.") from None
        except httpx.InvalidURL:
            raise NetworkError("The request address is not valid.") from None

    def _exchange(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        auth: tuple[str, str] | None,
        timeout: httpx.Timeout,
        limit: float,
        deadline: float,
        follow_redirects: bool,
    ) -> RawResponse:
        for _hop in range(MAX_REDIRECTS + 1):
            with self._client.stream(
                method, url, params=params, json=json, headers=headers, auth=auth, timeout=timeout
            ) as response:
                if response.is_redirect:
                    url = redirect_target(response, follow_redirects, self.redirect_hosts)
                    params = None  # already part of the URL that was redirected
                    continue
                return self._read(response, limit, deadline)
        raise ProtocolError("The server redirected too many times.")

    def _read(self, response: httpx.Response, limit: float, deadline: float) -> RawResponse:
        if self._clock() > limit:
            raise _Retryable(timeout_error(deadline), timed_out=True)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self._max_body:
                raise ProtocolError("FastPix sent an answer far larger than expected; it was not read.")
            chunks.append(chunk)
            # A slow-drip body keeps every single read under the socket timeout;
            # the total deadline is what stops it.
            if self._clock() > limit:
                raise _Retryable(timeout_error(deadline), timed_out=True)
        return RawResponse(
            status=response.status_code,
            headers=response.headers,
            body=b"".join(chunks),
            retry_after=parse_retry_after(response.headers.get("retry-after"), wall_clock=self._wall_clock),
        )

    @contextlib.contextmanager
    def stream(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        idle_timeout: float = 30.0,
    ) -> Iterator[httpx.Response]:
        """A streamed GET for large bodies (downloads): no total deadline, an idle timeout per read,
        no retries (the caller resumes with Range). Safe redirects are followed (see
        `_redirect_target`). Transport failures become typed errors."""
        host = urlsplit(url).netloc.lower()
        self._respect_cooldown(host, None)
        response: httpx.Response | None = None
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                request = self._client.build_request("GET", url, headers=headers, timeout=httpx.Timeout(idle_timeout))
                # Until the headers are in, the total deadline holds; the body then has only the
                # idle timeout (a large file may take as long as it needs while bytes arrive).
                try:
                    with exchange_deadline(self.deadline):
                        response = self._client.send(request, stream=True)
                except httpx.TimeoutException:
                    raise RequestTimeout(
                        f"The stream host did not answer within {max(1, round(self.deadline))} seconds; "
                        "try again later."
                    ) from None
                if not response.is_redirect:
                    break
                response.close()
                url = redirect_target(response, True, self.redirect_hosts)
            else:
                raise ProtocolError("The stream host redirected too many times.")
            yield response
        except httpx.TimeoutException:
            raise RequestTimeout(
                f"The download stalled: nothing arrived for {round(idle_timeout)} seconds."
            ) from None
        except httpx.ConnectError as problem:
            raise (tls_error(problem, url) or connect_error(url)) from None
        except httpx.RemoteProtocolError:
            raise NetworkError("The connection closed before the download was complete.") from None
        except httpx.TransportError:
            raise NetworkError(f"The connection to {host_of(url)} failed; check the network connection.") from None
        finally:
            if response is not None:
                response.close()
