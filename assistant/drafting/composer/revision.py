"""The offline composer's revisions: drop flagged statements, add requested events, shorter / more direct / warmer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.core.models import WorkEvent
from assistant.drafting.composer.common import missed_target, prefix, sbi
from assistant.drafting.composer.feedback import summary_for
from assistant.drafting.schemas import FeedbackDraft, Statement
from guardrails import Finding

__all__ = ["revise_offline"]

_BLOCKING_KINDS = {
    "unsupported",
    "inaccessible_citation",
    "protected_attribute",
    "personality",
    "id_number",
    "contact_data",
    "other_person_detail",
    "personal_life",
    "prompt_injection",
}
_SHORTER = re.compile(r"short|concise|brief|简短|精简|短一些|更短", re.IGNORECASE)
_DIRECT = re.compile(r"direct|blunt|straight|直接|直白", re.IGNORECASE)
_WARM = re.compile(r"warm|softer|gentle|kind|温和|委婉|亲切", re.IGNORECASE)


def revise_offline(
    previous: FeedbackDraft,
    findings: Sequence[Finding],
    events: Sequence[WorkEvent],
    *,
    lang: str,
    instruction: str | None = None,
    add_event_ids: Sequence[str] = (),
    name: str | None = None,
) -> FeedbackDraft:
    """Drop statements with blocking findings, then apply a plain instruction (shorter, more direct, warmer).

    ``name``: the person's name; when given and the statements changed, the summary is written again so
    it names only work the revised draft still cites.

    ``add_event_ids``: events to add a statement for (a strength, or a development area when the event
    missed a target), placed at the end of their section in the tone of the statements already there.
    """
    flagged = {f.statement_index for f in findings if f.kind in _BLOCKING_KINDS}
    statements = [s for i, s in enumerate(previous.statements) if i not in flagged]
    statements = _with_added(statements, events, add_event_ids, lang)
    if instruction and _SHORTER.search(instruction):
        keep: list[Statement] = []
        for section in ("strength", "development", "next_step"):
            keep.extend([s for s in statements if s.section == section][: 2 if section == "strength" else 1])
        statements = keep
    tone = (
        "direct"
        if instruction and _DIRECT.search(instruction)
        else "warm"
        if instruction and _WARM.search(instruction)
        else None
    )
    if tone:
        retoned = []
        for s in statements:
            body = s.text
            for t in ("direct", "warm"):
                lead = prefix(s.section, t, lang)
                if body.startswith(lead):
                    body = body[len(lead) :]
            retoned.append(s.model_copy(update={"text": prefix(s.section, tone, lang) + body}))
        statements = retoned
    if not statements:
        return previous
    summary = previous.summary
    if name and [s.event_ids for s in statements] != [s.event_ids for s in previous.statements]:
        by_id = {e.id: e for e in events}
        strengths = [by_id[i] for s in statements if s.section == "strength" for i in s.event_ids if i in by_id]
        summary = summary_for(name, strengths, [], statements, lang)
    return FeedbackDraft(summary=summary, statements=statements)


def _with_added(
    statements: list[Statement], events: Sequence[WorkEvent], add_ids: Sequence[str], lang: str
) -> list[Statement]:
    """``statements`` plus one SBI statement for each event in ``add_ids`` that no statement cites yet."""
    cited = {i for s in statements for i in s.event_ids}
    by_id = {e.id: e for e in events if e.visibility != "excluded_from_ai"}
    out = list(statements)
    for event_id in add_ids:
        event = by_id.get(event_id)
        if event is None or event_id in cited:
            continue
        section = "development" if missed_target(event) else "strength"
        used = [s for s in out if s.section == section]
        style = next(
            (t for t in ("warm", "direct") for s in used if s.text.startswith(prefix(section, t, lang))), "direct"
        )
        added = Statement(section=section, text=prefix(section, style, lang) + sbi(event, lang), event_ids=[event_id])
        at = max((i for i, s in enumerate(out) if s.section == section), default=None)
        if at is None:
            order = {"strength": 0, "development": 1, "next_step": 2}
            at = max((i for i, s in enumerate(out) if order[s.section] < order[section]), default=-1)
        out.insert(at + 1, added)
        cited.add(event_id)
    return out
