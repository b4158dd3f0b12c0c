"""What the user can switch to: saved profiles, session-only workspaces, the FASTPIX_*
environment and the demo. Opening one (`open_target`) may read the keyring or start the
demo sandbox, so it runs on a worker thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from fastpix_viewer.api import FastPixClient, Workspace
from fastpix_viewer.api.config import env_has_credentials, workspace_from_env
from fastpix_viewer.api.errors import FastPixError
from fastpix_viewer.api.profiles import ProfileStore
from fastpix_viewer.ui.core.session import DEMO_WORKSPACE_NAME, Session, open_demo_session

Kind = Literal["profile", "session", "environment", "demo"]


@dataclass(frozen=True)
class Target:
    kind: Kind
    name: str

    @property
    def label(self) -> str:
        if self.kind == "demo":
            return "Demo workspace (built-in sample)"
        if self.kind == "session":
            return f"{self.name} (this session only)"
        if self.kind == "environment":
            return "Environment (FASTPIX_* variables)"
        return self.name


DEMO = Target("demo", DEMO_WORKSPACE_NAME)
ENVIRONMENT = Target("environment", "environment")


def list_targets(store: ProfileStore, session_only: Mapping[str, Workspace],
                 environ: Mapping[str, str] | None = None) -> list[Target]:
    """In menu (and Ctrl+1..9) order: saved profiles, this session's, the environment, the demo."""
    try:
        saved = [Target("profile", p.name) for p in store.list()]
    except FastPixError:  # a damaged profiles file: still offer the others
        saved = []
    targets = saved + [Target("session", name) for name in session_only]
    if env_has_credentials(environ):
        targets.append(ENVIRONMENT)
    targets.append(DEMO)
    return targets


def open_target(
    target: Target,
    store: ProfileStore,
    session_only: Mapping[str, Workspace],
    client_options: Callable[[], dict[str, Any]],
) -> Session:
    """Open `target` (worker thread: keyring reads, the demo sandbox's start-up)."""
    if target.kind == "demo":
        return open_demo_session(**client_options())
    if target.kind == "environment":
        workspace = workspace_from_env()
        if workspace is None:
            raise FastPixError("FASTPIX_TOKEN_ID and FASTPIX_SECRET_KEY are no longer set.")
    elif target.kind == "session":
        return Session(session_only[target.name], FastPixClient(session_only[target.name], **client_options()),
                       memory_only=True)
    else:
        workspace = store.workspace(target.name)
        store.use(target.name)  # remembered for the next start
    return Session(workspace, FastPixClient(workspace, **client_options()))
