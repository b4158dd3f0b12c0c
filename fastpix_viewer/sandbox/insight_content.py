"""What the sandbox's AI features say about a media, deterministically: chapters on segment
boundaries of its recording, named entities and a summary from its title and sample, moderation
scores from its ID, each in every `data` form FastPix may send; and the WebVTT of generated
subtitles. insights.py serves them."""

from __future__ import annotations

import hashlib
import json

from .assets import load_asset
from .model import MediaRecord

SUMMARY_MIN, SUMMARY_MAX, SUMMARY_DEFAULT = 30, 250, 100

# Three chapters' worth of titles per sample recording (the last repeats for longer media).
CHAPTER_TITLES = {
    "multires": ("Opening test pattern", "Resolution ladder", "Closing frames"),
    "multilang": ("Welcome and introductions", "Questions in Spanish", "Closing remarks"),
    "bars": ("Colour bars", "Tone check", "Slate"),
    "mandelbrot": ("Zoom begins", "Seahorse valley", "Deep zoom"),
    "live-loop": ("Countdown", "Live loop", "Wrap-up"),
    "audio-only": ("Intro tone", "Main segment", "Outro"),
}
ENTITIES = {
    "multires": (("FastPix", "organization"), ("HLS", "product"), ("Berlin", "location")),
    "multilang": (("FastPix", "organization"), ("Madrid", "location"), ("Ana García", "person")),
    "bars": (("SMPTE", "organization"), ("EBU", "organization")),
    "mandelbrot": (("Benoit Mandelbrot", "person"), ("IBM", "organization")),
    "live-loop": (("FastPix", "organization"), ("OBS Studio", "product")),
    "audio-only": (("FastPix", "organization"), ("Podcast Weekly", "product")),
}


def _duration(m: MediaRecord) -> tuple[float, float]:
    """(duration in seconds, segment length) of the media as the API reports it."""
    from .wire import media_duration

    asset = load_asset(m.asset)
    return media_duration(m, asset), asset.segment_duration


def chapters_for(m: MediaRecord) -> list[dict]:
    """Up to three chapters starting on segment boundaries of the recording (seconds)."""
    duration, segment = _duration(m)
    if duration <= 0:
        return []
    segments = max(1, int(duration // segment))
    count = min(3, segments)
    titles = CHAPTER_TITLES.get(m.asset, ("Part one", "Part two", "Part three"))
    starts = [round(i * segments / count) * segment for i in range(count)]
    chapters = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < count else duration
        chapters.append({"chapter": i + 1, "startTime": round(start, 3), "endTime": round(end, 3),
                         "title": titles[min(i, len(titles) - 1)]})
    return chapters


def entities_for(m: MediaRecord) -> list[dict]:
    return [{"entity": name, "type": kind} for name, kind in ENTITIES.get(m.asset, (("FastPix", "organization"),))]


def summary_for(m: MediaRecord, length: int) -> str:
    asset = load_asset(m.asset)
    title = m.title or "This media"
    chapters = ", ".join(c["title"].lower() for c in chapters_for(m)) or "a single scene"
    names = ", ".join(e["entity"] for e in entities_for(m))
    words = (f"{title} shows the {asset.label.lower()} sample. It moves through {chapters}. "
             f"It mentions {names}.").split()
    return " ".join(words[:length])


def moderation_for(m: MediaRecord, kind: str) -> dict:
    digest = hashlib.sha256(f"{m.id}:moderation".encode()).digest()
    return {"type": kind, "nsfw": round(digest[0] / 2550, 3), "profanity": round(digest[1] / 2550, 3)}


def _hms(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _shaped(items: list[dict], form: str, text_line) -> object:
    if form == "json-string":
        return json.dumps(items)
    if form == "text":
        return "\n".join(text_line(item) for item in items)
    return items


def feature_data(m: MediaRecord, feature: str, options: dict, form: str) -> object:
    if feature == "summary":
        return summary_for(m, int(options.get("summaryLength", SUMMARY_DEFAULT)))
    if feature == "chapters":
        chapters = chapters_for(m)
        if form == "hms":
            chapters = [{**c, "startTime": _hms(c["startTime"]), "endTime": _hms(c["endTime"])} for c in chapters]
        return _shaped(chapters, form, lambda c: f"{_hms(c['startTime'])} {c['title']}")
    if feature == "namedEntities":
        return _shaped(entities_for(m), form, lambda e: f"{e['entity']} ({e['type']})")
    result = moderation_for(m, str(options.get("type", "av")))
    return json.dumps(result) if form in ("json-string", "text") else result


def vtt_text(chapters: list[dict], language_name: str, timestamp_map: str | None = None) -> str:
    """WebVTT with one cue per chapter (``timestamp_map`` for use as an HLS segment)."""
    lines = ["WEBVTT", *([timestamp_map] if timestamp_map else []), ""]
    for chapter in chapters:
        start, end = chapter["startTime"], chapter["endTime"]
        lines += [f"{_vtt_time(start)} --> {_vtt_time(end)}", f"[{language_name}] {chapter['title']}", ""]
    return "\n".join(lines)


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis % 3_600_000 // 60_000:02d}:{millis % 60_000 // 1000:02d}.{millis % 1000:03d}"
