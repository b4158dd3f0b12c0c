"""Secrets stay secret through a whole session of the real app (a subprocess).

HOME, TMPDIR and every XDG dir point into a scratch folder, so platformdirs puts settings,
logs, caches, the offline database, thumbnails, crash logs and downloads there. The keyring
is an in-memory backend (a real one writes the secret to its store by design, which would
make a scan of the disk meaningless). The session connects through the welcome dialog, first
with a wrong secret key, then the right one. After the session, every file under the scratch
folder and the app's stdout/stderr must contain none of: the secret key, the wrong one typed
first, the signing key (base64 and each PEM body line), any stream key or SRT secret in the
workspace, or any signed token (JWT). Tokens may appear only in the `url` command's output
and on the clipboard.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest
from fpv_secret_scan import JWT, Hit, files_under, scan_bytes, scan_tree, signing_key_needles

HERE = Path(__file__).parent
WRONG_SECRET = "fpv-wrong-secret-7Qx2LmZ9vKp4Rt8N"  # typed into the welcome dialog first; must leak nowhere
ROOT = HERE.parent.parent


def workspace_needles(sandbox) -> dict[str, str]:
    needles = {"secret key": sandbox.secret_key, "wrong secret key": WRONG_SECRET,
               **signing_key_needles(sandbox.signing_key)}
    for stream in sandbox.state.workspace._streams.values():
        needles[f"stream key of {stream.id}"] = stream.stream_key
        needles[f"SRT secret of {stream.id}"] = stream.srt_secret
        needles[f"SRT playback secret of {stream.id}"] = stream.srt_playback_secret
        for simulcast in stream.simulcasts:
            needles[f"simulcast key {simulcast.id}"] = simulcast.stream_key
    return needles


def private_recording(sandbox):
    """The seed's private-only media, with MP4 downloads switched on for this test only
    (the fixture resets the store afterwards) so the download needs a signed token too."""
    media = next(m for m in sandbox.state.workspace._media.values()
                 if [p.access_policy for p in m.playback_ids] == ["private"] and m.status == "Ready")
    media.mp4_support = ("capped_4k",)
    return media


def signed_url(sandbox, playback_id: str) -> str:
    pem = base64.b64decode(sandbox.signing_key)
    token = jwt.encode({"aud": f"media:{playback_id}", "exp": int(time.time()) + 600}, pem,
                       algorithm="RS256", headers={"kid": sandbox.signing_key_id})
    return f"{sandbox.stream_base}/{playback_id}.m3u8?token={token}"


def scratch_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FASTPIX_", "XDG_"))}
    dirs = {"HOME": "home", "XDG_CONFIG_HOME": "config", "XDG_CACHE_HOME": "cache",
            "XDG_DATA_HOME": "data", "XDG_STATE_HOME": "state", "XDG_RUNTIME_DIR": "runtime",
            "TMPDIR": "tmp"}
    for name, sub in dirs.items():
        path = scratch / sub
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[name] = str(path)
    (scratch / "home" / "Downloads").mkdir()  # where the app downloads to by default
    env.update({
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "fpv_support.memory_keyring.MemoryKeyring",  # RAM only: see that module
        "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent), str(ROOT), env.get("PYTHONPATH", "")]),
    })
    return env


def test_the_scanner_finds_a_planted_secret_of_every_kind(tmp_path, sandbox):
    needles = workspace_needles(sandbox)
    planted = tmp_path / "state" / "logs" / "app.log"
    planted.parent.mkdir(parents=True)
    for what, value in needles.items():
        planted.write_text(f"2026-01-01 INFO something {value} happened\n")
        assert Hit("state/logs/app.log", what) in scan_tree(tmp_path, needles), what
    planted.write_text("playing " + signed_url(sandbox, "11111111-2222-3333-4444-555555555555"))
    assert [h.what for h in scan_tree(tmp_path, needles)] == ["a signed token (JWT)"]
    planted.write_text("nothing secret here: <redacted>")
    assert scan_tree(tmp_path, needles) == []


@pytest.mark.timeout(150)
def test_a_whole_session_leaves_no_secret_behind(tmp_path, sandbox):
    scratch = tmp_path / "scratch"
    env = scratch_env(scratch)
    media = private_recording(sandbox)
    pid = media.playback_ids[0].id
    needles = workspace_needles(sandbox)
    clipboard_out = tmp_path / "clipboard.txt"  # outside the scratch folder: tokens allowed there

    # Prove the scan first: a planted secret in the scratch folder is found, then removed.
    planted = scratch / "state" / "planted.txt"
    planted.write_text(sandbox.secret_key)
    assert scan_tree(scratch, needles) == [Hit("state/planted.txt", "secret key")]
    planted.unlink()

    facts = {"api": sandbox.api_base, "stream": sandbox.stream_base, "image": sandbox.image_base,
             "control": sandbox.control_base, "token_id": sandbox.token_id, "secret_key": sandbox.secret_key,
             "wrong_secret_key": WRONG_SECRET, "signing_key_id": sandbox.signing_key_id,
             "signing_key": sandbox.signing_key,
             "private_media": media.id, "signed_url": signed_url(sandbox, pid),
             "stream_id": media.stream_id, "stream_key": sandbox.state.workspace.stream(media.stream_id).stream_key}
    result = subprocess.run(
        [sys.executable, str(HERE / "fpv_secret_session_driver.py")],
        env={**env, "FPV_SESSION": json.dumps(facts), "FPV_CLIPBOARD_OUT": str(clipboard_out)},
        capture_output=True, timeout=120, cwd=scratch / "home",
    )
    stdout, stderr = result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")
    assert result.returncode == 0, stderr[-3000:]
    seen = json.loads(stdout.strip().splitlines()[-1])
    assert "timeout" not in seen and "driver_error" not in seen, seen
    assert seen["steps"] == ["connected", "browsed", "played", "downloaded", "errors", "stream key", "crashed",
                             "diagnostics"]
    assert "did not accept this Access Token ID and Secret Key" in seen["connect_error"], seen
    assert WRONG_SECRET not in seen["connect_error"], seen
    assert seen["played_id"] == media.id, seen
    assert seen["player_state"] == "playing", seen  # the private recording really played (signed)
    assert seen["download"] == "done", seen
    assert seen["open_error"], seen

    # The session really wrote the places we scan: settings, logs (with the crash), the download.
    written = files_under(scratch)
    logs = [scratch / f for f in written if f.endswith(".log")]
    assert logs, written
    crash_text = "".join(p.read_text(errors="replace") for p in logs)
    assert "induced failure with secret" in crash_text, "the crash path never logged"
    assert any(f.endswith(".mp4") for f in written), written
    assert any(f.endswith(".ini") for f in written), written

    hits = scan_tree(scratch, needles)
    hits += scan_bytes(result.stdout, "stdout", needles) + scan_bytes(result.stderr, "stderr", needles)
    assert hits == [], f"secrets found: {hits}\nfiles: {written}"

    # The clipboard (diagnostics) may carry a token, never a key.
    assert scan_bytes(clipboard_out.read_bytes(), "clipboard", needles, jwts=False) == []

    # `url` prints a signed URL on stdout (that is its job); its stderr and the disk stay clean.
    url = subprocess.run(
        [sys.executable, "-m", "fastpix_viewer", "url", media.id],
        env={**env, "FASTPIX_TOKEN_ID": sandbox.token_id, "FASTPIX_SECRET_KEY": sandbox.secret_key,
             "FASTPIX_API_BASE": sandbox.api_base, "FASTPIX_STREAM_BASE": sandbox.stream_base,
             "FASTPIX_IMAGE_BASE": sandbox.image_base, "FASTPIX_SIGNING_KEY_ID": sandbox.signing_key_id,
             "FASTPIX_SIGNING_KEY": sandbox.signing_key},
        capture_output=True, timeout=60, cwd=scratch / "home",
    )
    assert url.returncode == 0, url.stderr[-2000:]
    assert JWT.search(url.stdout), "url should print a signed URL for a private media"
    assert scan_bytes(url.stdout, "url stdout", needles, jwts=False) == []
    assert scan_bytes(url.stderr, "url stderr", needles) == []
    assert scan_tree(scratch, needles) == []
