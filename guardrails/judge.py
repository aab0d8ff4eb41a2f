"""Optional LLM-judge mode: a judge scores a text against a rubric, beside the deterministic scores.

The provider layer implements :class:`Judge`; tests pass a fake. A judge never replaces a deterministic
score: its opinion is ``report.judge``, and a failing judge leaves ``report.judge_error`` instead.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from guardrails.models import JudgeScore

__all__ = ["RUBRIC", "Judge", "JudgeScore"]

#: What the judge is asked to score, by language. Kept short: the provider wraps it in its own prompt.
RUBRIC = {
    "en": (
        "Score this performance feedback from 0 to 100. Full marks need: every statement tied to a specific "
        "situation, an observable behaviour and its impact; strengths and development areas both present; "
        "at least one actionable next step; no judgements of personality; no reference to gender, age, family "
        "or marital status, ethnicity, origin, school tier, health or appearance; nothing beyond the evidence."
    ),
    "zh": (
        "请为这段绩效反馈打分（0-100）。满分要求：每条陈述都有具体情境、可观察的行为及其影响；既有优点也有改进方向；"
        "至少一条可执行的下一步；不评价性格；不涉及性别、年龄、婚育、民族、地域户籍、学校层次、健康或外貌；不超出证据。"
    ),
}


@runtime_checkable
class Judge(Protocol):
    """Anything that scores a text against a rubric (an LLM behind the provider layer, or a fake)."""

    def score(self, text: str, rubric: str, lang: str) -> JudgeScore:
        """Score ``text`` 0-100 against ``rubric``, with a short rationale, in ``lang``."""
        ...
