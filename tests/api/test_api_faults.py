"""Faults the sandbox cannot easily stage: every retry and no-retry case, Retry-After under and
over the cap, the shared per-host cooldown, a slow-drip body hitting the deadline, broken bodies.
The network here is an httpx.MockTransport; time is fake, so nothing actually waits."""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from fastpix_viewer.api.errors import (
    AuthenticationError,
    BadRequestError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    ProtocolError,
    RateLimitedError,
    RequestTimeout,
    ServerError,
    ValidationError,
)
from fastpix_viewer.api.http import RetryPolicy, parse_retry_after

MEDIA_ID = "66b74bdb-c868-4fc8-bc16-ad8e2dfcbc36"
OK_PAGE = {"success": True, "data": [], "pagination": {"totalRecords": 0, "currentOffset": 1, "offsetCount": 0}}
OK_MEDIA = {"success": True, "data": {"id": MEDIA_ID, "status": "Ready", "title": "t"}}


def scripted(*answers):
    """A handler that answers each request with the next scripted response (or raises it)."""
    calls: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    handler.calls = calls  # type: ignore[attr-defined]
    return handler


def error(status: int, message: str = "boom", **headers: str) -> httpx.Response:
    body = {"success": False, "error": {"code": status, "message": message, "description": message}}
    return httpx.Response(status, json=body, headers=headers)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 524])
def test_get_is_retried_on_transient_status_then_succeeds(mock_client, fake_time, status):
    handler = scripted(error(status), error(status), httpx.Response(200, json=OK_PAGE))
    page = mock_client(handler).streams_page()
    assert len(handler.calls) == 3
    assert page.items == ()
    assert len(fake_time.sleeps) == 2  # backed off between attempts
    assert 0.5 <= fake_time.sleeps[0] <= 1.0 and fake_time.sleeps[1] > fake_time.sleeps[0]


@pytest.mark.parametrize(
    ("status", "expected"),
    [(500, ServerError), (502, ServerError), (503, ServerError), (504, ServerError), (524, ServerError),
     (429, RateLimitedError), (408, RequestTimeout)],
)
def test_get_gives_up_after_three_attempts_with_typed_error(mock_client, status, expected):
    handler = scripted(error(status))
    with pytest.raises(expected) as caught:
        mock_client(handler).streams_page()
    assert len(handler.calls) == 3
    assert caught.value.status == status
    assert "\n" not in caught.value.user_message


@pytest.mark.parametrize(
    ("status", "expected"),
    [(400, BadRequestError), (401, AuthenticationError), (403, PermissionDeniedError), (404, NotFoundError),
     (422, ValidationError)],
)
def test_client_errors_are_not_retried(mock_client, fake_time, status, expected):
    handler = scripted(error(status))
    with pytest.raises(expected):
        mock_client(handler).get_media(MEDIA_ID)
    assert len(handler.calls) == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 524])
def test_patch_is_never_retried_on_status(mock_client, status):
    handler = scripted(error(status))
    with pytest.raises((ServerError, RateLimitedError)):
        mock_client(handler).update_media(MEDIA_ID, title="new")
    assert len(handler.calls) == 1
    assert handler.calls[0].method == "PATCH"


@pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
def test_patch_is_never_retried_on_network_failure(mock_client, failure):
    handler = scripted(failure)
    with pytest.raises(NetworkError):
        mock_client(handler).update_media(MEDIA_ID, title="new")
    assert len(handler.calls) == 1


@pytest.mark.parametrize(
    ("failure", "expected"),
    [(httpx.ConnectError("refused"), NetworkError), (httpx.ConnectTimeout("slow connect"), RequestTimeout),
     (httpx.ReadTimeout("slow read"), RequestTimeout)],
)
def test_get_retries_connect_errors_and_timeouts(mock_client, failure, expected):
    handler = scripted(failure, failure, httpx.Response(200, json=OK_MEDIA))
    media = mock_client(handler).get_media(MEDIA_ID)
    assert media.id == MEDIA_ID and len(handler.calls) == 3

    always = scripted(failure)
    with pytest.raises(expected):
        mock_client(always).get_media(MEDIA_ID)
    assert len(always.calls) == 3


def test_other_transport_errors_are_not_retried(mock_client):
    handler = scripted(httpx.ReadError("reset by peer"))
    with pytest.raises(NetworkError):
        mock_client(handler).get_media(MEDIA_ID)
    assert len(handler.calls) == 1


def test_retry_after_under_the_cap_is_waited_then_retried(mock_client, fake_time):
    handler = scripted(error(429, **{"Retry-After": "12"}), httpx.Response(200, json=OK_PAGE))
    mock_client(handler).streams_page()
    assert len(handler.calls) == 2
    assert fake_time.sleeps == [pytest.approx(12.0)]  # the server's wait, not the short backoff


def test_retry_after_as_http_date_is_honoured(mock_client, fake_time):
    from email.utils import formatdate

    date = formatdate(fake_time.wall() + 20, usegmt=True)
    handler = scripted(error(503, **{"Retry-After": date}), httpx.Response(200, json=OK_PAGE))
    mock_client(handler).streams_page()
    assert len(handler.calls) == 2
    assert fake_time.sleeps and 19 <= fake_time.sleeps[0] <= 21


def test_retry_after_over_the_cap_raises_at_once_with_the_wait(mock_client, fake_time):
    handler = scripted(error(429, **{"Retry-After": "120"}))
    client = mock_client(handler)
    with pytest.raises(RateLimitedError) as caught:
        client.streams_page()
    assert caught.value.retry_after == pytest.approx(120)
    assert "120 seconds" in caught.value.user_message
    assert len(handler.calls) == 1 and fake_time.sleeps == []
    # The cooldown is remembered: the next request does not even reach the server.
    with pytest.raises(RateLimitedError):
        client.get_media(MEDIA_ID)
    assert len(handler.calls) == 1


def test_patch_429_reports_the_wait_without_retrying(mock_client, fake_time):
    handler = scripted(error(429, **{"Retry-After": "5"}))
    with pytest.raises(RateLimitedError) as caught:
        mock_client(handler).update_media(MEDIA_ID, title="x")
    assert caught.value.retry_after == pytest.approx(5)
    assert len(handler.calls) == 1 and fake_time.sleeps == []


def test_cooldown_is_shared_by_all_threads_of_one_client(mock_client, fake_time):
    first_answered = threading.Event()
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) == 1:
            first_answered.set()
            return error(429, **{"Retry-After": "7"})
        return httpx.Response(200, json=OK_MEDIA if "on-demand" in request.url.path else OK_PAGE)

    client = mock_client(handler, retry=RetryPolicy(attempts=1))
    with pytest.raises(RateLimitedError):
        client.streams_page()
    assert first_answered.is_set()
    results = []
    worker = threading.Thread(target=lambda: results.append(client.get_media(MEDIA_ID)))
    worker.start()
    worker.join(10)
    assert results and results[0].id == MEDIA_ID
    assert fake_time.sleeps == [pytest.approx(7.0)]  # the other thread waited out the cooldown


def test_retry_after_parsing():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", wall_clock=lambda: 1445412480.0 - 30) == 30.0


class Drip(httpx.SyncByteStream):
    """A body that arrives one byte at a time; each byte 'takes' a second of fake time."""

    def __init__(self, body: bytes, fake_time, per_chunk: float = 1.0) -> None:
        self.body = body
        self.fake_time = fake_time
        self.per_chunk = per_chunk
        self.sent = 0

    def __iter__(self):
        for byte in self.body:
            self.fake_time.now += self.per_chunk
            self.sent += 1
            yield bytes([byte])


def test_slow_drip_body_hits_the_total_deadline(mock_client, fake_time):
    body = json.dumps(OK_MEDIA).encode()
    streams: list[Drip] = []

    def handler(request):
        streams.append(Drip(body, fake_time))
        return httpx.Response(200, stream=streams[-1])

    start = fake_time.now
    with pytest.raises(RequestTimeout) as caught:
        mock_client(handler, deadline=10.0).get_media(MEDIA_ID)
    # One budget for the whole call: the first attempt used it all, so there is no retry,
    # and the message states the time really spent (cut off at the first byte past 10 s).
    assert len(streams) == 1 and streams[0].sent == 11 and len(body) > 11
    assert fake_time.now - start == pytest.approx(11.0)
    assert "within 11 seconds" in caught.value.user_message


def test_retries_share_one_budget_and_each_read_timeout_is_the_time_left(mock_client, fake_time):
    timeouts: list[float] = []

    def slow_then_timeout(request):
        timeouts.append(request.extensions["timeout"]["read"])
        fake_time.now += 8.0  # each attempt waits 8 s for nothing, then times out
        raise httpx.ReadTimeout("slow read")

    start = fake_time.now
    with pytest.raises(RequestTimeout) as caught:
        mock_client(slow_then_timeout, deadline=20.0).get_media(MEDIA_ID)
    # attempt 1: 0-8 s; backoff 1 s; attempt 2 with 11 s left: 9-17 s; a 2 s backoff would leave
    # less than a useful attempt, so it stops at 17 s instead of running a third one.
    assert timeouts == [pytest.approx(20.0), pytest.approx(11.0)]
    assert fake_time.sleeps == [pytest.approx(1.0)]
    assert fake_time.now - start == pytest.approx(17.0)
    assert "within 17 seconds" in caught.value.user_message


def test_status_retries_stop_when_the_budget_is_spent(mock_client, fake_time):
    def slow_503(request):
        fake_time.now += 9.0
        return error(503)

    handler_calls = []

    def counted(request):
        handler_calls.append(request)
        return slow_503(request)

    start = fake_time.now
    with pytest.raises(ServerError):
        mock_client(counted, deadline=20.0).streams_page()
    assert len(handler_calls) == 2 and fake_time.now - start <= 20.0 + 1e-9


def test_slow_drip_within_the_deadline_is_fine(mock_client, fake_time):
    body = json.dumps(OK_MEDIA).encode()
    media = mock_client(lambda r: httpx.Response(200, stream=Drip(body, fake_time, 0.01)), deadline=10.0).get_media(MEDIA_ID)
    assert media.id == MEDIA_ID


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<html>gateway</html>", "web page instead of data"),
        (b"\n  <!DOCTYPE html><title>Wi-Fi login</title>", "proxy or captive portal"),
        (b'{"success": true, "data": {"id": "66b7', "not valid JSON"),
        (b"", "empty"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b'["a list"]', "shape"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (b'{"success": true, "data": ' + b"[" * 60 + b"]" * 60 + b"}", "nested too deeply"),
        (b'{"success": true}', "no data"),
        (b'{"success": true, "data": "text"}', "cannot read"),
        (b'{"success": true, "data": {"id": 1}}', "cannot read"),
        (b'{"success": true, "data": NaN}', "not valid JSON"),
    ],
)
def test_unreadable_answers_are_protocol_errors(mock_client, body, words):
    client = mock_client(lambda r: httpx.Response(200, content=body))
    with pytest.raises(ProtocolError) as caught:
        client.get_media(MEDIA_ID)
    assert words in caught.value.user_message


def test_truncated_body_is_a_protocol_error(mock_client):
    class Truncated(httpx.SyncByteStream):
        def __iter__(self):
            yield b'{"success": true, "da'
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    with pytest.raises(ProtocolError) as caught:
        mock_client(lambda r: httpx.Response(200, stream=Truncated())).get_media(MEDIA_ID)
    assert "closed before" in caught.value.user_message


def test_error_body_that_is_not_json_still_maps_by_status(mock_client):
    handler = scripted(httpx.Response(502, content=b"<html>Bad gateway</html>"))
    with pytest.raises(ServerError) as caught:
        mock_client(handler).streams_page()
    assert "HTTP 502" in caught.value.user_message


def test_requests_carry_basic_auth_and_user_agent(mock_client):
    handler = scripted(httpx.Response(200, json=OK_PAGE))
    mock_client(handler).streams_page(2, limit=7, order="asc")
    request = handler.calls[0]
    assert request.headers["authorization"].startswith("Basic ")
    assert request.headers["user-agent"].startswith("fastpix-viewer/")
    assert str(request.url) == "https://api.example.test/v1/live/streams?limit=7&offset=2&orderBy=asc"


def test_html_content_type_under_200_is_reported_as_a_web_page(mock_client):
    # Not starting with "<" (a BOM-less text page), but labelled text/html: still a web page.
    handler = scripted(httpx.Response(200, text="Please sign in to the network", headers={"Content-Type": "text/html"}))
    with pytest.raises(ProtocolError) as caught:
        mock_client(handler).streams_page()
    assert "web page instead of data" in caught.value.user_message and "cut off" not in caught.value.user_message
