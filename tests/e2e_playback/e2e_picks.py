"""Finding seed items in the sandbox by what they are (never by hard-coded IDs or titles)."""

from __future__ import annotations

from fpv_support.seed_picks import pick_media, pick_stream, policies  # noqa: F401  (re-exported for this folder's tests)

from fastpix_viewer.api import LiveStream, Media


def unrestricted(item: Media | LiveStream) -> bool:
    return not any(p.is_restricted for p in item.playback_ids)


def public_ready(m: Media) -> bool:
    return m.is_ready and policies(m) == {"public"} and unrestricted(m) and not m.is_clip


def multi_rendition(m: Media) -> bool:
    heights = {t.height for t in m.tracks if t.type == "video"}
    return public_ready(m) and not m.is_audio_only and m.max_resolution == "1080p" and len(heights) >= 1


def audio_languages(m: Media) -> set[str]:
    return {t.language_code for t in m.tracks if t.type == "audio" and t.language_code}


def multilang(m: Media) -> bool:
    subtitles = [t for t in m.tracks if t.type in ("subtitle", "text", "subtitles")]
    return public_ready(m) and len(audio_languages(m)) >= 2 and bool(subtitles)


def private_only_ready(m: Media) -> bool:
    return m.is_ready and policies(m) == {"private"} and not m.is_clip


def drm_only(m: Media) -> bool:
    return policies(m) == {"drm"}


def processing_upload(m: Media) -> bool:
    return (m.still_processing and m.status_is_known and policies(m) == {"public"} and not m.is_clip
            and not m.stream_id)
