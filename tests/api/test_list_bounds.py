"""A list that never ends is bounded (issue 13, item 13): no page holds more than the `limit`
asked for, and no more pages are fetched than `totalRecords` on the first page promised.

A hostile API on 127.0.0.1 claims far more than it should; the sandbox cannot be made to lie."""

from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qs

import pytest
from fpv_support.hostile_http import Request, answer, hostile_http  # noqa: F401  (fixture by name)

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.errors import ProtocolError


def stream(n: int) -> dict:
    return {"streamId": uuid.uuid4().hex, "status": "idle", "createdAt": "2026-01-01T00:00:00Z",
            "playbackIds": [], "mediaIds": [], "metadata": {"livestream_name": f"s{n}"}}


def listing(per_page: int, *, total: int, pages: int):
    def handle(request: Request) -> bytes:
        query = parse_qs(request.query)
        page = int(query["offset"][0])
        body = {"success": True, "data": [stream(i) for i in range(per_page)],
                "pagination": {"totalRecords": total, "currentOffset": page, "offsetCount": pages}}
        return answer(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    return handle


@pytest.fixture
def hostile_client(hostile_http):  # noqa: F811
    base = hostile_http.base
    workspace = Workspace(name="hostile", token_id="tok", secret_key="sec",
                          endpoints=Endpoints(api_base=f"{base}/v1", stream_base=f"{base}/stream",
                                              image_base=f"{base}/image"))
    with FastPixClient(workspace) as client:
        yield client


def test_a_page_with_more_items_than_asked_for_is_refused(hostile_client, hostile_http):  # noqa: F811
    hostile_http.routes["/v1/live/streams"] = listing(5_000, total=10_000_000, pages=2_000)
    with pytest.raises(ProtocolError) as caught:
        hostile_client.all_streams(limit=50)
    assert "5,000" in caught.value.user_message and "at most 50" in caught.value.user_message
    assert len(hostile_http.seen) == 1


def test_pages_stop_where_total_records_said(hostile_client, hostile_http):  # noqa: F811
    hostile_http.routes["/v1/live/streams"] = listing(50, total=120, pages=300)
    items = hostile_client.all_streams(limit=50)
    assert len(hostile_http.seen) == 3  # ceil(120 / 50), not the 300 pages claimed
    assert len(items) == 150


def test_an_honest_listing_is_read_whole(hostile_client, hostile_http):  # noqa: F811
    hostile_http.routes["/v1/live/streams"] = listing(10, total=30, pages=3)
    assert len(hostile_client.all_streams(limit=10)) == 30 and len(hostile_http.seen) == 3
