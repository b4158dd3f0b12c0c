"""FastPix list parameters: ``limit`` 1..50 (default 10), 1-based page ``offset``, ``orderBy``."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import QueryParams

MAX_LIMIT = 50


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int
    ascending: bool


def parse_page(query: QueryParams) -> PageRequest | list[tuple[str, str]]:
    """The page asked for, or the (field, message) problems FastPix answers with 422."""
    problems: list[tuple[str, str]] = []

    def integer(name: str, default: int, low: int, high: int | None) -> int:
        raw = query.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            problems.append((name, "must be an integer"))
            return default
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            problems.append((name, f"must be {bound}"))
        return value

    limit = integer("limit", 10, 1, MAX_LIMIT)
    offset = integer("offset", 1, 1, None)
    order = query.get("orderBy", "desc")
    if order.lower() not in ("asc", "desc"):
        problems.append(("orderBy", "must be one of [asc, desc]"))
    if problems:
        return problems
    return PageRequest(limit=limit, offset=offset, ascending=order.lower() == "asc")
