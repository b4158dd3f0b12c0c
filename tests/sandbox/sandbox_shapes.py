"""A JSON shape checker: same keys, same JSON types, same key order, recursively.

The FastPix spec marks nothing required, so validating against it proves nothing;
this compares the sandbox's JSON with *real recorded* responses instead.
"""

from __future__ import annotations


def json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "array"
    return "object"


def _reference_item(reference_items: list, item: object) -> object:
    """The reference element to compare ``item`` with: same ``type`` tag if there is one."""
    if isinstance(item, dict) and "type" in item:
        for candidate in reference_items:
            if isinstance(candidate, dict) and candidate.get("type") == item["type"]:
                return candidate
    return reference_items[0]


FREE_FORM_MAPS = frozenset({"metadata"})  # user-chosen keys, string values


def shape_problems(reference: object, actual: object, optional: frozenset[str] = frozenset(),
                   path: str = "$") -> list[str]:
    """Every difference in keys, JSON types and key order between ``actual`` and ``reference``.

    ``optional`` names keys (at any depth) the reference has but ``actual`` may omit,
    because FastPix omits them when empty or not applicable.  Keys ``actual`` has that the
    reference lacks are always problems.
    """
    problems: list[str] = []
    ref_type, act_type = json_type(reference), json_type(actual)
    if ref_type != act_type:
        return [f"{path}: {act_type} where the reference has {ref_type}"]
    if isinstance(reference, dict) and path.rsplit(".", 1)[-1] in FREE_FORM_MAPS:
        assert isinstance(actual, dict)
        return [f"{path}.{k}: {json_type(v)} where metadata values are strings"
                for k, v in actual.items() if not isinstance(v, str)]
    if isinstance(reference, dict):
        assert isinstance(actual, dict)
        for key in reference:
            if key not in actual and key not in optional:
                problems.append(f"{path}.{key}: missing")
        for key in actual:
            if key not in reference:
                problems.append(f"{path}.{key}: not in the reference")
        shared_ref = [k for k in reference if k in actual]
        shared_act = [k for k in actual if k in reference]
        if shared_ref != shared_act:
            problems.append(f"{path}: key order {shared_act} differs from the reference {shared_ref}")
        for key in shared_ref:
            problems.extend(shape_problems(reference[key], actual[key], optional, f"{path}.{key}"))
    elif isinstance(reference, list):
        assert isinstance(actual, list)
        if reference:
            for i, item in enumerate(actual):
                problems.extend(shape_problems(_reference_item(reference, item), item, optional,
                                               f"{path}[{i}]"))
    return problems
