"""The app's logging set up in a test's own folder (root level restored after), and the log
file read back as a user would find it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fastpix_viewer.ui.app import logs


@pytest.fixture
def log_setup(tmp_path: Path) -> Iterator[Any]:
    root = logging.getLogger()
    level = root.level
    setup = logs.setup_logging(tmp_path)
    yield setup
    setup.close()
    root.setLevel(level)


def read_log(setup: Any) -> str:
    for handler in setup.handlers:
        handler.flush()
    return setup.log_file.read_text(encoding="utf-8")
