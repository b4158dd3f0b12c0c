"""`python -m bench --quick` runs end to end and reports every figure of issue 8.

It asserts that each figure was measured (numbers present, baselines present, the machine
described), never how fast anything was: times on a shared CI machine are not a test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ("1.", "2.", "3a.", "3b.", "3c.", "3d.", "3e.", "4.", "5a.", "5b.", "6.")


@pytest.mark.slow  # minutes: every figure of the bench, measured for real
@pytest.mark.timeout(420)
def test_quick_bench_produces_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text())

    names = [f["figure"] for f in report["figures"]]
    for prefix in EXPECTED:
        assert any(name.startswith(prefix) for name in names), f"figure {prefix} missing from {names}"
    for f in report["figures"]:
        for side in ("ours", "baseline"):
            s = f[side]
            assert s["n"] >= 1 and s["min"] <= s["median"] <= s["max"], (f["figure"], side, s)
            assert s["max"] > 0, (f["figure"], side, s)
        # A target met or missed, or a figure reported beside one (the first frame without a window).
        assert isinstance(f["met"], bool) or (f["met"] is None and f["target"].startswith("report")), f["figure"]
        assert f["target"], f["figure"]
    assert len(report["growth"]) == 3 and report["growth"][0]["media"] < report["growth"][-1]["media"]

    machine = report["machine"]
    for key in ("cpu", "cores", "ram_gb", "os", "python", "qt", "libvlc"):
        assert machine.get(key), key
    # The table is printed for people, with every figure on it.
    for name in names:
        assert name in proc.stdout

    # The plots (issue 15) are drawn next to the JSON when the bench extra (matplotlib) is there.
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "no plots: matplotlib is not installed" in proc.stderr + proc.stdout
        return
    for name in ("quick-growth.png", "quick-ratios.png"):
        png = tmp_path / name
        assert png.exists(), f"{name} not written"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000, name
