"""Helpers shared by the sandbox tests (a unique module name: other test dirs have conftests too)."""

from __future__ import annotations

import httpx


def api_client(server) -> httpx.Client:
    return httpx.Client(base_url=server.api_base, auth=(server.token_id, server.secret_key), timeout=10)


def all_pages(client: httpx.Client, path: str, limit: int = 50) -> list[dict]:
    items: list[dict] = []
    offset = 1
    while True:
        body = client.get(path, params={"limit": limit, "offset": offset}).raise_for_status().json()
        items.extend(body["data"])
        if offset >= body["pagination"]["offsetCount"]:
            return items
        offset += 1
