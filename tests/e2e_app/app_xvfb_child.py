"""Child process of test_app_xvfb.py: the whole main window on a real X display.

Runs with QT_QPA_PLATFORM=xcb on the Xvfb the test started, on its own in-process
sandbox (the demo workspace), with libVLC's real X video output. It plays a Ready
recording the way a user does (select the row, press Play), reads the video area back
from the X server and prints one JSON line of facts for the test to judge.

Usage: python app_xvfb_child.py CONFIG_DIR
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from xvfb_support import colour_stats, demo_window, grab_from_x, wait_until


def elapsed_seconds(label: str) -> int:
    """"01:05 / 02:00" -> 65; -1 when the label shows no elapsed time."""
    match = re.match(r"\s*(?:(\d+):)?(\d+):(\d\d)\b", label)
    if not match:
        return -1
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def is_public_multires_recording(item: Any) -> bool:
    from fastpix_viewer.api.models import Media

    return (
        isinstance(item, Media) and item.is_ready and bool(item.stream_id) and not item.is_clip
        and {p.access_policy for p in item.playback_ids} == {"public"}
        and item.max_resolution == "1080p"
    )


def main(config_dir: Path) -> dict[str, Any]:
    from fastpix_viewer.ui.core.items import item_title
    from fastpix_viewer.ui.shell.main_window import MEDIA_TAB

    with demo_window(config_dir, (1024, 700)) as demo:
        app, window = demo.app, demo.window
        result: dict[str, Any] = {"platform": app.platformName(), "loaded": demo.loaded}
        recording = next((m for m in window.media_model.objects() if is_public_multires_recording(m)), None)
        if recording is None:
            result["error"] = "no Ready public multi-rendition recording in the sandbox"
            return result
        result["recording"] = item_title(recording)
        result["duration_s"] = recording.duration
        result["selected"] = window.select(MEDIA_TAB, recording.id) and wait_until(
            lambda: getattr(window.current_item(), "id", None) == recording.id, 5)
        play = window.findChild(QAction, "playAction")
        play.trigger()

        player = window.player
        time_label = player.controls.time_label
        result["reached_playing"] = wait_until(lambda: player.state() == "playing", 20)
        result["label_at_start"] = time_label.text()
        result["played_1500ms"] = wait_until(lambda: player.time_ms() >= 1500, 10)
        wait_until(lambda: False, 0.4)  # a few more frames reach the window; the label polls every 200 ms
        result["label_later"] = time_label.text()
        result["elapsed_at_start"] = elapsed_seconds(result["label_at_start"])
        result["elapsed_later"] = elapsed_seconds(result["label_later"])
        result["total_later"] = elapsed_seconds(result["label_later"].rpartition(" / ")[2])
        result["state"] = player.state()
        result["message"] = player.message()
        result["title_shown"] = player.title_label.text() if player.title_label.isVisible() else ""

        surface = player.surface
        shot = grab_from_x(surface)
        stats = colour_stats(shot)
        result["grab"] = [shot.width(), shot.height()]
        result["surface"] = [surface.width(), surface.height()]
        result["colours"] = stats.distinct
        result["bright_fraction"] = stats.bright_fraction
    result["shut_down"] = demo.player_shut_down  # closing stopped and released libVLC mid-video
    result["qt_warnings"] = demo.warnings
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))), flush=True)
