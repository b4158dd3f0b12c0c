"""`--smoke-test [REF]`: drive the real window end to end and print one JSON line.

Without REF (the demo, or any workspace): load the stream and media lists, pick the newest
Ready recording of a live stream, play it for about two seconds and report what libVLC
says. With REF: resolve the reference (media or stream ID, URL, webhook payload) as the
app does, and play that media (or a stream's newest Ready recording, or the stream itself
when it has none). Exit code 0 only when playback reached Playing; otherwise one plain
line on stderr.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.lists.columns import parse_time
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, MainWindow

log = logging.getLogger(__name__)

TIMEOUT_S = 90.0
PLAY_FOR_S = 2.0
TICK_MS = 100


class SmokeFailure(Exception):
    """Ends the smoke test with this message on stderr."""


def newest_ready_recording(streams: list[Any], media: list[Any]) -> Media | None:
    """The most recently created Ready media that is one of the streams' recordings."""
    recording_ids = {mid for s in streams if isinstance(s, LiveStream) for mid in s.media_ids}
    candidates = [m for m in media if isinstance(m, Media) and m.is_ready and m.id in recording_ids]
    if not candidates:
        return None
    return max(candidates, key=lambda m: (parse_time(m.created_at) is not None, parse_time(m.created_at) or 0, m.id))


def _stream_target(client: Any, stream: LiveStream, cancel: CancelLike) -> Any:
    """Blocking (pool job): the stream's newest Ready recording, else the stream itself."""
    for media_id in reversed(stream.media_ids):
        media = client.get_media(media_id, cancel=cancel)
        if media.is_ready:
            return media
    return stream


class SmokeTest:
    def __init__(self, session: Session | None, pool: WorkerPool, settings: UiSettings,
                 *, reference: str | None = None, timeout_s: float = TIMEOUT_S) -> None:
        self.session = session
        self.pool = pool
        self.reference = reference
        self.deadline = time.monotonic() + timeout_s
        self.window = MainWindow(session, pool, settings)
        self.report: dict[str, Any] = {}
        self._loop = QEventLoop()
        self._code = 1
        self._error = ""
        self._phase = "start"
        self._playing_since: float | None = None
        self._target: Any = None
        self._counts = {"streams": 0, "media": 0}
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    # -- driver -------------------------------------------------------------------

    def run(self) -> int:
        if self.session is None:
            return self._finish_now("no workspace is configured (use --demo or --profile NAME).")
        if self.window.controller is None:
            return self._finish_now(f"playback is not available: {self.window.player_error}")
        self.window.show()
        if self.reference:
            self._phase = "resolving"
            client = self.session.client
            ref = self.reference

            def resolve(*, cancel: CancelLike) -> Any:
                item = client.resolve(ref, cancel=cancel).item
                if isinstance(item, LiveStream):
                    return item, _stream_target(client, item, cancel)
                return item, item

            self.pool.run(resolve, on_done=self._on_resolved, on_error=self._on_job_error,
                          owner=self.window, pass_token=True)
        else:
            self._phase = "loading"
            self.window.refresh()
        if self.window.player is not None:
            self.window.player.errorOccurred.connect(self._on_player_error)
        self._timer.start()
        self._loop.exec()
        self._timer.stop()
        self.window.save_state()
        self.window.close()
        if self._code == 0:
            print(json.dumps(self.report, ensure_ascii=False), flush=True)
        else:
            if self.report:
                print(json.dumps(self.report, ensure_ascii=False), flush=True)
            print(f"fastpix-viewer: smoke test failed: {self._error}", file=sys.stderr, flush=True)
        return self._code

    def _finish_now(self, message: str) -> int:
        print(f"fastpix-viewer: smoke test failed: {message}", file=sys.stderr, flush=True)
        self.window.close()
        return 1

    def stop(self, reason: str) -> None:
        """End the run now as a failure (e.g. Ctrl+C)."""
        self._fail(reason)

    def _fail(self, message: str) -> None:
        if self._phase == "done":
            return
        self._phase = "done"
        self._error = " ".join(message.split())
        self._code = 1
        self._loop.quit()

    def _succeed(self) -> None:
        self._phase = "done"
        self._code = 0
        self._loop.quit()

    # -- steps ----------------------------------------------------------------------

    def _on_resolved(self, result: Any) -> None:
        named, target = result
        self._counts = {"streams": int(isinstance(named, LiveStream)), "media": int(isinstance(target, Media))}
        self._play(target)

    def _on_job_error(self, exc: BaseException) -> None:
        self._fail(describe_failure(exc))

    def _on_player_error(self, text: str) -> None:
        if self._phase == "playing":
            self._fail(f"the player reported an error: {text}")

    def _play(self, target: Any) -> None:
        self._target = target
        self._phase = "playing"
        if isinstance(target, Media):
            self.window.select(MEDIA_TAB, target.id)
        self.window.play_item(target)

    def _tick(self) -> None:
        if self._phase == "done":
            return
        if time.monotonic() > self.deadline:
            self._fail(self._timeout_message())
            return
        w = self.window
        if self._phase == "loading":
            for name, loader in (("streams", w.streams_loader), ("media", w.media_loader)):
                if loader is not None and loader.error:
                    self._fail(f"loading the {name} failed: {loader.error}")
                    return
            if w.is_loading():
                return
            streams, media = w.streams_model.objects(), w.media_model.objects()
            self._counts = {"streams": len(streams), "media": len(media)}
            target = newest_ready_recording(streams, media)
            if target is None:
                self._fail("no live stream has a Ready recording to play.")
                return
            self._play(target)
        elif self._phase == "playing":
            panel = w.player
            report = panel.playback_report()
            if not report["playing"]:
                # The controller settled on an explanation (private, DRM, failed...): no point waiting.
                if getattr(w.controller, "phase", "") == "message":
                    self._fail(f"cannot play {self._target_name()}: {panel.message() or 'no reason given'}")
                return
            if self._playing_since is None:
                self._playing_since = time.monotonic()
            played = time.monotonic() - self._playing_since
            # Two seconds of Playing, and (up to a few seconds more) 1.5 s of actual progress.
            if played < PLAY_FOR_S or (report["position_ms"] < 1500 and played < PLAY_FOR_S + 4):
                return
            self.report = self._build_report(report)
            self._succeed()

    def _build_report(self, playback: dict[str, Any]) -> dict[str, Any]:
        target = self._target
        return {
            "streams": self._counts["streams"],
            "media": self._counts["media"],
            "recording": target.id if isinstance(target, Media) else None,
            "stream": target.id if isinstance(target, LiveStream) else None,
            "playing": bool(playback["playing"]),
            "position_ms": int(playback["position_ms"]),
            "length_ms": int(playback["length_ms"]),
            "live": bool(playback.get("live")),
            "audio_tracks": list(playback["audio_tracks"]),
            "subtitle_tracks": list(playback["subtitle_tracks"]),
        }

    def _target_name(self) -> str:
        target = self._target
        return getattr(target, "id", "the item")

    def _timeout_message(self) -> str:
        if self._phase == "loading":
            return "timed out while loading the lists."
        if self._phase == "resolving":
            return "timed out while resolving the reference."
        panel = self.window.player
        message = panel.message() if panel is not None else ""
        state = panel.state() if panel is not None else "no player"
        return f"playback did not start in time (player state {state}" + (f": {message})" if message else ")")
