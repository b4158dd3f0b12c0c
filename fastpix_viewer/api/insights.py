"""FastPix's in-video AI features (summary, chapters, named entities, moderation) and generated
subtitles: requesting them, and reading their results from the media object.

FastPix puts each result in the media as ``{status, data}`` but documents no structure for
``data`` (shared notes §10), so parsing accepts every plausible form: plain text, a JSON
string holding a list, or a list of objects; chapter times as seconds or "HH:MM:SS"; status
words in any case. A plan without AI features refuses the request; that refusal becomes
`FeatureUnavailableError` (one plain sentence), and the feature's status
`InsightStatus.UNAVAILABLE`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from fastpix_viewer.api import ids
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.errors import (
    BadRequestError,
    FastPixError,
    InputError,
    PermissionDeniedError,
    RequestTimeout,
)
from fastpix_viewer.api.insight_results import (  # noqa: F401  (re-exported: callers import them from here)
    MAX_ITEMS,
    MODERATION_TYPES,
    Chapter,
    FeatureUnavailableError,
    GenerationFailed,
    Insight,
    InsightKind,
    InsightStatus,
    MediaInsights,
    NamedEntity,
    SubtitleJob,
    SubtitleState,
    first_of,
    insight_status,
    parse_chapters,
    parse_entities,
    parse_insight,
    parse_insights,
    read_text,
    subtitle_state,
)
from fastpix_viewer.api.models import Media

SUMMARY_MIN_WORDS, SUMMARY_MAX_WORDS, SUMMARY_DEFAULT_WORDS = 30, 250, 100
# --- the client side ---------------------------------------------------------------------------

# Words that make a 400 a plan refusal; "not available" alone is not one (a summary not yet made).
_PLAN_WORDS = ("plan", "upgrade", "subscription", "not included", "billing", "payment")


def plan_refusal(error: FastPixError) -> FeatureUnavailableError | None:
    """FastPix's refusal of a feature the workspace's plan lacks, as a plain message (else None).

    A 403 that is not about the token's permission, a 402, or a 400 worded about the plan."""
    said = f"{error.message} {error.description}".lower()
    permission = "permission" in said
    if error.status == 402 or (error.status == 403 and not permission) or (
        isinstance(error, BadRequestError) and any(word in said for word in _PLAN_WORDS)
    ):
        said_text = (error.description or error.message).rstrip(" .")
        detail = f" (FastPix said: {said_text})" if said_text else ""
        return FeatureUnavailableError(
            "This workspace's FastPix plan does not include in-video AI features; "
            f"ask the workspace owner to enable them in the FastPix dashboard{detail}.",
            status=error.status, code=error.code, message=error.message, description=error.description,
        )
    return None


def language_name(code: str) -> str:
    """A readable name for common BCP-47 codes (FastPix wants both); the code itself otherwise."""
    names = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
             "pt": "Portuguese", "nl": "Dutch", "ja": "Japanese", "ko": "Korean", "zh": "Chinese",
             "hi": "Hindi", "ar": "Arabic", "ru": "Russian", "pl": "Polish", "sv": "Swedish",
             "da": "Danish", "fi": "Finnish", "no": "Norwegian", "tr": "Turkish", "cs": "Czech",
             "el": "Greek", "he": "Hebrew", "id": "Indonesian", "th": "Thai", "vi": "Vietnamese",
             "uk": "Ukrainian", "ro": "Romanian", "hu": "Hungarian", "bn": "Bengali", "ta": "Tamil"}
    base = code.split("-")[0].lower()
    return names.get(base, code)


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$")


def check_language(code: str) -> str:
    if not isinstance(code, str) or not _LANGUAGE.fullmatch(code.strip()):
        raise InputError("The language must be a code like en, es or en-US.")
    return code.strip()


class InsightsMixin:
    """`FastPixClient` methods for AI features and generated subtitles (uses its `_call`)."""

    _call: Callable[..., Mapping[str, Any]]
    get_media: Callable[..., Media]
    transport: Any

    def _ai_call(self, method: str, path: str, *, json: Any = None, what: str,
                 cancel: CancelLike | None = None) -> Mapping[str, Any]:
        try:
            return self._call(method, path, json=json, what=what, cancel=cancel)
        except (PermissionDeniedError, BadRequestError) as refused:
            unavailable = plan_refusal(refused)
            if unavailable is not None:
                raise unavailable from None
            raise

    def request_insight(
        self, media_id: str, kind: InsightKind, *, summary_length: int | None = None,
        moderation_type: str = "av", enable: bool = True,
    ) -> bool:
        """PATCH the feature on (or off). Returns what FastPix says is now enabled (True when it
        does not say). Raises FeatureUnavailableError on a plan without AI features. Never retried."""
        ids.media_id(media_id)
        kind = InsightKind(kind)
        if kind is InsightKind.SUMMARY:
            length = SUMMARY_DEFAULT_WORDS if summary_length is None else summary_length
            if not isinstance(length, int) or isinstance(length, bool) or not (
                    SUMMARY_MIN_WORDS <= length <= SUMMARY_MAX_WORDS):
                raise InputError(f"The summary length must be {SUMMARY_MIN_WORDS} to {SUMMARY_MAX_WORDS} words.")
            body: dict[str, Any] = {"generate": enable, "summaryLength": length}
        elif kind is InsightKind.MODERATION:
            if moderation_type not in MODERATION_TYPES:
                raise InputError("The moderation type must be video, audio or av.")
            body = {"moderation": {"type": moderation_type}}
        else:
            body = {kind.value: enable}
        envelope = self._ai_call("PATCH", f"on-demand/{media_id}/{kind.path}", json=body,
                                 what=f"media with ID {media_id}")
        data = envelope.get("data")
        if isinstance(data, Mapping):
            flags = [v for k, v in data.items() if k.startswith("is") and k.endswith("Enabled") and isinstance(v, bool)]
            if flags:
                return flags[0]
        return enable

    def media_insights(self, media_id: str, *, cancel: CancelLike | None = None) -> tuple[Media, MediaInsights]:
        media = self.get_media(media_id, cancel=cancel)
        return media, parse_insights(media)

    def media_summary(self, media_id: str, *, cancel: CancelLike | None = None) -> str | None:
        """GET …/summary: the summary text, or None when the answer holds none."""
        ids.media_id(media_id)
        envelope = self._ai_call("GET", f"on-demand/{media_id}/summary", what=f"media with ID {media_id}",
                                 cancel=cancel)
        data = envelope.get("data")
        if isinstance(data, Mapping):
            data = first_of(data, ("summary", "text"))
        return read_text(data)

    def generate_subtitles(
        self, media_id: str, audio_track_id: str, language_code: str, language: str | None = None
    ) -> SubtitleJob:
        """POST …/tracks/{trackId}/generate-subtitles for a language. Never retried."""
        ids.media_id(media_id)
        ids.opaque_id(audio_track_id, "track ID")
        code = check_language(language_code)
        name = (language or language_name(code)).strip()
        if not name or len(name) > 64:
            raise InputError("The language name must be 1 to 64 characters.")
        envelope = self._ai_call(
            "POST", f"on-demand/{media_id}/tracks/{audio_track_id}/generate-subtitles",
            json={"languageCode": code, "languageName": name}, what=f"audio track {audio_track_id} of that media",
        )
        data = envelope.get("data")
        track_id = data.get("id") if isinstance(data, Mapping) and isinstance(data.get("id"), str) else None
        return SubtitleJob(track_id=track_id, language_code=code, language_name=name, audio_track_id=audio_track_id)

    def wait_for_insight(
        self, media_id: str, kind: InsightKind, *, interval: float = 2.0, timeout: float = 600.0,
        cancel: CancelLike | None = None, on_update: Callable[[Insight], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> Insight:
        """Poll the media until the feature is ready or failed; bounded by `timeout` (RequestTimeout)
        and cancellable. A feature still "not requested" after the request counts as preparing."""
        kind = InsightKind(kind)
        deadline = clock() + timeout
        while True:
            _, insights = self.media_insights(media_id, cancel=cancel)
            insight = insights.get(kind)
            if on_update is not None:
                on_update(insight)
            if insight.is_final:
                return insight
            if clock() >= deadline:
                raise RequestTimeout(f"FastPix was still preparing the {kind.label} after {round(timeout)} seconds; "
                                     "check again later.")
            self.transport.pause(interval, cancel)

    def wait_for_subtitles(
        self, media_id: str, job: SubtitleJob, *, interval: float = 2.0, timeout: float = 900.0,
        cancel: CancelLike | None = None, clock: Callable[[], float] = time.monotonic,
    ) -> tuple[Media, SubtitleState]:
        deadline = clock() + timeout
        while True:
            media = self.get_media(media_id, cancel=cancel)
            state = subtitle_state(media, job)
            if state.status in (InsightStatus.READY, InsightStatus.FAILED):
                return media, state
            if clock() >= deadline:
                raise RequestTimeout(f"FastPix was still generating the {job.language_name} subtitles after "
                                     f"{round(timeout)} seconds; check again later.")
            self.transport.pause(interval, cancel)
