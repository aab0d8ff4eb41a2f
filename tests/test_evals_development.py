"""The ``development_path`` assertion can fail: each property it checks is broken once."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.core.container import Coach
from assistant.drafting.develop import development_path
from assistant.drafting.develop.result import as_draft_result
from evals import schema as s
from evals.assertions import development_problems


@pytest.fixture(scope="module")
def draft(demo_coach: Coach):  # type: ignore[no-untyped-def]
    path = development_path(demo_coach, "carla-mendes", "carla-mendes", today=date(2026, 11, 30), store=False)
    return as_draft_result(path, "2025-12-01..2026-11-30")


def _assert(**fields: object) -> s.DevelopmentPathAssert:
    return s.DevelopmentPathAssert.model_validate({"type": "development_path", **fields})


def test_a_good_path_passes(draft) -> None:  # type: ignore[no-untyped-def]
    assert development_problems(_assert(target_role="tech_lead", mentor_for=["leadership"]), draft) == []


def test_each_property_can_fail(draft) -> None:  # type: ignore[no-untyped-def]
    assert "targets 'tech_lead'" in development_problems(_assert(target_role="cs_manager"), draft)[0]
    assert "gaps" in development_problems(_assert(max_gaps=1), draft)[0]
    assert "not [30]" in development_problems(_assert(plan_days=[30]), draft)[0]
    assert "no gap cites" in development_problems(_assert(cites=["ev-carla-mendes-999"]), draft)[0]
    assert "must not" in development_problems(_assert(never_cites=["ev-carla-mendes-034"]), draft)[0]
    assert "no mentor" in development_problems(_assert(mentor_for=["knowledge_sharing"]), draft)[0]
    leaked = draft.model_copy(update={"text": draft.text + "\n[ev-priya-raman-001]"})
    assert "other people's events" in development_problems(_assert(), leaked)[0]
    body = draft.development | {"gaps": [dict(draft.development["gaps"][0], text="no citations shown")]}
    assert (
        "does not show its citations"
        in development_problems(_assert(), draft.model_copy(update={"development": body}))[0]
    )
    assert development_problems(_assert(), draft.model_copy(update={"development": None})) == [
        "not a development path (set task: development_path)"
    ]
