"""Sandbox modes for FastPix behaviour nobody has confirmed (shared notes §10).

Tests that pass only because of one form get parametrised over every form: request
`recording_mode`, `patch_mode`, `token_exp_mode`, `recording_clip_mode`, `live_clips_mode` or
`ai_refusal` (they set the mode on the reset session sandbox; the next test's reset puts the
start-up modes back).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

RECORDING_MODES = ("seed", "always", "never")
PATCH_MODES = ("replace", "merge")
TOKEN_EXP_MODES = ("every", "master")
RECORDING_CLIP_MODES = ("live", "plain")
LIVE_CLIPS_MODES = ("clips", "with_recordings")
# How a plan without in-video AI says no: FastPix documents none of these (notes §10).
AI_REFUSALS = (403, 402, 400)


def set_modes(server: Any, **modes: str) -> None:
    server.state.workspace.set_modes(modes)


@pytest.fixture(params=RECORDING_MODES, ids=[f"recordings-streamId-{m}" for m in RECORDING_MODES])
def recording_mode(request, sandbox) -> str:
    """Recordings carry streamId as seeded (mixed), always, or never (like FastPix's docs example)."""
    set_modes(sandbox, recording_stream_id=request.param)
    return request.param


@pytest.fixture(params=PATCH_MODES, ids=[f"patch-{m}" for m in PATCH_MODES])
def patch_mode(request, sandbox) -> str:
    """PATCH metadata replaces the map, or merges into it."""
    set_modes(sandbox, metadata_patch=request.param)
    return request.param


@pytest.fixture(params=TOKEN_EXP_MODES, ids=[f"exp-{m}" for m in TOKEN_EXP_MODES])
def token_exp_mode(request, sandbox) -> str:
    """The stream host checks a token's exp on every request, or on the master playlist only."""
    set_modes(sandbox, token_exp=request.param)
    return request.param


@pytest.fixture(params=RECORDING_CLIP_MODES, ids=[f"recording-clip-{m}" for m in RECORDING_CLIP_MODES])
def recording_clip_mode(request, sandbox) -> str:
    """A clip cut from a recording carries the stream's streamId and is one of its live clips
    ("live"), or is a plain media clip without streamId ("plain")."""
    set_modes(sandbox, recording_clip=request.param)
    return request.param


@pytest.fixture(params=LIVE_CLIPS_MODES, ids=[f"live-clips-{m}" for m in LIVE_CLIPS_MODES])
def live_clips_mode(request, sandbox) -> str:
    """A stream's /live-clips lists its live clips only, or its recordings too."""
    set_modes(sandbox, live_clips=request.param)
    return request.param


def refuse_ai_features(server: Any, status: int = 403) -> None:
    """The workspace's plan lacks AI features; FastPix says so with `status` (403, 402, or a
    400 worded about the plan)."""
    httpx.post(f"{server.control_base}/insights", json={"ai_features": False, "refusal": status},
               timeout=10).raise_for_status()


@pytest.fixture(params=AI_REFUSALS, ids=[f"ai-refused-{s}" for s in AI_REFUSALS])
def ai_refusal(request, sandbox) -> int:
    """A workspace without AI features, refusing in each plausible form; the HTTP status."""
    refuse_ai_features(sandbox, request.param)
    return request.param
