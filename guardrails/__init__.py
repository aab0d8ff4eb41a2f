"""Guardrails: bilingual (en + zh) scoring of specificity, balance, bias, grounding, privacy, recency and
injection, with findings (spans, messages, rewrite hints), a per-team policy and an optional LLM judge.

No draft leaves the assistant without a guardrail report::

    from guardrails import check_text
    report = check_text("He is a great team player.")
    report.verdict, report.scores["specificity"], report.findings[0].suggestion
"""

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
