"""Where the desktop app keeps its settings, caches and logs.

`--config-dir DIR` (or FASTPIX_VIEWER_CONFIG_DIR) puts all three under DIR, so
tests and smoke runs never touch the user's real files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from fastpix_viewer.api.profiles import ENV_CONFIG_DIR, default_config_dir

APP_NAME = "fastpix-viewer"


@dataclass(frozen=True)
class AppPaths:
    config: Path
    cache: Path
    logs: Path
    isolated: bool  # True when everything lives under one explicit config dir

    def ensure(self) -> AppPaths:
        for folder in (self.config, self.cache, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(config_dir: str | Path | None, environ: dict[str, str] | None = None) -> AppPaths:
    import os

    env = os.environ if environ is None else environ
    explicit = config_dir or env.get(ENV_CONFIG_DIR)
    if explicit:
        root = Path(explicit).expanduser()
        return AppPaths(root, root / "cache", root / "logs", True)
    return AppPaths(
        default_config_dir(env),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        False,
    )
