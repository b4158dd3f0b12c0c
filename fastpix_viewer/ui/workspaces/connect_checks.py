"""Checking a workspace's credentials before anything is saved, and saying why it failed.

`check_connection` makes one cheap, real API call (worker thread); `describe_connect_failure`
turns what went wrong into plain words for the connect form (never the secret, never a
traceback); `read_key_file` reads a signing key file."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from pathlib import Path

from fastpix_viewer.api import FastPixClient, FastPixError, Workspace
from fastpix_viewer.api.cancel import CancelLike

log = logging.getLogger(__name__)

MAX_KEY_FILE_BYTES = 64 * 1024

ClientFactory = Callable[[Workspace], FastPixClient]


def check_connection(client_factory: ClientFactory, workspace: Workspace, *, cancel: CancelLike) -> None:
    """One cheap, real API call with these credentials (raises FastPixError on failure)."""
    if workspace.signing_key:
        from fastpix_viewer.api.signing import SigningKey

        SigningKey.from_fastpix(workspace.signing_key_id or "", workspace.signing_key)
    client = client_factory(workspace)
    try:
        client.streams_page(1, limit=1, cancel=cancel)
    finally:
        client.close()


def describe_connect_failure(problem: BaseException) -> str:
    """Plain words for why connecting did not work (never the secret, never a traceback)."""
    from fastpix_viewer.api.errors import (
        AuthenticationError,
        ConfigError,
        NetworkError,
        NotFoundError,
        PermissionDeniedError,
        ProtocolError,
    )
    from fastpix_viewer.api.redact import scrub

    if isinstance(problem, AuthenticationError):
        return ("FastPix did not accept this Access Token ID and Secret Key. Check that both were "
                "copied completely from the FastPix dashboard (Settings ▸ Access Tokens).")
    if isinstance(problem, PermissionDeniedError):
        return "FastPix accepted the credentials but this access token may not read live streams; give it Video read access."
    if isinstance(problem, NetworkError):
        return f"{problem.user_message} Nothing was saved."
    if isinstance(problem, NotFoundError | ProtocolError):
        return f"The API address does not look like FastPix: {problem.user_message}"
    if isinstance(problem, ConfigError | FastPixError):
        return problem.user_message
    log.error("unexpected failure while connecting: %s", type(problem).__name__)
    return scrub(f"Could not connect: {type(problem).__name__}.")


def read_key_file(path: Path) -> str | None:
    """A signing private key file as FastPix takes it (base64 of the PEM); a plain PEM file is
    encoded; None when it is not a readable, small text file."""
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            return None
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if text.startswith("-----BEGIN"):
        text = base64.b64encode(text.encode("ascii") + b"\n").decode("ascii")
    return text


__all__ = ["ClientFactory", "check_connection", "describe_connect_failure", "read_key_file"]
