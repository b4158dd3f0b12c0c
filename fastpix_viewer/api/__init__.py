"""Qt-free FastPix client: configuration, HTTP, tolerant models, playback and workspaces.

Nothing in this package imports PySide6 or vlc (a test proves it), so the command line,
the sandbox tests and the desktop app's worker threads can all use it.
"""

from __future__ import annotations

# First, before anything here imports httpx: keeps httpx's command-line module out (see it).
import fastpix_viewer.api.httpx_cli  # noqa: F401
from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.config import Endpoints, Workspace, workspace_from_env
from fastpix_viewer.api.errors import (
    AuthenticationError,
    Cancelled,
    ConfigError,
    FastPixError,
    InvalidIdError,
    KeyringUnavailable,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    PlaybackError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from fastpix_viewer.api.models import (
    LiveStream,
    Media,
    Page,
    Pagination,
    PlaybackId,
    Unreadable,
)
from fastpix_viewer.api.playback import PlaybackPlan, Unplayable, choose_playback
from fastpix_viewer.api.redact import install_log_redaction
from fastpix_viewer.api.signing import SigningKey

# Before anything in this package logs: every record is scrubbed of tokens and secrets.
install_log_redaction()

__all__ = [
    "AuthenticationError",
    "CancelToken",
    "Cancelled",
    "ConfigError",
    "Endpoints",
    "FastPixClient",
    "FastPixError",
    "InvalidIdError",
    "KeyringUnavailable",
    "LiveStream",
    "Media",
    "NetworkError",
    "NotFoundError",
    "Page",
    "Pagination",
    "PermissionDeniedError",
    "PlaybackError",
    "PlaybackId",
    "PlaybackPlan",
    "ProtocolError",
    "RateLimitedError",
    "ServerError",
    "SigningKey",
    "Unplayable",
    "Unreadable",
    "ValidationError",
    "Workspace",
    "choose_playback",
    "workspace_from_env",
]
