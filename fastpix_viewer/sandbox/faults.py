"""Deterministic fault injection for the API, stream and image hosts (an ASGI middleware).

Spec syntax (CLI ``--faults``, or ``POST /_sandbox/faults {"spec": ..., "seed": N}``)::

    SPEC   = RULE *(";" RULE)
    RULE   = TARGET ":" FAULT ["@" RATE]          RATE 0..1, default 1 (every match)
    TARGET = ("api" | "stream" | "image") [GLOB]  GLOB on the path below the host, e.g.
             api/on-demand*   stream/*.ts   image/*/thumbnail.*   (default: everything)
    FAULT  = latency=MS | latency=MS-MS           added delay, fixed or uniform in a range
           | status=500|502|503|524               FastPix JSON error with that status
           | ratelimit=SECONDS                    429 with Retry-After: SECONDS
           | ratelimit                            429 without Retry-After (also unconfirmed)
           | truncate                             the real body cut in half (valid framing)
           | badjson                              200 with a body that is not JSON
           | html=200|502                         an HTML error page with that status
           | empty=STATUS                         that status (429 or 500|502|503|524) with an empty body
           | drop                                 the connection is closed, no response
           | drip=BYTES/MS                        the real body, BYTES every MS
           | segment404                           404 JSON for media segments (.ts/.aac/.vtt)
           | unauthorized | notfound              401 / 404 FastPix JSON (stream host style)
           | refuse=400|422                       FastPix's refusal: 400 with message and
                                                  description, 422 "payload validation failed"
                                                  with fields (a rule FastPix has that the
                                                  sandbox does not model)

Durations take ``ms`` or ``s`` (bare numbers are ms). Every rule draws from its own
generator seeded by (seed, rule position, rule text), so the same requests in the same
order meet the same faults. Latency rules all apply; then the first other rule that
fires decides the answer. ``GET /_sandbox/counters`` reports what was served.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import json
import random
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

HOSTS = {"/v1": "api", "/stream": "stream", "/image": "image"}
STATUS_CODES = (500, 502, 503, 524)
SEGMENT_SUFFIXES = (".ts", ".aac", ".vtt", ".m4s")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)?$")
# The server's open connections (asyncio transports), for the `drop` fault.
ConnectionSource = Callable[[], Iterable[Any]]


class FaultSpecError(ValueError):
    """A fault spec that does not parse (the message says where and why)."""


@dataclass(frozen=True)
class Rule:
    text: str
    host: str
    glob: str
    kind: str
    value: object
    rate: float

    @property
    def counter(self) -> str:
        return f"{self.kind}:{self.value}" if self.kind in ("status", "html", "empty", "refuse") else self.kind


def _seconds(text: str, rule: str) -> float:
    match = _DURATION.match(text.strip())
    if not match:
        raise FaultSpecError(f"{rule!r}: {text!r} is not a duration (e.g. 250ms, 1.5s)")
    value = float(match[1])
    return value if match[2] == "s" else value / 1000


def _parse_rule(text: str) -> Rule:
    target, sep, fault = text.partition(":")
    if not sep:
        raise FaultSpecError(f"{text!r}: expected TARGET:FAULT")
    host, slash, glob = target.strip().partition("/")
    if host not in HOSTS.values():
        raise FaultSpecError(f"{text!r}: target must start with api, stream or image")
    glob = "/" + glob if slash else "*"
    fault, at, rate_text = fault.partition("@")
    try:
        rate = float(rate_text) if at else 1.0
    except ValueError:
        raise FaultSpecError(f"{text!r}: rate {rate_text!r} is not a number") from None
    if not 0.0 <= rate <= 1.0:
        raise FaultSpecError(f"{text!r}: rate must be between 0 and 1")
    kind, eq, raw = fault.strip().partition("=")
    value: object = None
    if kind == "latency":
        low, dash, high = raw.partition("-")
        value = (_seconds(low, text), _seconds(high, text) if dash else _seconds(low, text))
    elif kind in ("status", "html"):
        allowed = STATUS_CODES if kind == "status" else (200, 502)
        if not raw.isdigit() or int(raw) not in allowed:
            raise FaultSpecError(f"{text!r}: {kind} must be one of {', '.join(map(str, allowed))}")
        value = int(raw)
    elif kind == "refuse":
        if raw not in ("400", "422"):
            raise FaultSpecError(f"{text!r}: refuse must be 400 or 422")
        value = int(raw)
    elif kind == "empty":
        if not raw.isdigit() or int(raw) not in (429, *STATUS_CODES):
            raise FaultSpecError(f"{text!r}: empty must be one of 429, {', '.join(map(str, STATUS_CODES))}")
        value = int(raw)
    elif kind == "ratelimit" and not eq:
        value = None
    elif kind == "ratelimit":
        if not raw.isdigit():
            raise FaultSpecError(f"{text!r}: ratelimit needs whole seconds for Retry-After")
        value = int(raw)
    elif kind == "drip":
        size, slash_, every = raw.partition("/")
        if not size.isdigit() or not slash_ or int(size) < 1:
            raise FaultSpecError(f"{text!r}: drip needs BYTES/DURATION, e.g. drip=64/50ms")
        value = (int(size), _seconds(every, text))
    elif kind in ("truncate", "badjson", "drop", "segment404", "unauthorized", "notfound"):
        if eq:
            raise FaultSpecError(f"{text!r}: {kind} takes no value")
    else:
        raise FaultSpecError(f"{text!r}: unknown fault {kind!r}")
    return Rule(text=text.strip(), host=host, glob=glob, kind=kind, value=value, rate=rate)


def parse_spec(spec: str) -> list[Rule]:
    return [_parse_rule(part) for part in spec.split(";") if part.strip()]


class Faults:
    """The active rules, their generators and the counters (shared across threads)."""

    def __init__(self, spec: str = "", seed: int = 0) -> None:
        self._lock = threading.Lock()
        self.connections: ConnectionSource | None = None  # set by the server that runs the app
        self._initial = (spec, seed)
        self.counters: Counter[str] = Counter()
        self.configure(spec, seed)

    def configure(self, spec: str, seed: int) -> None:
        rules = parse_spec(spec)  # raises before anything changes
        with self._lock:
            self.spec, self.seed, self.rules = spec, seed, rules
            self._rngs = [random.Random(f"{seed}/{i}/{r.text}") for i, r in enumerate(rules)]

    def reset(self) -> None:
        """Back to the start-up spec, generators rewound, counters zeroed."""
        self.configure(*self._initial)
        with self._lock:
            self.counters: Counter[str] = Counter()

    def count(self, key: str) -> None:
        with self._lock:
            self.counters[key] += 1

    def snapshot(self) -> dict:
        with self._lock:
            served = {k.split(":", 1)[1]: v for k, v in self.counters.items() if k.startswith("requests:")}
            faults = {k: v for k, v in self.counters.items() if not k.startswith("requests:")}
            return {"requests": served, "faults": faults}

    def plan(self, host: str, path: str) -> tuple[list[float], Rule | None]:
        """The delays and the answer-changing rule for one request (draws are consumed here)."""
        delays: list[float] = []
        action: Rule | None = None
        with self._lock:
            for rule, rng in zip(self.rules, self._rngs, strict=True):
                if rule.host != host or not fnmatch.fnmatchcase(path, rule.glob):
                    continue
                if rule.kind == "segment404" and not path.endswith(SEGMENT_SUFFIXES):
                    continue
                if rule.kind == "latency":
                    if rng.random() < rule.rate:
                        low, high = rule.value  # type: ignore[misc]
                        delays.append(low if low == high else rng.uniform(low, high))
                        self.counters["latency"] += 1
                elif action is None and rng.random() < rule.rate:
                    action = rule
                    self.counters[rule.counter] += 1
        return delays, action


def _json_error(code: int, message: str, description: str) -> tuple[int, list, bytes]:
    body = json.dumps({"success": False, "error": {"code": code, "message": message,
                                                   "description": description}}).encode()
    return code, [(b"content-type", b"application/json;charset=UTF-8")], body


def _refusal(code: int) -> tuple[int, list, bytes]:
    """FastPix's 400 and 422 bodies (shared/fastpix-openapi/observed-responses)."""
    if code == 422:
        error = {"code": 422, "message": "payload validation failed",
                 "fields": [{"field": "inputs[0]", "message": "is not accepted (refused by a sandbox fault)"}]}
    else:
        error = {"code": 400, "message": "request refused",
                 "description": "The request was refused (a sandbox fault)."}
    body = json.dumps({"success": False, "error": error}).encode()
    return code, [(b"content-type", b"application/json;charset=UTF-8")], body


def _html(code: int) -> tuple[int, list, bytes]:
    title = "502 Bad Gateway" if code == 502 else "Service temporarily unavailable"
    body = (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1>"
            "<p>The upstream server did not answer. Please try again later.</p><hr>"
            "<address>edge-proxy</address></body></html>").encode()
    return code, [(b"content-type", b"text/html; charset=UTF-8")], body


STATUS_MESSAGES = {500: "internal server error", 502: "bad gateway", 503: "service unavailable",
                   524: "a timeout occurred"}


class FaultInjector:
    """ASGI middleware applying :class:`Faults` to /v1, /stream and /image (never /_sandbox)."""

    def __init__(self, app, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        host = rest = None
        for prefix, name in HOSTS.items():
            if path == prefix or path.startswith(prefix + "/"):
                host, rest = name, path[len(prefix):] or "/"
                break
        if host is None:
            await self.app(scope, receive, send)
            return
        self.faults.count(f"requests:{host}")
        delays, rule = self.faults.plan(host, rest)
        for delay in delays:
            await asyncio.sleep(delay)
        if rule is None:
            await self.app(scope, receive, send)
            return
        kind = rule.kind
        if kind == "status":
            code = int(rule.value)  # type: ignore[arg-type]
            await _respond(send, *_json_error(code, STATUS_MESSAGES[code], "Injected by the sandbox."))
        elif kind == "refuse":
            await _respond(send, *_refusal(int(rule.value)))  # type: ignore[arg-type]
        elif kind == "ratelimit":
            status, headers, body = _json_error(429, "too many requests", "Rate limit exceeded.")
            if rule.value is not None:
                headers.append((b"retry-after", str(rule.value).encode()))
            await _respond(send, status, headers, body)
        elif kind == "empty":
            await _respond(send, int(rule.value), [], b"")  # type: ignore[arg-type]
        elif kind == "badjson":
            await _respond(send, 200, [(b"content-type", b"application/json;charset=UTF-8")],
                           b'{"success": true, "data": {"id": "0b7f", oops}')
        elif kind == "html":
            await _respond(send, *_html(int(rule.value)))  # type: ignore[arg-type]
        elif kind == "segment404":
            await _respond(send, *_json_error(404, "segment not found", "The segment is not available."))
        elif kind == "unauthorized":
            await _respond(send, *_json_error(401, "unauthorized", "The playback token is invalid."))
        elif kind == "notfound":
            await _respond(send, *_json_error(404, "playback ID not found", "No such playback ID."))
        elif kind == "drop":
            await _drop(scope, receive, send, self.faults.connections)
        elif kind in ("truncate", "drip"):
            status, headers, body = await _capture(self.app, scope, receive)
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            if kind == "truncate":
                await _respond(send, status, headers, body[: max(1, len(body) // 2)])
            else:
                size, every = rule.value  # type: ignore[misc]
                await _drip(send, status, headers, body, size, every)


async def _respond(send, status: int, headers: list, body: bytes) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drip(send, status: int, headers: list, body: bytes, size: int, every: float) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    for start in range(0, len(body), size):
        last = start + size >= len(body)
        await send({"type": "http.response.body", "body": body[start:start + size], "more_body": not last})
        if not last:
            await asyncio.sleep(every)
    if not body:
        await send({"type": "http.response.body", "body": b""})


async def _capture(app, scope, receive) -> tuple[int, list, bytes]:
    status, headers, chunks = 500, [], []

    async def collect(message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, collect)
    return status, headers, b"".join(chunks)


def _selector_loop_transports() -> list:
    """Last resort: asyncio's selector loops keep a private map of open transports."""
    return list(getattr(asyncio.get_running_loop(), "_transports", {}).values())


async def _drop(scope, receive, send, connections: ConnectionSource | None) -> None:
    """Close the client's connection without a byte of response.

    The transport is found through the server's own connection registry (`connections`, set
    by SandboxServer from uvicorn's `server_state`), matched by the client's address; the
    selector loop's private transport map is only a fallback for a server started elsewhere.
    """
    client = scope.get("client")
    candidates = list(connections()) if connections is not None else []
    for transport in candidates + _selector_loop_transports():
        try:
            peer = transport.get_extra_info("peername")
        except Exception:  # noqa: S112 - a transport being torn down; look at the next one
            continue
        if client and peer and tuple(peer[:2]) == tuple(client):
            transport.abort()
            # Return only once the server has noticed, so it does not answer a 500 instead.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(2):
                    while (await receive())["type"] != "http.disconnect":
                        pass
            return
    # Fallback (no transport found): promise a body, send part of it, and bail out.
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", b"1000")]})
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise ConnectionAbortedError("fault injection: connection dropped")
