"""Typed failures, each readable as one plain sentence (`.user_message`).

Exception text never contains credentials, signing keys or playback tokens: messages are
built from fixed wording plus FastPix's own `message`/`description`, which pass through
`redact.scrub` before they are stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_MAX_SERVER_TEXT = 200


def _clean(text: object) -> str:
    """Server-provided text as one short, printable line (never trusted as markup)."""
    from fastpix_viewer.api.redact import scrub

    if not isinstance(text, str):
        return ""
    one_line = " ".join(text.split())
    one_line = "".join(ch for ch in one_line if ch.isprintable())
    if len(one_line) > _MAX_SERVER_TEXT:
        one_line = one_line[: _MAX_SERVER_TEXT - 1] + "…"
    return scrub(one_line)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class FastPixError(Exception):
    """Base of every failure this package raises on purpose."""

    default_message = "Something went wrong while talking to FastPix."

    def __init__(
        self,
        user_message: str | None = None,
        *,
        status: int | None = None,
        code: object = None,
        message: str | None = None,
        description: str | None = None,
        fields: Sequence[FieldProblem] = (),
    ) -> None:
        self.user_message: str = user_message or self.default_message
        self.status = status
        self.code = code if isinstance(code, int | str) else None
        self.message = _clean(message) if message else ""
        self.description = _clean(description) if description else ""
        self.fields: tuple[FieldProblem, ...] = tuple(fields)
        super().__init__(self.user_message)

    def __str__(self) -> str:
        return self.user_message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.user_message!r}, status={self.status!r})"


class ConfigError(FastPixError):
    default_message = "The workspace settings are not usable."


class InvalidIdError(FastPixError, ValueError):
    default_message = "That is not a valid FastPix ID."


class InvalidReferenceError(FastPixError, ValueError):
    default_message = "That text does not name a FastPix stream, media or playback ID."


class InputError(FastPixError, ValueError):
    """The caller's input was refused before anything was sent (e.g. too many metadata pairs)."""

    default_message = "The request was refused before sending: the input is not valid."


class Cancelled(FastPixError):
    default_message = "The operation was cancelled."


class AuthenticationError(FastPixError):
    default_message = (
        "FastPix did not accept the access token ID and secret key; check them in the workspace settings."
    )


class PermissionDeniedError(FastPixError):
    default_message = "FastPix refused access: this access token is not allowed to do that."


class NotFoundError(FastPixError):
    default_message = "FastPix has no such item in this workspace."


class BadRequestError(FastPixError):
    default_message = "FastPix refused the request as invalid."


class ConflictError(FastPixError):
    default_message = "FastPix refused the request because it conflicts with the item's current state."


class ValidationError(FastPixError):
    default_message = "FastPix rejected the request's data."


class RateLimitedError(FastPixError):
    default_message = "FastPix is limiting how fast requests may be sent; try again shortly."

    def __init__(self, user_message: str | None = None, *, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        if user_message is None and retry_after is not None:
            user_message = (
                f"FastPix is limiting how fast requests may be sent; try again in {_seconds(retry_after)}."
            )
        super().__init__(user_message, **kw)


class ServerError(FastPixError):
    default_message = "FastPix had a server problem; try again later."


class NetworkError(FastPixError):
    default_message = "Could not reach FastPix; check the network connection."


class RequestTimeout(NetworkError):
    default_message = "FastPix did not answer in time; try again later."


class ProtocolError(FastPixError):
    default_message = "FastPix sent an answer this app cannot read."


class KeyringUnavailable(FastPixError):
    default_message = (
        "No usable system keyring was found to store the secret key; "
        "keep it for this session only or set up a keyring (Secret Service, KWallet, macOS Keychain)."
    )


class ProfileError(FastPixError):
    default_message = "That workspace profile cannot be used."


# --- stream-host (playback) failures, reported by the manifest pre-flight and downloads ---


class PlaybackError(FastPixError):
    default_message = "The stream host refused to play this video."


class StreamNotReady(PlaybackError):
    default_message = "This video is not ready to play yet; FastPix is still preparing it."


class PlaybackTokenRejected(PlaybackError):
    default_message = (
        "The stream host refused the playback token: this playback ID is private, so add or check the signing key."
    )


class PlaybackNotFound(PlaybackError):
    default_message = "The stream host does not know this playback ID; it may have been deleted."


class PlaybackForbidden(PlaybackError):
    default_message = (
        "The stream host refused access to this playback ID "
        "(it may be limited to certain sites or players, or need DRM)."
    )


class BadPlaybackParameter(PlaybackError):
    default_message = "The stream host rejected a playback parameter; try again without it."


def _sentence(text: str) -> str:
    """`text` ending in exactly one full stop (server text may or may not end with one)."""
    return text.rstrip(" .") + "."


def _seconds(value: float) -> str:
    whole = max(1, round(value))
    return f"{whole} second" if whole == 1 else f"{whole} seconds"


def _fields_from(error: Mapping[str, Any]) -> list[FieldProblem]:
    raw_fields = error.get("fields")
    found: list[FieldProblem] = []
    if isinstance(raw_fields, list):
        for entry in raw_fields[:20]:
            if isinstance(entry, Mapping):
                found.append(FieldProblem(_clean(entry.get("field")), _clean(entry.get("message"))))
    return found


def _error_body(payload: object) -> Mapping[str, Any]:
    if isinstance(payload, Mapping):
        inner = payload.get("error")
        if isinstance(inner, Mapping):
            return inner
    return {}


def _details(status: int, payload: object) -> dict[str, Any]:
    """What an error response said (status, code, cleaned message and description, field
    problems): the keyword arguments every typed error is built with, API or stream host."""
    error = _error_body(payload)
    return dict(
        status=status,
        code=error.get("code"),
        message=_clean(error.get("message")),
        description=_clean(error.get("description")),
        fields=_fields_from(error),
    )


def api_error(status: int, payload: object, *, retry_after: float | None = None, what: str = "") -> FastPixError:
    """The typed error for an API (`/v1`) failure response."""
    details = _details(status, payload)
    message, description, fields = details["message"], details["description"], details["fields"]
    said = description or message
    if status == 401:
        return AuthenticationError(**details)
    if status == 403:
        if "permission" in (description + " " + message).lower():
            return PermissionDeniedError(
                "This access token lacks the permission for that action; give it Video Read/Write in the FastPix dashboard.",
                **details,
            )
        return PermissionDeniedError(**details)
    if status == 404:
        text = f"FastPix has no {what} in this workspace." if what else None
        return NotFoundError(text, **details)
    if status == 422:
        if fields:
            listed = "; ".join(f"{f.field or 'input'} {f.message or 'is invalid'}" for f in fields[:5])
            return ValidationError(_sentence(f"FastPix rejected the request's data: {listed}"), **details)
        return ValidationError(_sentence(f"FastPix rejected the request's data: {said}") if said else None, **details)
    if status == 429:
        return RateLimitedError(retry_after=retry_after, **details)
    if status == 409:
        return ConflictError(_sentence(f"FastPix refused the request: {said}") if said else None, **details)
    if status >= 500:
        return ServerError(f"FastPix had a server problem (HTTP {status}); try again later.", **details)
    if status == 408:
        return RequestTimeout(**details)
    if 400 <= status < 500:
        return BadRequestError(_sentence(f"FastPix refused the request: {said}") if said else None, **details)
    return ProtocolError(f"FastPix answered with an unexpected HTTP status {status}.", **details)


UNSIGNED_REFUSAL_401 = (
    "The stream host wants a playback token, and this request carried none: the playback ID is "
    "private (perhaps no longer public), so add a signing key to the workspace."
)
SIGNED_REFUSAL_401 = (
    "The stream host refused the playback token: it may have expired, or the signing key may not "
    "belong to this workspace; check the signing key."
)


def playback_error(
    status: int, payload: object, *, retry_after: float | None = None, signed: bool | None = None
) -> FastPixError:
    """The typed error for a stream-host failure (manifest pre-flight, MP4 download).

    `signed` says whether the request carried a playback token, so a 401 is worded for what
    actually happened (None: unknown, the generic wording)."""
    details = _details(status, payload)
    if status == 400:
        return StreamNotReady(**details)
    if status == 401:
        wording = None if signed is None else SIGNED_REFUSAL_401 if signed else UNSIGNED_REFUSAL_401
        return PlaybackTokenRejected(wording, **details)  # type: ignore[arg-type]
    if status == 403:
        said = details["description"] or details["message"]
        if said:
            return PlaybackForbidden(_sentence(f"The stream host refused access: {said}"), **details)  # type: ignore[arg-type]
        return PlaybackForbidden(**details)
    if status == 404:
        return PlaybackNotFound(**details)
    if status == 422:
        names = ", ".join(f.field for f in details["fields"] if f.field)  # type: ignore[union-attr]
        if names:
            return BadPlaybackParameter(
                f"The stream host rejected the playback parameter {names}; try again without it.", **details
            )
        return BadPlaybackParameter(**details)
    if status == 429:
        return RateLimitedError(retry_after=retry_after, **details)
    if status >= 500:
        return ServerError(f"The stream host had a server problem (HTTP {status}); try again later.", **details)
    return PlaybackError(f"The stream host refused the request (HTTP {status}).", **details)
