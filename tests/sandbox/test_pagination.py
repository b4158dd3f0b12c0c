"""FastPix pagination (1-based page ``offset``, ``limit`` 1..50) on a 10,000-media workspace."""

from __future__ import annotations

import pytest
from sandbox_helpers import api_client

TOTAL_MEDIA = 10_000
TOTAL_STREAMS = 1_000


@pytest.fixture(scope="module")
def scale_api(scale_server):
    with api_client(scale_server) as client:
        yield client


def _page(api, path: str, limit: int, offset: int, order: str = "desc") -> dict:
    response = api.get(path, params={"limit": limit, "offset": offset, "orderBy": order})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("limit", [1, 7, 50])
@pytest.mark.parametrize(("path", "total", "key"), [
    ("/on-demand", TOTAL_MEDIA, "id"),
    ("/live/streams", TOTAL_STREAMS, "streamId"),
])
def test_sampled_pages(scale_api, path, total, key, limit):
    pages = -(-total // limit)
    seen: dict[int, list[str]] = {}
    for offset in (1, pages // 2, pages, pages + 1):
        body = _page(scale_api, path, limit, offset)
        assert body["pagination"] == {"totalRecords": total, "currentOffset": offset, "offsetCount": pages}
        expected = max(0, min(limit, total - (offset - 1) * limit))
        assert len(body["data"]) == expected
        seen[offset] = [item[key] for item in body["data"]]
        created = [item["createdAt"] for item in body["data"]]
        assert created == sorted(created, reverse=True)  # newest first by default
    assert seen[pages + 1] == []
    all_ids = [i for ids in seen.values() for i in ids]
    assert len(all_ids) == len(set(all_ids))  # sampled pages never overlap
    # Ascending order is the same list read from the other end.
    first_ascending = _page(scale_api, path, limit, 1, "asc")["data"]
    last_descending = seen[pages]
    assert [item[key] for item in first_ascending][: len(last_descending)] == last_descending[::-1][: len(first_ascending)]


def test_adjacent_pages_continue_each_other(scale_api):
    seven = _page(scale_api, "/on-demand", 7, 700)["data"] + _page(scale_api, "/on-demand", 7, 701)["data"]
    # Items 4893..4906 (0-based) = the 98th page of 50, items 43..49, and the 99th page's first seven.
    fifty = _page(scale_api, "/on-demand", 50, 98)["data"][43:] + _page(scale_api, "/on-demand", 50, 99)["data"][:7]
    assert [m["id"] for m in seven] == [m["id"] for m in fifty]


def test_scaled_records_are_whole_and_linked(scale_api):
    stream = _page(scale_api, "/live/streams", 1, TOTAL_STREAMS // 2)["data"][0]
    assert stream["mediaIds"]
    for media_id in stream["mediaIds"]:
        media = scale_api.get(f"/on-demand/{media_id}").json()["data"]
        assert media["streamId"] == stream["streamId"]


@pytest.mark.parametrize(("params", "field"), [
    ({"limit": 0}, "limit"),
    ({"limit": 51}, "limit"),
    ({"offset": 0}, "offset"),
    ({"offset": -3}, "offset"),
    ({"limit": "ten"}, "limit"),
    ({"orderBy": "sideways"}, "orderBy"),
])
def test_out_of_range_parameters_are_422(scale_api, params, field):
    for path in ("/on-demand", "/live/streams"):
        response = scale_api.get(path, params=params)
        assert response.status_code == 422
        body = response.json()
        assert body["success"] is False and body["error"]["code"] == 422
        assert [f["field"] for f in body["error"]["fields"]] == [field]


def test_defaults_are_limit_10_page_1_newest_first(scale_api):
    body = scale_api.get("/on-demand").json()
    assert body["pagination"] == {"totalRecords": TOTAL_MEDIA, "currentOffset": 1, "offsetCount": 1000}
    assert body["data"] == _page(scale_api, "/on-demand", 10, 1, "desc")["data"]
