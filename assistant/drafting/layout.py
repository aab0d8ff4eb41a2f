"""A draft as a person reads it: the summary, then each section's statements with their citations."""

from __future__ import annotations

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


def goal_words(goal: GoalProposal, lang: str) -> str:
    """What the guardrails read of a goal: its words. Key-result numbers are derived in code and checked there."""
    return ("；" if lang == "zh" else "; ").join(p for p in (goal.objective, goal.rationale) if p)


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


def goals_text(summary: str, goals: list[GoalProposal], lang: str) -> str:
    """Summary, then each goal with its key results (baseline, floor / target / stretch, how derived)."""
    lines = [summary, ""]
    for n, goal in enumerate(goals, start=1):
        cite = f" [{', '.join(goal.event_ids)}]" if goal.event_ids else ""
        lines.append(f"{n}. {goal.objective}{cite}")
        for kr in goal.key_results:
            unit = kr.unit or ""
            if lang == "zh":
                lines.append(
                    f"   - {kr.metric}：基线 {kr.baseline:g}{unit} → 保底 {kr.floor:g} / 目标 {kr.target:g} / "
                    f"挑战 {kr.stretch:g}{unit}"
                )
                lines.append(f"     推导：{kr.derivation}")
            else:
                lines.append(
                    f"   - {kr.metric}: baseline {kr.baseline:g}{unit} → floor {kr.floor:g} / target "
                    f"{kr.target:g} / stretch {kr.stretch:g}{unit}"
                )
                lines.append(f"     how: {kr.derivation}")
        if goal.skill_fit:
            lines.append(("   技能匹配：" if lang == "zh" else "   skill fit: ") + ", ".join(goal.skill_fit))
    return "\n".join(lines).strip()
