"""What the list filter finds in a media's AI insights, and where: "in chapter “Q&A” at 12:30",
"in the summary: “…moves through the demo…”", "in named entity “Berlin”".

Qt-free: the searchable text of one media is made once (`SearchText.of`) on a worker thread,
and matching a needle against it is a few substring tests per row on every keystroke. The
needle arrives case-folded and with single spaces, as the filter proxy keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastpix_viewer.api.insight_results import InsightStatus, MediaInsights
from fastpix_viewer.api.models import format_duration

CONTEXT_CHARS = 30  # of summary text either side of a match, in the note


@dataclass(frozen=True)
class InsightMatch:
    where: str  # a plain phrase for a tooltip: in chapter “Q&A” at 12:30
    chapter_start: float | None = None  # seconds, when the match is a timed chapter


@dataclass(frozen=True)
class SearchText:
    """A media's summary, chapters and named entities, as searched."""

    media_id: str
    summary: str
    chapters: tuple[tuple[float | None, str], ...]
    entities: tuple[str, ...]

    @classmethod
    def of(cls, insights: MediaInsights) -> SearchText:
        summary = (insights.summary.text or "") if insights.summary.status is InsightStatus.READY else ""
        chapters = tuple((c.start, c.title) for c in insights.chapters.chapters) \
            if insights.chapters.status is InsightStatus.READY else ()
        entities = tuple(e.name for e in insights.entities.entities) \
            if insights.entities.status is InsightStatus.READY else ()
        return cls(insights.media_id, " ".join(summary.split()), chapters, entities)

    @property
    def empty(self) -> bool:
        return not (self.summary or self.chapters or self.entities)

    def find(self, needle: str) -> InsightMatch | None:
        """Where `needle` (case-folded) occurs: a chapter title first (it can be played from),
        then a named entity, then the summary."""
        if not needle:
            return None
        for start, title in self.chapters:
            if needle in title.casefold():
                at = f" at {format_duration(start)}" if start is not None else ""
                return InsightMatch(f"in chapter “{title}”{at}", start)
        for name in self.entities:
            if needle in name.casefold():
                return InsightMatch(f"in named entity “{name}”")
        at = self.summary.casefold().find(needle)
        if at >= 0:
            begin, end = max(0, at - CONTEXT_CHARS), min(len(self.summary), at + len(needle) + CONTEXT_CHARS)
            excerpt = ("…" if begin else "") + self.summary[begin:end] + ("…" if end < len(self.summary) else "")
            return InsightMatch(f"in the summary: “{excerpt}”")
        return None
