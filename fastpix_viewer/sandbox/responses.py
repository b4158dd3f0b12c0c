"""FastPix-style JSON responses: the envelope, the error bodies and the exact Content-Type."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

JSON_TYPE = "application/json;charset=UTF-8"


class FastPixJSON(Response):
    """JSON with FastPix's Content-Type (Spring style, no space before charset)."""

    media_type = JSON_TYPE

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ok(data: Any = None, pagination: dict | None = None, status: int = 200) -> FastPixJSON:
    body: dict = {"success": True}
    if data is not None:
        body["data"] = data
    if pagination is not None:
        body["pagination"] = pagination
    return FastPixJSON(body, status_code=status)


def error(code: int, message: str, description: str | None = None,
          fields: list[dict] | None = None, headers: dict | None = None) -> FastPixJSON:
    detail: dict = {"code": code, "message": message}
    if description is not None:
        detail["description"] = description
    if fields is not None:
        detail["fields"] = fields
    return FastPixJSON({"success": False, "error": detail}, status_code=code, headers=headers)


def validation_error(fields: list[tuple[str, str]], message: str = "payload validation failed") -> FastPixJSON:
    return error(422, message, fields=[{"field": f, "message": m} for f, m in fields])


def unauthorized() -> FastPixJSON:
    return error(401, "unauthorized", "Invalid or missing access token credentials.")


def not_found(what: str) -> FastPixJSON:
    return error(404, f"{what} not found", f"No {what} exists with the given ID in this workspace.")
