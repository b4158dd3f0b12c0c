"""Helpers for the item-action tests (a unique module name: several test dirs have a conftest)."""

from __future__ import annotations

import json
from typing import Any

import httpx


def api_get(sandbox: Any, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{sandbox.api_base}/{path}", params=params,
                     auth=(sandbox.token_id, sandbox.secret_key), timeout=10)


def all_items(sandbox: Any, path: str) -> list[dict]:
    items: list[dict] = []
    page = 1
    while True:
        body = api_get(sandbox, path, limit=50, offset=page, orderBy="desc").json()
        items.extend(body["data"])
        if page >= ((body.get("pagination") or {}).get("offsetCount") or 1):
            return items
        page += 1


def control(sandbox: Any, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{sandbox.control_base}/{path}", timeout=10,
                             content=json.dumps(body) if body is not None else None)
    response.raise_for_status()
    return response.json()


def policies(item: dict) -> set[str]:
    return {p.get("accessPolicy") for p in item.get("playbackIds") or []}
