"""A seeded, deterministic generator of the bilingual demo organisation (and of large synthetic ones).

The demo org covers 2025-12-01 .. 2026-11-30 and has 16 people in four teams:

* ``david-morgan`` (en, director, top of the organisation, team "Leadership");
* ``zhou-ting`` 周婷 (zh, ``role="hr"``, team "People Ops");
* "Platform" (writes English): manager ``alice-chen``; ``ben-okafor``, ``carla-mendes``, ``daniel-park``,
  ``emma-novak``, ``farid-haddad``, ``priya-raman``;
* "Growth" 增长 (writes Chinese): manager ``wang-lei`` 王磊; ``li-na`` 李娜, ``zhang-wei`` 张伟,
  ``chen-jing`` 陈静, ``liu-yang`` 刘洋, ``zhao-min`` 赵敏, ``huang-zhiqiang`` 黄志强.

Required cases (``tests/test_demo_org.py`` asserts each):

1. thin data: ``emma-novak`` joined in October 2026 and has 6 events in the whole year (``THIN_PERSON``).
2. recency: ``liu-yang`` has over 70% of their events from 2026-10-20 on (``RECENCY_PERSON``).
3. quiet contributor: ``carla-mendes`` - mentoring, reviews, talks and docs; about 5% outcome events
   (``QUIET_PERSON``).
4. missed targets: ``daniel-park`` (checkout p95 latency, en) and ``zhang-wei`` (H1 new contract value, zh)
   each have a hand-written outcome whose metric misses its target; generated outcomes miss now and then.
5. private one-on-one notes: managers' notes, ``source="one_on_one"``, ``visibility="private"``.
6. opted-out entries: ``visibility="excluded_from_ai"`` (compensation, transfer enquiry, draft plans).
7. team objectives: Platform (en) and Growth (zh) each have two objectives for 2026H1, two for 2026H2 and
   one for 2026, all with metric, unit, baseline and target.
8. prompt injection: ``ben-okafor`` (English) and ``zhao-min`` (Chinese) each have one normal-visibility
   event whose description tries to instruct the model (``INJECTION_EVENT_IDS``).

Regenerate the committed files with ``python -m assistant.demo_org [--seed N] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import json
import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from assistant.core.models import EVENT_KINDS, Person, TeamObjective, WorkEvent
from assistant.demo.phrases import (
    CAST,
    DOMAINS,
    EXCLUDED,
    GENERIC,
    OBJECTIVES,
    ONE_ON_ONE,
    SPECIAL_EVENTS,
    VERDICT,
    Template,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_DATA_DIR",
    "DEMO_END",
    "DEMO_START",
    "INJECTION_EVENT_IDS",
    "MISSED_TARGET_EVENT_IDS",
    "QUIET_PERSON",
    "RECENCY_FROM",
    "RECENCY_PERSON",
    "THIN_PERSON",
    "DemoOrg",
    "generate_demo_org",
    "main",
    "write_demo_files",
]

DEMO_START = date(2025, 12, 1)
DEMO_END = date(2026, 11, 30)
DEFAULT_SEED = 20261126
DEMO_DATA_DIR = Path(__file__).parent / "data"
RECENCY_FROM = date(2026, 10, 20)
THIN_PERSON, RECENCY_PERSON, QUIET_PERSON = "emma-novak", "liu-yang", "carla-mendes"
INJECTION_EVENT_IDS = ("ev-ben-okafor-inj", "ev-zhao-min-inj")
MISSED_TARGET_EVENT_IDS = ("ev-daniel-park-h1", "ev-zhang-wei-h1")

TOP_MANAGER = "david-morgan"
"""The head of the demo organisation (synthetic teams report to them too)."""
_DOMAIN_BY_TEAM = {"Platform": "platform", "Growth": "growth", "Leadership": "leadership", "People Ops": "people"}
# Kind weights (outcome, collaboration, development, context) by role; events per person per year are in
# phrases_data/cast.yaml.
_DEFAULT_WEIGHTS = {"employee": (42, 26, 14, 18), "manager": (32, 38, 12, 18), "hr": (30, 38, 12, 20)}
_SEASON = {  # activity by month from 2025-12: quieter over the holidays, the Spring Festival and Golden Week
    "en": (0.7, 1, 1, 1, 1, 1, 1, 1, 0.7, 1, 1, 1),
    "zh": (1, 1, 0.55, 1, 1, 1, 1, 1, 1, 1, 0.8, 1),
}
_HOURS = {"en": (8, 17), "zh": (1, 10)}  # UTC working hours: Europe and Beijing
_VISIBILITY_EXTRA = ("private", "excluded_from_ai")
_T = TypeVar("_T")


class DemoOrg(BaseModel):
    """The demo organisation: people, their work events and their teams' objectives."""

    people: list[Person]
    events: list[WorkEvent]
    objectives: list[TeamObjective]


# --- templates --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Spec:
    name: str
    unit: str | None
    lo: float
    hi: float
    decimals: int
    up: bool | None  # None: a plain count without baseline or target
    glo: float = 0.0
    ghi: float = 0.0
    tgain: float = 0.0


@dataclass(frozen=True, slots=True)
class _Tpl:
    source: str
    title: str
    description: str
    specs: tuple[_Spec, ...]
    complexity: str | None
    fields: tuple[str, ...]
    project: str | None = None  # the project this template is about, if any


def _decimals(*texts: str) -> int:
    return max((len(t.split(".")[1]) if "." in t else 0) for t in texts)


def _spec(text: str) -> _Spec:
    p = text.split()
    unit = None if p[1] == "-" else p[1]
    dec = _decimals(p[2], p[3])
    if len(p) == 4:
        return _Spec(p[0], unit, float(p[2]), float(p[3]), dec, None)
    return _Spec(p[0], unit, float(p[2]), float(p[3]), dec, p[4] == "+", float(p[5]), float(p[6]), float(p[7]))


def _fields(*texts: str) -> tuple[str, ...]:
    names = [f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f]
    return tuple(dict.fromkeys(names))  # ordered and de-duplicated: never iterate a set (salted hashing)


def _tpl(t: Template | tuple[str, str, str], source: str = "") -> _Tpl:
    if len(t) >= 5:
        source, title, desc, metrics, complexity, *hint = t
    else:
        (_, title, desc), metrics, complexity, hint = t, "", "", []
    specs = tuple(_spec(s) for s in metrics.split(";") if s.strip())
    return _Tpl(source, title, desc, specs, complexity or None, _fields(title, desc), hint[0] if hint else None)


@cache
def _pool(domain: str, kind: str) -> tuple[tuple[str, _Tpl], ...]:
    d = DOMAINS[domain]
    return tuple((kind, _tpl(t)) for t in [*d[kind], *GENERIC[d["lang"]][kind]])


@cache
def _side_pool(lang: str, visibility: str) -> tuple[tuple[str, _Tpl], ...]:
    if visibility == "private":
        return tuple((k, _tpl(t, "one_on_one")) for t in ONE_ON_ONE[lang] for k in [t[0]])
    return tuple((k, _tpl((s, ti, de), s)) for s, k, ti, de in EXCLUDED[lang])


def _pick(rng: random.Random, seq: Sequence[_T]) -> _T:
    """``rng.choice`` with a single ``random()`` call (faster; still deterministic)."""
    return seq[int(rng.random() * len(seq))]


# --- dates ------------------------------------------------------------------------------------------------


def _month_index(d: date) -> int:
    return (d.year - DEMO_START.year) * 12 + d.month - DEMO_START.month


@cache
def _weekdays_by_month(start: date, end: date) -> tuple[tuple[int, tuple[date, ...]], ...]:
    """Weekdays in ``[start, end]``, grouped by month index."""
    out: dict[int, list[date]] = {}
    day = start
    while day <= end:
        if day.weekday() < 5:
            out.setdefault(_month_index(day), []).append(day)
        day += timedelta(days=1)
    return tuple((m, tuple(days)) for m, days in out.items())


def _spread(rng: random.Random, n: int, start: date, end: date, lang: str) -> list[date]:
    """``n`` weekdays in ``[start, end]``, stratified by month so that every month gets its share."""
    months = _weekdays_by_month(start, end)
    if n <= 0 or not months:
        return []
    weights = [len(days) * _SEASON[lang][m % 12] for m, days in months]
    total = sum(weights)
    counts = [int(n * w / total) for w in weights]
    for i in rng.choices(range(len(months)), weights=weights, k=n - sum(counts)):
        counts[i] += 1
    return [_pick(rng, days) for (_, days), c in zip(months, counts, strict=True) for _ in range(c)]


# --- events -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Plan:
    n: int
    weights: tuple[int, int, int, int]
    start: date = DEMO_START
    recent: int = 0  # of the n events, how many fall on or after RECENCY_FROM
    private: int = 0
    excluded: int = 0


@dataclass(slots=True)
class _Ctx:
    person: Person
    domain: str
    display: str
    manager: str
    peers: list[str]
    projects: list[tuple[str, int, int]]


def _display(p: Person) -> str:
    return p.name.split()[0] if p.language == "en" else p.name


def _num(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def _with_unit(text: str, unit: str | None) -> str:
    if unit is None:
        return text
    if unit == "kUSD":
        return f"${text}k"
    if unit == "%" or unit.startswith("/") or not unit.isascii():
        return f"{text}{unit}"
    return f"{text} {unit}"


def _metrics(rng: random.Random, specs: tuple[_Spec, ...], lang: str, slots: dict[str, str]) -> dict[str, dict]:
    """Draw each metric (as ``Metric`` field dicts, validated with the event) and fill its text slots."""
    out: dict[str, dict] = {}
    for i, s in enumerate(specs):
        d = s.decimals
        if s.up is None:
            value = round(rng.uniform(s.lo, s.hi), d) if d else float(int(s.lo + rng.random() * (s.hi - s.lo + 1)))
            out[s.name] = {"value": value, "unit": s.unit}
            slots[f"v{i}"] = _num(value, d)
            continue
        base = round(rng.uniform(s.lo, s.hi), d)
        sign = 1 if s.up else -1
        value = round(base * (1 + sign * rng.uniform(s.glo, s.ghi)), d)
        target = round(base * (1 + sign * s.tgain), d)
        out[s.name] = {"value": value, "unit": s.unit, "baseline": base, "target": target, "higher_is_better": s.up}
        met = value >= target if s.up else value <= target  # as Metric.met_target
        slots.update({f"v{i}": _num(value, d), f"b{i}": _num(base, d), f"t{i}": _num(target, d)})
        slots[f"vs{i}"] = VERDICT[lang][0 if met else 1].format(t=_with_unit(slots[f"t{i}"], s.unit))
    return out


def _project(rng: random.Random, ctx: _Ctx, month: int) -> str:
    active = [p for p in ctx.projects if p[1] <= month <= p[2]]
    active = active or [p for p in DOMAINS[ctx.domain]["projects"] if p[1] <= month <= p[2]] or ctx.projects
    return _pick(rng, active)[0]


def _fill(rng: random.Random, tpl: _Tpl, ctx: _Ctx, month: int) -> dict[str, Any]:
    """Draw the slots of ``tpl`` and return the event's text fields."""
    slots: dict[str, str] = {}
    metrics = _metrics(rng, tpl.specs, ctx.person.language, slots) if tpl.specs else {}
    domain = DOMAINS[ctx.domain]
    project = None
    for f in tpl.fields:
        if f in slots:
            continue
        if f == "project":
            slots[f] = project = tpl.project or _project(rng, ctx, month)
        elif f == "peer":
            slots[f] = _pick(rng, ctx.peers)
        elif f == "name":
            slots[f] = ctx.display
        elif f == "manager":
            slots[f] = ctx.manager
        else:
            slots[f] = _pick(rng, domain[f])
    return {
        "source": tpl.source,
        "title": tpl.title.format_map(slots),
        "description": tpl.description.format_map(slots),
        "metrics": metrics,
        "project": project,
        "complexity": tpl.complexity,
    }


def _kind_counts(n: int, weights: tuple[int, ...]) -> list[int]:
    """Largest-remainder split of ``n`` by ``weights``."""
    total = sum(weights)
    raw = [n * w / total for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))[: n - sum(counts)]:
        counts[i] += 1
    return counts


def person_events(rng: random.Random, ctx: _Ctx, plan: _Plan) -> list[dict[str, Any]]:
    """A person's events for the year as WorkEvent field dicts (without id), sorted by time."""
    lang = ctx.person.language
    if plan.recent:
        days = _spread(rng, plan.n - plan.recent, plan.start, RECENCY_FROM - timedelta(days=1), lang)
        days += _spread(rng, plan.recent, RECENCY_FROM, DEMO_END, lang)
    else:
        days = _spread(rng, plan.n, plan.start, DEMO_END, lang)
    days.sort()
    regular = _kind_counts(plan.n - plan.private - plan.excluded, plan.weights)
    slots: list[str] = [k for k, c in zip(EVENT_KINDS, regular, strict=True) for _ in range(c)]
    slots += ["private"] * plan.private + ["excluded_from_ai"] * plan.excluded
    rng.shuffle(slots)
    decks: dict[str, list[tuple[str, _Tpl]]] = {}
    used: set[str] = set()  # membership tests only: iterating a set of str would depend on hash salting
    lo, hi = _HOURS[lang]
    out = []
    for day, slot in zip(days, slots, strict=True):
        deck = decks.get(slot)
        if not deck:  # templates are drawn without replacement; a fixed title is not used twice
            pool = _side_pool(lang, slot) if slot in _VISIBILITY_EXTRA else _pool(ctx.domain, slot)
            deck = decks[slot] = [x for x in pool if "{" in x[1].title or x[1].title not in used] or list(pool)
            rng.shuffle(deck)
        kind, tpl = deck.pop()
        used.add(tpl.title)
        visibility = slot if slot in _VISIBILITY_EXTRA else "normal"
        ev = _fill(rng, tpl, ctx, _month_index(day))
        slot5 = int(rng.random() * (hi - lo + 1) * 12)  # a five-minute slot within working hours
        when = datetime.combine(day, time(lo + slot5 // 12, slot5 % 12 * 5), tzinfo=UTC)
        ev.update(person_id=ctx.person.id, occurred_at=when, kind=kind, visibility=visibility, language=lang)
        out.append(ev)
    return out


def contexts(rng: random.Random, people: list[Person]) -> list[_Ctx]:
    by_id = {p.id: p for p in people}
    teams: dict[str, list[Person]] = {}
    for p in people:
        teams.setdefault(p.team, []).append(p)
    managers = [_display(p) for p in people if p.role == "manager" and p.manager_id == TOP_MANAGER][:8]
    out = []
    for p in people:
        domain = _DOMAIN_BY_TEAM.get(p.team) or _DOMAIN_BY_TEAM[p.team.split(" S")[0]]
        # teammates, not one's own manager (they are not mentored or covered for by their reports)
        peers = [_display(q) for q in teams[p.team] if q.id not in (p.id, p.manager_id)] or managers
        manager = _display(by_id[p.manager_id]) if p.manager_id else _display(p)
        projects = DOMAINS[domain]["projects"]
        out.append(_Ctx(p, domain, _display(p), manager, peers, rng.sample(projects, k=min(3, len(projects)))))
    return out


def default_plan(rng: random.Random, p: Person, n: int) -> _Plan:
    private = 0 if p.manager_id is None or n < 12 else rng.randint(1, 3) if p.role == "employee" else 1
    excluded = 1 if n >= 12 and rng.random() < 0.6 else 0
    return _Plan(n, _DEFAULT_WEIGHTS[p.role], private=private, excluded=excluded)


def demo_people() -> list[Person]:
    """The demo organisation's people, as the cast file lists them."""
    return [Person.model_validate(row) for row in CAST["people"]]


def _special_events() -> list[WorkEvent]:
    """Hand-written events: missed targets, prompt-injection attempts and the thin-data person's year."""
    return [WorkEvent.model_validate(row) for row in SPECIAL_EVENTS]


def _objectives() -> list[TeamObjective]:
    keys = (
        "id",
        "team",
        "period",
        "title",
        "description",
        "metric",
        "unit",
        "baseline",
        "target",
        "higher_is_better",
        "language",
    )
    return [TeamObjective.model_validate(dict(zip(keys, row, strict=True))) for row in OBJECTIVES]


def generate_demo_org(seed: int = DEFAULT_SEED) -> DemoOrg:
    """The demo organisation; a pure function of ``seed``."""
    rng = random.Random(seed)
    people = demo_people()
    events = _special_events()
    for ctx in contexts(rng, people):
        pid = ctx.person.id
        if pid == THIN_PERSON:
            continue  # hand-written: demo_text.SPECIAL_EVENTS
        if pid == RECENCY_PERSON:
            plan = _Plan(46, _DEFAULT_WEIGHTS["employee"], recent=35, private=2, excluded=1)
        else:
            plan = default_plan(rng, ctx.person, CAST["events_per_year"][pid])
            if pid == QUIET_PERSON:
                plan = _Plan(plan.n, (5, 60, 25, 10), private=3, excluded=plan.excluded)
        for k, ev in enumerate(person_events(rng, ctx, plan), start=1):
            events.append(WorkEvent(id=f"ev-{pid}-{k:03d}", **ev))
    events.sort(key=lambda e: (e.occurred_at, e.id))
    return DemoOrg(people=people, events=events, objectives=_objectives())


def write_demo_files(org: DemoOrg, out_dir: Path) -> dict[str, Path]:
    """Write ``people.jsonl``, ``events.jsonl`` and ``objectives.jsonl``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    events = sorted(org.events, key=lambda e: (e.occurred_at, e.id))
    paths: dict[str, Path] = {}
    for name, rows in (("people", org.people), ("events", events), ("objectives", org.objectives)):
        lines = [
            json.dumps(r.model_dump(mode="json", exclude_defaults=False), ensure_ascii=False, sort_keys=True)
            for r in rows
        ]
        path = out_dir / f"{name}.jsonl"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="\n")
        paths[name] = path
    return paths


def main(argv: list[str] | None = None) -> None:
    """``python -m assistant.demo.org [--seed N] [--out DIR]``: regenerate the demo data files."""
    parser = argparse.ArgumentParser(description="Regenerate the demo organisation's JSONL files.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=DEMO_DATA_DIR, help="output directory")
    args = parser.parse_args(argv)
    org = generate_demo_org(args.seed)
    for name, path in write_demo_files(org, args.out).items():
        print(f"{name}: {path}")
    print(f"{len(org.people)} people, {len(org.events)} events, {len(org.objectives)} objectives")


if __name__ == "__main__":
    main()
