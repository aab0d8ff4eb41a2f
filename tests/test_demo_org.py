"""The demo organisation: deterministic, committed as generated, and covering every required case."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from assistant.core.models import EVENT_KINDS, Person, WorkEvent
from assistant.core.periods import parse_period
from assistant.demo.org import (
    DEFAULT_SEED,
    DEMO_DATA_DIR,
    DEMO_END,
    DEMO_START,
    INJECTION_EVENT_IDS,
    MISSED_TARGET_EVENT_IDS,
    QUIET_PERSON,
    RECENCY_FROM,
    RECENCY_PERSON,
    THIN_PERSON,
    DemoOrg,
    generate_demo_org,
    write_demo_files,
)
from assistant.demo.scaled import scaled_org

CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCES = {"jira", "github", "crm", "lms", "one_on_one", "peer_feedback", "manual", "okr", "incident"}


@pytest.fixture(scope="module")
def org() -> DemoOrg:
    return generate_demo_org()


def events_of(org: DemoOrg, person_id: str) -> list[WorkEvent]:
    return [e for e in org.events if e.person_id == person_id]


def by_id(org: DemoOrg) -> dict[str, Person]:
    return {p.id: p for p in org.people}


# --- determinism and committed files ----------------------------------------------------------------------


def test_same_seed_same_org_and_other_seed_differs(org: DemoOrg) -> None:
    again = generate_demo_org(DEFAULT_SEED)
    assert again.model_dump(mode="json") == org.model_dump(mode="json")
    other = generate_demo_org(DEFAULT_SEED + 1)
    assert other.model_dump(mode="json")["events"] != org.model_dump(mode="json")["events"]
    assert other.people == org.people  # the cast is fixed; only the events vary with the seed


def test_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    a = write_demo_files(generate_demo_org(7), tmp_path / "a")
    b = write_demo_files(generate_demo_org(7), tmp_path / "b")
    assert set(a) == {"people", "events", "objectives"}
    for name in a:
        assert a[name].read_bytes() == b[name].read_bytes()


def test_committed_files_are_the_generated_ones(org: DemoOrg, tmp_path: Path) -> None:
    written = write_demo_files(org, tmp_path)
    for name, path in written.items():
        committed = DEMO_DATA_DIR / f"{name}.jsonl"
        assert committed.exists(), f"run `python -m assistant.demo_org` to create {committed}"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} differs from the generator's output; regenerate with `python -m assistant.demo_org`"
        )


def test_written_files_round_trip(org: DemoOrg, tmp_path: Path) -> None:
    paths = write_demo_files(org, tmp_path)
    lines = paths["events"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(org.events)
    events = [WorkEvent.model_validate_json(line) for line in lines]
    assert [(e.occurred_at, e.id) for e in events] == sorted((e.occurred_at, e.id) for e in events)
    assert "李娜" in paths["people"].read_text(encoding="utf-8")  # ensure_ascii=False
    assert len(paths["objectives"].read_text(encoding="utf-8").splitlines()) == len(org.objectives)


# --- organisation ---------------------------------------------------------------------------------------------


def test_people_teams_and_languages(org: DemoOrg) -> None:
    people = by_id(org)
    assert len(org.people) >= 14 and len(people) == len(org.people)
    teams = {p.team for p in org.people}
    assert {"Platform", "Growth", "People Ops"} <= teams
    langs = Counter(p.language for p in org.people)
    assert abs(langs["en"] - langs["zh"]) <= 2
    assert people["li-na"].name == "李娜" and people["li-na"].team == "Growth" and people["li-na"].language == "zh"
    assert [p.id for p in org.people if p.role == "hr"] == ["zhou-ting"]
    assert people["zhou-ting"].team == "People Ops"
    for p in org.people:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", p.id)
        assert p.skills and p.level and p.job_family
        assert bool(CJK.search(p.name)) == (p.language == "zh")


def test_reporting_lines(org: DemoOrg) -> None:
    people = by_id(org)
    tops = [p for p in org.people if p.manager_id is None]
    assert len(tops) == 1
    top = tops[0]
    for p in org.people:
        assert p.manager_id is None or p.manager_id in people
        seen = {p.id}
        cur = p
        while cur.manager_id is not None:  # no cycles: every chain ends at the top
            assert cur.manager_id not in seen
            seen.add(cur.manager_id)
            cur = people[cur.manager_id]
        assert cur.id == top.id
    managers = [p for p in org.people if p.role == "manager" and p.id != top.id]
    assert len(managers) >= 2
    for m in managers:
        assert m.manager_id == top.id
        assert any(p.manager_id == m.id for p in org.people)
    assert all(people[p.manager_id].role == "manager" for p in org.people if p.manager_id)
    # the director reaches the reports of their managers only indirectly
    assert any(p.manager_id and people[p.manager_id].manager_id == top.id for p in org.people)


# --- events ---------------------------------------------------------------------------------------------------


def test_event_counts_kinds_sources_window(org: DemoOrg) -> None:
    people = by_id(org)
    assert len(org.events) >= 800
    assert len({e.id for e in org.events}) == len(org.events)
    assert set(Counter(e.kind for e in org.events)) == set(EVENT_KINDS)
    assert {e.source for e in org.events} <= SOURCES
    assert len({e.source for e in org.events}) == len(SOURCES)
    names = sorted((p.name for p in org.people), key=len, reverse=True)
    for e in org.events:
        assert e.person_id in people
        assert DEMO_START <= e.occurred_at.date() <= DEMO_END
        assert e.tags == []
        assert e.language == people[e.person_id].language
        text = e.title + e.description
        for name in names:  # colleagues' names may appear in either language
            text = text.replace(name, "")
        assert bool(CJK.search(text)) == (e.language == "zh"), e.id
    assert [(e.occurred_at, e.id) for e in org.events] == sorted((e.occurred_at, e.id) for e in org.events)


def test_events_are_specific(org: DemoOrg) -> None:
    outcomes = [e for e in org.events if e.kind == "outcome"]
    with_metrics = [e for e in outcomes if e.metrics]
    assert len(with_metrics) >= 0.8 * len(outcomes)
    assert sum(e.project is not None for e in org.events) >= 0.3 * len(org.events)
    assert sum(e.complexity is not None for e in org.events) >= 0.5 * len(org.events)
    measured = [m for e in org.events for m in e.metrics.values() if m.target is not None]
    assert len(measured) >= 100 and all(m.baseline is not None for m in measured)
    for p in org.people:  # little repetition within a person's year
        events = events_of(org, p.id)
        assert len({e.title for e in events}) >= 0.75 * len(events), p.id
        assert len({e.description for e in events}) >= 0.85 * len(events), p.id
    for e in org.events:  # every number in the metrics is rendered; no template slot left unfilled
        assert "{" not in e.title + e.description
        assert len(e.description) >= 20


def test_languages_roughly_half(org: DemoOrg) -> None:
    langs = Counter(e.language for e in org.events)
    assert 0.4 <= langs["zh"] / len(org.events) <= 0.6


def test_everyone_but_the_thin_person_is_active_most_months(org: DemoOrg) -> None:
    months = parse_period(f"{DEMO_START}..{DEMO_END}").months()
    assert len(months) == 12
    for p in org.people:
        if p.id == THIN_PERSON:
            continue
        active = {e.month for e in events_of(org, p.id)}
        assert len(active) >= 9, (p.id, sorted(active))
        quarters = {(int(m[:4]), (int(m[5:]) - 1) // 3) for m in active}
        assert len(quarters) >= 4


# --- required cases -------------------------------------------------------------------------------------------


def test_thin_data_person(org: DemoOrg) -> None:
    events = events_of(org, THIN_PERSON)
    assert 0 < len(events) <= 8
    assert min(e.occurred_at.date() for e in events) >= date(2026, 10, 1)


def test_recency_person(org: DemoOrg) -> None:
    events = events_of(org, RECENCY_PERSON)
    recent = [e for e in events if e.occurred_at.date() >= RECENCY_FROM]
    assert date(2026, 10, 20) == RECENCY_FROM
    assert len(events) >= 20
    assert len(recent) / len(events) >= 0.70
    assert len(recent) < len(events)  # there is some older evidence too


def test_quiet_contributor(org: DemoOrg) -> None:
    events = events_of(org, QUIET_PERSON)
    kinds = Counter(e.kind for e in events)
    assert len(events) >= 40
    assert kinds["outcome"] / len(events) <= 0.10
    assert (kinds["collaboration"] + kinds["development"]) / len(events) >= 0.7
    text = " ".join(e.title.lower() for e in events if e.kind == "collaboration")
    for word in ("mentored", "review", "talk", "onboarding"):
        assert word in text, word
    # others are not quiet: the quiet case stands out
    others = [p.id for p in org.people if p.role == "employee" and p.id not in {QUIET_PERSON, THIN_PERSON}]
    for pid in others:
        evs = events_of(org, pid)
        assert sum(e.kind == "outcome" for e in evs) / len(evs) > 0.25


def test_missed_targets_in_both_languages(org: DemoOrg) -> None:
    missed = [e for e in org.events if e.kind == "outcome" and any(m.met_target is False for m in e.metrics.values())]
    assert {e.language for e in missed} == {"en", "zh"}
    events = {e.id: e for e in org.events}
    for eid in MISSED_TARGET_EVENT_IDS:
        e = events[eid]
        assert e.kind == "outcome" and e.visibility == "normal"
        assert [m.met_target for m in e.metrics.values()] == [False]
    met = [e for e in org.events if any(m.met_target for m in e.metrics.values())]
    assert len(met) > len(missed)  # most targets are met; misses are the exception
    p95 = events["ev-daniel-park-h1"].metrics["p95_latency_ms"]
    assert (p95.value, p95.baseline, p95.target, p95.higher_is_better) == (310, 480, 250, False)


def test_missed_target_wording_matches_metrics(org: DemoOrg) -> None:
    for e in org.events:
        for m in e.metrics.values():
            if m.met_target is None:
                continue
            if "short of the" in e.description or "未达到" in e.description:
                assert any(x.met_target is False for x in e.metrics.values()), e.id
            if "ahead of the" in e.description or "达成" in e.description:
                assert any(x.met_target for x in e.metrics.values()), e.id


def test_private_one_on_one_notes(org: DemoOrg) -> None:
    private = [e for e in org.events if e.visibility == "private"]
    assert len(private) >= 5
    assert all(e.source == "one_on_one" for e in private)
    assert {e.language for e in private} == {"en", "zh"}
    assert len({e.person_id for e in private}) >= 5
    assert all(by_id(org)[e.person_id].manager_id for e in private)  # notes from a manager's 1:1s


def test_excluded_from_ai(org: DemoOrg) -> None:
    excluded = [e for e in org.events if e.visibility == "excluded_from_ai"]
    assert len(excluded) >= 3
    assert {e.language for e in excluded} == {"en", "zh"}


def test_prompt_injection_events(org: DemoOrg) -> None:
    events = {e.id: e for e in org.events}
    en, zh = (events[i] for i in INJECTION_EVENT_IDS)
    assert en.language == "en" and "ignore previous instructions" in en.description.lower()
    assert zh.language == "zh" and "忽略以上指令" in zh.description
    assert en.visibility == zh.visibility == "normal"
    injected = [e for e in org.events if "ignore previous" in e.description.lower() or "忽略以上" in e.description]
    assert sorted(e.id for e in injected) == sorted(INJECTION_EVENT_IDS)


def test_team_objectives(org: DemoOrg) -> None:
    people = by_id(org)
    team_lang = {p.team: p.language for p in org.people if p.role == "manager" and p.manager_id}
    assert set(team_lang) == {"Platform", "Growth"}
    assert len({o.id for o in org.objectives}) == len(org.objectives)
    for team, lang in team_lang.items():
        objs = [o for o in org.objectives if o.team == team]
        periods = Counter(o.period for o in objs)
        assert 2 <= periods["2026H1"] <= 3 and 2 <= periods["2026H2"] <= 3
        for o in objs:
            assert o.metric and o.unit
            assert o.baseline is not None and o.target is not None and o.baseline != o.target
            assert (o.target > o.baseline) == o.higher_is_better
            assert o.language == lang
            assert bool(CJK.search(o.title)) == (lang == "zh")
    assert not [o for o in org.objectives if o.team not in {p.team for p in people.values()}]
    metric_names = {name for e in org.events for name in e.metrics}
    assert all(o.metric in metric_names for o in org.objectives)  # goals align with measured evidence


# --- scaled organisations ---------------------------------------------------------------------------------


def test_scaled_org_10k() -> None:
    people, events = scaled_org(10_000)
    assert not isinstance(events, list)
    events = list(events)
    assert len(events) == 10_000
    assert len({e.id for e in events}) == 10_000
    ids = {p.id for p in people}
    assert len(ids) == len(people)
    assert {p.id for p in generate_demo_org().people} <= ids
    assert all(e.person_id in ids for e in events)
    assert all(p.manager_id is None or p.manager_id in ids for p in people)
    per_person = Counter(e.person_id for e in events)
    assert min(per_person.values()) >= 55 and max(per_person.values()) <= 85
    assert len(per_person) == len(people)
    assert all(DEMO_START <= e.occurred_at.date() <= DEMO_END for e in events)
    langs = {p.id: p.language for p in people}
    assert all(e.language == langs[e.person_id] for e in events)
    assert {p.language for p in people if p.id.startswith("s")} == {"en", "zh"}
    # determinism
    people2, events2 = scaled_org(10_000)
    assert people2 == people
    assert [e.model_dump() for e in events2] == [e.model_dump() for e in events]
    sample = events[::997]  # the streamed events are valid models
    assert [WorkEvent.model_validate(e.model_dump()) for e in sample] == sample


def test_scaled_org_is_lazy_and_exact() -> None:
    people, events = scaled_org(1_000_000)
    assert 13_000 <= len(people) <= 16_000
    first = list(itertools.islice(events, 5))
    assert [e.id for e in first] == ["se1", "se2", "se3", "se4", "se5"]
    small_people, small = scaled_org(37)
    assert len(list(small)) == 37
    assert len(small_people) == len(generate_demo_org().people)
    assert list(scaled_org(0)[1]) == []
