"""The sort order a list request asks for; its own module so the client's mixins and helpers
can name it without importing the client (which imports them)."""

from __future__ import annotations

from typing import Literal

Order = Literal["asc", "desc"]
