"""MP4/M4A downloads into `<file>.part` with HTTP Range resume, progress and cancellation.

An interrupted download (cancel, Ctrl-C, network loss) leaves the `.part` file; running the same
download again continues from its size. The file gets its final name only when complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from fastpix_viewer.api.cancel import CancelLike, raise_if_cancelled
from fastpix_viewer.api.envelope import decode_json
from fastpix_viewer.api.errors import (
    FastPixError,
    InputError,
    NetworkError,
    PlaybackError,
    playback_error,
)
from fastpix_viewer.api.http import HttpTransport
from fastpix_viewer.api.models import Media, Mp4Rendition
from fastpix_viewer.api.playback import (
    PlaybackPlan,
    Unplayable,
    carries_token,
    choose_playback,
    m4a_url,
    mp4_url,
)

if TYPE_CHECKING:
    from fastpix_viewer.api.client import FastPixClient

Progress = Callable[[int, int | None], None]
CHUNK = 64 * 1024
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")
_TOTAL_ONLY = re.compile(r"bytes\s+\*/(\d+)")


def part_path(destination: Path) -> Path:
    return destination.with_name(destination.name + ".part")


_WINDOWS_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                              *(f"LPT{i}" for i in range(1, 10))})
MAX_NAME_BYTES = 200  # file systems cap names at 255 bytes; leave room for the extension and ".part"


def safe_filename(title: str, fallback: str, extension: str) -> str:
    """A portable file name from an untrusted title (no paths, no control characters).

    The fallback (the media ID, as FastPix sent it) is cleaned the same way: an API answer
    must not be able to name `../x`. Windows device names get a leading underscore."""
    def clean(text: str) -> str:
        name = re.sub(r"[^\w .,()\[\]-]+", "_", text or "", flags=re.UNICODE).strip(" ._")
        name = name[:100].rstrip(" ._")
        while len(name.encode("utf-8")) > MAX_NAME_BYTES:
            name = name[:-1].rstrip(" ._")
        return name

    name = clean(title) or clean(fallback) or "download"
    if name.split(".")[0].strip().upper() in _WINDOWS_DEVICES:
        name = "_" + name
    return f"{name}.{extension}"


def check_destination(destination: Path) -> None:
    """Refuse a destination whose folder does not exist: a typo must not create a directory tree."""
    parent = destination.parent
    if not parent.is_dir():
        raise InputError(f"Cannot save to {destination}: the folder {parent} does not exist.")
    if destination.is_dir():
        raise InputError(f"Cannot save to {destination}: it is a folder.")


def choose_rendition(media: Media) -> Mp4Rendition:
    """The file to download: the capped-4k MP4, or the M4A for audio-only media."""
    renditions = media.mp4_renditions
    if not renditions:
        raise PlaybackError(
            "MP4 downloads are not enabled for this media; turn on MP4 support for it in FastPix first."
        )
    audio_first = media.is_audio_only
    ordered = sorted(renditions, key=lambda r: r.is_audio != audio_first)
    for rendition in ordered:
        if rendition.maybe_ready:
            return rendition
    if any(r.status == "preparing" for r in renditions):
        raise PlaybackError("FastPix is still preparing the MP4 file for this media; try again later.")
    raise PlaybackError("FastPix could not make an MP4 file for this media.")


def check_downloadable(media: Media) -> None:
    """Refuse media that have no file yet before looking at MP4 support (which they never show)."""
    if media.is_failed:
        raise PlaybackError("FastPix could not process this media (status Failed), so there is nothing to download.")
    if media.still_processing:
        raise PlaybackError(
            f"This media is still processing (status {media.status or 'unknown'}); download it once it is Ready."
        )


def download_url_for(client: FastPixClient, media: Media) -> tuple[str, str]:
    """(URL with token if needed, file extension)."""
    check_downloadable(media)
    rendition = choose_rendition(media)
    plan = choose_playback(media, endpoints=client.endpoints, signing=client.signing_key, ttl=client.token_ttl)
    if isinstance(plan, Unplayable):
        raise PlaybackError(plan.message)
    assert isinstance(plan, PlaybackPlan)
    if rendition.is_audio:
        return m4a_url(client.endpoints, plan.playback_id, token=plan.token), "m4a"
    return mp4_url(client.endpoints, plan.playback_id, token=plan.token), "mp4"


def download_media(
    client: FastPixClient,
    media: Media,
    destination: Path | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelLike | None = None,
    directory: Path | None = None,
) -> Path:
    url, extension = download_url_for(client, media)
    if destination is None:
        destination = (directory or Path.cwd()) / safe_filename(media.title or "", media.id, extension)
    return download_url(client.transport, url, destination, progress=progress, cancel=cancel)


def _error_from(response_status: int, body: bytes, *, signed: bool) -> FastPixError:
    try:
        payload = decode_json(body) if body else None
    except FastPixError:
        payload = None
    return playback_error(response_status, payload, signed=signed)


def download_url(
    transport: HttpTransport,
    url: str,
    destination: Path,
    *,
    progress: Progress | None = None,
    cancel: CancelLike | None = None,
    idle_timeout: float = 30.0,
    _restarted: bool = False,
) -> Path:
    destination = Path(destination)
    check_destination(destination)
    part = part_path(destination)
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    raise_if_cancelled(cancel)
    with transport.stream(url, headers=headers, idle_timeout=idle_timeout) as response:
        status = response.status_code
        if status == 416 and have:
            match = _TOTAL_ONLY.search(response.headers.get("content-range", ""))
            if match and int(match.group(1)) == have:
                part.replace(destination)  # the .part was already complete
                return destination
            if _restarted:
                raise PlaybackError("The stream host refused to resume the download.")
            part.unlink()
            return download_url(transport, url, destination, progress=progress, cancel=cancel,
                                idle_timeout=idle_timeout, _restarted=True)
        if status not in (200, 206):
            body = b""
            for chunk in response.iter_raw():
                body += chunk
                if len(body) > 65536:
                    break
            raise _error_from(status, body, signed=carries_token(url))
        if status == 206:
            match = _CONTENT_RANGE.search(response.headers.get("content-range", ""))
            if not match or int(match.group(1)) != have:
                raise PlaybackError("The stream host resumed the download at the wrong place.")
            total = None if match.group(3) == "*" else int(match.group(3))
            mode, done = "ab", have
        else:
            length = response.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            mode, done = "wb", 0  # the server ignored Range: start over
        if progress is not None:
            progress(done, total)
        with open(part, mode) as output:
            for chunk in response.iter_raw(CHUNK):
                output.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
                if cancel is not None and cancel.is_set():
                    output.flush()
                    raise_if_cancelled(cancel)
    if total is not None and done != total:
        raise NetworkError(
            f"The download stopped early ({done} of {total} bytes); run it again to resume."
        )
    part.replace(destination)
    return destination
