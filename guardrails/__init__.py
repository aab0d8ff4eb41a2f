"""Guardrails: bilingual (en + zh) scoring of specificity, balance, bias, grounding, privacy, recency and
injection, with findings (spans, messages, rewrite hints), a per-team policy and an optional LLM judge.

No draft leaves the assistant without a guardrail report::

    from guardrails import check_text
    report = check_text("He is a great team player.")
    report.verdict, report.scores["specificity"], report.findings[0].suggestion
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from guardrails.check import check_text
    from guardrails.injection import neutralise, scan_events
    from guardrails.judge import RUBRIC, Judge
    from guardrails.models import DIMENSIONS, Dimension, Finding, GuardrailReport, JudgeScore, Verdict
    from guardrails.policy import GuardrailSettings, Policy, ThresholdOverrides, Thresholds
    from guardrails.text import detect_language, warm_up

__all__ = [
    "DIMENSIONS",
    "RUBRIC",
    "Dimension",
    "Finding",
    "GuardrailReport",
    "GuardrailSettings",
    "Judge",
    "JudgeScore",
    "Policy",
    "ThresholdOverrides",
    "Thresholds",
    "Verdict",
    "check_text",
    "detect_language",
    "neutralise",
    "scan_events",
    "warm_up",
]

_EXPORTS: dict[str, str] = {
    "DIMENSIONS": "guardrails.models",
    "Dimension": "guardrails.models",
    "Finding": "guardrails.models",
    "GuardrailReport": "guardrails.models",
    "GuardrailSettings": "guardrails.policy",
    "Judge": "guardrails.judge",
    "JudgeScore": "guardrails.models",
    "Policy": "guardrails.policy",
    "RUBRIC": "guardrails.judge",
    "ThresholdOverrides": "guardrails.policy",
    "Thresholds": "guardrails.policy",
    "Verdict": "guardrails.models",
    "check_text": "guardrails.check",
    "detect_language": "guardrails.text",
    "neutralise": "guardrails.injection",
    "scan_events": "guardrails.injection",
    "warm_up": "guardrails.text",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use, so importing one submodule does not load every scorer."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
