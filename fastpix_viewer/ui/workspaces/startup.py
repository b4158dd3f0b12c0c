"""Which workspace the app opens first, and whether the welcome dialog is due."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from fastpix_viewer.api.config import env_has_credentials
from fastpix_viewer.api.errors import FastPixError
from fastpix_viewer.api.profiles import ProfileStore
from fastpix_viewer.ui.workspaces.targets import DEMO, ENVIRONMENT, Target


def initial_target(args: argparse.Namespace, store: ProfileStore,
                   environ: Mapping[str, str] | None = None) -> Target | None:
    """The target `open_workspace_session` opens for these arguments (same precedence)."""
    if args.demo:
        return DEMO
    if args.profile:
        return Target("profile", args.profile)
    if env_has_credentials(environ):
        return ENVIRONMENT
    try:
        active = store.active_name()
    except FastPixError:
        return None
    return Target("profile", active) if active else None


def welcome_due(args: argparse.Namespace, store: ProfileStore, environ: Mapping[str, str] | None = None) -> bool:
    """First start: no saved workspace, no --demo/--profile, no FASTPIX_* credentials."""
    if args.demo or args.profile or env_has_credentials(environ):
        return False
    try:
        return not store.list()
    except FastPixError:  # a damaged file: the window's notice explains it instead
        return False
