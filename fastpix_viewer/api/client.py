"""`FastPixClient`: the FastPix endpoints the viewer uses, on one shared, thread-safe transport.

Create one per workspace and share it between worker threads; every method is blocking and may
raise only `FastPixError` subclasses.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from fastpix_viewer import __version__
from fastpix_viewer.api import ids
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.clips import ClipsMixin
from fastpix_viewer.api.config import Endpoints, Workspace
from fastpix_viewer.api.edits import (  # noqa: F401  (the limits are imported from here too)
    MAX_METADATA_LENGTH,
    MAX_METADATA_PAIRS,
    EditNotApplied,
    check_media_update,
    edit_differences,
)
from fastpix_viewer.api.envelope import build_page, data_of, unwrap
from fastpix_viewer.api.errors import ConfigError, InputError, ProtocolError
from fastpix_viewer.api.http import DEFAULT_DEADLINE, HttpTransport, RetryPolicy
from fastpix_viewer.api.insights import InsightsMixin
from fastpix_viewer.api.metrics import MetricsMixin
from fastpix_viewer.api.models import (
    LiveStream,
    Media,
    Page,
    PlaybackId,
    Unreadable,
    parse_media,
    parse_playback_id,
    parse_stream,
    read_items,
    read_one,
)
from fastpix_viewer.api.order import Order
from fastpix_viewer.api.pagination import (
    DEFAULT_CONCURRENCY,
    MAX_LIMIT,
    check_limit,
    check_page,
    fetch_all,
    iter_all_pages,
)
from fastpix_viewer.api.playback import (
    Manifest,
    PlaybackPlan,
    Unplayable,
    choose_playback,
    needs_signing,
    preflight,
)
from fastpix_viewer.api.redact import register_secret
from fastpix_viewer.api.references import Resolved, resolve_reference
from fastpix_viewer.api.signing import DEFAULT_TTL, SigningKey
from fastpix_viewer.api.step_aside import cpu_turn

USER_AGENT = f"fastpix-viewer/{__version__}"


class FastPixClient(ClipsMixin, InsightsMixin, MetricsMixin):  # clips, AI features, Video Data: own modules
    """Thread-safe client for one workspace. Close it (or use `with`) when done."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        deadline: float = DEFAULT_DEADLINE,
        retry: RetryPolicy | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        page_executor: Executor | None = None,
        page_size: int = MAX_LIMIT,
        token_ttl: int = DEFAULT_TTL,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        wall_clock: Callable[[], float] = time.time,
        rng: Callable[[], float] | None = None,
    ) -> None:
        self.workspace = workspace
        self.concurrency = concurrency
        # Where pages 2..N of a listing run, `concurrency` at a time. None: one by one on the
        # calling thread (the desktop app, whose jobs already run on its worker pool); the CLI
        # passes its one shared executor. The client never makes a pool of its own.
        self.page_executor = page_executor
        self.page_size = check_limit(page_size)
        self.token_ttl = token_ttl
        self.wall_clock = wall_clock  # signing time (tests move it, with the sandbox's clock)
        extra: dict[str, Any] = {} if rng is None else {"rng": rng}
        self.transport = HttpTransport(
            user_agent=USER_AGENT,
            deadline=deadline,
            retry=retry,
            transport=transport,
            clock=clock,
            sleep=sleep,
            wall_clock=wall_clock,
            redirect_hosts=frozenset(
                urlsplit(base).netloc.lower()
                for base in (workspace.endpoints.api_base, workspace.endpoints.stream_base, workspace.endpoints.image_base)
            ),
            **extra,
        )
        self._signing: SigningKey | None = None
        self._signing_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FastPixClient(workspace={self.workspace.name!r}, api={self.endpoints.api_base!r})"

    @property
    def endpoints(self) -> Endpoints:
        return self.workspace.endpoints

    @property
    def signing_key(self) -> SigningKey | None:
        """The workspace's signing key, loaded on first use (ConfigError if it is unreadable)."""
        with self._signing_lock:
            if self._signing is None and self.workspace.has_signing_key:
                assert self.workspace.signing_key_id and self.workspace.signing_key
                # Unchecked: the check stalls the UI (signing.SigningKey.from_fastpix); a key
                # FastPix would refuse shows as private playback not allowed, in plain words.
                self._signing = SigningKey.from_fastpix(self.workspace.signing_key_id, self.workspace.signing_key,
                                                        check_key=False)
            return self._signing

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> FastPixClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        what: str = "",
        cancel: CancelLike | None = None,
    ) -> Mapping[str, Any]:
        response = self.transport.request(
            method,
            self.endpoints.api(path),
            params=params,
            json=json,
            auth=(self.workspace.token_id, self.workspace.secret_key),
            headers={"Accept": "application/json"},
            cancel=cancel,
            follow_redirects=False,  # a redirect must not take the Basic credentials anywhere
        )
        with cpu_turn:  # one parse at a time beside the UI thread (api.step_aside)
            return unwrap(response.status, response.body, retry_after=response.retry_after, what=what,
                          content_type=response.content_type)

    def _list_params(self, page: int, limit: int | None, order: Order) -> dict[str, Any]:
        if order not in ("asc", "desc"):
            raise InputError("The order must be asc or desc.")
        return {"limit": check_limit(limit or self.page_size), "offset": check_page(page), "orderBy": order}

    def _page(
        self, path: str, page: int, limit: int | None, order: Order, parser: Callable[[object], Any], what: str,
        cancel: CancelLike | None,
    ) -> Page[Any]:
        params = self._list_params(page, limit, order)
        envelope = self._call("GET", path, params=params, what=what, cancel=cancel)
        with cpu_turn:
            return build_page(envelope, page, parser, what, limit=params["limit"])

    def _every_page(
        self, fetch_page: Callable[[int], Page[Any]], on_page: Callable[[Page[Any]], None] | None,
        cancel: CancelLike | None,
    ) -> list[Any]:
        """Every page of one listing, on the shared page executor (or one by one without it)."""
        return fetch_all(fetch_page, concurrency=self.concurrency, executor=self.page_executor,
                         on_page=on_page, cancel=cancel)

    # -- live streams ------------------------------------------------------------------------

    def streams_page(
        self, page: int = 1, *, limit: int | None = None, order: Order = "desc", cancel: CancelLike | None = None
    ) -> Page[LiveStream]:
        return self._page("live/streams", page, limit, order, parse_stream, "live stream", cancel)

    def iter_stream_pages(self, *, limit: int | None = None, cancel: CancelLike | None = None) -> Iterator[Page[LiveStream]]:
        """All pages in order, fetched with bounded concurrency (see `pagination.iter_all_pages`)."""
        return iter_all_pages(
            lambda n: self.streams_page(n, limit=limit, cancel=cancel),
            concurrency=self.concurrency, executor=self.page_executor, cancel=cancel,
        )

    def all_streams(
        self, *, on_page: Callable[[Page[LiveStream]], None] | None = None, cancel: CancelLike | None = None,
        limit: int | None = None,
    ) -> list[LiveStream | Unreadable]:
        return self._every_page(lambda n: self.streams_page(n, limit=limit, cancel=cancel), on_page, cancel)

    def get_stream(self, stream_id: str, *, cancel: CancelLike | None = None) -> LiveStream:
        ids.stream_id(stream_id)
        envelope = self._call("GET", f"live/streams/{stream_id}", what=f"live stream with ID {stream_id}", cancel=cancel)
        return read_one(parse_stream, data_of(envelope, "live stream"), "live stream")

    def viewer_count(self, stream_id: str, *, cancel: CancelLike | None = None) -> int | None:
        """FastPix's approximate number of viewers of a live stream (None if the answer has no count)."""
        ids.stream_id(stream_id)
        envelope = self._call(
            "GET", f"live/streams/{stream_id}/viewer-count", what=f"live stream with ID {stream_id}", cancel=cancel
        )
        data = envelope.get("data")
        views = data.get("views") if isinstance(data, Mapping) else None
        return views if isinstance(views, int) and not isinstance(views, bool) and views >= 0 else None

    def stream_key(self, stream_id: str, *, cancel: CancelLike | None = None) -> str:
        """The stream's RTMPS/SRT push key (for OBS). The models mask it; only this call returns it.
        It is registered as a secret so logs and error text never show it."""
        ids.stream_id(stream_id)
        envelope = self._call("GET", f"live/streams/{stream_id}", what=f"live stream with ID {stream_id}", cancel=cancel)
        data = envelope.get("data")
        key = data.get("streamKey") if isinstance(data, Mapping) else None
        if not isinstance(key, str) or not key or any(ch.isspace() or not ch.isprintable() for ch in key):
            raise ProtocolError("FastPix did not send a usable stream key for this live stream.")
        register_secret(key)
        return key

    def get_stream_playback_id(self, stream_id: str, playback_id: str, *, cancel: CancelLike | None = None) -> PlaybackId:
        ids.stream_id(stream_id)
        ids.playback_id(playback_id)
        envelope = self._call(
            "GET", f"live/streams/{stream_id}/playback-ids/{playback_id}",
            what=f"playback ID {playback_id} on that live stream", cancel=cancel,
        )
        return read_one(parse_playback_id, data_of(envelope, "playback ID"), "playback ID")

    def live_clips_page(
        self, stream_id: str, page: int = 1, *, limit: int | None = None, order: Order = "desc",
        cancel: CancelLike | None = None,
    ) -> Page[Media]:
        ids.stream_id(stream_id)
        return self._page(f"on-demand/{stream_id}/live-clips", page, limit, order, parse_media, "live clip", cancel)

    def all_live_clips(
        self, stream_id: str, *, on_page: Callable[[Page[Media]], None] | None = None,
        cancel: CancelLike | None = None,
    ) -> list[Media | Unreadable]:
        ids.stream_id(stream_id)
        return self._every_page(lambda n: self.live_clips_page(stream_id, n, cancel=cancel), on_page, cancel)

    # -- media -------------------------------------------------------------------------------

    def media_page(
        self, page: int = 1, *, limit: int | None = None, order: Order = "desc", cancel: CancelLike | None = None
    ) -> Page[Media]:
        return self._page("on-demand", page, limit, order, parse_media, "media", cancel)

    def iter_media_pages(self, *, limit: int | None = None, cancel: CancelLike | None = None) -> Iterator[Page[Media]]:
        return iter_all_pages(
            lambda n: self.media_page(n, limit=limit, cancel=cancel),
            concurrency=self.concurrency, executor=self.page_executor, cancel=cancel,
        )

    def all_media(
        self, *, on_page: Callable[[Page[Media]], None] | None = None, cancel: CancelLike | None = None,
        limit: int | None = None,
    ) -> list[Media | Unreadable]:
        return self._every_page(lambda n: self.media_page(n, limit=limit, cancel=cancel), on_page, cancel)

    def get_media(self, media_id: str, *, cancel: CancelLike | None = None) -> Media:
        ids.media_id(media_id)
        envelope = self._call("GET", f"on-demand/{media_id}", what=f"media with ID {media_id}", cancel=cancel)
        return read_one(parse_media, data_of(envelope, "media"), "media")

    def poll_media(
        self,
        media_id: str,
        *,
        interval: float = 5.0,
        cancel: CancelLike | None = None,
        on_update: Callable[[Media], None] | None = None,
    ) -> Media:
        """GET the media every `interval` seconds until it is Ready or Failed (unknown statuses
        count as still processing). `on_update` sees every answer; cancel stops the wait at once."""
        while True:
            media = self.get_media(media_id, cancel=cancel)
            if on_update is not None:
                on_update(media)
            if not media.still_processing:
                return media
            self.transport.pause(interval, cancel)

    def media_playback_ids(self, media_id: str, *, cancel: CancelLike | None = None) -> list[PlaybackId | Unreadable]:
        ids.media_id(media_id)
        envelope = self._call(
            "GET", f"on-demand/{media_id}/playback-ids", what=f"media with ID {media_id}", cancel=cancel
        )
        return list(read_items(parse_playback_id, data_of(envelope, "playback ID"), "playback ID"))

    def get_media_playback_id(self, media_id: str, playback_id: str, *, cancel: CancelLike | None = None) -> PlaybackId:
        ids.media_id(media_id)
        ids.playback_id(playback_id)
        envelope = self._call(
            "GET", f"on-demand/{media_id}/playback-ids/{playback_id}",
            what=f"playback ID {playback_id} on that media", cancel=cancel,
        )
        return read_one(parse_playback_id, data_of(envelope, "playback ID"), "playback ID")

    def update_media(
        self, media_id: str, *, title: str | None = None, metadata: Mapping[str, str] | None = None
    ) -> Media:
        """PATCH title and/or metadata (`metadata` is the whole new set of pairs). Never retried.

        FastPix may merge metadata instead of replacing it (undocumented), so the answer is
        compared with the request: EditNotApplied names every key that differs and carries
        the media FastPix returned.
        """
        ids.media_id(media_id)
        body = check_media_update(title, metadata)
        envelope = self._call("PATCH", f"on-demand/{media_id}", json=body, what=f"media with ID {media_id}")
        data = envelope.get("data")
        if not isinstance(data, Mapping):
            # Some endpoints answer only {"success": true}; read the result back.
            updated = self.get_media(media_id)
        else:
            updated = read_one(parse_media, data, "media")
        differences = edit_differences(title, metadata, updated)
        if differences:
            raise EditNotApplied(differences, updated)
        return updated

    def delete_media(self, media_id: str) -> None:
        """DELETE the media. Never retried (DELETE is not in the retried methods)."""
        ids.media_id(media_id)
        self._call("DELETE", f"on-demand/{media_id}", what=f"media with ID {media_id}")

    # -- playback ------------------------------------------------------------------------------

    def choose_playback(
        self, item: Media | LiveStream, *, max_resolution: str | None = None, dvr: bool = False
    ) -> PlaybackPlan | Unplayable:
        # The key is read only when this item needs it: reading it imports `cryptography`
        # (~0.1 s holding the GIL), which stalled the window at the first thumbnails (issue 15).
        signing = self.signing_key if needs_signing(item) else None
        return choose_playback(
            item, endpoints=self.endpoints, signing=signing, ttl=self.token_ttl,
            max_resolution=max_resolution, dvr=dvr, now=self.wall_clock(),
        )

    def preflight(self, url: str, *, cancel: CancelLike | None = None, user_agent: str | None = None) -> Manifest:
        """GET the playlist; stream-host refusals become typed `PlaybackError`s with advice."""
        if not url.startswith(self.endpoints.stream_base + "/"):
            raise ConfigError("Only URLs on the workspace's stream host can be checked.")
        return preflight(self.transport, url, cancel=cancel, user_agent=user_agent)

    def resolve(
        self, text: str, *, progress: Callable[[str], None] | None = None, cancel: CancelLike | None = None
    ) -> Resolved:
        """What pasted text names (see `references.resolve_reference`)."""
        return resolve_reference(self, text, progress=progress, cancel=cancel)

    def download(
        self,
        media: Media,
        destination: Path | None = None,
        *,
        progress: Callable[[int, int | None], None] | None = None,
        cancel: CancelLike | None = None,
        directory: Path | None = None,
    ) -> Path:
        from fastpix_viewer.api.download import download_media

        return download_media(self, media, destination, progress=progress, cancel=cancel, directory=directory)

