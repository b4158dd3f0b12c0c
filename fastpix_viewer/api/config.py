"""Where FastPix lives (three bases) and who we are (credentials): plain, validated values.

Each base may carry a path prefix (`http://127.0.0.1:8000/v1`), so paths are appended after
exactly one slash; `urljoin` is never used because it drops a prefix's last segment.
Plain `http` is accepted only for loopback hosts (the sandbox); anything else must be https.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastpix_viewer.api.errors import ConfigError
from fastpix_viewer.api.redact import register_secret

DEFAULT_API_BASE = "https://api.fastpix.com/v1"
DEFAULT_STREAM_BASE = "https://stream.fastpix.com"
DEFAULT_IMAGE_BASE = "https://images.fastpix.com"
SHARE_BASE = "https://play.fastpix.com/"

ENV_API_BASE = "FASTPIX_API_BASE"
ENV_STREAM_BASE = "FASTPIX_STREAM_BASE"
ENV_IMAGE_BASE = "FASTPIX_IMAGE_BASE"
ENV_TOKEN_ID = "FASTPIX_TOKEN_ID"  # noqa: S105 - a variable name
ENV_SECRET_KEY = "FASTPIX_SECRET_KEY"  # noqa: S105 - the variable's name, not a secret
ENV_SIGNING_KEY_ID = "FASTPIX_SIGNING_KEY_ID"
ENV_SIGNING_KEY = "FASTPIX_SIGNING_KEY"


def join_url(base: str, path: str) -> str:
    """`base` + exactly one slash + `path` (both sides' extra slashes removed)."""
    return base.rstrip("/") + "/" + path.lstrip("/")


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base(url: str, what: str) -> str:
    """The base without trailing slash, or ConfigError explaining what is wrong with it."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"The {what} address is empty.")
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a malformed port
    except ValueError:
        raise ConfigError(f"The {what} address is not a valid URL.") from None
    del port
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"The {what} address must start with https:// and name a host.")
    if parts.username or parts.password:
        raise ConfigError(f"The {what} address must not contain a user name or password.")
    if parts.query or parts.fragment:
        raise ConfigError(f"The {what} address must not contain ? or # parts.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigError(
            f"The {what} address uses plain http to a non-local host; use https (http is allowed only for 127.0.0.1/localhost)."
        )
    return url.rstrip("/")


@dataclass(frozen=True)
class Endpoints:
    """The three FastPix bases, validated, without trailing slashes."""

    api_base: str = DEFAULT_API_BASE
    stream_base: str = DEFAULT_STREAM_BASE
    image_base: str = DEFAULT_IMAGE_BASE

    def __post_init__(self) -> None:
        object.__setattr__(self, "api_base", check_base(self.api_base, "API"))
        object.__setattr__(self, "stream_base", check_base(self.stream_base, "stream host"))
        object.__setattr__(self, "image_base", check_base(self.image_base, "image host"))

    def api(self, path: str) -> str:
        return join_url(self.api_base, path)

    def stream(self, path: str) -> str:
        return join_url(self.stream_base, path)

    def image(self, path: str) -> str:
        return join_url(self.image_base, path)


@dataclass(frozen=True)
class Workspace:
    """Everything needed to talk to one FastPix workspace. Secrets never appear in the repr."""

    token_id: str
    secret_key: str = field(repr=False)
    endpoints: Endpoints = field(default_factory=Endpoints)
    signing_key_id: str | None = None
    signing_key: str | None = field(default=None, repr=False)  # base64 PEM, as FastPix issues it
    name: str = "environment"

    def __post_init__(self) -> None:
        if not self.token_id or not self.token_id.strip():
            raise ConfigError("The access token ID is empty.")
        if not self.secret_key:
            raise ConfigError("The secret key is empty.")
        if any(ch.isspace() or not ch.isprintable() for ch in self.token_id + self.secret_key):
            raise ConfigError("The access token ID or secret key contains spaces or control characters.")
        if bool(self.signing_key_id) != bool(self.signing_key):
            raise ConfigError("A signing key needs both its key ID and its private key.")
        register_secret(self.secret_key)
        register_secret(self.signing_key)

    @property
    def has_signing_key(self) -> bool:
        return bool(self.signing_key_id and self.signing_key)


def endpoints_from_env(environ: Mapping[str, str] | None = None) -> Endpoints:
    env = os.environ if environ is None else environ
    return Endpoints(
        api_base=env.get(ENV_API_BASE) or DEFAULT_API_BASE,
        stream_base=env.get(ENV_STREAM_BASE) or DEFAULT_STREAM_BASE,
        image_base=env.get(ENV_IMAGE_BASE) or DEFAULT_IMAGE_BASE,
    )


def env_has_credentials(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get(ENV_TOKEN_ID) and env.get(ENV_SECRET_KEY))


def workspace_from_env(environ: Mapping[str, str] | None = None) -> Workspace | None:
    """The "environment" workspace from FASTPIX_* variables, or None when no credentials are set."""
    env = os.environ if environ is None else environ
    if not env_has_credentials(env):
        return None
    return Workspace(
        token_id=env[ENV_TOKEN_ID].strip(),
        secret_key=env[ENV_SECRET_KEY].strip(),
        endpoints=endpoints_from_env(env),
        signing_key_id=(env.get(ENV_SIGNING_KEY_ID) or "").strip() or None,
        signing_key=(env.get(ENV_SIGNING_KEY) or "").strip() or None,
        name="environment",
    )
