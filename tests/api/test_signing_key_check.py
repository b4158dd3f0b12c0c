"""The RSA consistency check of a signing key runs where the user enters the key, not when the
client loads the stored key for a private thumbnail (the check holds the GIL for 40-300 ms:
a UI stall, issue 15)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.config import Workspace
from fastpix_viewer.api.errors import ConfigError
from fastpix_viewer.api.signing import SigningKey


def _encoded(key: rsa.RSAPrivateKey) -> str:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return base64.b64encode(pem).decode()


@pytest.fixture(scope="module")
def good() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def inconsistent(good) -> str:
    """A PEM that parses but whose numbers do not agree (dmp1 off by two)."""
    n = good.private_numbers()
    broken = rsa.RSAPrivateNumbers(n.p, n.q, n.d, n.dmp1 + 2, n.dmq1, n.iqmp, n.public_numbers)
    return _encoded(broken.private_key(unsafe_skip_rsa_key_validation=True))


def test_a_key_entered_by_the_user_is_checked(inconsistent):
    with pytest.raises(ConfigError):
        SigningKey.from_fastpix("kid", inconsistent)


def test_the_client_loads_the_stored_key_without_the_check_and_signs_with_a_good_one(good, inconsistent):
    stored = Workspace(token_id="t", secret_key="s3cr3t-value", signing_key_id="kid", signing_key=inconsistent)
    with FastPixClient(stored) as client:
        assert client.signing_key is not None  # loaded unchecked: no stall on a worker
    fine = Workspace(token_id="t", secret_key="s3cr3t-value", signing_key_id="kid", signing_key=_encoded(good))
    with FastPixClient(fine) as client:
        token = client.signing_key.sign("22222222-2222-4222-8222-222222222222")
    import jwt

    claims = jwt.decode(token, good.public_key(), algorithms=["RS256"],
                        audience="media:22222222-2222-4222-8222-222222222222")
    assert claims["kid"] == "kid"  # a valid RS256 signature by the stored key
