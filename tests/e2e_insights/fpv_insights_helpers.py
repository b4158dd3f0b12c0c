"""Helpers for the issue 18 window tests (a unique module name: several test dirs have a conftest)."""

from __future__ import annotations

from typing import Any

import httpx

from fastpix_viewer.ui.core.items import MEDIA_TAB

KEYNOTE = "Keynote"
BARS = "Colour bars (private)"
INTERVIEW = "Interview — English / Español"


def control(sandbox: Any, **switches: Any) -> dict:
    answer = httpx.post(f"{sandbox.control_base}/insights", json=switches, timeout=10)
    answer.raise_for_status()
    return answer.json()


def api_get(sandbox: Any, path: str, **params: Any) -> Any:
    answer = httpx.get(f"{sandbox.api_base}/{path}", params=params, auth=(sandbox.token_id, sandbox.secret_key),
                       timeout=10)
    answer.raise_for_status()
    return answer.json()


def media_titled(sandbox: Any, title: str) -> dict:
    return next(m for m in api_get(sandbox, "on-demand", limit=50)["data"] if m.get("title") == title)


def media_body(sandbox: Any, media_id: str) -> dict:
    return api_get(sandbox, f"on-demand/{media_id}")["data"]


def show_media(app: Any, window: Any, media_id: str) -> None:
    """Select the media on the Media tab and wait until its fresh details are shown."""
    assert window.select(MEDIA_TAB, media_id)
    app.qtbot.waitUntil(lambda: getattr(window.current_item(), "id", None) == media_id, timeout=10000)
    app.wait_idle(window)


def insights_tab(window: Any) -> Any:
    feature = window.insights
    window.info_tabs.setCurrentWidget(feature.section)
    return feature
