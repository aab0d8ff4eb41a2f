"""Development paths: gaps that cite evidence, recommendations, mentors who show only a strength, the plan,
access, disputes, and the LLM path held to the same checks."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, BadInput
from assistant.drafting.develop import PathWriting, development_path
from assistant.drafting.providers.base import Generation
from retrieval import visible_events

TODAY = date(2026, 11, 30)


def test_carla_towards_tech_lead_cites_evidence_for_every_gap(demo_coach: Coach) -> None:
    path = development_path(demo_coach, "carla-mendes", "carla-mendes", today=TODAY)
    assert (path.current_role.role, path.target_role.role) == ("senior_engineer", "tech_lead")  # type: ignore[union-attr]
    assert {g.competency for g in path.gaps[:3]} == {"leadership", "communication", "planning"}
    by = {g.competency: g for g in path.gaps}
    mine = {e.id for e in visible_events(demo_coach, "carla-mendes", "carla-mendes", ids=path.cited_event_ids)}
    for gap in path.gaps:
        assert gap.citations and set(gap.event_ids) <= mine
        for eid in gap.event_ids:
            assert f"[{eid}]" in gap.text
    leadership = by["leadership"]
    assert "ev-carla-mendes-034" in leadership.event_ids  # the 1:1 note naming cross-team influence
    assert leadership.mentor is not None and leadership.mentor.name == "Priya Raman"
    assert leadership.mentor.strong_in == "leadership" and leadership.courses and leadership.opening
    communication = by["communication"]
    planning = by["planning"]  # "the rollout plan came late", twice: critique, and nothing on record answers it
    assert planning.basis == "critique" and {"ev-carla-mendes-007", "ev-carla-mendes-029"} <= set(planning.event_ids)
    assert "Nothing in the last twelve months" not in planning.text
    assert {"ev-carla-mendes-043"} <= set(communication.event_ids)  # "light on failure modes"
    assert [s.day for s in path.plan] == [30, 60, 90]
    assert [s.checkin for s in path.plan] == [date(2026, 12, 30), date(2027, 1, 29), date(2027, 2, 28)]
    assert not re.search(r"ev-(?!carla)", path.text)  # no other person's events, mentors' included
    assert "{" not in path.text and "Gaps to close" in path.text


def test_li_na_towards_customer_success_manager_in_chinese(demo_coach: Coach) -> None:
    path = development_path(demo_coach, "li-na", "li-na", target_role="客户成功管理", today=TODAY)
    assert path.target_role.role == "cs_manager" and path.language == "zh"
    wanted = [g for g in path.gaps if g.wanted]
    assert wanted and all("ev-li-na-060" in g.event_ids for g in wanted)  # 希望逐步承担带人的职责
    assert "需要补的差距" in path.text and "90天计划" in path.text
    assert not re.search(r"Gaps to close|Already shown|Expected of", path.text)
    assert all(c.language == "zh" for g in path.gaps for c in g.courses)
    assert "ev-li-na-041" not in path.cited_event_ids  # disputed in the demo
    assert any("ev-li-na-041" in n for n in path.notes)


def test_who_may_ask_and_what_private_notes_they_get(demo_coach: Coach) -> None:
    direct = development_path(demo_coach, "wang-lei", "li-na", today=TODAY)
    assert "ev-li-na-060" in direct.cited_event_ids  # a private 1:1 note: the direct manager sees it
    assert "李娜" in direct.summary and "你" not in direct.summary.split("，")[0]
    indirect = development_path(demo_coach, "david-morgan", "li-na", today=TODAY)
    assert "ev-li-na-060" not in indirect.cited_event_ids and "ev-li-na-001" not in indirect.cited_event_ids
    hr = development_path(demo_coach, "zhou-ting", "li-na", today=TODAY)
    assert "ev-li-na-060" not in hr.cited_event_ids
    for outsider in ("alice-chen", "zhang-wei"):
        with pytest.raises(AccessDenied):
            development_path(demo_coach, outsider, "li-na", today=TODAY)
    with pytest.raises(BadInput, match="no such role"):
        development_path(demo_coach, "li-na", "li-na", target_role="astronaut", today=TODAY)


class _Model:
    """A model that words the path: one gap right, one citing another person's event, one missing."""

    id = "fake:writer"

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def generate(self, prompt, schema, context):  # type: ignore[no-untyped-def]
        self.prompts.append(prompt.user)
        path = context.options.development
        first, second = path.gaps[0], path.gaps[1]
        writing = PathWriting(
            summary="A model's summary.",
            gaps=[
                {
                    "competency": first.competency,
                    "text": "Model words for the first gap.",
                    "event_ids": first.event_ids[:1],
                },
                {"competency": second.competency, "text": "Cites a stranger.", "event_ids": ["ev-li-na-001"]},
            ],
        )
        return Generation(parsed=writing, raw=writing.model_dump_json(), engine=self.id, model="fake")


def test_the_llm_path_uses_the_template_and_the_same_checks(demo_coach: Coach) -> None:
    model = _Model()
    path = development_path(demo_coach, "carla-mendes", "carla-mendes", provider=model, today=TODAY)
    assert path.engine == "fake:writer" and path.template and path.template["id"] == "development_path"
    assert "<EVENTS>" in model.prompts[0] and "GAPS:" in model.prompts[0]
    assert path.summary == "A model's summary."
    assert path.gaps[0].text == "Model words for the first gap."
    assert "ev-li-na-001" not in path.gaps[1].text and "[ev-carla-mendes" in path.gaps[1].text  # offline words
    assert any("offline wording" in n for n in path.notes)
    stored = demo_coach.growth.paths_about("carla-mendes")[0]
    assert stored.engine == "fake:writer" and json.dumps(stored.body)
