"""The player's window-level features, installed on the main window by the shell: track
languages remembered per workspace, Copy link at time, snapshots into a folder, resume,
next / previous recording, the seek bar's preview frames, theatre mode: whatever needs the
window (its status bar, menus and settings) besides the panel. The shell calls
`install_player_features(window)` once; each feature lives in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastpix_viewer.ui.playback.link_at_time import LinkAtTime
from fastpix_viewer.ui.playback.resume import Resume
from fastpix_viewer.ui.playback.seek_preview import SeekPreview
from fastpix_viewer.ui.playback.snapshots import Snapshots
from fastpix_viewer.ui.playback.stream_neighbours import StreamNeighbours
from fastpix_viewer.ui.playback.theatre import Theatre
from fastpix_viewer.ui.playback.track_prefs import TrackMemory
from fastpix_viewer.ui.playback.workspace_memory import WorkspaceMemory


@dataclass
class PlayerFeatures:
    memory: WorkspaceMemory
    tracks: TrackMemory
    link_at_time: LinkAtTime
    snapshots: Snapshots
    resume: Resume
    neighbours: StreamNeighbours
    seek_preview: SeekPreview
    theatre: Theatre


def install_player_features(window: Any) -> PlayerFeatures | None:
    """Install on `window` (a MainWindow with a player and a controller); None without them."""
    session, panel = window.session, window.player
    if session is None or window.controller is None or not hasattr(panel, "trackPicked"):
        return None
    memory = WorkspaceMemory(window.settings, session.title, persist=not session.memory_only)
    return PlayerFeatures(
        memory=memory,
        tracks=TrackMemory(panel, memory, window),
        link_at_time=LinkAtTime(window),
        snapshots=Snapshots(window, window.settings),
        resume=Resume(window, memory),
        neighbours=StreamNeighbours(window),
        seek_preview=SeekPreview(window),
        theatre=Theatre(window),
    )
