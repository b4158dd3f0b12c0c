"""Where the app's resources (icons, the demo's sample media) live: a checkout or a frozen app.

Qt-free, so the sandbox and the desktop app can both use it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "FASTPIX_VIEWER_RESOURCES"


def resources_dir() -> Path:
    """The ``resources/`` directory: $FASTPIX_VIEWER_RESOURCES, a PyInstaller bundle, or the checkout."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    # fastpix_viewer/resources.py -> <repo>/resources
    return Path(__file__).resolve().parents[1] / "resources"


def sample_media_dir() -> Path:
    return resources_dir() / "sample-media"
