"""Phrase banks for the demo organisation (``assistant.demo.org``), in English and Simplified Chinese.

The banks are data: ``phrases_data/*.yaml``, one file per bank, loaded once here.

A template is ``(source, title, description, metrics, complexity[, project])``; the optional project pins
the ``{project}`` slot, which otherwise is one of the person's projects active that month. Titles and
descriptions are ``str.format`` strings; slots are ``{project}``, ``{peer}``, ``{name}``, ``{manager}`` and
the domain's lists (``{svc}``, ``{client}``, ...). ``metrics`` is ``;``-separated specs: ``name unit lo hi``
for a plain count drawn from ``[lo, hi]``, or ``name unit lo hi dir glo ghi tgain`` for a measured change:
the baseline is drawn from ``[lo, hi]``, the value moves by a fraction in ``[glo, ghi]`` in direction ``dir``
(``+`` higher is better, ``-`` lower is better) and the target sits ``tgain`` away from the baseline, so
some events miss their target. The ``i``-th metric fills ``{v<i>}``, ``{b<i>}``, ``{t<i>}`` and ``{vs<i>}``
(a "met / missed the target" phrase). Unit ``-`` means none; decimals follow how ``lo``/``hi`` are written.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "CAST",
    "DOMAINS",
    "EXCLUDED",
    "GENERIC",
    "NAMES",
    "OBJECTIVES",
    "ONE_ON_ONE",
    "SPECIAL_EVENTS",
    "VERDICT",
    "Template",
]

Template = list[str]
PHRASES_DIR = Path(__file__).parent / "phrases_data"


@cache
def _bank(name: str) -> Any:
    path = PHRASES_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


CAST: dict[str, Any] = _bank("cast")
VERDICT: dict[str, list[str]] = _bank("verdict")
DOMAINS: dict[str, dict[str, Any]] = _bank("domains")
GENERIC: dict[str, dict[str, list[Template]]] = _bank("generic")
ONE_ON_ONE: dict[str, list[list[str]]] = _bank("one_on_one")
EXCLUDED: dict[str, list[list[str]]] = _bank("excluded")
NAMES: dict[str, Any] = _bank("names")
OBJECTIVES: list[dict[str, Any]] = _bank("objectives")
SPECIAL_EVENTS: list[dict[str, Any]] = _bank("special_events")
