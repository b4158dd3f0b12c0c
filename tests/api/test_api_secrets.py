"""Secret keys, signing keys and playback tokens never appear in logs, error text or reprs."""

from __future__ import annotations

import logging

import httpx
import pytest
from fpv_api_helpers import FAKE_SECRET, MOCK_WORKSPACE, sandbox_workspace
from sandbox_picks import pick_media, private_only_ready

from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.config import Workspace
from fastpix_viewer.api.errors import ConfigError, FastPixError
from fastpix_viewer.api.redact import scrub
from fastpix_viewer.api.signing import SigningKey


def everything_visible(errors, objects, caplog) -> str:
    parts = [caplog.text]
    for error in errors:
        parts += [str(error), repr(error), error.user_message, error.message, error.description, repr(error.args)]
    parts += [repr(o) for o in objects] + [str(o) for o in objects]
    return "\n".join(parts)


def test_wrong_secret_and_failures_leak_nothing(sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "fastpix_viewer"):
        caplog.set_level(logging.DEBUG, logger=name)
    workspace = sandbox_workspace(sandbox, secret_key=FAKE_SECRET)
    errors: list[FastPixError] = []
    with FastPixClient(workspace) as client:
        for call in (client.all_streams, lambda: client.get_media("00000000-0000-4000-8000-000000000000"),
                     lambda: client.update_media("00000000-0000-4000-8000-000000000000", title="x")):
            with pytest.raises(FastPixError) as caught:
                call()
            errors.append(caught.value)
        text = everything_visible(errors, [client, workspace, client.transport], caplog)
    assert FAKE_SECRET not in text
    assert "Authorization" not in caplog.text


def test_signed_urls_are_redacted_from_http_logs(sandbox, caplog):
    for name in ("httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    with FastPixClient(sandbox_workspace(sandbox, signing=True)) as client:
        plan = client.choose_playback(pick_media(client, private_only_ready))
        client.preflight(plan.url)
        visible = everything_visible([], [plan, client, client.workspace, client.signing_key], caplog)
    assert plan.token and plan.token not in visible
    assert sandbox.signing_key not in visible
    assert "token=<redacted>" in caplog.text  # httpx did log the request, with the token masked


def test_bad_signing_keys_are_not_echoed():
    secret_pem_b64 = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCm5vdCBhIGtleQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg=="
    with pytest.raises(ConfigError) as caught:
        SigningKey.from_fastpix("kid", secret_pem_b64)
    assert secret_pem_b64 not in str(caught.value) and "not a key" not in repr(caught.value)
    with pytest.raises(ConfigError):
        Workspace(token_id="t", secret_key=FAKE_SECRET, signing_key="only-half")
    with pytest.raises(ConfigError) as spaced:
        Workspace(token_id="t", secret_key=FAKE_SECRET + " x")
    assert FAKE_SECRET not in str(spaced.value)


def test_mock_failure_messages_never_echo_the_secret(mock_client, caplog):
    caplog.set_level(logging.DEBUG)

    def echo_secret(request: httpx.Request) -> httpx.Response:
        # a hostile or buggy server echoing the Authorization header back in its error text
        return httpx.Response(401, json={"success": False, "error": {
            "code": 401, "message": f"bad {request.headers['authorization']}", "description": f"secret {FAKE_SECRET}"}})

    with pytest.raises(FastPixError) as caught:
        mock_client(echo_secret).all_streams()
    text = everything_visible([caught.value], [MOCK_WORKSPACE], caplog)
    assert FAKE_SECRET not in text
    assert "Basic " + "bW9jay" not in text  # base64 of "mock-token-id:..."


def test_scrub_patterns():
    assert scrub("GET https://s/x.m3u8?token=eyJabc.def.ghi&x=1") == "GET https://s/x.m3u8?token=<redacted>&x=1"
    assert "Zm9vOmJhcg" not in scrub("Authorization: Basic Zm9vOmJhcg==")
    assert scrub("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----") == "<redacted>"


@pytest.mark.parametrize("logger_name", ["fastpix_viewer.api.some_module", "httpcore.http11", "httpx", "elsewhere"])
def test_every_logger_is_scrubbed_including_children(caplog, logger_name):
    import fastpix_viewer.api  # noqa: F401  (installs the redaction, as any use of the API layer does)
    from fastpix_viewer.api.redact import register_secret

    secret = "sk-child-logger-secret-123"
    register_secret(secret)
    caplog.set_level(logging.DEBUG, logger=logger_name)
    logging.getLogger(logger_name).warning("%s GET https://s/p.m3u8?token=abc.def-ghi&x=1", secret)
    assert caplog.records, "the line was logged"
    assert secret not in caplog.text and "abc.def-ghi" not in caplog.text
    assert "token=<redacted>&x=1" in caplog.text
