"""CLI tests run the real command (`fastpix_viewer.cli.main`, or the module in a subprocess)
against the sandbox, with a private config dir and the in-memory keyring backend."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from fpv_support.keyring_fixture import memory_keyring  # noqa: F401  (a fixture, found by name)

from fastpix_viewer.cli import main

ENV_NAMES = ("FASTPIX_API_BASE", "FASTPIX_STREAM_BASE", "FASTPIX_IMAGE_BASE", "FASTPIX_TOKEN_ID", "FASTPIX_SECRET_KEY",
             "FASTPIX_SIGNING_KEY_ID", "FASTPIX_SIGNING_KEY", "FASTPIX_VIEWER_CONFIG_DIR")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        """The one line a failure prints (asserting there is exactly one and no traceback)."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert len(lines) == 1, self.err
        assert "Traceback" not in self.err
        assert lines[0].startswith("fastpix-viewer: ")
        return lines[0]


@pytest.fixture
def clean_env(monkeypatch, tmp_path, memory_keyring):  # noqa: F811  (the imported fixture, requested by name)
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FASTPIX_VIEWER_CONFIG_DIR", str(tmp_path / "config"))
    return monkeypatch


@pytest.fixture
def sandbox_env(sandbox, clean_env):
    """The "environment" workspace pointing at the sandbox."""
    clean_env.setenv("FASTPIX_API_BASE", sandbox.api_base)
    clean_env.setenv("FASTPIX_STREAM_BASE", sandbox.stream_base)
    clean_env.setenv("FASTPIX_IMAGE_BASE", sandbox.image_base)
    clean_env.setenv("FASTPIX_TOKEN_ID", sandbox.token_id)
    clean_env.setenv("FASTPIX_SECRET_KEY", sandbox.secret_key)
    return clean_env


@pytest.fixture
def cli(capsys):
    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli_process():
    """The real entry point in a child process (exit status, stdout, stderr as a user sees them)."""

    def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
        done = subprocess.run([sys.executable, "-m", "fastpix_viewer", *args], capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, input=stdin, timeout=120)
        return Result(done.returncode, done.stdout, done.stderr)

    return run
