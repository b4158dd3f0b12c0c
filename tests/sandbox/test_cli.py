"""The standalone ``fastpix-viewer-sandbox`` command."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx


def test_cli_prints_one_json_line_and_serves_until_stopped():
    process = subprocess.Popen(
        [sys.executable, "-m", "fastpix_viewer.sandbox.cli", "--json", "--port", "0", "--wire", "2026-05"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        info = json.loads(process.stdout.readline())
        assert set(info) == {"api", "stream", "image", "control", "token_id", "secret_key",
                             "signing_key_id", "signing_key"}
        assert info["api"].startswith("http://127.0.0.1:") and info["api"].endswith("/v1")
        response = httpx.get(f"{info['api']}/on-demand", params={"limit": 1},
                             auth=(info["token_id"], info["secret_key"]), timeout=10)
        assert response.status_code == 200
        assert isinstance(response.json()["data"][0]["duration"], str)  # --wire 2026-05 honoured
        assert httpx.get(f"{info['api']}/on-demand", timeout=10).status_code == 401
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert info["secret_key"] not in err  # nothing logs the credentials (or ?token=)


def test_cli_console_script_is_declared():
    from importlib.metadata import entry_points

    scripts = {e.name: e.value for e in entry_points(group="console_scripts")}
    assert scripts.get("fastpix-viewer-sandbox") == "fastpix_viewer.sandbox.cli:main"
