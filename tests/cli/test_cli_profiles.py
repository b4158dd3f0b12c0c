"""`fastpix-viewer profiles add|list|use|remove`, `--profile`, and the hand-over to the GUI."""

from __future__ import annotations

import io
import json
import sys
import types

import httpx

from fastpix_viewer.cli import main


def add(cli, sandbox, name, monkeypatch, *extra, secret=None):
    monkeypatch.setattr(sys, "stdin", io.StringIO((secret or sandbox.secret_key) + "\n"))
    return cli("profiles", "add", name, "--token-id", sandbox.token_id, "--secret-key-stdin",
               "--api-base", sandbox.api_base, "--stream-base", sandbox.stream_base,
               "--image-base", sandbox.image_base, *extra)


def test_add_list_use_remove(cli, sandbox, clean_env, memory_keyring, tmp_path):
    added = add(cli, sandbox, "sandbox", clean_env)
    assert added.code == 0 and "Saved profile" in added.out
    assert memory_keyring[("fastpix-viewer", "sandbox/secret-key")] == sandbox.secret_key
    config = (tmp_path / "config" / "profiles.json").read_text()
    assert sandbox.secret_key not in config

    assert add(cli, sandbox, "second", clean_env).code == 0
    listed = json.loads(cli("profiles", "list", "--json").out)
    assert [(p["name"], p["active"]) for p in listed] == [("sandbox", True), ("second", False)]
    assert listed[0] == {"name": "sandbox", "active": True, "tokenId": sandbox.token_id, "apiBase": sandbox.api_base,
                         "streamBase": sandbox.stream_base, "imageBase": sandbox.image_base, "signingKeyId": None}
    assert cli("profiles", "use", "second").code == 0
    assert "* second" in cli("profiles", "list").out

    # The active profile is used when no --profile and no FASTPIX_* credentials are given.
    streams = cli("streams", "--json")
    assert streams.code == 0 and len(json.loads(streams.out)) > 0
    assert cli("--profile", "sandbox", "media", "--json").code == 0

    assert cli("profiles", "remove", "second").code == 0
    assert ("fastpix-viewer", "second/secret-key") not in memory_keyring
    gone = cli("--profile", "second", "streams")
    assert gone.code == 2 and "no profile named" in gone.error_line


def test_wrong_secret_is_refused_and_nothing_saved(cli, sandbox, clean_env, memory_keyring, tmp_path):
    result = add(cli, sandbox, "bad", clean_env, secret="wrong-secret-value")
    assert result.code == 3 and "did not accept" in result.error_line
    assert memory_keyring == {} and not (tmp_path / "config" / "profiles.json").exists()


def test_secret_is_never_taken_from_the_command_line(cli, sandbox, clean_env):
    result = cli("profiles", "add", "p", "--token-id", "t", "--secret-key", "s3cr3t-on-argv")
    assert result.code == 2 and "never taken from the command line" in result.error_line
    assert "s3cr3t-on-argv" not in result.err
    stray = cli("profiles", "add", "p", "--token-id", "t", "s3cr3t-on-argv")
    assert stray.code == 2 and "unrecognized arguments" in stray.error_line
    assert "s3cr3t-on-argv" not in stray.err


def test_secret_from_environment_and_signing_key_file(cli, sandbox, clean_env, memory_keyring, tmp_path):
    clean_env.setenv("FASTPIX_SECRET_KEY", sandbox.secret_key)
    key_file = tmp_path / "signing.key"
    key_file.write_text(sandbox.signing_key)
    result = cli("profiles", "add", "signed", "--token-id", sandbox.token_id, "--api-base", sandbox.api_base,
                 "--stream-base", sandbox.stream_base, "--image-base", sandbox.image_base,
                 "--signing-key-id", sandbox.signing_key_id, "--signing-key-file", str(key_file))
    assert result.code == 0
    assert memory_keyring[("fastpix-viewer", "signed/signing-key")] == sandbox.signing_key
    clean_env.delenv("FASTPIX_SECRET_KEY")

    media = httpx.get(f"{sandbox.api_base}/on-demand", params={"limit": 50},
                      auth=(sandbox.token_id, sandbox.secret_key)).json()["data"]
    private = next(m for m in media if m["status"] == "Ready" and {p["accessPolicy"] for p in m["playbackIds"]} == {"private"})
    url = cli("--profile", "signed", "url", private["id"]).out.strip()
    assert "token=" in url and httpx.get(url).status_code == 200


def test_no_keyring_is_a_clear_error(cli, sandbox, clean_env, tmp_path):
    import keyring.core

    clean_env.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    result = add(cli, sandbox, "p", clean_env)
    line = result.error_line
    assert result.code == 2 and "No usable system keyring" in line
    assert "FASTPIX_TOKEN_ID and FASTPIX_SECRET_KEY in the environment" in line
    assert "session" not in line  # the command line cannot keep a secret "for this session only"
    assert not (tmp_path / "config" / "profiles.json").exists()


def test_no_sub_command_hands_over_to_the_gui(monkeypatch, capsys):
    seen = []
    fake = types.ModuleType("fastpix_viewer.ui.app.launch")
    fake.main = lambda argv: seen.append(list(argv)) or 7
    monkeypatch.setitem(sys.modules, "fastpix_viewer.ui.app.launch", fake)
    assert main([]) == 7 and main(["--demo"]) == 7 and main(["--profile", "x"]) == 7
    assert seen == [[], ["--demo"], ["--profile", "x"]]


def test_gui_not_built_yet(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "fastpix_viewer.ui.app.launch", None)
    assert main([]) == 2
    assert "the desktop app is not built yet" in capsys.readouterr().err
