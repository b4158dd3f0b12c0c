"""Which media are recordings: the ones some live stream lists in its `mediaIds`.

FastPix's own fields do not tell: the example recording on the "Record and archive live
streams" page has no `streamId`, and live clips carry `streamId` without `sourceMediaId`
(see shared notes §5). So the only trustworthy source is the streams listing (all pages),
and every place that says "recording" asks a `RecordingIndex` built from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from fastpix_viewer.api.models import LiveStream, Media

KIND_RECORDING = "recording"
KIND_LIVE_CLIP = "live clip"
KIND_CLIP = "clip"
KIND_UPLOAD = "upload"
KIND_UNKNOWN = "media"  # the streams are not loaded yet: it may still be a recording


@dataclass(frozen=True)
class RecordingIndex:
    """media ID → the stream that lists it; `known` is False until the streams listing is complete."""

    owners: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    known: bool = False

    @classmethod
    def from_streams(cls, streams: Iterable[object], *, known: bool = True) -> RecordingIndex:
        """Index every readable stream's `mediaIds` (other items, e.g. Unreadable, are skipped)."""
        owners: dict[str, str] = {}
        for stream in streams:
            if isinstance(stream, LiveStream):
                for media_id in stream.media_ids:
                    owners.setdefault(media_id, stream.stream_id)
        return cls(MappingProxyType(owners), known)

    def is_recording(self, media: object) -> bool:
        return isinstance(media, Media) and media.id in self.owners

    def stream_of(self, media_id: str) -> str | None:
        """The stream whose `mediaIds` lists this media, if any."""
        return self.owners.get(media_id)

    def kind(self, media: Media, *, live_clip: bool = False) -> str:
        """"recording", "live clip", "clip", "upload"; "media" while the streams are unknown.

        `live_clip`: the media came from a live-clips listing (it is a live clip unless a
        stream lists it as a recording).
        """
        if media.id in self.owners:
            return KIND_RECORDING
        if media.source_media_id:
            return KIND_CLIP
        if live_clip or media.stream_id:
            # streamId without being in any mediaIds: a clip of a live stream; but until the
            # streams are known it may as well be a recording.
            return KIND_LIVE_CLIP if self.known else KIND_UNKNOWN
        return KIND_UPLOAD if self.known else KIND_UNKNOWN
