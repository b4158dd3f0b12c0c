"""The Insights tab of the details: a media's summary, chapters, named entities and moderation.

Each feature shows its status (not requested, preparing, ready, failed, not available on
this workspace), what FastPix made of it, and a "Generate…" button; the section only shows
and asks (signals), `insight_jobs.InsightJobs` does the requests. Everything FastPix wrote
(summary, chapter titles, entity names) is shown as plain text: labels are PlainText, the
summary a read-only plain-text editor, the chapter list draws its items literally.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.insight_results import Insight, InsightKind, InsightStatus, MediaInsights
from fastpix_viewer.api.models import format_duration

TITLES = {InsightKind.SUMMARY: "Summary", InsightKind.CHAPTERS: "Chapters",
          InsightKind.ENTITIES: "Named entities", InsightKind.MODERATION: "Moderation"}
NO_MEDIA_TEXT = "Select a media or a recording to see its AI summary, chapters, named entities and moderation."
STREAM_TEXT = ("AI insights belong to media: select one of this live stream's recordings "
               "to see its summary and chapters.")
CHAPTER_SECONDS_ROLE = Qt.ItemDataRole.UserRole + 1


def _plain_label(name: str, text: str = "", *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # API text: never rich text
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def status_text(insight: Insight) -> str:
    """What the status label says: the status, and FastPix's own word when it differs."""
    shown = insight.status.value
    said = (insight.status_text or "").strip()
    if said and insight.status is InsightStatus.PREPARING and said.lower() != "preparing":
        shown += f" ({said[:30]})"
    return shown


def chapter_time(seconds: float | None) -> str:
    return format_duration(seconds) if seconds is not None else ""


class _FeatureBox(QFrame):
    """One feature: a header (name, status, Generate…) above what FastPix made."""

    def __init__(self, kind: InsightKind, body: QWidget | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"{kind.value}Box")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        name = _plain_label(f"{kind.value}Title", TITLES[kind])
        bold = QFont(name.font())
        bold.setBold(True)
        name.setFont(bold)
        self.status_label = _plain_label(f"{kind.value}Status")
        self.generate_button = QPushButton("Generate…")
        self.generate_button.setObjectName(f"{kind.value}GenerateButton")
        self.generate_button.setToolTip(f"Ask FastPix to generate the {kind.label} of this media")
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(name)
        header.addWidget(self.status_label, 1)
        header.addWidget(self.generate_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.setSpacing(3)
        column.addLayout(header)
        self.body = body
        if body is not None:
            column.addWidget(body)


class InsightsSection(QScrollArea):
    """See the module docstring. `generateRequested(kind)` when a Generate… button is pressed,
    `chapterActivated(seconds)` when a chapter is clicked (or chosen with Enter)."""

    generateRequested = Signal(object)  # InsightKind
    chapterActivated = Signal(float)
    subtitlesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insightsSection")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.message_label = _plain_label("insightsMessage", wrap=True)
        self.message_label.setStyleSheet("#insightsMessage { background: #fff8e1; border: 1px solid #e6d38a;"
                                         " padding: 4px; }")
        self.message_label.hide()
        self.summary_text = QPlainTextEdit()
        self.summary_text.setObjectName("summaryText")
        self.summary_text.setReadOnly(True)
        self.summary_text.setMaximumHeight(110)
        self.chapters_list = QTreeWidget()
        self.chapters_list.setObjectName("chaptersList")
        self.chapters_list.setColumnCount(2)
        self.chapters_list.setHeaderLabels(["Start", "Chapter"])
        self.chapters_list.setRootIsDecorated(False)
        self.chapters_list.setUniformRowHeights(True)
        self.chapters_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chapters_list.setToolTip("Click a chapter to play from there")
        self.chapters_list.setMaximumHeight(170)
        self.chapters_list.itemClicked.connect(self._on_chapter)
        self.chapters_list.itemActivated.connect(self._on_chapter)
        self.entities_text = _plain_label("entitiesText", wrap=True)
        self.moderation_text = _plain_label("moderationText", wrap=True)
        bodies = {InsightKind.SUMMARY: self.summary_text, InsightKind.CHAPTERS: self.chapters_list,
                  InsightKind.ENTITIES: self.entities_text, InsightKind.MODERATION: self.moderation_text}
        self.boxes: dict[InsightKind, _FeatureBox] = {}
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.message_label)
        for kind in InsightKind:
            box = _FeatureBox(kind, bodies[kind])
            box.generate_button.clicked.connect(lambda _c=False, k=kind: self.generateRequested.emit(k))
            self.boxes[kind] = box
            column.addWidget(box)
        # Generated subtitles: one request per language, followed like the features above.
        self.subtitles_box = QFrame()
        self.subtitles_box.setObjectName("subtitlesBox")
        self.subtitles_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.subtitles_status = _plain_label("subtitlesStatus", wrap=True)
        self.subtitles_button = QPushButton("Generate subtitles…")
        self.subtitles_button.setObjectName("generateSubtitlesButton")
        self.subtitles_button.setToolTip("Ask FastPix to transcribe an audio track of this media into subtitles")
        self.subtitles_button.clicked.connect(self.subtitlesRequested.emit)
        row = QHBoxLayout(self.subtitles_box)
        row.setContentsMargins(6, 4, 6, 4)
        title = _plain_label("subtitlesTitle", "Generated subtitles")
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        row.addWidget(title)
        row.addWidget(self.subtitles_status, 1)
        row.addWidget(self.subtitles_button)
        column.addWidget(self.subtitles_box)
        column.addStretch(1)
        self.setWidget(content)
        self._media_id: str | None = None
        self.show_nothing(NO_MEDIA_TEXT)

    # ---- what is shown ----------------------------------------------------------------------

    @property
    def media_id(self) -> str | None:
        """The media whose insights are shown (None: none)."""
        return self._media_id

    def show_nothing(self, why: str) -> None:
        """No media to describe (nothing selected, a live stream, an unreadable row)."""
        self._media_id = None
        for box in self.boxes.values():
            box.hide()
        self.subtitles_box.hide()
        self.set_message(why)

    def show_insights(self, insights: MediaInsights, *, busy: Iterable[InsightKind] = (),
                      offered: bool = True) -> None:
        """Show `insights`; features in `busy` are being generated now (they read "preparing"
        while the media still says otherwise). `offered` False: the plan lacks AI features."""
        same = insights.media_id == self._media_id
        self._media_id = insights.media_id
        running = set(busy)
        for kind, box in self.boxes.items():
            insight = insights.get(kind)
            if kind in running and not insight.is_final:
                insight = Insight(kind, InsightStatus.PREPARING, insight.status_text)
            elif kind in running and insight.status is InsightStatus.NOT_REQUESTED:
                insight = Insight(kind, InsightStatus.PREPARING)
            box.show()
            box.status_label.setText(status_text(insight))
            box.generate_button.setEnabled(offered and kind not in running
                                           and insight.status is not InsightStatus.UNAVAILABLE)
            self._fill(kind, insight, keep_scroll=same)
        self.subtitles_box.show()
        self.subtitles_button.setEnabled(offered)
        if not same:
            self.set_message("")
            self.subtitles_status.setText("")

    def set_message(self, text: str) -> None:
        """A plain note above the features ('' hides it): a refusal, a failure, a hint."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisibleTo(self) else ""

    def status_of(self, kind: InsightKind) -> str:
        return self.boxes[kind].status_label.text()

    def chapter_rows(self) -> list[tuple[str, str]]:
        """(start, title) of each listed chapter, as shown."""
        return [(self.chapters_list.topLevelItem(i).text(0), self.chapters_list.topLevelItem(i).text(1))
                for i in range(self.chapters_list.topLevelItemCount())]

    def _fill(self, kind: InsightKind, insight: Insight, *, keep_scroll: bool) -> None:
        ready = insight.status is InsightStatus.READY
        if kind is InsightKind.SUMMARY:
            text = (insight.text or "") if ready else ""
            if self.summary_text.toPlainText() != text:
                self.summary_text.setPlainText(text)
            self.summary_text.setVisible(bool(text))
        elif kind is InsightKind.CHAPTERS:
            self._fill_chapters(insight if ready else None, keep_scroll)
        elif kind is InsightKind.ENTITIES:
            names = [e.name + (f" ({e.type})" if e.type else "") for e in insight.entities] if ready else []
            self.entities_text.setText(", ".join(names))
            self.entities_text.setVisible(bool(names))
        else:
            parts = [f"{key}: {value}" for key, value in list(insight.moderation.items())[:20]] if ready else []
            text = ", ".join(parts) or ((insight.text or "") if ready else "")
            self.moderation_text.setText(text)
            self.moderation_text.setVisible(bool(text))

    def _fill_chapters(self, insight: Insight | None, keep_scroll: bool) -> None:
        view = self.chapters_list
        rows = [(chapter_time(c.start), c.title, c.start) for c in insight.chapters] if insight else []
        if insight is not None and not rows and insight.text:
            rows = [("", line, None) for line in insight.text.splitlines() if line.strip()]
        if [(a, b) for a, b, _ in rows] == self.chapter_rows():
            view.setVisible(bool(rows))
            return
        scroll = view.verticalScrollBar().value() if keep_scroll else 0
        view.clear()
        for start_text, title, seconds in rows:
            item = QTreeWidgetItem([start_text, title])
            item.setData(0, CHAPTER_SECONDS_ROLE, seconds)
            view.addTopLevelItem(item)
        view.resizeColumnToContents(0)
        view.verticalScrollBar().setValue(scroll)
        view.setVisible(bool(rows))

    def _on_chapter(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        seconds = item.data(0, CHAPTER_SECONDS_ROLE)
        if isinstance(seconds, int | float):
            self.chapterActivated.emit(float(seconds))
