"""HLS text: master playlists generated from an asset, media playlists re-pointed at us.

Pure functions over strings so they are easy to reason about; the stream host decides
which variants to offer and which query (e.g. ``token``) child URIs must carry.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from .assets import SampleAsset, Variant

RESOLUTIONS = {"360p": 360, "480p": 480, "720p": 720, "1080p": 1080, "1440p": 1440, "2160p": 2160}
_URI_ATTR = re.compile(r'URI="([^"]*)"')


def _with_query(uri: str, query: str) -> str:
    if not query:
        return uri
    return f"{uri}{'&' if '?' in uri else '?'}{query}"


def select_variants(variants: tuple[Variant, ...], *, max_height: int | None = None,
                    min_height: int | None = None, exact_height: int | None = None,
                    ascending: bool = False) -> list[Variant]:
    """The renditions a capped/pinned request gets; never empty when the asset has video.

    ``resolution`` pins one rendition (the closest at or below it); ``maxResolution`` and
    ``minResolution`` bound the ladder; when a bound excludes everything the nearest
    rendition is served rather than an empty (unplayable) master.
    """
    ladder = sorted(variants, key=lambda v: v.height, reverse=True)
    if not ladder:
        return []
    if exact_height is not None:
        at_or_below = [v for v in ladder if v.height <= exact_height]
        chosen = [at_or_below[0] if at_or_below else ladder[-1]]
    else:
        chosen = [v for v in ladder
                  if (max_height is None or v.height <= max_height)
                  and (min_height is None or v.height >= min_height)]
        if not chosen:
            chosen = [ladder[-1]] if max_height is not None and (min_height is None) else [ladder[0]]
    return list(reversed(chosen)) if ascending else chosen


def master_playlist(asset: SampleAsset, prefix: str, variants: list[Variant], query: str) -> str:
    """A master playlist whose child URIs are ``{prefix}/{path}?{query}`` (prefix relative to it)."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:4", "#EXT-X-INDEPENDENT-SEGMENTS"]
    audio_group = 'AUDIO="audio"' if asset.audio else None
    subs_group = 'SUBTITLES="subs"' if asset.subtitles else None
    for a in asset.audio:
        lines.append(
            f'#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",LANGUAGE="{a.language}",NAME="{a.name}",'
            f'DEFAULT={"YES" if a.default else "NO"},AUTOSELECT=YES,CHANNELS="2",'
            f'URI="{_with_query(f"{prefix}/{a.playlist}", query)}"'
        )
    for s in asset.subtitles:
        lines.append(
            f'#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="{s.language}",NAME="{s.name}",'
            f'DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,'
            f'URI="{_with_query(f"{prefix}/{s.playlist}", query)}"'
        )
    audio_codec = asset.audio[0].codecs if asset.audio else None
    for v in variants:
        codecs = v.codecs
        if audio_codec and audio_codec not in codecs:
            codecs = f"{codecs},{audio_codec}" if codecs else audio_codec
        attrs = [f"BANDWIDTH={v.bandwidth}"]
        if v.width and v.height:
            attrs.append(f"RESOLUTION={v.width}x{v.height}")
        if codecs:
            attrs.append(f'CODECS="{codecs}"')
        if v.width and asset.frame_rate:
            attrs.append(f"FRAME-RATE={asset.frame_rate:.3f}")
        if audio_group:
            attrs.append(audio_group)
        if subs_group:
            attrs.append(subs_group)
        lines.append("#EXT-X-STREAM-INF:" + ",".join(attrs))
        lines.append(_with_query(f"{prefix}/{v.playlist}", query))
    return "\n".join(lines) + "\n"


def rewrite_media_playlist(text: str, query: str) -> str:
    """Append ``query`` to every URI in a media playlist (segments, maps, keys)."""
    if not query:
        return text
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append(_with_query(stripped, query))
        elif stripped.startswith("#") and 'URI="' in stripped:
            out.append(_URI_ATTR.sub(lambda m: f'URI="{_with_query(m.group(1), query)}"', stripped))
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def token_query(token: str | None) -> str:
    return f"token={quote(token, safe='')}" if token else ""


def cut_media_playlist(text: str, start: float, end: float) -> str:
    """Keep only the segments of a VOD media playlist that overlap ``[start, end)`` (clips)."""
    header: list[str] = []
    body: list[str] = []
    pending: list[str] = []
    position = 0.0
    seen_segment = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#EXTINF:"):
            pending.append(stripped)
            seen_segment = True
        elif stripped.startswith("#EXT-X-ENDLIST"):
            continue
        elif stripped.startswith("#"):
            (pending if seen_segment else header).append(stripped)
        else:
            duration = float(pending[-1].split(":", 1)[1].split(",", 1)[0]) if pending else 0.0
            if position < end and position + duration > start:
                body.extend(pending)
                body.append(stripped)
            pending = []
            position += duration
    return "\n".join([*header, *body, "#EXT-X-ENDLIST"]) + "\n"
