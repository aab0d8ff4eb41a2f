"""The "goals at risk" signal: accepted goal sets whose key result is below its floor, or heading there
(``assistant.drafting.goal_risk``), as team signals citing the check-ins they rest on."""

from __future__ import annotations

from assistant.drafting.goal_risk import goals_at_risk
from assistant.drafting.signals.registry import Signal, SignalContext, register_signal

__all__ = ["goals_at_risk_signal"]


@register_signal("goals_at_risk")
def goals_at_risk_signal(ctx: SignalContext) -> list[Signal]:
    """One signal per key result at risk, for the people in scope (read with the viewer's access)."""
    risks = goals_at_risk(ctx.coach, ctx.viewer.id, [p.id for p in ctx.people], lang=ctx.lang)
    out: list[Signal] = []
    for risk in risks:
        if ctx.lang == "zh":
            what = "没有守住保底" if risk.status == "below_floor" else "按趋势将守不住保底"
            text = f"{risk.period}目标的关键结果“{risk.label}”{what}（目标集 {risk.goal_set_id}）。"
        else:
            what = "is short of its floor" if risk.status == "below_floor" else "is heading past its floor"
            text = f"Key result “{risk.label}” of the {risk.period} goals {what} (goal set {risk.goal_set_id})."
        out.append(
            Signal(
                kind="goals_at_risk",
                subject_id=risk.person_id,
                subject_name=risk.person_name,
                text=text,
                action=risk.suggestion,
                facts={
                    "goal_set_id": risk.goal_set_id,
                    "kr_ref": risk.kr_ref,
                    "status": risk.status,
                    "floor": risk.floor,
                    "latest": risk.latest,
                    "projected": risk.projected,
                    "checkins": [c.id for c in risk.checkins],
                },
            )
        )
    return out
