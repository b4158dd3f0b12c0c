"""`Session`: the profile store and client one command run builds lazily, and the lookups
(reference, media) the sub-commands share. Its own module so the command modules can take a
Session without importing each other."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.errors import InputError, PlaybackError
from fastpix_viewer.api.models import Media
from fastpix_viewer.api.profiles import ProfileStore, select_workspace
from fastpix_viewer.api.references import Resolved, resolve_reference
from fastpix_viewer.cli import output
from fastpix_viewer.cli.paging import page_executor


class Session:
    """Lazily built profile store and client for one command run."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: ProfileStore | None = None
        self._client: FastPixClient | None = None

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def store(self) -> ProfileStore:
        if self._store is None:
            self._store = ProfileStore(self.args.config_dir)
        return self._store

    @property
    def client(self) -> FastPixClient:
        if self._client is None:
            workspace = select_workspace(self.store, self.args.profile)
            self._client = FastPixClient(workspace, page_executor=page_executor())
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def progress_line(self) -> Callable[[str], None] | None:
        if self.json or not sys.stderr.isatty():
            return None
        return lambda message: print(f"\r{output.plain(message, 70):<72}", end="", file=sys.stderr, flush=True)

    def resolve(self, ref: str) -> Resolved:
        reporter = self.progress_line()
        try:
            return resolve_reference(self.client, ref, progress=reporter)
        finally:
            if reporter is not None:
                print("\r" + " " * 72 + "\r", end="", file=sys.stderr, flush=True)

    def resolve_media(self, ref: str, *, use_latest_recording: bool) -> Media:
        found = self.resolve(ref)
        if isinstance(found.item, Media):
            return found.item
        if use_latest_recording and found.item.latest_recording_id:
            return self.client.get_media(found.item.latest_recording_id)
        if use_latest_recording:
            raise PlaybackError("That live stream has no recordings yet.")
        raise InputError("That is a live stream; give a media ID or a recording's ID.")
