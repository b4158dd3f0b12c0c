"""The workspace the window is showing: its client, and the demo sandbox when there is one."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from fastpix_viewer.api import FastPixClient, Workspace

log = logging.getLogger(__name__)

DEMO_WORKSPACE_NAME = "Demo workspace"


@dataclass
class Session:
    workspace: Workspace
    client: FastPixClient = field(repr=False)
    demo_server: Any = field(default=None, repr=False)  # SandboxServer when this is the demo
    # "This session only": nothing of this workspace reaches the disk (no offline copy, no
    # thumbnails, no window state with its item IDs), as the connect dialog promises.
    memory_only: bool = False
    # The first page of live streams, asked for before the window was built (shell.head_start);
    # the window's streams loader takes it.
    head_start: Any = field(default=None, repr=False)

    @property
    def is_demo(self) -> bool:
        return self.demo_server is not None

    @property
    def title(self) -> str:
        return DEMO_WORKSPACE_NAME if self.is_demo else self.workspace.name

    def close(self) -> None:
        """Close the client, then stop the demo sandbox (idempotent)."""
        self.client.close()
        server, self.demo_server = self.demo_server, None
        if server is not None:
            server.stop()


def open_session(workspace: Workspace, **client_options: Any) -> Session:
    return Session(workspace, FastPixClient(workspace, **client_options))


def open_demo_session(**client_options: Any) -> Session:
    """Start the in-process sandbox and connect to it.

    The demo never prompts, never touches the keyring and is never saved as a
    profile: its port (and so its URLs) change on every run.
    """
    from fastpix_viewer.api.config import Endpoints
    from fastpix_viewer.sandbox.server import SandboxServer

    server = SandboxServer()
    server.start()
    try:
        workspace = Workspace(
            token_id=server.token_id,
            secret_key=server.secret_key,
            endpoints=Endpoints(server.api_base, server.stream_base, server.image_base),
            signing_key_id=getattr(server, "signing_key_id", None),
            signing_key=getattr(server, "signing_key", None),
            name=DEMO_WORKSPACE_NAME,
        )
        session = open_session(workspace, **client_options)
    except BaseException:
        server.stop()
        raise
    session.demo_server = server
    log.info("demo workspace: sandbox at %s", server.api_base)
    return session
