"""Who may fetch a playback ID's playlists, segments and images.

Private IDs need a valid signed ``token`` (see ``signing.py``); DRM IDs are refused to
this non-DRM server; access restrictions compare the User-Agent, and the Referer/Origin
when one is sent (native players such as libVLC send none, so domain rules only bite
browsers, as with a CDN).
"""

from __future__ import annotations

from urllib.parse import urlparse

from starlette.requests import Request
from starlette.responses import Response

from . import responses as r
from .model import PlaybackRecord
from .state import SandboxState


def _matches(value: str, patterns: list[str]) -> bool:
    value = value.lower()
    for pattern in patterns:
        p = pattern.lower()
        if p.startswith("*.") and (value.endswith(p[1:]) or value == p[2:]):
            return True
        if p == value or (p and p in value and "*" not in p and "." not in p):
            return True
    return False


def _restriction_refusal(playback: PlaybackRecord, request: Request) -> Response | None:
    agents = playback.restrictions.get("userAgents", {})
    agent = request.headers.get("user-agent", "")
    if _matches(agent, agents.get("deny", [])) or (
        agents.get("defaultPolicy") == "deny" and not _matches(agent, agents.get("allow", []))
    ):
        return r.error(403, "access denied", "This user agent is not allowed to play this playback ID.")
    referer = request.headers.get("referer") or request.headers.get("origin")
    if referer:
        host = urlparse(referer).hostname or ""
        domains = playback.restrictions.get("domains", {})
        if _matches(host, domains.get("deny", [])) or (
            domains.get("defaultPolicy") == "deny" and not _matches(host, domains.get("allow", []))
        ):
            return r.error(403, "access denied", "This domain is not allowed to play this playback ID.")
    return None


def refusal(state: SandboxState, playback: PlaybackRecord, request: Request, *,
            master: bool = True) -> Response | None:
    """The FastPix JSON error for a request that may not have this playback ID, else None.

    ``master``: this is the master playlist. In ``token_exp=master`` mode only that request
    checks the token's expiry; children and segments need a token that is otherwise valid.
    """
    if playback.access_policy == "private":
        token = request.query_params.get("token")
        if not token:
            return r.error(401, "unauthorized", "A signed token is required for this private playback ID.")
        check_exp = master or state.workspace.modes["token_exp"] == "every"  # noqa: S105 (a mode, not a secret)
        problem = state.signing.verify(token, playback.id, check_exp=check_exp,
                                       clock_offset=state.workspace.clock_offset)
        if problem:
            return r.error(401, "unauthorized", problem)
    elif playback.access_policy == "drm":
        return r.error(403, "drm license required",
                       "This playback ID is DRM protected and needs a DRM-capable player.")
    return _restriction_refusal(playback, request)
