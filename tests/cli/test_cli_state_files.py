"""State files that survive damage and concurrency (issue 13, items 7, 9, 11)."""

from __future__ import annotations

import argparse

import pytest

from fastpix_viewer.api.profiles import ProfileStore

NOT_UTF8 = b'{"version": 1, "profiles": [{"name": "caf\xe9", "token_id": "\xff\xfe"}]}'


@pytest.mark.parametrize("command", [("profiles", "list"), ("streams",)])
def test_a_profiles_file_that_is_not_utf8_is_damaged_not_a_crash(cli, clean_env, tmp_path, command):
    config = tmp_path / "config"
    config.mkdir()
    (config / "profiles.json").write_bytes(NOT_UTF8)
    result = cli(*command)
    assert result.code == 2
    assert "profiles.json is damaged; fix or delete it" in result.error_line
    assert (config / "profiles.json").read_bytes() == NOT_UTF8  # left for the user to fix


def test_the_window_starts_and_names_the_damaged_file(clean_env, tmp_path):
    from fastpix_viewer.ui.app import open_workspace_session
    from fastpix_viewer.ui.workspaces.startup import initial_target, welcome_due

    config = tmp_path / "config"
    config.mkdir()
    (config / "profiles.json").write_bytes(NOT_UTF8)
    args = argparse.Namespace(demo=False, profile=None)
    store = ProfileStore(config)
    assert initial_target(args, store) is None and welcome_due(args, store) is False
    session, notice = open_workspace_session(args, config, {})
    assert session is None and "is damaged; fix or delete it" in notice
