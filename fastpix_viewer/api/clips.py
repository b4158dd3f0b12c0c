"""Clips, MP4 renditions and playback IDs: what a recording offers, and changing it.

`ClipsMixin` gives `FastPixClient` its methods for these endpoints (kept here so the client
module stays small). Every method checks its input before anything is sent and raises
`InputError` with one plain sentence for:

- a clip range that is empty or reversed, or ends past the media's duration;
- a source that is not Ready, or a live stream given where a media is needed;
- removing the last playback ID of a media or stream without ``confirm_last=True``.

Times: the May 2026 spec types ``startTime``/``endTime`` as integers, FastPix's SDK 1.2.0
(Sept 2026) as float seconds. A range is sent to the tenth of a second (widened outward:
start down, end up, never past the media's end), whole values as JSON integers, so a
whole-second range is valid for both; `Clip` says which range was actually asked for.

Response drift is tolerated as elsewhere: the create answer is a partial media (status
``Created``, maybe no title), media-clips items are slim (``{id, duration, status,
thumbnail, createdAt, playbackIds}``), MP4 renditions come as a string or a list, and an
answer without ``data`` is read back with a GET.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastpix_viewer.api import ids
from fastpix_viewer.api.cancel import CancelLike, raise_if_cancelled
from fastpix_viewer.api.edits import check_media_update
from fastpix_viewer.api.envelope import data_of
from fastpix_viewer.api.errors import FastPixError, InputError, NotFoundError
from fastpix_viewer.api.models import (
    LiveStream,
    Media,
    Page,
    PlaybackId,
    Unreadable,
    parse_media,
    parse_playback_id,
    read_one,
)
from fastpix_viewer.api.order import Order

# The user's words for the four mp4Support values FastPix accepts.
MP4_CHOICES: dict[str, str] = {
    "on": "capped_4k",
    "off": "none",
    "audio": "audioOnly",
    "both": "audioOnly,capped_4k",
}
MP4_VALUES = tuple(MP4_CHOICES.values())
ACCESS_POLICIES = ("public", "private")
MEDIA_INPUT_SCHEME = "fp_mediaId://"
# A range that ends this little past the reported duration is the end (players report
# positions a few frames beyond it); anything later is refused.
END_TOLERANCE = 0.05
DEFAULT_WAIT = 900.0  # seconds `wait_until_ready` follows a clip before giving up
DEFAULT_POLL = 2.0


class ClipNotReady(FastPixError):
    """A followed clip failed, or did not turn Ready within the wait."""

    default_message = "The clip did not become ready."


def _tenths(value: float) -> int | float:
    """JSON-ready seconds: an integer when whole (valid for the integer-typed spec too)."""
    value = round(value, 1)
    return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class ClipRange:
    """The seconds sent to FastPix, to the tenth (what the clip will cover)."""

    start: int | float
    end: int | float

    @property
    def length(self) -> float:
        return round(self.end - self.start, 1)

    def describe(self) -> str:
        return f"{_shown(self.start)} to {_shown(self.end)} ({_shown(self.length)})"


@dataclass(frozen=True)
class Clip:
    """A clip FastPix accepted: the new media as answered (status usually Created)."""

    media: Media
    source_id: str
    range: ClipRange
    raw: Mapping[str, Any]  # FastPix's `data`, as sent


def _seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"The {name} time must be a number of seconds.")
    if value < 0:
        raise InputError(f"The {name} time must not be negative.")
    return float(value)


def _shown(seconds: float) -> str:
    return f"{round(seconds, 3):g} s"


def clip_source(item: Media | LiveStream) -> Media:
    """The media to clip, or InputError: a live stream, or a media that is not Ready."""
    if isinstance(item, LiveStream):
        raise InputError(
            "That is a live stream; clips are cut from a media. Give the media ID of one of its "
            "recordings (see `fastpix-viewer show` on the stream)."
        )
    if not item.is_ready:
        shown = "".join(ch for ch in (item.status or "unknown") if ch.isprintable())[:40]
        raise InputError(
            f"The media is not ready (status {shown}); a clip can only be cut from a media that is Ready."
        )
    return item


def clip_range(source: Media, start: float, end: float) -> ClipRange:
    """Checked whole-second range for a clip of `source` (InputError before anything is sent)."""
    start = _seconds(start, "start")
    end = _seconds(end, "end")
    if start >= end:
        raise InputError(f"The start ({_shown(start)}) must be before the end ({_shown(end)}).")
    duration = source.duration
    if duration is not None and duration > 0:
        if start >= duration:
            raise InputError(
                f"The start ({_shown(start)}) is past the end of the media (it lasts {_shown(duration)})."
            )
        if end > duration + END_TOLERANCE:
            raise InputError(
                f"The range ends at {_shown(end)}, past the end of the media (it lasts {_shown(duration)})."
            )
    # Outward to the tenth (the small epsilon keeps 2.3 from becoming 2.2 through 22.999…).
    sent_start = math.floor(start * 10 + 1e-6) / 10
    sent_end = math.ceil(end * 10 - 1e-6) / 10
    if duration is not None and duration > 0 and sent_end > duration:
        sent_end = math.floor(duration * 10 + 1e-6) / 10
    if sent_end <= sent_start:
        raise InputError("That range is shorter than a tenth of a second; make it longer.")
    return ClipRange(_tenths(sent_start), _tenths(sent_end))


def clip_body(
    source_id: str,
    span: ClipRange,
    *,
    access_policy: str = "public",
    title: str | None = None,
    metadata: Mapping[str, str] | None = None,
    mp4_support: str | None = None,
) -> dict[str, Any]:
    """The create-media body for a clip (InputError for a bad policy, title, metadata or MP4 value)."""
    ids.media_id(source_id)
    if access_policy not in ACCESS_POLICIES:
        raise InputError("A clip is public or private.")
    body: dict[str, Any] = {
        "inputs": [{"type": "video", "url": f"{MEDIA_INPUT_SCHEME}{source_id}",
                    "startTime": span.start, "endTime": span.end}],
        "accessPolicy": access_policy,
    }
    if title is not None or metadata is not None:
        body.update(check_media_update(title, metadata))
    if mp4_support is not None and mp4_support != "none":
        if mp4_support not in MP4_VALUES:
            raise InputError("MP4 support is one of: " + ", ".join(MP4_VALUES) + ".")
        body["mp4Support"] = mp4_support
    return body


def mp4_value(choice: str) -> str:
    """FastPix's mp4Support value for on|off|audio|both (or a value given as FastPix spells it)."""
    if choice in MP4_CHOICES:
        return MP4_CHOICES[choice]
    if choice in MP4_VALUES:
        return choice
    raise InputError("MP4 renditions are on, off, audio or both.")


def check_access_policy(private: bool | str) -> str:
    if isinstance(private, bool):
        return "private" if private else "public"
    if private not in ACCESS_POLICIES:
        raise InputError("A playback ID is public or private.")
    return private


def _confirm_removal(owner: str, playback_id: str, current: list[PlaybackId], confirm_last: bool) -> None:
    if not any(p.id.lower() == playback_id.lower() for p in current):
        raise NotFoundError(f"The {owner} has no playback ID {playback_id}.")
    if len(current) == 1 and not confirm_last:
        raise InputError(
            f"{playback_id} is the {owner}'s only playback ID: removing it stops every player, link "
            f"and embed of this {owner}. Confirm to remove it anyway (on the command line: --yes)."
        )


class ClipsMixin:
    """FastPixClient's clip, MP4 and playback-ID methods (see the module docstring)."""

    if TYPE_CHECKING:  # provided by FastPixClient
        from fastpix_viewer.api.http import HttpTransport

        transport: HttpTransport

        def _call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                  json: Any = None, what: str = "", cancel: CancelLike | None = None) -> Mapping[str, Any]: ...

        def _page(self, path: str, page: int, limit: int | None, order: Order,
                  parser: Callable[[object], Any], what: str, cancel: CancelLike | None) -> Page[Any]: ...

        def get_media(self, media_id: str, *, cancel: CancelLike | None = None) -> Media: ...

        def get_stream(self, stream_id: str, *, cancel: CancelLike | None = None) -> LiveStream: ...

        def media_playback_ids(self, media_id: str, *, cancel: CancelLike | None = None) -> list[PlaybackId | Unreadable]: ...

        def _every_page(self, fetch_page: Callable[[int], Page[Any]],
                        on_page: Callable[[Page[Any]], None] | None, cancel: CancelLike | None) -> list[Any]: ...

    # -- clips -------------------------------------------------------------------------------

    def create_clip(
        self,
        source: Media | LiveStream | str,
        start: float,
        end: float,
        *,
        title: str | None = None,
        metadata: Mapping[str, str] | None = None,
        access_policy: str = "public",
        mp4_support: str | None = None,
        cancel: CancelLike | None = None,
    ) -> Clip:
        """POST /on-demand with the input fp_mediaId://<source>. A source given by ID is read
        first (status and duration are checked on what FastPix says now). Never retried."""
        if isinstance(source, str):
            ids.media_id(source)
            source = self.get_media(source, cancel=cancel)
        media = clip_source(source)
        span = clip_range(media, start, end)
        body = clip_body(media.id, span, access_policy=access_policy, title=title, metadata=metadata,
                         mp4_support=mp4_support)
        raise_if_cancelled(cancel)
        envelope = self._call("POST", "on-demand", json=body, what=f"source media with ID {media.id}")
        data = data_of(envelope, "new clip")
        return Clip(media=read_one(parse_media, data, "new clip"), source_id=media.id, range=span,
                    raw=data if isinstance(data, Mapping) else {})

    def media_clips_page(
        self, media_id: str, page: int = 1, *, limit: int | None = None, order: Order = "desc",
        cancel: CancelLike | None = None,
    ) -> Page[Media]:
        """One page of a media's clips (items may be slim: no title, no sourceMediaId)."""
        ids.media_id(media_id)
        return self._page(f"on-demand/{media_id}/media-clips", page, limit, order, parse_media, "clip", cancel)

    def all_media_clips(
        self, media_id: str, *, on_page: Callable[[Page[Media]], None] | None = None,
        cancel: CancelLike | None = None,
    ) -> list[Media | Unreadable]:
        ids.media_id(media_id)
        return self._every_page(lambda n: self.media_clips_page(media_id, n, cancel=cancel), on_page, cancel)

    def wait_until_ready(
        self,
        media_id: str,
        *,
        timeout: float = DEFAULT_WAIT,
        interval: float = DEFAULT_POLL,
        on_update: Callable[[Media], None] | None = None,
        cancel: CancelLike | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> Media:
        """Follow a new media to Ready: bounded (`ClipNotReady` after `timeout` s or on
        Failed), visible (`on_update` sees every answer) and cancellable."""
        ids.media_id(media_id)
        started = clock()
        while True:
            media = self.get_media(media_id, cancel=cancel)
            if on_update is not None:
                on_update(media)
            if media.is_ready:
                return media
            if media.is_failed:
                raise ClipNotReady("FastPix could not make this media (status Failed).")
            waited = clock() - started
            if waited >= timeout:
                shown = "".join(ch for ch in media.status if ch.isprintable())[:40] or "unknown"
                raise ClipNotReady(
                    f"The media was still not ready after {round(waited)} s (status {shown}); "
                    f"it may still become ready: check it later with `fastpix-viewer show {media_id}`."
                )
            self.transport.pause(min(interval, max(0.0, timeout - waited)), cancel)

    # -- MP4 renditions ------------------------------------------------------------------------

    def update_mp4_support(self, media_id: str, mp4_support: str) -> Media:
        """PATCH update-mp4Support (none | capped_4k | audioOnly | audioOnly,capped_4k, or the
        words on|off|audio|both). New renditions start "preparing". Never retried."""
        ids.media_id(media_id)
        value = mp4_value(mp4_support)
        envelope = self._call("PATCH", f"on-demand/{media_id}/update-mp4Support", json={"mp4Support": value},
                              what=f"media with ID {media_id}")
        data = envelope.get("data")
        if not isinstance(data, Mapping):
            return self.get_media(media_id)
        return read_one(parse_media, data, "media")

    # -- playback IDs --------------------------------------------------------------------------

    def playback_ids_of(self, item: Media | LiveStream, *, cancel: CancelLike | None = None) -> list[PlaybackId]:
        """A media's playback IDs as FastPix lists them now; a live stream's from the stream
        (FastPix has no list endpoint for those). Unreadable entries are left out."""
        if isinstance(item, LiveStream):
            return list(self.get_stream(item.stream_id, cancel=cancel).playback_ids)
        return [p for p in self.media_playback_ids(item.id, cancel=cancel) if isinstance(p, PlaybackId)]

    def add_playback_id(self, item: Media | LiveStream, *, private: bool | str = False) -> PlaybackId:
        """POST a new public or private playback ID to a media or live stream. Never retried."""
        policy = check_access_policy(private)
        if isinstance(item, LiveStream):
            ids.stream_id(item.stream_id)
            path, what = f"live/streams/{item.stream_id}/playback-ids", f"live stream with ID {item.stream_id}"
        else:
            ids.media_id(item.id)
            path, what = f"on-demand/{item.id}/playback-ids", f"media with ID {item.id}"
        envelope = self._call("POST", path, json={"accessPolicy": policy}, what=what)
        return read_one(parse_playback_id, data_of(envelope, "playback ID"), "playback ID")

    def remove_playback_id(
        self, item: Media | LiveStream, playback_id: str, *, confirm_last: bool = False,
        cancel: CancelLike | None = None,
    ) -> None:
        """DELETE …/playback-ids?playbackId=<id>. The current IDs are read first: an ID the item
        does not have is NotFoundError, and its last ID needs `confirm_last`. Never retried."""
        ids.playback_id(playback_id)
        current = self.playback_ids_of(item, cancel=cancel)
        if isinstance(item, LiveStream):
            _confirm_removal("live stream", playback_id, current, confirm_last)
            path, what = f"live/streams/{item.stream_id}/playback-ids", f"playback ID {playback_id} on that live stream"
        else:
            _confirm_removal("media", playback_id, current, confirm_last)
            path, what = f"on-demand/{item.id}/playback-ids", f"playback ID {playback_id} on that media"
        raise_if_cancelled(cancel)
        self._call("DELETE", path, params={"playbackId": playback_id}, what=what)
