"""Everything the routes share: the workspace, the wire version and the credentials."""

from __future__ import annotations

import base64
import hmac
import secrets
import uuid
from dataclasses import dataclass, field

from starlette.requests import Request

from .faults import Faults
from .signing import SigningKeys
from .store import Workspace


@dataclass
class Credentials:
    token_id: str
    secret_key: str

    @classmethod
    def generate(cls) -> Credentials:
        """A fresh pair per server start: nothing guessable, nothing committed."""
        return cls(token_id=str(uuid.uuid4()), secret_key=secrets.token_urlsafe(32))

    def accepts(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic" or not encoded:
            return False
        try:
            user, sep, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        # Constant-time comparison of both parts so timing reveals nothing.
        user_ok = hmac.compare_digest(user.encode(), self.token_id.encode())
        password_ok = hmac.compare_digest(password.encode(), self.secret_key.encode())
        return bool(sep) and user_ok and password_ok

    def __repr__(self) -> str:  # never show the secret
        return f"Credentials(token_id={self.token_id!r}, secret_key=<hidden>)"


@dataclass
class SandboxState:
    workspace: Workspace
    credentials: Credentials
    signing: SigningKeys
    wire: str = "2026-09"
    faults: Faults = field(default_factory=Faults)
    extras: dict = field(default_factory=dict)  # e.g. "reset_hooks": callables run after a reset


def sandbox_state(request: Request) -> SandboxState:
    return request.app.state.sandbox


def public_base(request: Request, prefix: str) -> str:
    """Absolute base URL of one of the sandbox 'hosts' as the client reached us."""
    return f"{request.url.scheme}://{request.url.netloc}{prefix}"
