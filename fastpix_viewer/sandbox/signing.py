"""The sandbox's playback signing key and strict verification of ``?token=`` JWTs.

FastPix issues a signing key as an ID plus a base64-encoded PEM RSA private key; clients
sign RS256 JWTs with header ``kid`` = key ID and payload ``aud`` = ``media:<playbackId>``.
Anything else (no/unknown kid, other algorithms including ``none`` and HS256 keyed with
the public key, wrong audience, expiry, another key's signature) is refused.
"""

from __future__ import annotations

import base64
import time
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class SigningKeys:
    def __init__(self) -> None:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self.key_id = str(uuid.uuid4())
        self.private_key_b64 = base64.b64encode(pem).decode("ascii")
        self._public = {self.key_id: private.public_key()}

    def __repr__(self) -> str:  # the private key never appears in a repr
        return f"SigningKeys(key_id={self.key_id!r})"

    def verify(self, token: str, playback_id: str, *, check_exp: bool = True,
               clock_offset: float = 0.0) -> str | None:
        """``clock_offset``: seconds added to the host's clock for the expiry check (tests let
        a token's lifetime pass without waiting for it)."""
        """None when ``token`` authorises ``playback_id``; otherwise why not (safe to show)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return "The token is not a valid JWT."
        if header.get("alg") != "RS256":
            return "The token must be signed with RS256."
        public = self._public.get(str(header.get("kid", "")))
        if public is None:
            return "The token's signing key (kid) is unknown."
        try:
            claims = jwt.decode(token, public, algorithms=["RS256"], audience=f"media:{playback_id}",
                                options={"require": ["exp", "aud"], "verify_exp": False, "verify_iat": False})
        except jwt.ExpiredSignatureError:
            return "The token has expired."
        except jwt.InvalidAudienceError:
            return "The token was issued for another playback ID."
        except jwt.InvalidSignatureError:
            return "The token's signature does not match its signing key."
        except jwt.PyJWTError:
            return "The token is invalid."
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or isinstance(exp, bool):
            return "The token is invalid."
        if check_exp and exp <= time.time() + clock_offset:
            return "The token has expired."
        return None
