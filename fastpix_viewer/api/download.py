"""MP4/M4A downloads into `<file>.part` with HTTP Range resume, progress and cancellation.

An interrupted download (cancel, Ctrl-C, network loss) leaves the `.part` file; running the same
download again continues from its size when the `.part` provably came from the same file (see
`part_file`). The file gets its final name only when complete and checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import urlsplit, urlunsplit

from fastpix_viewer.api.cancel import CancelLike, raise_if_cancelled
from fastpix_viewer.api.config import Endpoints
from fastpix_viewer.api.envelope import decode_json
from fastpix_viewer.api.errors import (
    FastPixError,
    InputError,
    NetworkError,
    PlaybackError,
    playback_error,
)
from fastpix_viewer.api.file_names import media_filename, safe_filename  # noqa: F401  (safe_filename re-exported)
from fastpix_viewer.api.http import HttpTransport
from fastpix_viewer.api.models import Media, Mp4Rendition
from fastpix_viewer.api.part_file import Source, media_problem, open_part, read_source, write_source
from fastpix_viewer.api.playback import (
    PlaybackPlan,
    Unplayable,
    carries_token,
    choose_playback,
    m4a_url,
    mp4_url,
)
from fastpix_viewer.api.signing import SigningKey


class Downloader(Protocol):
    """What a download needs of `FastPixClient` (named here so this module, which the client
    imports, does not import the client back)."""

    @property
    def endpoints(self) -> Endpoints: ...

    @property
    def signing_key(self) -> SigningKey | None: ...

    @property
    def token_ttl(self) -> int: ...

    @property
    def transport(self) -> HttpTransport: ...


Progress = Callable[[int, int | None], None]
CHUNK = 64 * 1024
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")
_TOTAL_ONLY = re.compile(r"bytes\s+\*/(\d+)")


def part_path(destination: Path) -> Path:
    return destination.with_name(destination.name + ".part")


def source_path(destination: Path) -> Path:
    """The sidecar beside the `.part` that says which file the kept bytes came from."""
    return destination.with_name(destination.name + ".part.source")


def discard_part(destination: Path) -> None:
    """Drop a kept `.part` and its sidecar (Replace / start over)."""
    part_path(destination).unlink(missing_ok=True)
    source_path(destination).unlink(missing_ok=True)


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


def download_url_for(client: Downloader, media: Media) -> tuple[str, str]:
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
    client: Downloader,
    media: Media,
    destination: Path | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelLike | None = None,
    directory: Path | None = None,
) -> Path:
    url, extension = download_url_for(client, media)
    if destination is None:
        destination = (directory or Path.cwd()) / media_filename(media, extension)
    return download_url(client.transport, url, destination, progress=progress, cancel=cancel)


def _error_from(response_status: int, body: bytes, *, signed: bool) -> FastPixError:
    try:
        payload = decode_json(body) if body else None
    except FastPixError:
        payload = None
    return playback_error(response_status, payload, signed=signed)


# Content types a stream host uses for an error or login page, never for the media file.
_PAGE_TYPES = ("text/", "application/json", "application/xml", "application/xhtml", "application/problem")


def _source_of(url: str, response_headers: Mapping[str, str], total: int | None) -> Source:
    parts = urlsplit(url)
    return Source(
        url=urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")),
        etag=response_headers.get("etag"),
        last_modified=response_headers.get("last-modified"),
        length=total,
    )


def _same_file(kept: Source | None, url: str) -> bool:
    if kept is None:
        return False
    parts = urlsplit(url)
    return kept.url == urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def download_url(
    transport: HttpTransport,
    url: str,
    destination: Path,
    *,
    progress: Progress | None = None,
    cancel: CancelLike | None = None,
    idle_timeout: float = 30.0,
    overwrite: bool = True,
) -> Path:
    """Download `url` to `destination` through `<destination>.part`.

    `overwrite=False` never replaces a file at `destination`, even one that appears while
    downloading (the final rename is then a no-clobber link; the `.part` is kept).

    The `.part` is resumed only when its sidecar says it came from the same file (same URL path,
    and the host's ETag/Last-Modified still match through `If-Range`); otherwise it starts over.
    The file gets its final name only when it is whole: the length matches when known, the
    host did not send a web page, and the bytes are an MP4/M4A whose boxes end at the end.
    Otherwise the `.part` is kept and the error says why."""
    destination = Path(destination)
    check_destination(destination)
    raise_if_cancelled(cancel)
    part, sidecar = part_path(destination), source_path(destination)
    handle, _created = open_part(part, destination)
    try:
        with handle:
            return _fetch_into(transport, url, destination, handle, progress=progress, cancel=cancel,
                               idle_timeout=idle_timeout, overwrite=overwrite)
    except BaseException:
        if part.exists() and not part.is_symlink() and part.stat().st_size == 0:
            # Nothing kept: leave no empty .part (or sidecar) behind to be reported as "kept".
            part.unlink(missing_ok=True)
            sidecar.unlink(missing_ok=True)
        raise


def _fetch_into(
    transport: HttpTransport,
    url: str,
    destination: Path,
    output: IO[bytes],
    *,
    progress: Progress | None,
    cancel: CancelLike | None,
    idle_timeout: float,
    overwrite: bool,
) -> Path:
    part, sidecar = part_path(destination), source_path(destination)
    have = os.fstat(output.fileno()).st_size
    kept = read_source(sidecar) if have else None
    if have and not _same_file(kept, url):
        # Bytes of unknown or other origin: never continue them into this file.
        output.truncate(0)
        sidecar.unlink(missing_ok=True)
        have, kept = 0, None
    headers: dict[str, str] = {}
    if have and kept is not None:
        headers["Range"] = f"bytes={have}-"
        if kept.validator:
            headers["If-Range"] = kept.validator
    with transport.stream(url, headers=headers, idle_timeout=idle_timeout) as response:
        status = response.status_code
        if status == 416 and have:
            match = _TOTAL_ONLY.search(response.headers.get("content-range", ""))
            if match and int(match.group(1)) == have and kept is not None and kept.length == have:
                return _finish(output, have, part, sidecar, destination, overwrite)  # the .part was already complete
            output.truncate(0)  # the kept bytes do not fit the file on the host: start over
            sidecar.unlink(missing_ok=True)
            raise PlaybackError(
                "The file on the stream host no longer matches the partial download, which was discarded; "
                "run the download again to start over."
            )
        if status not in (200, 206):
            body = b""
            for chunk in response.iter_raw():
                body += chunk
                if len(body) > 65536:
                    break
            raise _error_from(status, body, signed=carries_token(url))
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type.startswith(_PAGE_TYPES) or "html" in content_type:
            raise PlaybackError(
                f"The stream host sent a web page ({content_type}) instead of the video file; "
                "nothing of it was saved."
            )
        if status == 206:
            match = _CONTENT_RANGE.search(response.headers.get("content-range", ""))
            if not match or int(match.group(1)) != have or match.group(3) == "*":
                raise PlaybackError(
                    "The stream host resumed the download at the wrong place or without saying the file's "
                    f"length; the partial download is kept as {part}."
                )
            total: int | None = int(match.group(3))
            done = have
            output.seek(have)
        else:
            length = response.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            done = 0  # the server ignored Range or If-Range no longer matched: start over
            output.seek(0)
            output.truncate(0)
        write_source(sidecar, _source_of(url, response.headers, total))
        if progress is not None:
            progress(done, total)
        for chunk in response.iter_raw(CHUNK):
            output.write(chunk)
            done += len(chunk)
            if total is not None and done > total:
                raise PlaybackError(
                    f"The stream host sent more than the {total} bytes it announced; the partial download "
                    f"is kept as {part}."
                )
            if progress is not None:
                progress(done, total)
            if cancel is not None and cancel.is_set():
                output.flush()
                raise_if_cancelled(cancel)
    output.flush()
    if total is not None and done != total:
        raise NetworkError(
            f"The download stopped early ({done} of {total} bytes); run it again to resume."
        )
    return _finish(output, done, part, sidecar, destination, overwrite)


def _finish(output: IO[bytes], size: int, part: Path, sidecar: Path, destination: Path, overwrite: bool) -> Path:
    """Give the `.part` its final name if it is a whole MP4/M4A; else keep it and say why."""
    problem = media_problem(output, size)
    if problem is not None:
        if problem.startswith("it is not"):
            sidecar.unlink(missing_ok=True)  # never resume into something that is not the media
        raise PlaybackError(
            f"The download was not saved as {destination.name}: {problem}. "
            f"What arrived is kept as {part}; run the download again to "
            + ("start over." if problem.startswith("it is not") else "resume.")
        )
    os.fsync(output.fileno())
    if overwrite:
        os.replace(part, destination)  # still locked: nobody else can be writing it
    else:
        _rename_no_clobber(part, destination)
    sidecar.unlink(missing_ok=True)
    return destination


def _rename_no_clobber(part: Path, destination: Path) -> None:
    taken = InputError(
        f"{destination} appeared while downloading and was not replaced; the download is kept as {part} "
        "(use --overwrite to replace the file)."
    )
    try:
        os.link(part, destination)  # fails if the name exists, atomically
    except FileExistsError:
        raise taken from None
    except OSError:  # no hard links on this file system
        if destination.exists():
            raise taken from None
        os.replace(part, destination)
        return
    part.unlink()


def free_destination(folder: Path, name: str, url: str) -> Path:
    """A default name that collides with nothing: `name`, else `name (2)`, `name (3)`... A name whose
    `.part` was started from this same file is reused (so a rerun resumes it)."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    for n in range(1, 10_000):
        candidate = folder / (name if n == 1 else f"{stem} ({n}){dot}{extension}")
        if candidate.exists() or candidate.is_symlink():
            continue
        part = part_path(candidate)
        if (part.exists() or part.is_symlink()) and not _same_file(read_source(source_path(candidate)), url):
            continue  # another media's partial download: leave it alone
        return candidate
    raise InputError(f"Too many files named like {name} in {folder}; choose a name with -o.")
