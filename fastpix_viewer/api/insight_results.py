"""Reading the results of FastPix's AI features and generated subtitles from the media object.

FastPix puts each result in the media as ``{status, data}`` but documents no structure for
``data`` (shared notes §10), so parsing accepts every plausible form: plain text, a JSON
string holding a list, or a list of objects; chapter times as seconds or "HH:MM:SS"; status
words in any case. insights.py requests them and re-exports every name here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fastpix_viewer.api.errors import (
    FastPixError,
    PermissionDeniedError,
)
from fastpix_viewer.api.models import Media, parse_duration
from fastpix_viewer.api.step_aside import pause_point

MODERATION_TYPES = ("video", "audio", "av")
MAX_ITEMS = 500  # a hostile or broken answer must not become a million rows
_MAX_TEXT = 20_000


class InsightKind(StrEnum):
    SUMMARY = "summary"
    CHAPTERS = "chapters"
    ENTITIES = "namedEntities"  # the media field's name
    MODERATION = "moderation"

    @property
    def label(self) -> str:
        return {"summary": "summary", "chapters": "chapters", "namedEntities": "named entities",
                "moderation": "moderation"}[self.value]

    @property
    def path(self) -> str:
        return {"summary": "summary", "chapters": "chapters", "namedEntities": "named-entities",
                "moderation": "moderation"}[self.value]


class InsightStatus(StrEnum):
    NOT_REQUESTED = "not requested"
    PREPARING = "preparing"
    READY = "ready"
    FAILED = "failed"
    UNAVAILABLE = "not available on this workspace"


class FeatureUnavailableError(PermissionDeniedError):
    """The workspace's plan does not include this feature (FastPix refused it as such)."""

    default_message = "This workspace's FastPix plan does not include in-video AI features."


class GenerationFailed(FastPixError):
    default_message = "FastPix could not generate this for the media."


_READY = {"ready", "available", "completed", "complete", "done", "success", "succeeded"}
_PREPARING = {"preparing", "processing", "pending", "in progress", "in_progress", "queued", "in queue",
              "requested", "started", "created", "generating", "waiting"}
_FAILED = {"failed", "failure", "error", "errored"}
_UNAVAILABLE = {"unavailable", "not available", "not_available", "disabled", "not enabled"}


def insight_status(text: object, has_data: bool = False) -> InsightStatus:
    """The status for FastPix's status word (any case); no word but data counts as ready."""
    word = " ".join(text.strip().lower().replace("-", " ").split()) if isinstance(text, str) else ""
    if word in _READY:
        return InsightStatus.READY
    if word in _FAILED:
        return InsightStatus.FAILED
    if word in _UNAVAILABLE:
        return InsightStatus.UNAVAILABLE
    if word in _PREPARING or word.replace(" ", "_") in _PREPARING:
        return InsightStatus.PREPARING
    if not word:
        return InsightStatus.READY if has_data else InsightStatus.NOT_REQUESTED
    # An unknown word: not an error, and not proof of anything; data decides.
    return InsightStatus.READY if has_data else InsightStatus.PREPARING


@dataclass(frozen=True)
class Chapter:
    start: float | None  # seconds from the start of the media
    end: float | None
    title: str
    summary: str | None = None


@dataclass(frozen=True)
class NamedEntity:
    name: str
    type: str | None = None


@dataclass(frozen=True)
class Insight:
    kind: InsightKind
    status: InsightStatus
    status_text: str | None = None  # the word FastPix sent, for display
    text: str | None = None  # the summary, or the result when it is plain text
    chapters: tuple[Chapter, ...] = ()
    entities: tuple[NamedEntity, ...] = ()
    moderation: Mapping[str, Any] = field(default_factory=dict)
    raw: Any = field(default=None, repr=False)

    @property
    def is_final(self) -> bool:
        return self.status in (InsightStatus.READY, InsightStatus.FAILED, InsightStatus.UNAVAILABLE)


@dataclass(frozen=True)
class MediaInsights:
    media_id: str
    summary: Insight
    chapters: Insight
    entities: Insight
    moderation: Insight

    def get(self, kind: InsightKind) -> Insight:
        return {InsightKind.SUMMARY: self.summary, InsightKind.CHAPTERS: self.chapters,
                InsightKind.ENTITIES: self.entities, InsightKind.MODERATION: self.moderation}[kind]

    def unavailable(self) -> MediaInsights:
        """The same media after FastPix refused AI features for the workspace's plan: every
        feature not yet made reads "not available on this workspace"."""
        def mark(insight: Insight) -> Insight:
            if insight.status in (InsightStatus.NOT_REQUESTED, InsightStatus.PREPARING):
                return Insight(insight.kind, InsightStatus.UNAVAILABLE, insight.status_text, raw=insight.raw)
            return insight
        return MediaInsights(self.media_id, mark(self.summary), mark(self.chapters), mark(self.entities),
                             mark(self.moderation))


# --- parsing ----------------------------------------------------------------------------------


def read_text(value: object, limit: int = _MAX_TEXT) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = value.strip()
    return cleaned[:limit] if cleaned else None


def _maybe_json(value: object) -> object:
    """A string that holds JSON (a list or object) is read as that JSON; anything else as is."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{") and len(value) <= 1_000_000:
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value
    return value


def _list_in(value: object, keys: tuple[str, ...]) -> list[Any] | None:
    """The list itself, or the first list under one of `keys` of an object."""
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        for key in keys:
            if isinstance(value.get(key), list):
                return value[key]
    return None


def first_of(entry: Mapping[str, Any], keys: tuple[str, ...]) -> object:
    for key in keys:
        if key in entry and entry[key] is not None:
            return entry[key]
    return None


_CHAPTER_LINE = re.compile(r"^\s*(?:\d+[.)]\s*)?\[?((?:\d{1,2}:)?\d{1,2}:\d{2}(?:\.\d+)?)\]?"
                           r"(?:\s*[-–]\s*\[?((?:\d{1,2}:)?\d{1,2}:\d{2}(?:\.\d+)?)\]?)?\s*[-–:]?\s*(.*)$")


def parse_chapters(data: object) -> tuple[Chapter, ...]:
    value = _maybe_json(data)
    items = _list_in(value, ("chapters", "data", "items"))
    chapters: list[Chapter] = []
    if items is not None:
        for entry in items[:MAX_ITEMS]:
            if not isinstance(entry, Mapping):
                continue
            title = read_text(first_of(entry, ("title", "chapterTitle", "name", "heading", "label")), 300)
            start = parse_duration(first_of(entry, ("startTime", "start", "startTimeSeconds", "from", "begin")))
            end = parse_duration(first_of(entry, ("endTime", "end", "endTimeSeconds", "to")))
            if title is None and start is None:
                continue
            chapters.append(Chapter(start=start, end=end, title=title or f"Chapter {len(chapters) + 1}",
                                    summary=read_text(first_of(entry, ("summary", "description")), 2000)))
    elif isinstance(value, str):
        for line in value.splitlines()[:MAX_ITEMS]:
            match = _CHAPTER_LINE.match(line)
            if match:
                chapters.append(Chapter(start=parse_duration(match.group(1)), end=parse_duration(match.group(2)),
                                        title=(match.group(3).strip() or f"Chapter {len(chapters) + 1}")[:300]))
            elif line.strip():
                chapters.append(Chapter(start=None, end=None, title=line.strip()[:300]))
    # In time order; untimed chapters keep their place at the end.
    chapters.sort(key=lambda c: (c.start is None, c.start or 0.0))
    return tuple(chapters)


def parse_entities(data: object) -> tuple[NamedEntity, ...]:
    value = _maybe_json(data)
    items = _list_in(value, ("entities", "namedEntities", "data", "items"))
    found: list[NamedEntity] = []
    if items is not None:
        for entry in items[:MAX_ITEMS]:
            if isinstance(entry, str) and entry.strip():
                found.append(NamedEntity(entry.strip()[:200]))
            elif isinstance(entry, Mapping):
                name = read_text(first_of(entry, ("entity", "name", "text", "value", "word")), 200)
                if name:
                    found.append(NamedEntity(name, read_text(first_of(entry, ("type", "category", "label")), 60)))
    elif isinstance(value, Mapping):
        # {"person": ["Ana"], "location": ["Madrid"]}: categories as keys.
        for category, names in list(value.items())[:50]:
            for name in names if isinstance(names, list) else [names]:
                if isinstance(name, str) and name.strip():
                    found.append(NamedEntity(name.strip()[:200], str(category)[:60]))
    elif isinstance(value, str):
        for part in re.split(r"[\n,;]", value)[:MAX_ITEMS]:
            match = re.match(r"^\s*(.+?)\s*(?:\(([^)]*)\))?\s*$", part)
            if match and match.group(1):
                found.append(NamedEntity(match.group(1)[:200], (match.group(2) or "").strip()[:60] or None))
    return tuple(found[:MAX_ITEMS])


def parse_insight(kind: InsightKind, value: object) -> Insight:
    """One of the media's AI fields; missing or null means not requested."""
    if value is None:
        return Insight(kind, InsightStatus.NOT_REQUESTED)
    if not isinstance(value, Mapping):
        # A bare value where {status, data} was expected: take it as the data.
        value = {"status": None, "data": value}
    data = value.get("data")
    status_text = value.get("status") if isinstance(value.get("status"), str) else None
    has_data = data not in (None, "", [], {})
    status = insight_status(status_text, has_data)
    if status is not InsightStatus.READY or not has_data:
        return Insight(kind, status, status_text, raw=value)
    if kind is InsightKind.SUMMARY:
        text = read_text(data) if isinstance(data, str) else read_text(first_of(data, ("summary", "text"))) \
            if isinstance(data, Mapping) else None
        return Insight(kind, status, status_text, text=text, raw=value)
    if kind is InsightKind.CHAPTERS:
        chapters = parse_chapters(data)
        return Insight(kind, status, status_text, chapters=chapters,
                       text=None if chapters else read_text(data), raw=value)
    if kind is InsightKind.ENTITIES:
        return Insight(kind, status, status_text, entities=parse_entities(data), raw=value)
    parsed = _maybe_json(data)
    if isinstance(parsed, Mapping):
        return Insight(kind, status, status_text, moderation=dict(parsed), raw=value)
    return Insight(kind, status, status_text, text=read_text(data) if isinstance(data, str) else None, raw=value)


def parse_insights(media: Media) -> MediaInsights:
    pause_point()  # the search gathering parses thousands of these on a worker (api.step_aside)
    raw = media.raw
    return MediaInsights(
        media_id=media.id,
        summary=parse_insight(InsightKind.SUMMARY, raw.get("summary")),
        chapters=parse_insight(InsightKind.CHAPTERS, raw.get("chapters")),
        entities=parse_insight(InsightKind.ENTITIES, raw.get("namedEntities")),
        moderation=parse_insight(InsightKind.MODERATION, raw.get("moderation")),
    )


# --- generated subtitles -----------------------------------------------------------------------


@dataclass(frozen=True)
class SubtitleJob:
    """What FastPix answered to a subtitle request: the new subtitle track's ID and language."""

    track_id: str | None
    language_code: str
    language_name: str
    audio_track_id: str


@dataclass(frozen=True)
class SubtitleState:
    status: InsightStatus
    status_text: str | None = None
    url: str | None = None


def subtitle_state(media: Media, job: SubtitleJob) -> SubtitleState:
    """Where a requested subtitle track stands, from the media's `tracks` and `generatedSubtitles`."""
    track = next((t for t in media.tracks if job.track_id and t.id == job.track_id), None)
    generated = [g for g in media.raw.get("generatedSubtitles") or [] if isinstance(g, Mapping)]
    entry = next((g for g in generated if job.track_id and g.get("id") == job.track_id), None)
    if entry is None and len(generated) == 1:
        entry = generated[0]  # the spec's entries carry no ID: one entry can only be this one
    url = entry.get("url") if entry is not None and isinstance(entry.get("url"), str) else None
    if track is not None and track.type == "subtitle":
        status = insight_status(track.status)
        if status is InsightStatus.READY:
            return SubtitleState(status, track.status, url)
    if entry is not None:
        word = entry.get("status") if isinstance(entry.get("status"), str) else None
        return SubtitleState(insight_status(word, bool(url)), word, url)
    if generated and track is None and not any(g.get("id") for g in generated):
        # The spec's entries say only {status, url}: while none is preparing and this track is
        # not among the media's tracks, a failed entry can only be this request's.
        states = [insight_status(g.get("status"), bool(g.get("url"))) for g in generated]
        if InsightStatus.PREPARING in states:
            return SubtitleState(InsightStatus.PREPARING)
        if InsightStatus.FAILED in states:
            return SubtitleState(InsightStatus.FAILED, "failed")
    if track is None and job.track_id is None:
        # No ID to follow: a subtitle track in that language stands for it.
        same = [t for t in media.tracks if t.type == "subtitle" and t.language_code == job.language_code]
        if same:
            return SubtitleState(insight_status(same[-1].status), same[-1].status)
    if track is not None:
        return SubtitleState(insight_status(track.status), track.status)
    return SubtitleState(InsightStatus.PREPARING)
