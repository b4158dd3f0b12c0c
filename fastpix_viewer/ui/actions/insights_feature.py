"""Issue 18 in the window: the Insights tab of the details, following the shown item, and
"Generate…" for each feature followed until FastPix has finished.

The shell installs it (`install_insights(window)`); it plugs the details' `InsightsSection`
and the pool's `InsightJobs` into the window's selection. A refusal for the plan is
remembered for the session: every feature not yet made then reads "not available on this
workspace", and Generate… is off (a plan does not change while the window is open; Refresh
(F5) asks again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from fastpix_viewer.api.insight_results import Insight, InsightKind, InsightStatus, parse_insights
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.actions.chapter_playback import ChapterPlayback
from fastpix_viewer.ui.actions.search_feature import SearchFeature
from fastpix_viewer.ui.actions.subtitles_feature import SubtitlesFeature
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.details.audience_tab import AudienceTab
from fastpix_viewer.ui.details.generate_dialog import GenerateDialog
from fastpix_viewer.ui.details.insight_jobs import InsightJobs
from fastpix_viewer.ui.details.insights_section import NO_MEDIA_TEXT, STREAM_TEXT, InsightsSection

INSIGHTS_TAB_TITLE = "Insights"
AUDIENCE_TAB_TITLE = "Audience"


class InsightsFeature(QObject):
    """See the module docstring. `section` is the tab; `jobs` the generations in flight."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.section = InsightsSection()
        window.info_tabs.addTab(self.section, INSIGHTS_TAB_TITLE)
        self.jobs = InsightJobs(window.pool, window.client, self)
        self.ai_refused = ""  # FastPix's refusal for this workspace's plan ('' = none seen)
        self.generate_dialog: GenerateDialog | None = None
        self._media: Media | None = None
        self.chapters = ChapterPlayback(window, lambda: self._media)  # marks, menu and keys in the player
        self.section.chapterActivated.connect(lambda seconds: self.chapters.play_from(seconds))
        self.search = SearchFeature(window, self.chapters)  # the lists' filter finds insights too
        self.subtitles = SubtitlesFeature(window, self.section, self.jobs, lambda: self._media)
        self.audience = AudienceTab(window.pool, window.client)
        window.info_tabs.addTab(self.audience, AUDIENCE_TAB_TITLE)
        window.info_tabs.currentChanged.connect(
            lambda _i: self.audience.set_active(window.info_tabs.currentWidget() is self.audience))
        window.currentItemChanged.connect(self.show_item)
        window.refresh_action.triggered.connect(self._forget_refusal)
        self.section.generateRequested.connect(self.ask_generate)
        self.jobs.progress.connect(self._on_progress)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.refused.connect(self._on_refused)
        self.jobs.failed.connect(self._on_failed)

    # ---- showing ----------------------------------------------------------------------------

    def show_item(self, item: Any) -> None:
        self.audience.show_item(item)
        if not isinstance(item, Media):
            self._media = None
            self.section.show_nothing(STREAM_TEXT if isinstance(item, LiveStream) else NO_MEDIA_TEXT)
            return
        self._media = item
        self.chapters.learn(item)
        self.search.search.learn(item)
        self._render()

    def _render(self) -> None:
        media = self._media
        if media is None:
            return
        insights = parse_insights(media)
        if self.ai_refused:
            insights = insights.unavailable()
        self.section.show_insights(insights, busy=self.jobs.running(media.id), offered=not self.ai_refused)
        if self.ai_refused and not self.section.message():
            self.section.set_message(self.ai_refused)

    # ---- generating -------------------------------------------------------------------------

    def ask_generate(self, kind: InsightKind) -> GenerateDialog | None:
        """Generate… : a small dialog first (generation runs on FastPix, maybe on the bill)."""
        media = self._media
        if media is None or self._window.client is None:
            return None
        if self.generate_dialog is not None:
            self.generate_dialog.close()
        dialog = GenerateDialog(kind, item_title(media), self._window)
        dialog.accepted.connect(lambda: self._start(media, kind, dialog.options()))
        dialog.finished.connect(lambda _r: setattr(self, "generate_dialog", None))
        self.generate_dialog = dialog
        dialog.open()
        return dialog

    def _start(self, media: Media, kind: InsightKind, options: dict[str, Any]) -> None:
        self.jobs.generate(media.id, kind, **options)
        self._window.show_status(f"Asked FastPix for the {kind.label} of “{item_title(media)}”…")
        self._render()

    def _on_progress(self, media_id: str, _kind: InsightKind, _insight: Insight) -> None:
        if self._media is not None and self._media.id == media_id:
            self._render()

    def _on_finished(self, media: Media, kind: InsightKind, insight: Insight) -> None:
        title = item_title(media)
        if insight.status is InsightStatus.FAILED:
            text = f"FastPix could not generate the {kind.label} of “{title}”; try again later."
        else:
            text = f"The {kind.label} of “{title}” {'are' if kind.label.endswith('s') else 'is'} ready."
        self._window.show_status(text)
        self.chapters.learn(media)
        self.search.search.learn(media)
        self._window.apply_update(media)  # its rows, and its details (and this tab) if shown
        if self._media is not None and self._media.id == media.id:
            self._render()
            if insight.status is InsightStatus.FAILED:
                self.section.set_message(text)

    def _on_refused(self, text: str) -> None:
        self.ai_refused = text
        self._window.show_status(text)
        self._render()
        self.section.set_message(text)

    def _on_failed(self, media_id: str, kind: InsightKind | None, text: str) -> None:
        message = f"Could not generate the {kind.label if kind is not None else 'subtitles'}: {text}"
        self._window.show_status(message)
        if self._media is not None and self._media.id == media_id:
            self._render()
            self.section.set_message(message)

    def _forget_refusal(self) -> None:
        self.ai_refused = ""

    def close(self) -> None:
        self.jobs.cancel_all()
        self.search.close()


def install_insights(window: Any) -> InsightsFeature:
    """Add the Insights tab to `window`'s details and follow its shown item."""
    return InsightsFeature(window)
