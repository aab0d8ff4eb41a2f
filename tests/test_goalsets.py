"""Goal sets on the demo org: save, share, comment, adjust, accept, check in; who may do each (employee,
direct manager, indirect manager, HR, outsider); the audit rows every step leaves; goals at risk."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from assistant.core.errors import AccessDenied, BadInput
from assistant.core.goalstore import GoalStore
from assistant.drafting.chain import DraftRequest, draft_goals
from assistant.drafting.goal_risk import goals_at_risk
from assistant.drafting.goalsets import (
    accept_goal_set,
    adjust_key_result,
    checkin,
    comment_goal_set,
    list_goal_sets,
    save_goal_set,
    share_goal_set,
    show_goal_set,
)

from conftest import make_coach

# li-na reports to wang-lei, who reports to david-morgan; zhou-ting is HR; alice-chen manages another team.
EMPLOYEE, MANAGER, INDIRECT, HR, OUTSIDER = "li-na", "wang-lei", "david-morgan", "zhou-ting", "alice-chen"


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory):
    from assistant.demo.load import load_demo

    coach = make_coach(tmp_path_factory.mktemp("goalsets") / "data")
    assert load_demo(coach)
    return coach


@pytest.fixture(scope="module")
def proposal(org):
    return draft_goals(org, DraftRequest(task="goal_proposals", requester=EMPLOYEE, subject=EMPLOYEE, period="2026H2"))


def _audits(coach, action: str) -> list:
    return [a for a in coach.sql.audit_log(limit=500) if a.action == action]


def test_the_whole_life_of_a_goal_set_with_its_audit_rows(org, proposal):
    saved = save_goal_set(org, EMPLOYEE, proposal)
    assert saved.status == "draft" and [kr.ref for kr in saved.goals[0].key_results][:1] == ["1.1"]
    sid = saved.id
    # a draft is the employee's own: not even the manager sees it yet
    with pytest.raises(AccessDenied, match="not been shared"):
        show_goal_set(org, MANAGER, sid)
    assert share_goal_set(org, EMPLOYEE, sid).status == "shared"
    personal = next(kr for g in saved.goals for kr in g.key_results if kr.scope == "personal" and kr.values)
    adjusted = adjust_key_result(org, MANAGER, sid, personal.ref, target=personal.floor, reason="a hard quarter")
    kr = next(k for g in adjusted.goals for k in g.key_results if k.ref == personal.ref)
    assert kr.target == personal.floor and adjusted.revision == 2
    comment_goal_set(org, MANAGER, sid, "先把QBR排期定下来", personal.ref)
    comment_goal_set(org, EMPLOYEE, sid, "好的")
    accepted = accept_goal_set(org, MANAGER, sid)
    assert accepted.status == "accepted" and accepted.accepted_by == MANAGER
    view = checkin(org, EMPLOYEE, sid, personal.ref, personal.floor, on=date(2026, 9, 30), note="on the floor")
    assert [c.kr_ref for c in view.checkins] == [personal.ref]
    kinds = [h.kind for h in view.history]
    assert kinds == ["saved", "shared", "adjusted", "comment", "comment", "accepted"]
    assert view.history[2].details == {"before": {"target": personal.target}, "after": {"target": personal.floor}}
    for action, who in (
        ("goals.save", EMPLOYEE),
        ("goals.share", EMPLOYEE),
        ("goals.adjust", MANAGER),
        ("goals.comment", MANAGER),
        ("goals.accept", MANAGER),
        ("goals.checkin", EMPLOYEE),
    ):
        rows = [a for a in _audits(org, action) if (a.details or {}).get("goal_set") == sid]
        assert who in {a.requester_id for a in rows} and {a.decision for a in rows} == {"allow"}, action


def test_who_may_do_what(org, proposal):
    sid = save_goal_set(org, EMPLOYEE, proposal).id
    ref = "1.1"
    # outsider: nothing, and the refusal is audited
    for step in (lambda: show_goal_set(org, OUTSIDER, sid), lambda: comment_goal_set(org, OUTSIDER, sid, "hi")):
        with pytest.raises(AccessDenied):
            step()
    assert any(a.requester_id == OUTSIDER and a.decision == "deny" for a in _audits(org, "goals.view"))
    # only the employee saves and shares
    with pytest.raises(AccessDenied):
        save_goal_set(org, MANAGER, proposal)
    with pytest.raises(AccessDenied):
        share_goal_set(org, MANAGER, sid)
    share_goal_set(org, EMPLOYEE, sid)
    # indirect manager and HR read a shared set, and only read
    for viewer in (INDIRECT, HR):
        assert show_goal_set(org, viewer, sid).viewer_relation in ("indirect_manager", "hr")
        for step in (
            lambda v=viewer: comment_goal_set(org, v, sid, "note"),
            lambda v=viewer: adjust_key_result(org, v, sid, ref, target=1),
            lambda v=viewer: accept_goal_set(org, v, sid),
        ):
            with pytest.raises(AccessDenied):
                step()
    # the employee neither accepts their own goals nor checks in before the manager accepts
    with pytest.raises(AccessDenied):
        accept_goal_set(org, EMPLOYEE, sid)
    with pytest.raises(BadInput, match="once the manager accepts"):
        checkin(org, EMPLOYEE, sid, ref, 1.0)
    accept_goal_set(org, MANAGER, sid)
    with pytest.raises(AccessDenied):
        checkin(org, INDIRECT, sid, ref, 1.0)
    with pytest.raises(BadInput, match="no longer be adjusted"):
        adjust_key_result(org, MANAGER, sid, ref, target=1)
    with pytest.raises(BadInput, match="no such key result"):
        checkin(org, MANAGER, sid, "9.9", 1.0)


def test_a_range_stays_in_the_better_direction(org, proposal):
    sid = save_goal_set(org, EMPLOYEE, proposal).id
    kr = next(k for g in proposal.goals for k in g.key_results if k.scope == "personal" and k.values)
    worse = kr.floor - 5 if kr.higher_is_better else kr.floor + 5
    with pytest.raises(BadInput, match="must each be"):
        adjust_key_result(org, EMPLOYEE, sid, kr.ref, target=worse)
    team = next(k for g in proposal.goals for k in g.key_results if k.scope == "team")
    with pytest.raises(BadInput, match="team's number"):
        adjust_key_result(org, EMPLOYEE, sid, team.ref, target=1)


def test_reasons_from_a_private_note_reach_only_the_person_and_direct_manager(org, proposal):
    private = {"ev-li-na-060"}  # 李娜's 1:1 note: she wants to take on people leadership
    assert any(private & set(r.event_ids) for g in proposal.goals for r in g.why)
    sid = save_goal_set(org, EMPLOYEE, proposal).id
    share_goal_set(org, EMPLOYEE, sid)
    for viewer, hidden in ((EMPLOYEE, False), (MANAGER, False), (INDIRECT, True), (HR, True)):
        view = show_goal_set(org, viewer, sid)
        cited = {i for g in view.goals for r in [*g.why, *g.reference_path] for i in r.event_ids}
        cited |= {i for g in view.goals for i in g.event_ids}
        assert bool(private & cited) is not hidden, viewer
        assert (view.withheld > 0) is hidden, viewer


def test_goals_at_risk_cite_their_checkins_and_stay_in_the_line(org):
    # the demo's 2026H2 sets: 李娜's churn is below its floor, Ben's recovery time is heading there
    mine = goals_at_risk(org, EMPLOYEE, lang="zh")
    assert [(r.person_id, r.status) for r in mine] == [("li-na", "below_floor")]
    risk = mine[0]
    assert (
        risk.label == "月流失率"
        and risk.latest == 4.3
        and [c.measured_on.isoformat() for c in risk.checkins] == ["2026-09-30", "2026-10-31"]
    )
    assert "1:1" in risk.suggestion
    # churn is lower-is-better: 4.3% misses a 3.8% floor by being higher, so never "低于保底" (below it)
    assert "没有守住" in risk.suggestion and "越低越好" in risk.suggestion and "低于" not in risk.suggestion
    alice = goals_at_risk(org, OUTSIDER, lang="en")
    assert {r.person_id for r in alice} == {"ben-okafor"} and alice[0].status == "trending_below"
    assert "at this pace" in alice[0].suggestion and alice[0].projected is not None
    assert "(lower is better)" in alice[0].suggestion and "below" not in alice[0].suggestion
    assert {r.person_id for r in goals_at_risk(org, INDIRECT)} == {"li-na", "ben-okafor"}
    assert goals_at_risk(org, "ben-okafor", ["li-na"]) == []  # not in their reach: left out, not reported
    audit = _audits(org, "goals.at_risk")[0]
    assert audit.requester_id == "ben-okafor" and audit.details["people"] == []


def test_list_shows_what_the_viewer_may_see(org):
    assert {v.period for v in list_goal_sets(org, EMPLOYEE)} >= {"2026H1", "2026H2"}
    carla = list_goal_sets(org, OUTSIDER, "carla-mendes")
    assert [v.status for v in carla] == ["shared"]
    with pytest.raises(AccessDenied):
        list_goal_sets(org, OUTSIDER, EMPLOYEE)


def test_a_stale_write_is_refused(org, proposal):
    from assistant.core.errors import StoreError

    sid = save_goal_set(org, EMPLOYEE, proposal).id
    store = GoalStore(org.sql)
    stale = store.get(sid)
    adjust_key_result(org, EMPLOYEE, sid, "1.1", stretch=proposal.goals[0].key_results[0].stretch)
    with pytest.raises(StoreError, match="changed meanwhile"):
        store.change(
            stale,
            actor_id=EMPLOYEE,
            kind="adjusted",
            fields={"body": stale.body},
            audit={"requester_id": EMPLOYEE, "subject_id": EMPLOYEE, "action": "goals.adjust", "decision": "allow"},
        )


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_the_cli_keeps_coach_goals_and_adds_the_subcommands(tmp_path):
    data = tmp_path / "data"
    assert _cli(data, "demo", "--json").returncode == 0
    drafted = _cli(
        data,
        "goals",
        "--as",
        "ben-okafor",
        "--period",
        "2027H1",
        "--interests",
        "move toward staff engineer",
        "--save",
        "--json",
    )
    assert drafted.returncode == 0, drafted.stderr
    payload = json.loads(drafted.stdout)
    assert payload["task"] == "goal_proposals" and payload["goal_set_id"].startswith("gs-")
    sid = payload["goal_set_id"]
    assert _cli(data, "goals", "share", sid, "--as", "ben-okafor").returncode == 0
    assert _cli(data, "goals", "accept", sid, "--as", "alice-chen").returncode == 0
    done = _cli(
        data,
        "goals",
        "checkin",
        sid,
        "--as",
        "ben-okafor",
        "--kr",
        "1.1",
        "--value",
        "50",
        "--date",
        "2027-02-28",
        "--json",
    )
    assert done.returncode == 0 and json.loads(done.stdout)["checkins"][0]["value"] == 50
    assert _cli(data, "goals", "show", sid, "--as", "li-na").returncode == 3
    assert _cli(data, "goals", "checkin", sid, "--as", "ben-okafor", "--kr", "1.1", "--value", "x").returncode == 2
    assert _cli(data, "goals", "--as", "ben-okafor").returncode == 2  # --period missing: bad input
    risky = json.loads(_cli(data, "goals", "at-risk", "--as", "alice-chen", "--json").stdout)
    assert {r["person_id"] for r in risky} == {"ben-okafor"}
    shown = _cli(data, "goals", "show", "gs-demo-li-na-2026h2", "--as", "wang-lei").stdout
    assert "有风险：没有守住保底" in shown and "KR 2.1" in shown
    # the range carries the unit, and the history reads as sentences with names, not ids and dicts
    assert "保底 3.8% / 目标 3.5% / 挑战 3%" in shown
    assert "王磊调整 KR 2.1：目标 3.4 → 3.5；" in shown and "王磊确认了目标集" in shown and "李娜与经理共享" in shown
    assert "{'target'" not in shown and "wang-lei" not in shown.split("记录：")[1]
    assert "（王磊调整：目标 3.4 → 3.5" in shown  # the adjusted working names the manager too
