"""A draft as a person reads it: the summary, then each section's statements with their citations."""

from __future__ import annotations

import re

from assistant.drafting.schemas import FeedbackDraft, GoalProposal, GoalSet, NoteStatement, Statement, ThinNote

__all__ = ["SECTIONS", "checked_text", "feedback_text", "goal_words", "goals_text"]

_SECTION_LABEL = {
    "en": {
        "strength": "Strengths",
        "development": "Development areas",
        "next_step": "Next steps",
        "on_record": "On record",
        "to_collect": "To collect before a full review",
        "question": "Questions for the next check-in",
    },
    "zh": {
        "strength": "优势",
        "development": "待发展方面",
        "next_step": "下一步行动",
        "on_record": "已有记录",
        "to_collect": "完整评估前需要补充",
        "question": "下次沟通可以聊的问题",
    },
}
SECTIONS = ("strength", "development", "next_step", "on_record", "to_collect", "question")


_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_ZH_COUNT = re.compile(r"[一二两三四五六七八九十]+(?:到[一二两三四五六七八九十]+)?(?=[名位次份项家篇])")


def goal_words(goal: GoalProposal, lang: str) -> str:
    """What the guardrails read of a goal: its words. Key-result numbers are derived in code and checked there,
    so a commitment the objective names ("lead 2 design reviews") is not read as a claim about the past."""
    planned = {f"{v:g}" for kr in goal.key_results for v in (kr.floor, kr.target, kr.stretch) if v is not None}
    objective = goal.objective
    every = goal.kind == "capability"  # the action is a commitment: its numbers are plans, not claims
    if planned or every:
        objective = _NUMBER.sub(lambda m: "" if every or m.group(0) in planned else m.group(0), objective)
    if goal.kind == "capability":
        objective = _ZH_COUNT.sub("", objective)
    return ("；" if lang == "zh" else "; ").join(p for p in (objective, goal.rationale) if p)


def checked_text(parsed: FeedbackDraft | ThinNote | GoalSet, lang: str) -> str:
    """The text the guardrails check: summary and statements, or the goals' words."""
    if isinstance(parsed, FeedbackDraft | ThinNote):
        lines = [parsed.summary] if parsed.summary else []
        return "\n".join([*lines, *(s.text for s in parsed.statements)])
    return "\n".join(goal_words(g, lang) for g in parsed.goals)


def feedback_text(summary: str, statements: list[Statement | NoteStatement], lang: str) -> str:
    """Summary, then strengths, development areas and next steps, each statement with ``[event ids]``."""
    lines = [summary, ""]
    for section in SECTIONS:
        chosen = [s for s in statements if s.section == section]
        if not chosen:
            continue
        lines.append(_SECTION_LABEL[lang][section] + ("：" if lang == "zh" else ":"))
        lines.extend(f"- {s.text} [{', '.join(s.event_ids)}]" if s.event_ids else f"- {s.text}" for s in chosen)
        lines.append("")
    return "\n".join(lines).strip()


_GOAL_WORDS = {
    "en": {
        "floor": "floor", "target": "target", "stretch": "stretch", "baseline": "baseline", "how": "how",
        "why": "why it fits", "reference": "how it was done before", "skills": "skill fit",
        "team": "team {b} → {t} (a team-level number: your contribution, not a personal target)",
        "carried": "(team objective carried forward from {period})", "kind.outcome": "outcome",
        "kind.capability": "capability",
    },
    "zh": {
        "floor": "保底", "target": "目标", "stretch": "挑战", "baseline": "基线", "how": "推导",
        "why": "为什么适合", "reference": "以往的做法", "skills": "技能匹配",
        "team": "团队 {b} → {t}（团队层面的数字：你的贡献，不是个人目标）",
        "carried": "（沿用{period}的团队目标）", "kind.outcome": "成果", "kind.capability": "能力",
    },
}  # fmt: skip


def _num(value: float | None, unit: str | None) -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if abs(value - round(value)) < 1e-9 and abs(value) >= 10_000 else f"{value:g}"
    if not unit:
        return text
    tight = unit in ("%",) or unit.startswith("/") or not unit.isascii()
    return f"{text}{unit}" if tight else f"{text} {unit}"


def goals_text(summary: str, goals: list[GoalProposal], lang: str) -> str:
    """Summary, then each goal: its key results (floor / target / stretch from the baseline, and how they were
    derived; team-level numbers marked as contributions), why it fits and how it was done before, cited."""
    w = _GOAL_WORDS["zh" if lang == "zh" else "en"]
    colon = "：" if lang == "zh" else ": "
    lines = [summary, ""]
    for n, goal in enumerate(goals, start=1):
        cite = f" [{', '.join(goal.event_ids)}]" if goal.event_ids else ""
        lines.append(f"{n}. {goal.objective}{cite}")
        if goal.carried_forward_from:
            lines.append("   " + w["carried"].format(period=goal.carried_forward_from))
        for k, kr in enumerate(goal.key_results, start=1):
            ref = kr.ref or f"{n}.{k}"
            label = kr.label or kr.metric
            if kr.scope == "team":
                team = w["team"].format(b=_num(kr.team_baseline, kr.unit), t=_num(kr.team_target, kr.unit))
                lines.append(f"   KR {ref} {label}{colon}{team}")
                continue
            base = ""
            if kr.baseline is not None:
                base = (
                    f"（{w['baseline']} {_num(kr.baseline, kr.unit)}）"
                    if lang == "zh"
                    else (f" ({w['baseline']} {_num(kr.baseline, kr.unit)})")
                )
            lines.append(
                f"   KR {ref} {label}{colon}{w['floor']} {_num(kr.floor, kr.unit)} / {w['target']} "
                f"{_num(kr.target, kr.unit)} / {w['stretch']} {_num(kr.stretch, kr.unit)}{base}"
            )
            if kr.derivation:
                lines.append(f"      {w['how']}{colon}{kr.derivation}")
        for key, reasons in (("why", goal.why), ("reference", goal.reference_path)):
            for i, reason in enumerate(reasons):
                head = f"   {w[key]}{colon}" if i == 0 else "   " + " " * (len(w[key]) * (2 if lang == "zh" else 1) + 2)
                cited = f" [{', '.join(reason.event_ids)}]" if reason.event_ids else ""
                lines.append(f"{head}- {reason.text}{cited}")
        if not goal.why and goal.rationale:
            lines.append(f"   {w['why']}{colon}{goal.rationale}")
        if goal.skill_fit:
            lines.append(f"   {w['skills']}{colon}" + ", ".join(goal.skill_fit))
    return "\n".join(lines).strip()
