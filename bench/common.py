"""Shared plumbing: the sandbox process, driver subprocesses, statistics, the machine."""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RESULT_PREFIX = "BENCH-RESULT "
HEADLESS_VLC = "--vout=dummy --aout=dummy"


def emit(result: dict[str, Any]) -> None:
    """What a driver hands back to the runner: one tagged JSON line on stdout."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


@dataclass
class Sandbox:
    """A `fastpix-viewer-sandbox` running in its own process."""

    info: dict[str, Any]
    process: subprocess.Popen = field(repr=False)

    def env(self) -> dict[str, str]:
        """FASTPIX_* variables that point the app (and the drivers) at this sandbox."""
        i = self.info
        return {
            "FASTPIX_API_BASE": i["api"], "FASTPIX_STREAM_BASE": i["stream"], "FASTPIX_IMAGE_BASE": i["image"],
            "FASTPIX_TOKEN_ID": i["token_id"], "FASTPIX_SECRET_KEY": i["secret_key"],
            "FASTPIX_SIGNING_KEY_ID": i["signing_key_id"] or "", "FASTPIX_SIGNING_KEY": i["signing_key"] or "",
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_sandbox(scale: int | None = None, faults: str = "", timeout: float = 120.0) -> Sandbox:
    args = [PYTHON, "-m", "fastpix_viewer.sandbox.cli", "--json", "--port", "0"]
    if scale is not None:
        args += ["--scale", str(scale)]
    if faults:
        args += ["--faults", faults]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    line = process.stdout.readline()  # the sandbox prints its JSON once it listens
    if not line or time.monotonic() > deadline:
        process.kill()
        raise RuntimeError(f"the sandbox (scale={scale}) did not start")
    return Sandbox(json.loads(line), process)


def base_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    runtime = Path(tempfile.gettempdir()) / f"fpv-bench-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.setdefault("XDG_RUNTIME_DIR", str(runtime))
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("FASTPIX_VIEWER_CONFIG_DIR", None)
    # An installed app runs from compiled bytecode; without a bytecode cache every start
    # would compile the app's sources again (~150 ms here). The cache lives outside the tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / f"fpv-bench-pycache-{os.getuid()}")
    env.update(extra or {})
    return env


def run_driver(module: str, args: Sequence[str] = (), env: dict[str, str] | None = None,
               timeout: float = 300.0, exit_failures: list[str] | None = None) -> list[dict[str, Any]]:
    """Run `python -m bench.<module>` and return the results it emitted.

    With `exit_failures` (a list), a process that emitted its result and then failed on the
    way out is accepted and its exit status and last lines are appended there (the figure
    is valid; the failure is reported separately)."""
    proc = subprocess.run([PYTHON, "-m", f"bench.{module}", *args], cwd=ROOT, env=base_env(env),
                          capture_output=True, text=True, timeout=timeout)
    results = [json.loads(line[len(RESULT_PREFIX):]) for line in proc.stdout.splitlines()
               if line.startswith(RESULT_PREFIX)]
    if proc.returncode != 0 and results and exit_failures is not None:
        last = " | ".join((proc.stderr or "").strip().splitlines()[-2:])
        exit_failures.append(f"exit {proc.returncode}: {last}")
        return results
    if proc.returncode != 0 or not results:
        tail = "\n".join((proc.stderr or "").splitlines()[-25:])
        raise RuntimeError(f"bench.{module} {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return results


# ---------------------------------------------------------------------- statistics

def summary(values: Sequence[float]) -> dict[str, Any]:
    vals = [float(v) for v in values]
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals),
            "runs": vals}


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


# ---------------------------------------------------------------------- machine

def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"') + f" (kernel {platform.release()})"
    except OSError:
        pass
    return platform.platform()


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, OS and the versions that matter (Qt and libVLC from a child process,
    so this process never loads them)."""
    probe = ("import json, PySide6, vlc; from PySide6 import QtCore;"
             "print(json.dumps({'pyside6': PySide6.__version__, 'qt': QtCore.qVersion(),"
             "'libvlc': vlc.libvlc_get_version().decode(), 'python_vlc': vlc.__version__}))")
    try:
        versions = json.loads(subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True,
                                             timeout=60, env=base_env()).stdout.strip().splitlines()[-1])
    except Exception as exc:
        versions = {"error": str(exc)}
    return {
        "cpu": _cpu_model(), "cores": os.cpu_count(), "ram_gb": _ram_gb(), "os": _os_name(),
        "python": platform.python_version(), **versions,
        "xvfb": bool(shutil.which("Xvfb")),
        "load_average_at_start": os.getloadavg(),
    }


def finish() -> None:
    """End a driver after its result is out: Qt/libVLC teardown at interpreter exit is not
    what is measured, and a crash there must not lose the figure."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
