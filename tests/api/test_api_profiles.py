"""Workspaces: profiles in a JSON file, secrets only in the keyring (in-memory backend for unit
tests; one test through a real Secret Service), precedence of --profile / env / active."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from fpv_api_helpers import FAKE_SECRET

from fastpix_viewer.api.errors import ConfigError, KeyringUnavailable, ProfileError
from fastpix_viewer.api.profiles import Profile, ProfileStore, select_workspace

SANDBOXISH = dict(api_base="http://127.0.0.1:9/v1", stream_base="http://127.0.0.1:9/stream", image_base="http://127.0.0.1:9/image")


def test_add_list_use_remove_with_secrets_only_in_the_keyring(tmp_path, memory_keyring):
    store = ProfileStore(tmp_path)
    store.save(Profile("work", "tok-1", **SANDBOXISH), secret_key=FAKE_SECRET)
    store.save(Profile("home", "tok-2"), secret_key="another-secret-value")
    assert [p.name for p in store.list()] == ["work", "home"]
    assert store.active_name() == "work"  # the first profile becomes active
    text = (tmp_path / "profiles.json").read_text()
    assert FAKE_SECRET not in text and "another-secret-value" not in text
    assert oct((tmp_path / "profiles.json").stat().st_mode & 0o777) == "0o600"
    assert memory_keyring[("fastpix-viewer", "work/secret-key")] == FAKE_SECRET

    workspace = ProfileStore(tmp_path).workspace("work")  # a fresh store reads it back
    assert workspace.secret_key == FAKE_SECRET and workspace.endpoints.api_base == "http://127.0.0.1:9/v1"

    store.use("home")
    assert ProfileStore(tmp_path).active_name() == "home"
    store.remove("home")
    assert store.active_name() is None and [p.name for p in store.list()] == ["work"]
    assert ("fastpix-viewer", "home/secret-key") not in memory_keyring


def test_signing_key_goes_to_the_keyring_too(tmp_path, memory_keyring, sandbox):
    store = ProfileStore(tmp_path)
    store.save(Profile("s", "tok", signing_key_id=sandbox.signing_key_id, **SANDBOXISH),
               secret_key=FAKE_SECRET, signing_key=sandbox.signing_key)
    assert sandbox.signing_key not in (tmp_path / "profiles.json").read_text()
    assert store.workspace("s").signing_key == sandbox.signing_key


def test_bad_signing_key_is_refused_before_storing(tmp_path, memory_keyring):
    store = ProfileStore(tmp_path)
    with pytest.raises(ConfigError):
        store.save(Profile("s", "tok", signing_key_id="kid"), secret_key=FAKE_SECRET, signing_key="bm90IGEga2V5")
    assert store.list() == [] and memory_keyring == {}


def test_no_usable_keyring_is_a_clear_error_and_nothing_is_written(tmp_path, monkeypatch):
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    try:
        store = ProfileStore(tmp_path)
        with pytest.raises(KeyringUnavailable) as caught:
            store.save(Profile("p", "tok"), secret_key=FAKE_SECRET)
        assert "session only" in caught.value.user_message
        assert not (tmp_path / "profiles.json").exists()
        assert not any(FAKE_SECRET in f.read_text() for f in tmp_path.rglob("*") if f.is_file())

        # The explicit session-only choice keeps the secret in memory for this store only.
        store.save(Profile("p", "tok"), secret_key=FAKE_SECRET, session_only=True)
        assert store.workspace("p").secret_key == FAKE_SECRET
        assert FAKE_SECRET not in (tmp_path / "profiles.json").read_text()
        with pytest.raises(KeyringUnavailable):
            ProfileStore(tmp_path).workspace("p")  # another process cannot read it
    finally:
        monkeypatch.undo()
        keyring.core.init_backend()


@pytest.mark.parametrize("name", ["", " lead", "a/b", "x" * 65, "-dash", "new\nline"])
def test_profile_names_are_checked(tmp_path, memory_keyring, name):
    with pytest.raises(ProfileError):
        ProfileStore(tmp_path).save(Profile(name, "tok"), secret_key=FAKE_SECRET)


def test_plain_http_to_a_remote_host_is_refused(tmp_path, memory_keyring):
    with pytest.raises(ConfigError) as caught:
        ProfileStore(tmp_path).save(Profile("p", "tok", api_base="http://api.example.com/v1"), secret_key=FAKE_SECRET)
    assert "https" in caught.value.user_message


def test_damaged_profiles_file(tmp_path, memory_keyring):
    (tmp_path / "profiles.json").write_text("{not json")
    with pytest.raises(ProfileError) as caught:
        ProfileStore(tmp_path).list()
    assert "damaged" in caught.value.user_message


def test_unknown_profile(tmp_path, memory_keyring):
    with pytest.raises(ProfileError):
        ProfileStore(tmp_path).workspace("nope")


def test_config_dir_from_environment(tmp_path, memory_keyring):
    store = ProfileStore(environ={"FASTPIX_VIEWER_CONFIG_DIR": str(tmp_path / "cfg")})
    store.save(Profile("p", "tok"), secret_key=FAKE_SECRET)
    assert (tmp_path / "cfg" / "profiles.json").exists()


def test_workspace_precedence(tmp_path, memory_keyring):
    store = ProfileStore(tmp_path)
    store.save(Profile("active", "tok-active"), secret_key=FAKE_SECRET)
    store.save(Profile("other", "tok-other"), secret_key=FAKE_SECRET)
    env = {"FASTPIX_TOKEN_ID": "tok-env", "FASTPIX_SECRET_KEY": "env-secret-value", **{
        "FASTPIX_API_BASE": "http://127.0.0.1:5/v1"}}
    assert select_workspace(store, "other", env).token_id == "tok-other"
    chosen = select_workspace(store, None, env)
    assert (chosen.token_id, chosen.name, chosen.endpoints.api_base) == ("tok-env", "environment", "http://127.0.0.1:5/v1")
    assert select_workspace(store, None, {}).token_id == "tok-active"
    store.remove("active")
    store.remove("other")
    with pytest.raises(ProfileError) as caught:
        select_workspace(store, None, {})
    assert "profiles add" in caught.value.user_message


@pytest.mark.keyring_real
def test_secret_round_trip_through_a_real_secret_service(tmp_path):
    """gnome-keyring in a private D-Bus session; the store's own code path, two processes."""
    script = textwrap.dedent(
        f"""
        import sys
        from fastpix_viewer.api.profiles import Profile, ProfileStore, keyring_usable
        assert keyring_usable(), "no Secret Service"
        ProfileStore({str(tmp_path)!r}).save(Profile("real", "tok"), secret_key=sys.argv[1])
        print(ProfileStore({str(tmp_path)!r}).workspace("real").secret_key)
        """
    )
    python = sys.executable
    command = (
        'printf "\\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; '
        f'exec "{python}" -c "$FPV_SCRIPT" "$FPV_SECRET"'
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
           "FPV_SCRIPT": script, "FPV_SECRET": FAKE_SECRET, "HOME": str(tmp_path)}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = subprocess.run(["dbus-run-session", "--", "sh", "-c", command], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == FAKE_SECRET
    assert FAKE_SECRET not in (tmp_path / "profiles.json").read_text()
    stored = json.loads((tmp_path / "profiles.json").read_text())
    assert stored["profiles"][0]["token_id"] == "tok"
