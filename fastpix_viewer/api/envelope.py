"""From response bytes to checked JSON: decoding, FastPix's `{success, data, pagination}`
envelope, and typed errors for failure statuses. Pure functions (no I/O) so property tests
can throw arbitrary input at them: they raise nothing but `ProtocolError` for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fastpix_viewer.api.errors import FastPixError, ProtocolError, api_error
from fastpix_viewer.api.models import Page, parse_pagination, read_items

MAX_DEPTH = 48

M = TypeVar("M")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _too_deep(value: Any, limit: int) -> bool:
    # Level by level, with no per-node tuples: this runs on every page of a listing and the
    # node-by-node walk cost twice as long as json.loads itself (issue 15, paging).
    level = [value] if isinstance(value, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[Any] = []
        for container in level:
            children = container.values() if isinstance(container, dict) else container
            below += [child for child in children if isinstance(child, dict | list)]
        level = below
    return False


def decode_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProtocolError("FastPix sent an answer that is not UTF-8 text.") from None
    if not text.strip():
        raise ProtocolError("FastPix sent an empty answer where data was expected.")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise ProtocolError("FastPix sent JSON nested too deeply to read.") from None
    except ValueError:
        raise ProtocolError("FastPix sent an answer that is not valid JSON (it may be cut off).") from None
    if _too_deep(value, MAX_DEPTH):
        raise ProtocolError("FastPix sent JSON nested too deeply to read.")
    return value


def looks_like_web_page(body: bytes, content_type: str = "") -> bool:
    """An HTML page where JSON was expected (proxies, captive portals, CDN error pages)."""
    return content_type.lower() in ("text/html", "application/xhtml+xml") or body.lstrip()[:1] == b"<"


def unwrap(
    status: int, body: bytes, *, retry_after: float | None = None, what: str = "", content_type: str = ""
) -> Mapping[str, Any]:
    """The decoded envelope of a successful answer, or the typed error for a failed one."""
    if not 200 <= status < 300:
        try:
            payload: Any = decode_json(body)
        except FastPixError:
            payload = None
        raise api_error(status, payload, retry_after=retry_after, what=what)
    if looks_like_web_page(body, content_type):
        raise ProtocolError(
            f"The server answered with a web page instead of data (HTTP {status}); "
            "a proxy or captive portal may be in the way, or the API address may be wrong."
        )
    payload = decode_json(body)
    if not isinstance(payload, Mapping):
        raise ProtocolError("FastPix sent an answer with an unexpected shape (not a JSON object).")
    if payload.get("success") is False:
        # A failure under a 2xx status contradicts itself; report FastPix's words as a protocol problem.
        said = api_error(400, payload, what=what)
        raise ProtocolError(
            f"FastPix answered “success: false” with HTTP {status}"
            + (f" ({said.description or said.message})." if (said.description or said.message) else "."),
            code=said.code, message=said.message, description=said.description,
        )
    return payload


def data_of(envelope: Mapping[str, Any], what: str) -> Any:
    if "data" not in envelope:
        raise ProtocolError(f"FastPix's answer for the {what} has no data.")
    return envelope["data"]


def build_page(
    envelope: Mapping[str, Any], number: int, parser: Callable[[object], M], what: str, limit: int | None = None
) -> Page[M]:
    data = data_of(envelope, what)
    if limit is not None and isinstance(data, list) and len(data) > limit:
        # Refused before parsing: a host sending 40,000 records per page must not fill memory.
        raise ProtocolError(
            f"FastPix sent {len(data):,} {what} records on one page though at most {limit} were asked for; "
            "the list was not loaded."
        )
    items = read_items(parser, data, what)
    return Page(number=number, items=items, pagination=parse_pagination(envelope.get("pagination")), limit=limit)


def page_from_bytes(body: bytes, number: int, parser: Callable[[object], M], what: str, status: int = 200) -> Page[M]:
    return build_page(unwrap(status, body, what=what), number, parser, what)
