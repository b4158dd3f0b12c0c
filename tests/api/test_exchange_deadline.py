"""The total deadline covers the whole exchange, headers included (issue 13, item 12).

A hostile host on 127.0.0.1 sends its status line and headers one byte at a time: every single
read is quick, so per-read timeouts never fire; only a deadline on the whole exchange ends it."""

from __future__ import annotations

import pytest
from fpv_support.hostile_http import answer, drip, hostile_http  # noqa: F401  (fixture by name)

from fastpix_viewer.api.download import download_url
from fastpix_viewer.api.errors import RequestTimeout
from fastpix_viewer.api.http import HttpTransport, RetryPolicy

# About 4 s of headers at 25 ms a byte, against a 1 s deadline.
SLOW_HEAD = answer(200, b'{"success":true,"data":[]}', {"Content-Type": "application/json", "X-Pad": "p" * 100})


@pytest.fixture
def transport():
    with HttpTransport(user_agent="fpv-test", deadline=1.0, retry=RetryPolicy(attempts=1)) as made:
        yield made


def test_headers_sent_a_byte_at_a_time_end_at_the_deadline(transport, hostile_http):  # noqa: F811
    hostile_http.routes["/v1/live/streams"] = lambda r: drip(SLOW_HEAD, 0.025)
    with pytest.raises(RequestTimeout) as caught:
        transport.request("GET", f"{hostile_http.base}/v1/live/streams")
    assert "within 1 seconds" in caught.value.user_message


def test_the_deadline_holds_across_retries(hostile_http):  # noqa: F811
    hostile_http.routes["/v1/live/streams"] = lambda r: drip(SLOW_HEAD, 0.025)
    with HttpTransport(user_agent="fpv-test", deadline=1.5, retry=RetryPolicy(attempts=3, backoff_base=0.01)) as t, \
            pytest.raises(RequestTimeout) as caught:
        t.request("GET", f"{hostile_http.base}/v1/live/streams")
    # The message states the time really spent: the budget, not the host's 4 s of dripping.
    assert "within 2 seconds" in caught.value.user_message


def test_a_download_whose_headers_drip_ends_at_the_deadline(transport, hostile_http, tmp_path):  # noqa: F811
    raw = answer(200, b"\0" * 1000, {"Content-Type": "video/mp4", "X-Pad": "p" * 100})
    hostile_http.routes["/pid/capped-4k.mp4"] = lambda r: drip(raw, 0.025)
    with pytest.raises(RequestTimeout) as caught:
        download_url(transport, f"{hostile_http.base}/pid/capped-4k.mp4", tmp_path / "x.mp4")
    assert "did not answer within 1 seconds" in caught.value.user_message
    assert len(hostile_http.seen) == 1
    assert not list(tmp_path.iterdir())


def test_a_normal_answer_is_unaffected(transport, hostile_http):  # noqa: F811
    hostile_http.routes["/v1/ok"] = lambda r: answer(200, b'{"success":true}', {"Content-Type": "application/json"})
    assert transport.request("GET", f"{hostile_http.base}/v1/ok").status == 200
    assert transport.request("GET", f"{hostile_http.base}/v1/ok").status == 200  # on a reused connection too
