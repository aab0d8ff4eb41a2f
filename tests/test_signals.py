"""Team signals: the registry, what each manager sees of their own line only, and an employee's own view."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, BadInput
from assistant.drafting.receipt import build_receipt
from assistant.drafting.signals import SIGNALS, Signal, SignalContext, register_signal, team_signals
from retrieval import visible_events

TODAY = date(2026, 11, 30)
GROWTH = {"li-na", "zhang-wei", "chen-jing", "liu-yang", "zhao-min", "huang-zhiqiang"}
BUILT_IN = ["quiet_contributor", "feedback_gap", "load_concentration"]
PLATFORM = {"ben-okafor", "carla-mendes", "daniel-park", "emma-novak", "farid-haddad", "priya-raman"}


def _kinds(report) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(s.kind, s.subject_id) for s in report.signals}


def test_the_registry_holds_the_three_built_in_signals_and_takes_more(demo_coach: Coach) -> None:
    team_signals(demo_coach, "alice-chen", today=TODAY)  # loads the built-ins
    assert list(SIGNALS)[:3] == ["quiet_contributor", "feedback_gap", "load_concentration"]
    with pytest.raises(ValueError, match="registered already"):
        register_signal("feedback_gap")(lambda ctx: [])

    seen: list[SignalContext] = []

    def probe(ctx: SignalContext) -> list[Signal]:
        seen.append(ctx)
        person = ctx.people[0]
        return [Signal(kind="probe", subject_id=person.id, subject_name=person.name, text="t", action="a")]

    register_signal("probe")(probe)
    try:
        report = team_signals(demo_coach, "wang-lei", today=TODAY, only=["probe"])
        assert [s.kind for s in report.signals] == ["probe"] and seen[0].viewer.id == "wang-lei"
        assert {p.id for p in seen[0].people} == GROWTH
    finally:
        SIGNALS.pop("probe")
    with pytest.raises(BadInput, match="unknown signal"):
        team_signals(demo_coach, "wang-lei", today=TODAY, only=["flight_risk"])


def test_each_manager_sees_their_own_line_with_evidence_and_an_action(demo_coach: Coach) -> None:
    alice = team_signals(demo_coach, "alice-chen", today=TODAY, only=BUILT_IN)
    assert _kinds(alice) == {("quiet_contributor", "carla-mendes")}
    wang = team_signals(demo_coach, "wang-lei", today=TODAY, lang="zh", only=BUILT_IN)
    assert _kinds(wang) == {
        ("feedback_gap", "zhang-wei"),
        ("feedback_gap", "huang-zhiqiang"),
        ("load_concentration", "liu-yang"),
    }
    for report, line in ((alice, PLATFORM), (wang, GROWTH)):
        assert set(report.scope) == line
        for s in report.signals:
            assert s.event_ids and s.action and s.text
            # every cited event belongs to the subject and is one the manager may see
            visible = {e.id for e in visible_events(demo_coach, report.requester_id, s.subject_id, ids=s.event_ids)}
            assert set(s.event_ids) == visible
    gap = next(s for s in wang.signals if s.subject_id == "zhang-wei")
    assert "16 周" in gap.text and gap.facts["weeks"] == 16


def test_an_indirect_manager_gets_no_feedback_gaps_and_no_private_notes(demo_coach: Coach) -> None:
    report = team_signals(demo_coach, "david-morgan", today=TODAY)
    assert not [s for s in report.signals if s.kind == "feedback_gap"]
    assert any("direct manager" in n for n in report.notes)
    cited = [i for s in report.signals for i in s.event_ids]
    rows = {
        e.id: e for s in report.signals for e in visible_events(demo_coach, "david-morgan", s.subject_id, ids=cited)
    }
    assert set(cited) == set(rows) and all(e.visibility == "normal" for e in rows.values())


def test_an_employee_sees_only_the_signals_about_themself(demo_coach: Coach) -> None:
    carla = team_signals(demo_coach, "carla-mendes", today=TODAY)
    assert carla.scope == ["carla-mendes"] and _kinds(carla) == {("quiet_contributor", "carla-mendes")}
    assert "your next 1:1" in carla.signals[0].action
    li = team_signals(demo_coach, "li-na", today=TODAY)
    assert {s.subject_id for s in li.signals} <= {"li-na"}
    zhang = team_signals(demo_coach, "zhang-wei", today=TODAY)
    assert _kinds(zhang) == {("feedback_gap", "zhang-wei")}


def test_hr_names_a_manager_and_others_may_not(demo_coach: Coach) -> None:
    with pytest.raises(BadInput, match="--manager"):
        team_signals(demo_coach, "zhou-ting", today=TODAY)
    assert set(team_signals(demo_coach, "zhou-ting", today=TODAY, manager="wang-lei").scope) == GROWTH
    with pytest.raises(AccessDenied):
        team_signals(demo_coach, "alice-chen", today=TODAY, manager="wang-lei")
    with pytest.raises(AccessDenied):
        team_signals(demo_coach, "li-na", today=TODAY, manager="wang-lei")
    assert set(team_signals(demo_coach, "david-morgan", today=TODAY, manager="wang-lei").scope) == GROWTH


def test_a_signal_shown_to_the_manager_is_on_the_employees_receipt(demo_coach: Coach) -> None:
    team_signals(demo_coach, "alice-chen", today=TODAY)
    receipt = build_receipt(demo_coach, "carla-mendes")
    shown = [i for i in receipt.items if i.kind == "signal" and i.by == "alice-chen"]
    assert shown and shown[0].status == "shown" and shown[0].events[0].title


def test_goals_at_risk_is_a_signal_citing_its_check_ins_for_whoever_may_see_them(demo_coach: Coach) -> None:
    at_risk = {(s.subject_id, s.facts["kr_ref"]) for s in team_signals(demo_coach, "alice-chen", today=TODAY,
                                                                      only=["goals_at_risk"]).signals}  # fmt: skip
    assert at_risk and {pid for pid, _ in at_risk} <= PLATFORM
    wang = team_signals(demo_coach, "wang-lei", today=TODAY, lang="zh", only=["goals_at_risk"])
    assert wang.signals and {s.subject_id for s in wang.signals} <= GROWTH
    for signal in wang.signals:
        assert len(signal.facts["checkins"]) >= 1 and signal.action and "保底" in signal.text
    ben = team_signals(demo_coach, "ben-okafor", today=TODAY, only=["goals_at_risk"])
    assert {s.subject_id for s in ben.signals} <= {"ben-okafor"}  # an employee: only their own
    carla = team_signals(demo_coach, "carla-mendes", today=TODAY, only=["goals_at_risk"])
    assert not [s for s in carla.signals if s.subject_id != "carla-mendes"]


def test_a_shared_or_accepted_goal_set_is_on_the_persons_receipt(demo_coach: Coach) -> None:
    receipt = build_receipt(demo_coach, "li-na")
    goal_set = next(i for i in receipt.items if i.id == "gs-demo-li-na-2026h2")
    assert goal_set.kind == "goal_set" and goal_set.status == "accepted" and goal_set.by == "wang-lei"
    assert {i.status for i in receipt.items if i.kind == "goal_set"} <= {"shared", "accepted"}
    # drafted as of its save date (2026-07-03): her churn results are cited, nothing recorded after that day
    assert "ev-li-na-024" in goal_set.event_ids
    assert all(e.date is None or e.date <= "2026-07-03" for e in goal_set.events)


def test_the_printed_receipt_names_kinds_in_the_readers_language(demo_coach: Coach) -> None:
    from io import StringIO

    from rich.console import Console

    from assistant.cli.growth_display import show_receipt

    team_signals(demo_coach, "wang-lei", today=TODAY, lang="zh")
    out = StringIO()
    show_receipt(Console(file=out, width=200), build_receipt(demo_coach, "li-na"), "zh", "li-na")
    text = out.getvalue()
    assert "团队信号" in text and "目标集" in text
    for raw in ("  signal  ", "goal_set", "goals_at_risk", "feedback_gap:"):
        assert raw not in text, raw
    assert "由你提出" in text  # her own dispute: "you", not her user id
