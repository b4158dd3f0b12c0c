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
    from fastpix_viewer.ui.app.launch import open_workspace_session
    from fastpix_viewer.ui.workspaces.startup import initial_target, welcome_due

    config = tmp_path / "config"
    config.mkdir()
    (config / "profiles.json").write_bytes(NOT_UTF8)
    args = argparse.Namespace(demo=False, profile=None)
    store = ProfileStore(config)
    assert initial_target(args, store) is None and welcome_due(args, store) is False
    session, notice = open_workspace_session(args, config, {})
    assert session is None and "is damaged; fix or delete it" in notice


CHILD = """
import sys, time
from pathlib import Path
from fastpix_viewer.api.profiles import Profile, ProfileStore
config, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
store = ProfileStore(config)
(go.parent / f"ready-{name}").touch()  # at the starting line
while not go.exists():
    time.sleep(0.002)
for n in range(5):  # several each, so the twelve really overlap
    store.save(Profile(f"{name}-{n}", "token"), secret_key="not-a-real-secret", session_only=True)
print("Saved", name)
"""


def test_twelve_concurrent_adds_keep_every_profile(tmp_path):
    import subprocess
    import sys

    config, go = tmp_path / "config", tmp_path / "go"
    names = [f"p{n}" for n in range(12)]
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(config), name, str(go)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]
    from tests.fpv_support.waiting import wait_for

    # Every child imported everything and waits at the starting line: then they all go at once.
    wait_for(lambda: all((tmp_path / f"ready-{name}").exists() for name in names), timeout=60,
             what="the twelve children to start")
    go.touch()
    outputs = [child.communicate(timeout=60) for child in children]
    assert [child.returncode for child in children] == [0] * 12, [err for _, err in outputs]
    assert sorted(p.name for p in ProfileStore(config).list()) == sorted(f"{name}-{n}" for name in names for n in range(5))
    assert not list(config.glob(".profiles-*"))  # no temporary file left behind


def test_a_failed_save_takes_back_the_secret_it_stored(tmp_path, memory_keyring, monkeypatch):
    from fastpix_viewer.api.profiles import Profile

    store = ProfileStore(tmp_path)
    store.save(Profile("kept", "tok"), secret_key="first-secret-value")

    def disk_full(self, data):
        raise OSError(28, "No space left on device", str(self.path))

    monkeypatch.setattr(ProfileStore, "_write", disk_full)
    with pytest.raises(OSError):
        store.save(Profile("new", "tok"), secret_key="orphan-secret-value")
    with pytest.raises(OSError):
        store.save(Profile("kept", "tok2"), secret_key="replacement-secret")
    assert ("fastpix-viewer", "new/secret-key") not in memory_keyring  # no orphan
    assert memory_keyring[("fastpix-viewer", "kept/secret-key")] == "first-secret-value"  # put back
    monkeypatch.undo()
    assert [p.name for p in store.list()] == ["kept"]


def test_remove_without_a_keyring_says_where_the_secret_stays(cli, clean_env, memory_keyring, tmp_path):
    import keyring.core

    from fastpix_viewer.api.profiles import Profile

    ProfileStore(tmp_path / "config").save(Profile("gone", "tok"), secret_key="still-stored-secret")
    clean_env.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    result = cli("profiles", "remove", "gone")
    assert result.code == 1
    assert "from the profiles file" in result.out
    line = result.error_line
    assert "secret key" in line and "could not be removed" in line
    assert "fastpix-viewer" in line and "gone/secret-key" in line
    assert "still-stored-secret" not in result.err + result.out
    assert memory_keyring[("fastpix-viewer", "gone/secret-key")] == "still-stored-secret"  # what we said
    assert ProfileStore(tmp_path / "config").list() == []
