"""Find seed media/streams by what they are (asset, status, policy) through the in-process server."""

from __future__ import annotations


def seed_media(server, *, asset: str | None = None, status: str = "Ready", policy: str = "public",
               whole: bool = True, mp4: str | None = None):
    """The first seed media matching; ``whole`` excludes clips (which cover part of an asset)."""
    for m in server.workspace.page_media(50, 1).items:
        if asset is not None and m.asset != asset:
            continue
        if m.status != status or (whole and m.span is not None):
            continue
        if mp4 is not None and mp4 not in m.mp4_support:
            continue
        for p in m.playback_ids:
            if p.access_policy == policy and p.restrictions["domains"]["defaultPolicy"] == "allow":
                return m, p.id
    raise LookupError(f"no seed media with asset={asset} status={status} policy={policy}")
