"""The real app entry point: the welcome dialog on a first start, none when FASTPIX_* is set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def _run(tmp_path: Path, *args: str, env_extra: dict[str, str] | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FASTPIX_")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                **(env_extra or {})})
    result = subprocess.run(
        [sys.executable, str(HERE / "fpv_app_driver.py"), "--config-dir", str(tmp_path / "cfg"),
         "--vlc-args", "--vout=dummy --aout=dummy", "--no-crash-dialog", *args],
        env=env, capture_output=True, text=True, timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_first_start_welcomes_and_the_demo_opens(tmp_path):
    seen = _run(tmp_path, "--pick-demo")
    assert seen.get("timeout") is None, seen
    assert seen["welcome"] is True
    assert seen["switcher"] == "Workspace: Demo workspace (built-in sample)"
    assert seen["streams"] > 0
    assert seen["entries"] == ["Demo workspace (built-in sample)"]
    assert {"aboutAction", "copyDiagnosticsAction"} <= set(seen["help"])
    assert not (tmp_path / "cfg" / "profiles.json").exists()  # the demo is never saved


def test_environment_credentials_skip_the_welcome(tmp_path, sandbox):
    seen = _run(tmp_path, env_extra={
        "FASTPIX_TOKEN_ID": sandbox.token_id, "FASTPIX_SECRET_KEY": sandbox.secret_key,
        "FASTPIX_API_BASE": sandbox.api_base, "FASTPIX_STREAM_BASE": sandbox.stream_base,
        "FASTPIX_IMAGE_BASE": sandbox.image_base,
    })
    assert seen.get("timeout") is None, seen
    assert seen["welcome"] is False
    assert seen["switcher"] == "Workspace: Environment (FASTPIX_* variables)"
    assert seen["entries"] == ["Environment (FASTPIX_* variables)", "Demo workspace (built-in sample)"]
