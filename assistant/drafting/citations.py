"""Citations a draft may keep: ids of events in its evidence (or the team objectives a goal aligns to)."""

from __future__ import annotations

from collections.abc import Collection

from assistant.drafting.schemas import GoalProposal, GoalReason, NoteStatement, Statement

__all__ = ["drop_unknown"]


def drop_unknown(
    statements: list[Statement | NoteStatement], goals: list[GoalProposal], known: Collection[str], lang: str
) -> tuple[list[Statement | NoteStatement], list[GoalProposal], str | None]:
    """``statements`` and ``goals`` without citations outside ``known`` (invented, or not visible), and the
    note that says which were removed (``None`` when none were)."""
    known = set(known)

    def reasons(items: list[GoalReason]) -> list[GoalReason]:
        return [r.model_copy(update={"event_ids": [i for i in r.event_ids if i in known]}) for r in items]

    cited = {i for s in statements for i in s.event_ids} | {i for g in goals for i in g.event_ids}
    cited |= {i for g in goals for r in [*g.why, *g.reference_path] for i in r.event_ids}
    cited |= {i for g in goals for kr in g.key_results for i in kr.event_ids}
    dropped = sorted(cited - known)
    if not dropped:
        return statements, goals, None
    note = ("已删除不在证据中的引用：" if lang == "zh" else "Citations not in the evidence were removed: ") + ", ".join(
        dropped
    )
    statements = [s.model_copy(update={"event_ids": [i for i in s.event_ids if i in known]}) for s in statements]
    goals = [
        g.model_copy(
            update={
                "event_ids": [i for i in g.event_ids if i in known],
                "why": reasons(g.why),
                "reference_path": reasons(g.reference_path),
                "key_results": [
                    kr.model_copy(update={"event_ids": [i for i in kr.event_ids if i in known]}) for kr in g.key_results
                ],
            }
        )
        for g in goals
    ]
    return statements, goals, note
