"""Which words start the desktop app and which run a sub-command."""

from __future__ import annotations

import pytest

from fastpix_viewer.cli.parser import wants_cli


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--demo", "--smoke-test"],
        ["--smoke-test", "0f6ab2bd-5c0b-4d64-9a7b-8c6c3e2f1a90"],
        ["--smoke-test", "media"],  # a REF that happens to look like a sub-command
        ["--vlc-args", "streams", "--demo"],
        ["--vlc-args", "--vout=dummy --aout=dummy", "--smoke-test", "--demo"],
        ["--config-dir", "/tmp/x", "--profile", "show", "--demo"],
    ],
)
def test_gui_options_and_their_values_start_the_app(argv):
    assert wants_cli(argv) is False


@pytest.mark.parametrize(
    "argv",
    [
        ["streams"],
        ["--json", "media", "--recordings"],
        ["--smoke-test", "--demo", "show", "x"],  # --smoke-test without REF, then a sub-command
        ["--profile", "work", "url", "x"],
        ["--help"],
    ],
)
def test_sub_commands_run_the_command_line(argv):
    assert wants_cli(argv) is True
