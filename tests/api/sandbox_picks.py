"""Finding seed items in the sandbox by what they are (not by hard-coded IDs or titles)."""

from __future__ import annotations

from fpv_support.seed_picks import pick_media, pick_stream, policies  # noqa: F401  (re-exported for this folder's tests)

from fastpix_viewer.api.models import Media


def public_ready(m: Media) -> bool:
    return m.is_ready and policies(m) == {"public"} and not any(p.is_restricted for p in m.playback_ids)


def private_only_ready(m: Media) -> bool:
    return m.is_ready and policies(m) == {"private"}


def drm_only(m: Media) -> bool:
    return policies(m) == {"drm"}


def downloadable_mp4(m: Media) -> bool:
    return public_ready(m) and not m.is_audio_only and any(r.type == "capped_4k" and r.status == "ready" for r in m.mp4_renditions)


def multi_rendition(m: Media) -> bool:
    return public_ready(m) and m.max_resolution == "1080p" and any(r.type == "capped_4k" for r in m.mp4_renditions)
