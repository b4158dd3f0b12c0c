"""The audio and subtitle language the user chose, remembered per workspace and applied to
the next media: pick Español once and the next recording that has it starts in Español;
turn subtitles off and they stay off. (A media without that language keeps its default.)

`apply_preferred_tracks` runs on the panel (main thread) each time libVLC's tracks change,
and acts once per play request and kind; `TrackMemory` keeps the choices.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from fastpix_viewer.ui.playback.track_names import preferred_track
from fastpix_viewer.ui.playback.workspace_memory import WorkspaceMemory

KINDS = ("audio", "subtitle")
SUBTITLES_OFF = "off"


def apply_preferred_tracks(panel: Any) -> None:
    """Switch to `panel.preferred_tracks` once libVLC lists a track in that language (once per
    request and kind; a kind whose language is not there yet is tried again on the next change)."""
    request = panel.request()
    if request is None or not panel.preferred_tracks:
        return
    for kind in KINDS:
        wanted = panel.preferred_tracks.get(kind, "")
        if not wanted or panel._tracks_applied.get(kind) is request:
            continue
        labels = panel.track_labels(kind)
        if not labels:
            continue  # not known yet
        if kind == "subtitle" and wanted == SUBTITLES_OFF:
            panel._tracks_applied[kind] = request
            if panel.current_subtitle_track() != -1:
                panel.set_subtitle_track(-1)
            continue
        match = preferred_track(labels, wanted)
        if match is None:
            continue
        panel._tracks_applied[kind] = request
        current = panel.current_audio_track() if kind == "audio" else panel.current_subtitle_track()
        if current != match.id:
            (panel.set_audio_track if kind == "audio" else panel.set_subtitle_track)(match.id)


class TrackMemory(QObject):
    """Loads the workspace's remembered languages into the panel and saves each new choice."""

    def __init__(self, panel: Any, memory: WorkspaceMemory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panel = panel
        self._memory = memory
        for kind in KINDS:
            language = memory.get(f"{kind}_language")
            if language:
                panel.preferred_tracks[kind] = language
        panel.trackPicked.connect(self._remember)

    def _remember(self, kind: str, language: str) -> None:
        self._panel.preferred_tracks[kind] = language
        self._memory.set(f"{kind}_language", language)
