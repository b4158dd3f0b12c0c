"""Deterministic, FastPix-shaped identifiers (the seed workspace is identical on every run)."""

from __future__ import annotations

import random
import string
import uuid


class IdSource:
    """IDs drawn from one seeded generator: same seed, same IDs, in the same order."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def hex32(self) -> str:
        """A live stream ID: 32 lowercase hex characters, not a UUID."""
        return f"{self._rng.getrandbits(128):032x}"

    def secret(self, length: int = 32) -> str:
        """A fake but random-looking stream key or SRT secret."""
        alphabet = string.ascii_lowercase + string.digits
        return "".join(self._rng.choice(alphabet) for _ in range(length))
