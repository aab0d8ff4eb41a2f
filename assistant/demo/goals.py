"""The demo org's goal sets across the year: saved, shared, adjusted, accepted, with check-ins — one at risk.

The committed files (``data/goal_sets.jsonl``, ``data/goal_checkins.jsonl``) are what people saved and
recorded, like any organisation's goal history: ``load_demo_goals`` inserts them (with audit rows) after the
demo org is ingested. ``python -m assistant.demo.goals`` drafts them again with the offline engine from
``DEMO_GOAL_SETS`` (key results picked by metric or capability, so a composer change that drops one fails).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from assistant.core.container import Coach
from assistant.core.errors import BadInput
from assistant.core.goalstore import GoalStore
from assistant.demo.org import DEMO_DATA_DIR

__all__ = ["DEMO_GOAL_SETS", "GoalSetSpec", "load_demo_goals", "write_demo_goals"]

SETS_FILE = "goal_sets.jsonl"
CHECKINS_FILE = "goal_checkins.jsonl"


@dataclass
class GoalSetSpec:
    """One demo goal set: whose, when, how far it got, and what was recorded on which key result."""

    person: str
    manager: str
    period: str
    interests: str | None
    saved: str
    shared: str | None = None
    accepted: str | None = None
    comments: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    """(date, actor, text, key = metric or capability)"""
    adjust: list[tuple[str, str, str, float, str]] = field(default_factory=list)
    """(date, key, field, value, reason)"""
    checkins: dict[str, list[tuple[str, float, str]]] = field(default_factory=dict)
    """key -> [(date, value, note)]"""


DEMO_GOAL_SETS: list[GoalSetSpec] = [
    GoalSetSpec(
        person="li-na",
        manager="wang-lei",
        period="2026H1",
        interests="大客户续约与带教新人",
        saved="2026-01-08",
        shared="2026-01-09",
        accepted="2026-01-14",
        comments=[("2026-01-12", "wang-lei", "QBR 先从华东区续约在前的客户开始。", "customer_success")],
        checkins={
            "customer_success": [("2026-03-31", 2, "远航物流、万象家居完成QBR"), ("2026-06-30", 5, "")],
            "mentoring": [("2026-06-30", 1, "陈静完成90天计划")],
        },
    ),
    GoalSetSpec(
        person="li-na",
        manager="wang-lei",
        period="2026H2",
        interests="想转向客户成功管理",
        saved="2026-07-03",
        shared="2026-07-06",
        accepted="2026-07-10",
        adjust=[("2026-07-08", "月流失率", "target", 3.5, "华东区有两家客户在续约谈判，目标先定 3.5%")],
        comments=[("2026-07-09", "wang-lei", "QBR 先从续约在前的五家开始。", "customer_success")],
        checkins={
            "月流失率": [
                ("2026-08-31", 3.9, "一家客户降级"),
                ("2026-09-30", 4.1, "两家客户续约推迟"),
                ("2026-10-31", 4.3, ""),
            ],
            "客户NPS": [("2026-09-30", 41, ""), ("2026-11-15", 47, "专属服务群上线")],
        },
    ),
    GoalSetSpec(
        person="ben-okafor",
        manager="alice-chen",
        period="2026H1",
        interests="performance tuning",
        saved="2026-01-07",
        shared="2026-01-07",
        accepted="2026-01-12",
        checkins={"p95_latency_ms": [("2026-03-31", 262, "cache warm-up fixed"), ("2026-06-30", 249, "")]},
    ),
    GoalSetSpec(
        person="ben-okafor",
        manager="alice-chen",
        period="2026H2",
        interests="move toward staff engineer; learn distributed tracing",
        saved="2026-07-02",
        shared="2026-07-03",
        accepted="2026-07-08",
        adjust=[("2026-07-06", "design_reviews", "stretch", 2, "two is plenty with the on-call load")],
        comments=[("2026-07-07", "alice-chen", "Pick the Auth Gateway v2 review as the first one.", "design_reviews")],
        checkins={
            "mttr_min": [("2026-08-31", 41, "postmortem actions closed"), ("2026-10-31", 43, "two long incidents")],
            "trace_coverage_pct": [("2026-09-30", 79, "payments-api traced"), ("2026-11-15", 83, "")],
        },
    ),
    GoalSetSpec(
        person="carla-mendes",
        manager="alice-chen",
        period="2026H2",
        interests="mentoring and technical writing",
        saved="2026-07-01",
        shared="2026-07-02",
        comments=[("2026-07-03", "alice-chen", "Love the runbook goal; let's talk about which new hire.", None)],
    ),
]


def _at(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(10, 0), tzinfo=UTC)


def _ref(goals: list[dict[str, Any]], key: str, where: str) -> str:
    for goal in goals:
        for kr in goal["key_results"]:
            if kr.get("scope") != "team" and key in (kr["metric"], goal.get("capability")):
                return kr["ref"]
    raise BadInput(f"{where}: no personal key result on {key!r} in the drafted goals; update DEMO_GOAL_SETS")


def write_demo_goals(coach: Coach, out: Path = DEMO_DATA_DIR) -> tuple[int, int]:
    """Draft every ``DEMO_GOAL_SETS`` entry offline and write the two files; returns (sets, check-ins)."""
    from assistant.drafting.chain import DraftRequest, draft_goals
    from assistant.drafting.providers import OfflineProvider

    sets, checkins = [], []
    for spec in DEMO_GOAL_SETS:
        where = f"{spec.person} {spec.period}"
        draft = draft_goals(
            coach,
            DraftRequest(
                task="goal_proposals",
                requester=spec.person,
                subject=spec.person,
                period=spec.period,
                interests=spec.interests,
                store=False,
                as_of=_at(spec.saved).date(),  # what the person could have drafted on the day they saved it
            ),
            OfflineProvider(),
        )
        goals = [g.model_dump(mode="json") for g in draft.goals]
        set_id = f"gs-demo-{spec.person}-{spec.period.lower()}"
        history = [{"at": spec.saved, "actor": spec.person, "kind": "saved"}]
        if spec.shared:
            history.append({"at": spec.shared, "actor": spec.person, "kind": "shared"})
        for day, key, name, value, reason in spec.adjust:
            ref = _ref(goals, key, where)
            kr = next(k for g in goals for k in g["key_results"] if k["ref"] == ref)
            history.append(
                {
                    "at": day,
                    "actor": spec.manager,
                    "kind": "adjusted",
                    "kr": ref,
                    "text": reason,
                    "details": {"before": {name: kr[name]}, "after": {name: value}},
                }
            )
        for day, actor, text, key in spec.comments:
            history.append(
                {
                    "at": day,
                    "actor": actor,
                    "kind": "comment",
                    "text": text,
                    "kr": _ref(goals, key, where) if key else None,
                }
            )
        if spec.accepted:
            history.append({"at": spec.accepted, "actor": spec.manager, "kind": "accepted"})
        status = "accepted" if spec.accepted else "shared" if spec.shared else "draft"
        sets.append(
            {
                "id": set_id,
                "person_id": spec.person,
                "period": spec.period,
                "language": draft.language,
                "status": status,
                "interests": spec.interests,
                "summary": draft.summary,
                "goals": goals,
                "history": sorted(history, key=lambda h: h["at"]),
            }
        )
        for key, points in spec.checkins.items():
            ref = _ref(goals, key, where)
            for day, value, note in points:
                checkins.append(
                    {
                        "goal_set": set_id,
                        "kr": ref,
                        "date": day,
                        "value": value,
                        "note": note,
                        "recorded_by": spec.person,
                    }
                )
    for name, rows in ((SETS_FILE, sets), (CHECKINS_FILE, checkins)):
        text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
        (out / name).write_text(text, encoding="utf-8")
    return len(sets), len(checkins)


def load_demo_goals(coach: Coach, data_dir: Path = DEMO_DATA_DIR) -> tuple[int, int]:
    """Insert the committed goal sets and check-ins (with their audit rows); returns (sets, check-ins)."""
    from assistant.drafting.goalsets import user_name

    store = GoalStore(coach.sql)
    sets_path, checkins_path = data_dir / SETS_FILE, data_dir / CHECKINS_FILE
    sets = [json.loads(line) for line in sets_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    known: dict[str, set[str]] = {}
    for n, spec in enumerate(sets, start=1):
        history = spec["history"]
        set_id = store.create(
            person_id=spec["person_id"],
            period=spec["period"],
            language=spec["language"],
            draft_id=None,
            created_by=spec["person_id"],
            body={"summary": spec["summary"], "goals": spec["goals"]},
            audit={
                "requester_id": "demo-loader",
                "subject_id": spec["person_id"],
                "action": "goals.save",
                "decision": "allow",
                "details": {"source": f"{sets_path.name}:{n}"},
            },
            at=_at(history[0]["at"]),
            set_id=spec["id"],
        )
        known[set_id] = {kr["ref"] for g in spec["goals"] for kr in g["key_results"]}
        for step in history[1:]:
            row = store.get(set_id)
            assert row is not None
            fields: dict[str, Any] = {}
            if step["kind"] == "shared":
                fields = {"status": "shared", "shared_at": _at(step["at"])}
            elif step["kind"] == "accepted":
                fields = {"status": "accepted", "accepted_at": _at(step["at"]), "accepted_by": step["actor"]}
            elif step["kind"] == "adjusted":
                fields = {"body": _adjusted(row.body, step, spec["language"], user_name(coach, step["actor"]))}
            store.change(
                row,
                actor_id=step["actor"],
                kind=step["kind"],
                kr_ref=step.get("kr"),
                text=step.get("text", ""),
                details=step.get("details") or {},
                fields=fields or None,
                at=_at(step["at"]),
                audit={
                    "requester_id": step["actor"],
                    "subject_id": spec["person_id"],
                    "action": f"goals.{step['kind']}",
                    "decision": "allow",
                    "details": {"goal_set": set_id, "source": "demo"},
                },
            )
    lines = checkins_path.read_text(encoding="utf-8").splitlines()
    count = 0
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["kr"] not in known.get(row["goal_set"], set()):
            raise BadInput(f"{checkins_path.name}:{n}: no key result {row['kr']!r} in goal set {row['goal_set']!r}")
        store.add_checkin(
            row["goal_set"],
            kr_ref=row["kr"],
            measured_on=date.fromisoformat(row["date"]),
            value=float(row["value"]),
            note=row.get("note", ""),
            recorded_by=row["recorded_by"],
            at=_at(row["date"]),
            audit={
                "requester_id": row["recorded_by"],
                "subject_id": None,
                "action": "goals.checkin",
                "decision": "allow",
                "details": {"goal_set": row["goal_set"], "kr": row["kr"]},
            },
        )
        count += 1
    return len(sets), count


def _adjusted(body: dict[str, Any], step: dict[str, Any], lang: str, actor: str) -> dict[str, Any]:
    """The goals with a manager's adjustment applied, the derivation saying so (as ``coach goals adjust`` does)."""
    from assistant.drafting.goalsets import adjusted_note

    goals = json.loads(json.dumps(body["goals"]))
    before, after = step["details"]["before"], step["details"]["after"]
    for goal in goals:
        for kr in goal["key_results"]:
            if kr["ref"] == step["kr"]:
                kr.update(after)
                kr["derivation"] += adjusted_note(lang, actor, before, after, step.get("text", ""))
    return {"summary": body.get("summary", ""), "goals": goals}


def main(argv: list[str] | None = None) -> int:
    """Draft the demo goal sets again into ``assistant/demo/data`` (the demo org loaded in a temp dir)."""
    import tempfile

    from assistant.core.config import load_settings
    from assistant.demo.load import load_demo

    del argv
    with tempfile.TemporaryDirectory() as tmp:
        coach = Coach(load_settings(data_dir=Path(tmp)))
        load_demo(coach, goals=False)
        sets, checkins = write_demo_goals(coach)
    sys.stdout.write(f"wrote {sets} goal sets and {checkins} check-ins to {DEMO_DATA_DIR}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
