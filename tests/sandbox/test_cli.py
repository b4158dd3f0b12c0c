"""The standalone ``fastpix-viewer-sandbox`` command."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest


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


def test_cli_faults_and_broadcast_flags():
    process = subprocess.Popen(
        [sys.executable, "-m", "fastpix_viewer.sandbox.cli", "--json", "--faults", "api/on-demand*:status=503",
         "--broadcast", "idle", "--recording-appears", "start"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        info = json.loads(process.stdout.readline())
        auth = (info["token_id"], info["secret_key"])
        assert httpx.get(f"{info['api']}/on-demand", auth=auth, timeout=10).status_code == 503
        assert httpx.get(f"{info['api']}/live/streams", auth=auth, timeout=10).status_code == 200
        counted = httpx.get(f"{info['control']}/counters", timeout=10).json()
        assert counted["faults"] == {"status:503": 1}
        live = httpx.get(f"{info['control']}/broadcasts", timeout=10).json()["broadcasts"]
        assert len(live) == 4  # the seed's two active and one preparing stream, and ours
        ours = [b for b in live if b["status"] == "preparing" and b["recording_media_id"]]
        assert len(ours) == 1  # its recording already exists: --recording-appears start
        # A reset restores the start-up state: faults and the requested broadcast included.
        httpx.post(f"{info['control']}/reset", timeout=10)
        assert httpx.get(f"{info['api']}/on-demand", auth=auth, timeout=10).status_code == 503
        assert len(httpx.get(f"{info['control']}/broadcasts", timeout=10).json()["broadcasts"]) == len(live)
    finally:
        process.terminate()
        process.communicate(timeout=15)


def test_cli_refuses_a_bad_fault_spec():
    result = subprocess.run([sys.executable, "-m", "fastpix_viewer.sandbox.cli", "--faults", "api:explode"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "unknown fault" in result.stderr


@pytest.mark.parametrize(
    ("flags", "words"),
    [(["--scale", "-5"], "--scale: the scale must be at least 0, got -5"),
     (["--processing-delay", "-3"], "--processing-delay: the processing delay must be at least 0, got -3"),
     (["--processing-delay", "nan"], "--processing-delay: the processing delay must be at least 0"),
     (["--port", "-1"], "--port: the port must be at least 0"),
     (["--scale", "many"], "--scale: the scale must be a number")],
)
def test_cli_refuses_negative_numbers_in_one_line(capsys, flags, words):
    from fastpix_viewer.sandbox.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(flags)
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("fastpix-viewer-sandbox: error: ") and words in error


def test_cli_broadcast_error_names_the_program(capsys):
    from fastpix_viewer.sandbox.cli import main

    assert main(["--broadcast", "f" * 32]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == ["fastpix-viewer-sandbox: --broadcast: cannot broadcast on " + "f" * 32 + ": no such stream"]
