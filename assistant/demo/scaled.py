"""Scaled organisations for benchmarks: the demo people plus synthetic teams, and a stream of N events."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from assistant.core.models import Person, WorkEvent
from assistant.demo.org import DEFAULT_SEED, TOP_MANAGER, contexts, default_plan, demo_people, person_events
from assistant.demo.phrases import NAMES

__all__ = ["scaled_org"]

_TEAM_SIZE = 9  # a manager and eight reports
_PER_PERSON = 70


def _synthetic_people(rng: random.Random, teams: int) -> list[Person]:
    out = []
    for t in range(teams):
        lang = "en" if t % 2 == 0 else "zh"
        team = f"Platform S{t}" if lang == "en" else f"Growth S{t}"
        for n in range(_TEAM_SIZE):
            if lang == "en":
                name = f"{rng.choice(NAMES['en_first'])} {rng.choice(NAMES['en_last'])}"
                family, level = "Software Engineering", rng.choice(("L3", "L4", "L5", "L6"))
                skills = ["Go", "Kubernetes", "PostgreSQL"]
            else:
                name = rng.choice(NAMES["zh_family"]) + rng.choice(NAMES["zh_given"])
                family, level = "销售", rng.choice(("P5", "P6", "P7"))
                skills = ["大客户销售", "商务谈判", "CRM"]
            manager = n == 0
            out.append(
                Person(
                    id=f"s{t}-{n}",
                    name=name,
                    language=lang,
                    team=team,
                    skills=skills,
                    job_family=("Engineering Management" if lang == "en" else "销售管理") if manager else family,
                    level=("M1" if lang == "en" else "M2") if manager else level,
                    manager_id=TOP_MANAGER if manager else f"s{t}-0",
                    role="manager" if manager else "employee",
                )
            )
    return out


def _scaled_events(people: list[Person], n_events: int, seed: int) -> Iterator[WorkEvent]:
    rng = random.Random(f"{seed}:scaled")
    base, extra = divmod(n_events, len(people))
    next_id = 1
    for i, ctx in enumerate(contexts(rng, people)):
        quota = base + (i < extra)
        if not quota:
            continue
        for ev in person_events(rng, ctx, default_plan(rng, ctx.person, quota)):
            yield WorkEvent(id=f"se{next_id}", **ev)
            next_id += 1


def scaled_org(n_events: int, seed: int = DEFAULT_SEED) -> tuple[list[Person], Iterator[WorkEvent]]:
    """The demo people plus synthetic teams, and a lazy stream of exactly ``n_events`` events.

    There are enough people for roughly 60-80 events each per year; events are generated one person at a
    time (each person's in time order) with the demo's text machinery and date window, including private and
    opted-out entries; the demo's hand-written cases are not repeated. Ids: ``s{team}-{n}`` people (``-0`` is
    the manager), ``se{n}`` events.
    """
    if n_events < 0:
        raise ValueError(f"n_events must be >= 0, got {n_events}")
    rng = random.Random(seed)
    people = demo_people()
    wanted = max(len(people), math.ceil(n_events / _PER_PERSON))
    people += _synthetic_people(rng, math.ceil((wanted - len(people)) / _TEAM_SIZE))
    return people, _scaled_events(people, n_events, seed)
