"""Readable validation errors for YAML files: ``file:line: field.path: reason``, one per problem.

``line_map`` remembers the line of every key and item while the YAML is composed; ``validation_errors``
turns pydantic's errors into sentences at those lines, showing one branch of a union (the one the author
meant) instead of every branch's complaint.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import ValidationError

__all__ = ["by_line", "dotted", "line_map", "location", "one_branch", "validation_errors"]


def line_map(node: yaml.Node | None, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """``{path: 1-based line}`` for every mapping key and sequence item under ``node``."""
    lines: dict[tuple[Any, ...], int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, key.value)
            lines.update(line_map(value, sub))
            lines[sub] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(line_map(item, (*path, index)))
    return lines


def location(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str]:
    """The part of a pydantic ``loc`` that exists in ``data`` (union tags dropped), and its dotted form."""
    kept: list[Any] = []
    current = data
    for part in loc:
        part = _ALIASES.get(part, part) if isinstance(part, str) else part
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_dict or in_list:
            kept.append(part)
            current = current[part]  # type: ignore[index]
        elif isinstance(current, dict) and isinstance(part, str) and part not in _UNION_TAGS:
            kept.append(part)  # a missing field: keep its name for the message (union branch names are dropped)
            current = None
    return tuple(kept), dotted(tuple(kept)) or "(top level)"


_ALIASES = {"assert_": "assert", "is_": "is"}
_SHAPE_TAGS = frozenset(
    {"str", "list[str]", "list[literal['pass','revise','block']]", "literal['pass','revise','block']"}
)
_UNION_TAGS = frozenset(
    {
        "scores",
        "verdict",
        "cites",
        "must_mention",
        "must_not_mention",
        "language",
        "no_protected_attributes",
        "grounded",
        "length",
        "counterfactual_swap",
        "injection_resistance",
        "llm_rubric",
        "latency",
        "tokens",
        "cost",
        "refused",
        "str",
        "list[str]",
        "list[literal['pass','revise','block']]",
        "literal['pass','revise','block']",
    }
)


def validation_errors(
    exc: ValidationError,
    data: Any,
    lines: dict[tuple[Any, ...], int],
    where: str,
    prefix: tuple[Any, ...] = (),
    inherited: int = 0,
    own: dict[str, Any] | None = None,
) -> list[str]:
    """One ``file:line: field: reason`` per error, by line.

    For a case, ``own`` is what the case itself says and ``inherited`` how many assertions came first from
    ``defaults``: an error in a value the case inherited points at the ``defaults`` block, once.
    """
    out: list[tuple[int, str]] = []
    for err in one_branch(exc.errors(include_url=False), data):
        kept, field_path = location(data, tuple(err["loc"]))
        base = prefix
        if own is not None and kept and _inherited_field(kept, own, data):
            base = ("defaults",)
        if inherited and len(kept) >= 2 and kept[0] == "assert" and isinstance(kept[1], int):
            if kept[1] < inherited:  # the error is in a default assertion: point at the defaults block
                base = ("defaults",)
            else:
                kept = ("assert", kept[1] - inherited, *kept[2:])
            field_path = dotted(kept)
        full = (*base, *kept)
        line = next((lines[full[:n]] for n in range(len(full), -1, -1) if full[:n] in lines), None)
        prefix_text = dotted(base)
        label = f"{prefix_text}{'.' if prefix_text and not field_path.startswith('[') else ''}{field_path}"
        if field_path == "(top level)" and prefix_text:
            label = prefix_text
        message = f"{where}:{line or 1}: {label}: {err['msg']}"
        if any(o.startswith(f"{where}:{line or 1}: {label}: ") for _, o in out):
            continue  # one message per field (a union reports each of its branches)
        out.append((line or 1, message))
    return [message for _, message in sorted(out, key=lambda item: item[0])]


def _inherited_field(kept: tuple[Any, ...], own: dict[str, Any], merged: dict[str, Any]) -> bool:
    """Whether the value at ``kept`` came from ``defaults``: the merged case has it, the case itself does not."""
    if kept[0] in ("task", "requester", "period"):
        return kept[0] in merged and kept[0] not in own
    if kept[0] == "request" and len(kept) >= 2:
        return kept[1] in (merged.get("request") or {}) and kept[1] not in (own.get("request") or {})
    return False


def by_line(message: str) -> int:
    match = re.match(r"^[^\n]*?:(\d+):", message)
    return int(match.group(1)) if match else 0


def one_branch(errors: list[Any], data: Any) -> list[Any]:
    """Of a ``str | list[str]`` style union's errors, keep the branch that matches the input's shape.

    ``is: [pass, maybe]`` fails both as a scalar and as a list; only the list branch's error (``is[1]``)
    says something useful, so the scalar branch's is dropped (and vice versa for a scalar input).
    """
    kept = []
    for err in errors:
        loc = tuple(err["loc"])
        tag_at = next((i for i, part in enumerate(loc) if part in _SHAPE_TAGS), None)
        if tag_at is not None:
            value: Any = data
            for part in loc[:tag_at]:
                in_dict = isinstance(value, dict) and part in value
                if in_dict or (isinstance(value, list) and isinstance(part, int) and part < len(value)):
                    value = value[part]
            is_list_branch = str(loc[tag_at]).startswith("list[")
            if is_list_branch != isinstance(value, list):
                continue
        kept.append(err)
    return kept or errors


def dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
