"""Local caches that outlive a run, free of Qt and libVLC (workers, tests and tools can use them).

- `disk_cache.DiskCache`: a size-bounded directory of files, least recently used evicted first.
- `thumbnails`: cache keys for image-host thumbnails (never a token) and their fetching.
- `offline.OfflineStore`: each workspace's last complete listings and item details in SQLite.
"""

from __future__ import annotations

from .disk_cache import DiskCache
from .offline import CachedItem, CachedListing, OfflineStore, workspace_key
from .thumbnails import ThumbSpec, fetch_thumbnail, looks_like_image, thumbnail_key

__all__ = ["CachedItem", "CachedListing", "DiskCache", "OfflineStore", "ThumbSpec", "fetch_thumbnail",
           "looks_like_image", "thumbnail_key", "workspace_key"]
