"""Helpers shared by the sandbox tests (a unique module name: other test dirs have conftests too)."""

from __future__ import annotations

import base64
import time

import httpx
import jwt


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


def signing_pem(server) -> bytes:
    return base64.b64decode(server.signing_key)


def sign(server, playback_id: str, *, kid: str | None = None, aud: str | None = None,
         exp_in: float = 300, key: bytes | None = None) -> str:
    now = int(time.time())
    kid = kid or server.signing_key_id
    claims = {"kid": kid, "aud": aud or f"media:{playback_id}", "iss": "fastpix.com", "sub": "",
              "iat": now, "exp": int(now + exp_in)}
    return jwt.encode(claims, key or signing_pem(server), algorithm="RS256", headers={"kid": kid})
