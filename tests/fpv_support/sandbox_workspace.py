"""A workspace on the in-process sandbox (its three hosts, its token, optionally its signing key)."""

from __future__ import annotations

from typing import Any

from fastpix_viewer.api import Endpoints, Workspace


def sandbox_workspace(sandbox: Any, *, name: str, signing: bool = True, secret_key: str | None = None) -> Workspace:
    """`secret_key` replaces the sandbox's own (e.g. a wrong one); `signing=False` leaves the
    signing key out, as a workspace without one is set up."""
    return Workspace(
        token_id=sandbox.token_id,
        secret_key=secret_key or sandbox.secret_key,
        endpoints=Endpoints(sandbox.api_base, sandbox.stream_base, sandbox.image_base),
        signing_key_id=sandbox.signing_key_id if signing else None,
        signing_key=sandbox.signing_key if signing else None,
        name=name,
    )
