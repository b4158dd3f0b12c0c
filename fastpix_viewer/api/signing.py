"""Signed playback tokens: RS256 JWTs exactly as FastPix's own plugins make them.

Header {alg: RS256, typ: JWT, kid}; payload {kid, aud: "media:<playbackId>", iss: "fastpix.com",
sub: "", iat, exp}. The key is the base64-encoded PEM FastPix issues once (raw PEM also accepted).
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass, field
from typing import Any

# PyJWT and cryptography are imported where a key is loaded or a token signed: they cost
# 30-60 ms of start-up that a workspace without private videos never needs.
from fastpix_viewer.api import ids
from fastpix_viewer.api.errors import ConfigError
from fastpix_viewer.api.redact import register_secret

DEFAULT_TTL = 900  # seconds; FastPix's WordPress plugin uses 900, Moodle 300
ISSUER = "fastpix.com"


def _pem_bytes(encoded: str) -> bytes:
    text = encoded.strip()
    if text.startswith("-----BEGIN"):
        return text.encode("ascii", "replace")
    try:
        decoded = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError("The signing key is not base64 text as FastPix issues it.") from None
    if not decoded.lstrip().startswith(b"-----BEGIN"):
        raise ConfigError("The signing key does not decode to a PEM private key.")
    return decoded


@dataclass(frozen=True)
class SigningKey:
    """A FastPix signing key (ID + private key). The private key is never shown in its repr."""

    key_id: str
    private_key: Any = field(repr=False, compare=False)

    @classmethod
    def from_fastpix(cls, key_id: str, encoded_private_key: str, *, check_key: bool = True) -> SigningKey:
        """Load a FastPix signing key. `check_key` runs OpenSSL's RSA consistency check, which
        holds the GIL for 40 ms (2048-bit) to 300 ms (4096-bit) here: a stall of the whole UI
        when a worker loaded the key for the first private thumbnail (issue 15). Keys are
        checked where the user enters them (profiles, the connect dialog); the client loads
        the stored key without the check."""
        if not key_id or not key_id.strip() or any(ch.isspace() for ch in key_id.strip()):
            raise ConfigError("The signing key ID is empty or contains spaces.")
        register_secret(encoded_private_key.strip())
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        try:
            key = serialization.load_pem_private_key(_pem_bytes(encoded_private_key), password=None,
                                                     unsafe_skip_rsa_key_validation=not check_key)
        except (ValueError, TypeError):
            raise ConfigError("The signing key is not a readable unencrypted PEM private key.") from None
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ConfigError("The signing key is not an RSA key; FastPix signing keys are RSA.")
        return cls(key_id=key_id.strip(), private_key=key)

    def sign(
        self,
        playback_id: str,
        *,
        ttl: int = DEFAULT_TTL,
        audience: str = "media",
        now: float | None = None,
    ) -> str:
        """A token for `?token=` on the playback ID's .m3u8, thumbnail and spritesheet URLs."""
        ids.playback_id(playback_id)
        if ttl <= 0:
            raise ConfigError("The token lifetime must be positive.")
        issued = int(time.time() if now is None else now)
        claims = {
            "kid": self.key_id,
            "aud": f"{audience}:{playback_id}",
            "iss": ISSUER,
            "sub": "",
            "iat": issued,
            "exp": issued + int(ttl),
        }
        import jwt

        token = jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.key_id, "typ": "JWT"})
        return token
