"""What the clip GUI tests share: picking seed media, the sandbox's request log, playing."""

from __future__ import annotations

from typing import Any

import httpx

from fastpix_viewer.ui.shell.main_window import MEDIA_TAB

PLAY_TIMEOUT_MS = 15000


def writes(sandbox: Any) -> list[dict]:
    """Every non-GET API request the sandbox received since the test's reset."""
    log = httpx.get(f"{sandbox.control_base}/requests", timeout=10).json()
    return [entry for entry in log if entry["method"] != "GET"]


def set_delay(sandbox: Any, seconds: float | None) -> None:
    httpx.post(f"{sandbox.control_base}/config", json={"processing_delay": seconds}, timeout=10).raise_for_status()


def api(sandbox: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, f"{sandbox.api_base}/{path}", auth=(sandbox.token_id, sandbox.secret_key),
                         timeout=10, **kwargs)


def seed_media(sandbox: Any, *, title: str | None = None, status: str = "Ready", mp4: bool | None = None,
               policies: tuple[str, ...] | None = ("public",)):
    """A whole seed media (no stream, not a clip) that fits."""
    for media in sandbox.workspace.page_media(60, 1).items:
        if media.verbatim is not None or media.stream_id or media.recording_of or media.span is not None:
            continue
        if media.status != status or (title is not None and media.title != title):
            continue
        if mp4 is not None and bool(media.mp4_support) != mp4:
            continue
        if policies is not None and tuple(p.access_policy for p in media.playback_ids) != policies:
            continue
        return media
    raise LookupError(title or status)


def show_media(app: Any, window: Any, media_id: str) -> Any:
    assert window.select(MEDIA_TAB, media_id)
    app.wait_idle(window)
    return window.current_item()


def play(qtbot: Any, window: Any, item: Any) -> Any:
    player = window.player
    with qtbot.waitSignal(player.playingChanged, timeout=PLAY_TIMEOUT_MS, check_params_cb=lambda p: p):
        window.play_item(item)
    qtbot.waitUntil(player.can_seek, timeout=5000)
    return player


def open_clips_tab(window: Any) -> Any:
    tab = window.clips.tab
    window.info_tabs.setCurrentWidget(tab)
    return tab
