"""The client calls issue 6's actions need: viewer count, stream key, delete media (sandbox, real HTTP)."""

from __future__ import annotations

import logging

import httpx
import pytest
from sandbox_picks import pick_media, pick_stream

from fastpix_viewer.api.errors import InvalidIdError, NotFoundError
from fastpix_viewer.api.redact import scrub


def _control(sandbox, method: str, path: str, **kwargs) -> httpx.Response:
    response = httpx.request(method, f"{sandbox.control_base}/{path}", timeout=10, **kwargs)
    response.raise_for_status()
    return response


def test_viewer_count_is_zero_when_idle_and_positive_while_live(client, sandbox) -> None:
    stream = pick_stream(client, lambda s: s.status == "idle")
    assert client.viewer_count(stream.id) == 0
    _control(sandbox, "POST", "broadcasts", json={"stream_id": stream.id, "preparing_seconds": 0})
    views = client.viewer_count(stream.id)
    truth = httpx.get(f"{sandbox.api_base}/live/streams/{stream.id}/viewer-count",
                      auth=(sandbox.token_id, sandbox.secret_key), timeout=10).json()["data"]["views"]
    assert views == truth and views > 0


def test_stream_key_is_the_full_key_and_is_scrubbed_from_logs(client, sandbox, caplog) -> None:
    stream = pick_stream(client, lambda s: True)
    truth = sandbox.workspace.stream(stream.id).stream_key
    assert truth not in str(stream.raw)  # the model masks it
    key = client.stream_key(stream.id)
    assert key == truth
    with caplog.at_level(logging.INFO):
        logging.getLogger("fastpix_viewer.test").info("key is %s", key)
    assert truth not in caplog.text
    assert truth not in scrub(f"oops {key}")


def test_delete_media_removes_it(client) -> None:
    media = pick_media(client, lambda m: True)
    client.delete_media(media.id)
    with pytest.raises(NotFoundError):
        client.get_media(media.id)
    with pytest.raises(NotFoundError):
        client.delete_media(media.id)


def test_ids_are_checked_before_any_request(client) -> None:
    for call in (lambda: client.viewer_count("../x"), lambda: client.stream_key("nope"),
                 lambda: client.delete_media("not-a-uuid")):
        with pytest.raises(InvalidIdError):
            call()
