"""Generated subtitles in the window: "Generate subtitles…" (Insights tab, and the Tracks tree's
context menu) asks FastPix to transcribe an audio track; the request is followed on the pool,
and when ready the new track shows in the Tracks tree (the media's fresh details) and, if the
media is playing, in the player's Subtitles menu (libVLC slave), selected.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt

from fastpix_viewer.api.insights import InsightStatus, SubtitleJob, SubtitleState
from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.core.popups import popup_menu
from fastpix_viewer.ui.details.insight_jobs import InsightJobs
from fastpix_viewer.ui.details.insights_section import InsightsSection
from fastpix_viewer.ui.details.subtitles_dialog import SubtitlesDialog
from fastpix_viewer.ui.playback.subtitle_slaves import add_subtitle_track


class SubtitlesFeature(QObject):
    """See the module docstring. `shown()` gives the media in the details (None: none)."""

    def __init__(self, window: Any, section: InsightsSection, jobs: InsightJobs, shown: Any) -> None:
        super().__init__(window)
        self._window = window
        self._section = section
        self._jobs = jobs
        self._shown = shown
        self.dialog: SubtitlesDialog | None = None
        section.subtitlesRequested.connect(self.ask)
        jobs.subtitlesProgress.connect(self._on_accepted)
        jobs.subtitlesFinished.connect(self._on_finished)
        tracks = window.tracks_view
        tracks.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tracks.customContextMenuRequested.connect(self._tracks_menu)

    def ask(self) -> SubtitlesDialog | None:
        media = self._shown()
        if not isinstance(media, Media) or self._window.client is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
        dialog = SubtitlesDialog(media, item_title(media), self._window)
        dialog.accepted.connect(lambda: self._start(media, *dialog.choice()))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def tracks_menu(self) -> Any:
        """The Tracks tree's context menu (built, not shown)."""
        menu = popup_menu(self._window.tracks_view)
        menu.setObjectName("tracksMenu")
        action = menu.addAction("Generate subtitles…")
        action.setObjectName("generateSubtitlesAction")
        action.setEnabled(isinstance(self._shown(), Media) and self._section.subtitles_button.isEnabled())
        action.triggered.connect(self.ask)
        return menu

    def _tracks_menu(self, pos: QPoint) -> None:
        menu = self.tracks_menu()
        menu.exec(self._window.tracks_view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _start(self, media: Media, track_id: str, code: str, name: str) -> None:
        self._jobs.generate_subtitles(media.id, track_id, code, name)
        self._say(media.id, f"{name}: asking FastPix…")

    def _say(self, media_id: str, text: str) -> None:
        shown = self._shown()
        if isinstance(shown, Media) and shown.id == media_id:
            self._section.subtitles_status.setText(text)

    def _on_accepted(self, media_id: str, job: SubtitleJob) -> None:
        self._say(media_id, f"{job.language_name}: preparing")

    def _on_finished(self, media: Media, job: SubtitleJob, state: SubtitleState) -> None:
        title = item_title(media)
        if state.status is InsightStatus.FAILED:
            text = f"FastPix could not generate {job.language_name} subtitles for “{title}”; try again later."
            self._say(media.id, f"{job.language_name}: failed")
            self._window.show_status(text)
            shown = self._shown()
            if isinstance(shown, Media) and shown.id == media.id:
                self._section.set_message(text)
            return
        self._say(media.id, f"{job.language_name}: ready")
        self._window.show_status(f"{job.language_name} subtitles for “{title}” are ready.")
        self._window.apply_update(media)  # the Tracks tree lists the new subtitle track
        controller = self._window.controller
        playing = controller.current_item if controller is not None else None
        if isinstance(playing, Media) and playing.id == media.id and state.url:
            add_subtitle_track(self._window.player, state.url)
