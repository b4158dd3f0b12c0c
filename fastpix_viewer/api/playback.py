"""Playback URLs, the choice of what to play, and the manifest pre-flight.

Image URLs are always built from a validated playback ID and the configured image base, never
taken from a media's `thumbnail` field (it may name retired hosts).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastpix_viewer.api import ids
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.config import SHARE_BASE, Endpoints
from fastpix_viewer.api.envelope import decode_json
from fastpix_viewer.api.errors import FastPixError, InputError, PlaybackError, playback_error
from fastpix_viewer.api.http import HttpTransport
from fastpix_viewer.api.models import LiveStream, Media, PlaybackId
from fastpix_viewer.api.signing import DEFAULT_TTL, SigningKey

RESOLUTIONS = ("2160p", "1440p", "1080p", "720p", "480p", "360p")
# A private media's token lives for its duration plus this (pauses, seeks, slow starts); the
# player re-signs before expiry anyway (ui.playback_controller), e.g. for live streams.
SIGN_MARGIN_S = 900
ImageFormat = Literal["jpg", "png", "webp"]


def _query(params: dict[str, object]) -> str:
    kept = {k: ("true" if v is True else v) for k, v in params.items() if v is not None and v is not False}
    return ("?" + urlencode(kept)) if kept else ""


def _resolution(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value not in RESOLUTIONS:
        raise InputError(f"The {what} must be one of {', '.join(RESOLUTIONS)}.")
    return value


def hls_url(
    endpoints: Endpoints,
    playback_id: str,
    *,
    token: str | None = None,
    max_resolution: str | None = None,
    resolution: str | None = None,
    dvr: bool = False,
) -> str:
    ids.playback_id(playback_id)
    query = _query(
        {
            "maxResolution": _resolution(max_resolution, "maximum resolution"),
            "resolution": _resolution(resolution, "resolution"),
            "dvrMode": dvr,
            "token": token,
        }
    )
    return endpoints.stream(f"{playback_id}.m3u8") + query


def thumbnail_url(
    endpoints: Endpoints,
    playback_id: str,
    *,
    fmt: ImageFormat = "jpg",
    time: float | None = None,
    width: int | None = None,
    height: int | None = None,
    token: str | None = None,
) -> str:
    ids.playback_id(playback_id)
    if fmt not in ("jpg", "png", "webp"):
        raise InputError("Thumbnails come as jpg, png or webp.")
    for name, value in (("width", width), ("height", height)):
        if value is not None and not (isinstance(value, int) and 1 <= value <= 4096):
            raise InputError(f"The thumbnail {name} must be between 1 and 4096 pixels.")
    if time is not None and not (time >= 0):
        raise InputError("The thumbnail time must not be negative.")
    query = _query({"time": _number(time), "width": width, "height": height, "token": token})
    return endpoints.image(f"{playback_id}/thumbnail.{fmt}") + query


def gif_url(endpoints: Endpoints, playback_id: str, *, token: str | None = None) -> str:
    ids.playback_id(playback_id)
    return endpoints.image(f"{playback_id}/clip.gif") + _query({"token": token})


def mp4_url(endpoints: Endpoints, playback_id: str, *, token: str | None = None) -> str:
    ids.playback_id(playback_id)
    return endpoints.stream(f"{playback_id}/capped-4k.mp4") + _query({"token": token})


def m4a_url(endpoints: Endpoints, playback_id: str, *, token: str | None = None) -> str:
    ids.playback_id(playback_id)
    return endpoints.stream(f"{playback_id}/audio.m4a") + _query({"token": token})


def share_url(playback_id: str) -> str:
    ids.playback_id(playback_id)
    return SHARE_BASE + "?" + urlencode({"playbackId": playback_id})


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}".rstrip("0")


# --- choosing what to play ------------------------------------------------------------------


class UnplayableReason(StrEnum):
    NO_PLAYBACK_ID = "no_playback_id"
    PRIVATE_NEEDS_KEY = "private_needs_signing_key"
    DRM = "drm"


@dataclass(frozen=True)
class PlaybackPlan:
    """A URL VLC can open (pre-flight it first), plus what it was built from."""

    playback_id: str
    access_policy: str
    url: str = field(repr=False)  # carries the token for private IDs
    token: str | None = field(default=None, repr=False)
    expires_at: float | None = None  # epoch seconds, for signed plans

    @property
    def signed(self) -> bool:
        return self.token is not None

    @property
    def share_url(self) -> str:
        return share_url(self.playback_id)

    def thumbnail_url(self, endpoints: Endpoints, **kwargs: object) -> str:
        return thumbnail_url(endpoints, self.playback_id, token=self.token, **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Unplayable:
    reason: UnplayableReason
    message: str
    playback_id: str | None = None

    @property
    def share_url(self) -> str | None:
        return share_url(self.playback_id) if self.playback_id else None


_POLICY_RANK = {"public": 0, "private": 1, "drm": 2}


def playback_candidates(item: Media | LiveStream) -> list[PlaybackId]:
    """The item's valid playback IDs, best first: public, then private, then DRM (any other
    policy last); unrestricted before restricted within a policy, because libVLC sends no
    Referer and restrictions may refuse it. Playback and share links both take from this."""
    valid = [p for p in item.playback_ids if ids.is_uuid(p.id)]
    return sorted(valid, key=lambda p: (_POLICY_RANK.get(p.access_policy, len(_POLICY_RANK)), p.is_restricted))


def share_playback_id(item: Media | LiveStream) -> str | None:
    """The playback ID a share link uses: the one playback would choose (FastPix's player page
    handles private and DRM IDs itself), None when the item has no valid one."""
    candidates = playback_candidates(item)
    return candidates[0].id if candidates else None


def needs_signing(item: Media | LiveStream) -> bool:
    """Whether `choose_playback` would sign: no public playback ID, a private one."""
    policies = {p.access_policy for p in playback_candidates(item)}
    return "public" not in policies and "private" in policies


def choose_playback(
    item: Media | LiveStream,
    *,
    endpoints: Endpoints,
    signing: SigningKey | None = None,
    ttl: int = DEFAULT_TTL,
    max_resolution: str | None = None,
    dvr: bool = False,
    now: float | None = None,
) -> PlaybackPlan | Unplayable:
    """Public playback ID first; else a private one (signed when a key is set); DRM is not playable."""
    candidates = playback_candidates(item)
    by_policy = {policy: [p for p in candidates if p.access_policy == policy] for policy in ("public", "private", "drm")}
    if by_policy["public"]:
        chosen = by_policy["public"][0]
        return PlaybackPlan(
            playback_id=chosen.id,
            access_policy="public",
            url=hls_url(endpoints, chosen.id, max_resolution=max_resolution, dvr=dvr),
        )
    if by_policy["private"]:
        chosen = by_policy["private"][0]
        if signing is None:
            return Unplayable(
                UnplayableReason.PRIVATE_NEEDS_KEY,
                "This video is private: add a signing key to the workspace to play it.",
                chosen.id,
            )
        issued = time.time() if now is None else now
        if isinstance(item, Media) and item.duration:
            # Long private playback: the token must outlive the whole recording (the stream
            # host may check exp on every segment), plus a margin for pauses and seeks.
            ttl = max(ttl, math.ceil(item.duration) + SIGN_MARGIN_S)
        token = signing.sign(chosen.id, ttl=ttl, now=issued)
        return PlaybackPlan(
            playback_id=chosen.id,
            access_policy="private",
            url=hls_url(endpoints, chosen.id, token=token, max_resolution=max_resolution, dvr=dvr),
            token=token,
            expires_at=int(issued) + ttl,
        )
    if by_policy["drm"]:
        return Unplayable(
            UnplayableReason.DRM,
            "DRM-protected: not playable here; use the share link.",
            by_policy["drm"][0].id,
        )
    return Unplayable(UnplayableReason.NO_PLAYBACK_ID, "This item has no playback ID, so it cannot be played.")


# --- pre-flight ----------------------------------------------------------------------------

_RESOLUTION_ATTR = re.compile(r"RESOLUTION=(\d+)x(\d+)")
_LANGUAGE_ATTR = re.compile(r'LANGUAGE="([^"]*)"')


@dataclass(frozen=True)
class Manifest:
    """What the pre-flight learned from the playlist (a hint for menus, VLC does the playing)."""

    text: str = field(repr=False)
    heights: tuple[int, ...] = ()
    audio_languages: tuple[str, ...] = ()
    subtitle_languages: tuple[str, ...] = ()


def carries_token(url: str) -> bool:
    """Whether a stream-host URL is signed (has a `token` query parameter)."""
    return any(name == "token" and value for name, value in parse_qsl(urlsplit(url).query))


def read_manifest(text: str) -> Manifest:
    heights, audio, subs = [], [], []
    for line in text.splitlines():
        if line.startswith("#EXT-X-STREAM-INF"):
            match = _RESOLUTION_ATTR.search(line)
            if match:
                heights.append(int(match.group(2)))
        elif line.startswith("#EXT-X-MEDIA"):
            lang = _LANGUAGE_ATTR.search(line)
            if lang and "TYPE=AUDIO" in line:
                audio.append(lang.group(1))
            elif lang and "TYPE=SUBTITLES" in line:
                subs.append(lang.group(1))
    return Manifest(text=text, heights=tuple(sorted(set(heights), reverse=True)),
                    audio_languages=tuple(audio), subtitle_languages=tuple(subs))


def preflight(
    transport: HttpTransport,
    url: str,
    *,
    cancel: CancelLike | None = None,
    deadline: float | None = None,
    user_agent: str | None = None,
) -> Manifest:
    """Fetch the .m3u8 first so every stream-host refusal becomes a typed error with advice.

    Pass the player's `user_agent` (libVLC sends "VLC/3.0.x LibVLC/3.0.x") so user-agent
    restrictions are judged as they will be for the real player.
    """
    headers = {"User-Agent": user_agent} if user_agent else None
    response = transport.request("GET", url, cancel=cancel, deadline=deadline, headers=headers)
    if response.status != 200:
        try:
            payload = decode_json(response.body)
        except FastPixError:
            payload = None
        raise playback_error(response.status, payload, retry_after=response.retry_after, signed=carries_token(url))
    text = response.body.decode("utf-8", "replace")
    if not text.lstrip("\ufeff").startswith("#EXTM3U"):
        raise PlaybackError("The stream host answered with something that is not an HLS playlist.")
    return read_manifest(text)
