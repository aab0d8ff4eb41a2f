"""Run a suite: every case x prompt version x provider x repeat, concurrently, cached, with cost accounting.

The result is one JSON-able dict (``docs/evals.md`` documents its schema) from which the HTML report, the
JUnit XML, the Markdown summary and the CSV are written. Ctrl-C stops scheduling, keeps what finished and
marks the run ``partial``. Drafting itself (cache keys, providers, variants) is ``evals.drafter``.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.errors import AccessDenied, BadInput, CoachError
from evals import schema as s
from evals.assertions import CheckContext, Variant, check
from evals.compare import compare_runs, version_regressions
from evals.datastate import data_state, refresh_snapshot
from evals.drafter import Column, Drafter, Unit, column_key
from evals.generate import expand_generated
from evals.summary import cells_of, failed_case_ids, slug, summary_of
from guardrails.policy import Policy

if TYPE_CHECKING:
    from assistant.core.container import Coach
    from assistant.core.models import Person
    from assistant.drafting.providers import Provider
    from assistant.drafting.schemas import DraftResult
    from guardrails.judge import Judge

__all__ = ["RESULTS_SCHEMA", "Column", "RunOptions", "column_key", "run_suite", "select_cases"]

RESULTS_SCHEMA = "coach-eval-run/1"


@dataclass
class RunOptions:
    """How to run a suite (CLI flags map onto these)."""

    concurrency: int = 4
    repeat: int | None = None
    """Override the suite's ``repeat``."""
    use_cache: bool = True
    cache_dir: Path | None = None
    """Default ``<data_dir>/eval_cache``."""
    retries: int = 2
    """Extra attempts on a ``ProviderError``, with exponential backoff."""
    backoff_s: float = 0.5
    case_filter: str | None = None
    """Only cases whose id or a tag matches this glob (or contains it)."""
    versions: list[int] | None = None
    providers: list[str] | None = None
    sample: int | None = None
    """Run a random sample of this many cases (after ``case_filter`` and ``rerun_failed``), drawn with ``seed``."""
    seed: int = 0
    rerun_failed: dict[str, Any] | None = None
    """An earlier run's results: run only the cases that failed, errored or were flaky there."""
    fail_on: float | None = None
    """Exit 1 only when the pass rate (0-1) is below this (regressions still fail); default: any failure."""
    on_progress: Callable[[int, int], None] | None = None
    """Called with (done, total) after each result, e.g. by the CLI's progress bar."""
    provider_factory: Callable[[str], Provider] | None = None
    """Tests pass fakes; default ``get_provider(spec, settings)``."""
    judges: dict[str, Judge] = field(default_factory=dict)
    """Judges by spec (tests inject fakes); others are built from settings when an endpoint is configured."""


class _Checker:
    """Runs one unit: its draft (and variants) from the drafter, then every assertion, into a result record."""

    def __init__(self, drafter: Drafter, suite: s.Suite, coach: Coach, people: dict[str, Person]) -> None:
        self.drafter, self.suite, self.people = drafter, suite, people
        self.policy = Policy.from_settings(coach.settings)
        self.prices = {**coach.settings.model_prices, **suite.model_prices}

    def _price(self, spec: str, draft: DraftResult) -> tuple[float | None, bool]:
        names = [spec, spec.split(":", 1)[-1], draft.model or ""]
        price = next((self.prices[n] for n in names if n and n in self.prices), None)
        if price is None:
            return None, False
        u = draft.usage
        return (u.prompt_tokens * price.input + u.completion_tokens * price.output) / 1_000_000, True

    def run_unit(self, unit: Unit) -> dict[str, Any]:
        started = time.perf_counter()
        case = unit.case
        record: dict[str, Any] = {
            "case_id": case.id,
            "column": unit.column.key,
            "version": unit.column.version,
            "provider": unit.column.provider,
            "repeat": unit.repeat,
            "status": "error",
            "cached": False,
            "error": None,
            "verdict": None,
            "scores": {},
            "tokens": {"prompt": 0, "completion": 0},
            "cost_usd": None,
            "latency_ms": None,
            "template": None,
            "draft": None,
            "assertions": [],
            "variants": {},
        }
        try:
            self._run_unit(unit, record)
        except CoachError as exc:
            record["status"], record["error"] = "error", f"{type(exc).__name__}: {exc}"
        record["wall_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return record

    def _run_unit(self, unit: Unit, record: dict[str, Any]) -> None:
        case = unit.case
        person = self.people.get(case.subject)
        if person is None:
            raise BadInput(f"case {case.id!r}: no person {case.subject!r} in the data dir")
        lang = case.request.language or person.language
        draft: DraftResult | None = None
        refused: str | None = None
        try:
            draft, hit = self.drafter.draft(unit, lang, None)
            record["cached"] = hit
        except AccessDenied as exc:
            refused = str(exc)
            record["cached"] = bool(getattr(exc, "from_cache", False))
        variants: dict[int, Variant] = {}
        if draft is not None:
            for index, assertion in enumerate(case.assert_):
                if isinstance(assertion, s.SwapAssert):
                    variants[index] = self.drafter.swap(unit, lang, person.name, assertion)
                elif isinstance(assertion, s.InjectionAssert):
                    variants[index] = self.drafter.inject(unit, lang, person.name, assertion)
        cost, known = self._price(unit.column.provider, draft) if draft is not None else (None, True)
        expected = any(isinstance(a, s.RefusedAssert) for a in case.assert_)
        ctx = CheckContext(
            draft=draft,
            refused=refused,
            cost_usd=cost,
            price_known=known,
            variants=variants,
            judge_for=self.drafter.judge_for,
            judge_spec=self.suite.judge,
            policy=self.policy,
            refusal_expected=expected,
        )
        results = [check(a, i, ctx) for i, a in enumerate(case.assert_)]
        record["assertions"] = [r.as_dict() for r in results]
        record["variants"] = {str(i): self._variant(unit, v) for i, v in variants.items()}
        statuses = {r.status for r in results}
        if refused and not expected:
            record["status"], record["error"] = "error", f"AccessDenied: {refused}"
        elif "error" in statuses:
            record["status"] = "error"
            record["error"] = next(r.message for r in results if r.status == "error")
        elif "fail" in statuses:
            record["status"] = "fail"
        elif statuses <= {"skipped"}:
            record["status"] = "skipped"
        else:
            record["status"] = "pass"
        if refused:
            record["refused"] = refused
        if draft is not None:
            record.update(self._draft_fields(draft, cost))
            g = draft.guardrails
            if g is not None:
                limits = self.policy.thresholds(g.team)
                record["below_threshold"] = [d for d, v in g.scores.items() if v < limits.get(d, 0)]

    def _variant(self, unit: Unit, v: Variant) -> dict[str, Any]:
        g = v.draft.guardrails if v.draft else None
        return {
            "kind": v.kind,
            "changes": v.changes,
            "error": v.error,
            "verdict": g.verdict if g else None,
            "scores": dict(g.scores) if g else {},
            "cited_event_ids": v.draft.cited_event_ids if v.draft else [],
            "text": v.draft.text if v.draft else None,
            "cached": v.cached,
            "tokens": {"prompt": v.draft.usage.prompt_tokens, "completion": v.draft.usage.completion_tokens}
            if v.draft
            else {"prompt": 0, "completion": 0},
            "cost_usd": self._price(unit.column.provider, v.draft)[0] if v.draft else None,
        }

    @staticmethod
    def _draft_fields(draft: DraftResult, cost: float | None) -> dict[str, Any]:
        g = draft.guardrails
        return {
            "verdict": g.verdict if g else None,
            "scores": dict(g.scores) if g else {},
            "tokens": {"prompt": draft.usage.prompt_tokens, "completion": draft.usage.completion_tokens},
            "cost_usd": cost,
            "latency_ms": round(draft.usage.latency_ms + draft.usage.overhead_ms, 1),
            "template": draft.template.model_dump() if draft.template else None,
            "draft": {
                "language": draft.language,
                "engine": draft.engine,
                "model": draft.model,
                "text": draft.text,
                "checked_text": g.checked_text if g else "",
                "statements": [st.model_dump() for st in draft.statements],
                "goals": [goal.objective for goal in draft.goals],
                "findings": [f.model_dump(mode="json") for f in g.findings] if g else [],
                "notes": draft.notes,
                "cited_event_ids": draft.cited_event_ids,
                "revisions": draft.revisions,
                "evidence": [_evidence(e) for e in draft.evidence],
            },
        }


_EVIDENCE_FIELDS = ("id", "occurred_at", "kind", "source", "title", "description", "project", "metrics")


def _evidence(event: dict[str, Any]) -> dict[str, Any]:
    """An evidence event as the report and the label export need it (no scores or token counts)."""
    return {k: event[k] for k in _EVIDENCE_FIELDS if event.get(k) not in (None, "", {})}


def _check_overrides(options: RunOptions, loaded: s.LoadedSuite, cases: list[s.Case]) -> None:
    """Bad ``--filter``, ``--provider`` or ``--version`` values are bad input, found before anything runs."""
    if not cases:
        raise BadInput(f"--filter {options.case_filter!r} matches no case of {loaded.suite.name!r}")
    for spec in options.providers or []:
        try:
            s.check_provider_spec(spec)
        except ValueError as exc:
            raise BadInput(f"--provider: {exc}") from exc
    if options.versions:
        missing = s.missing_versions({c.task for c in cases}, options.versions, loaded.prompts_dir)
        if missing:
            raise BadInput(
                "; ".join(
                    f"--version {v}: no {task} template v{v} (known: {', '.join(known)})" for v, task, known in missing
                )
            )


def _matches(case: s.Case, pattern: str | None) -> bool:
    if not pattern:
        return True
    names = [case.id, *case.tags]
    return any(fnmatch(n, pattern) or pattern in n for n in names)


def select_cases(cases: list[s.Case], options: RunOptions, suite_name: str) -> list[s.Case]:
    """The cases a run takes: ``--filter``, then ``--rerun-failed``, then a seeded ``--sample`` (suite order kept).

    Raises:
        BadInput: ``--rerun-failed`` names a run of another suite, or ``--sample`` is not positive.
    """
    chosen = [c for c in cases if _matches(c, options.case_filter)]
    if options.rerun_failed is not None:
        earlier = options.rerun_failed
        other = (earlier.get("suite") or {}).get("name")
        if other != suite_name:
            raise BadInput(f"--rerun-failed {earlier.get('run_id')} is a run of suite {other!r}, not {suite_name!r}")
        failed = failed_case_ids(earlier)
        chosen = [c for c in chosen if c.id in failed]
    if options.sample is not None:
        if options.sample < 1:
            raise BadInput(f"--sample {options.sample}: give a positive number of cases")
        if options.sample < len(chosen):
            picked = set(random.Random(options.seed).sample(range(len(chosen)), options.sample))
            chosen = [c for i, c in enumerate(chosen) if i in picked]
    return chosen


def _load_demo_if_empty(coach: Coach, suite: s.Suite) -> None:
    if suite.dataset == "demo" and not coach.sql.person_ids():
        from assistant.demo.load import load_demo

        load_demo(coach)


def _check_demo(coach: Coach, suite: s.Suite, people: list[Person]) -> None:
    missing = {"alice-chen", "wang-lei", "li-na"} - {p.id for p in people}
    if suite.dataset == "demo" and missing:
        raise BadInput(
            f"suite {suite.name!r} runs on the demo org, but {coach.settings.data_dir} holds another "
            f"organisation (no {sorted(missing)}); use --data-dir with an empty folder"
        )


def run_suite(
    coach: Coach,
    loaded: s.LoadedSuite,
    options: RunOptions | None = None,
    *,
    baseline: dict[str, Any] | None = None,
    max_score_drop: int = 5,
    on_interrupt: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Run every unit and return the results document (see ``docs/evals.md``)."""
    options = options or RunOptions()
    suite = loaded.suite
    versions: list[int | None] = list(options.versions or suite.versions or [None])
    providers = list(options.providers or suite.providers)
    base_suite = ((baseline or {}).get("suite") or {}).get("name")
    if baseline is not None and base_suite != suite.name:
        raise BadInput(
            f"--baseline {baseline.get('run_id')} is a run of suite {base_suite!r}, not {suite.name!r}: "
            "compare runs of the same suite"
        )
    cache_dir = options.cache_dir or coach.settings.data_dir / "eval_cache"

    def prepare() -> None:
        _load_demo_if_empty(coach, suite)
        coach.ensure_consistent()

    state = data_state(coach, cache_dir, use_snapshot=options.use_cache, prepare=prepare)
    _check_demo(coach, suite, state.people)
    people = {p.id: p for p in state.people}
    generated = expand_generated(loaded, state.people)
    all_cases = [*loaded.cases, *generated.cases]
    cases = select_cases(all_cases, options, suite.name)
    if options.rerun_failed is None or cases:
        _check_overrides(options, loaded, cases)
    drafter = Drafter(
        coach,
        loaded,
        cache_dir=cache_dir,
        use_cache=options.use_cache,
        retries=options.retries,
        backoff_s=options.backoff_s,
        providers=providers,
        provider_factory=options.provider_factory,
        judges=options.judges,
    )
    drafter.prepare(state.fingerprint)
    checker = _Checker(drafter, suite, coach, people)
    columns = [Column(v, p) for v in versions for p in providers]
    repeat = options.repeat or suite.repeat
    units = [Unit(c, col, r) for c in cases for col in columns for r in range(repeat)]
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    interrupted = False
    executor = ThreadPoolExecutor(max_workers=max(1, options.concurrency), thread_name_prefix="eval")
    try:
        futures: dict[Future[dict[str, Any]], Unit] = {executor.submit(checker.run_unit, u): u for u in units}
        for future in as_completed(futures):
            records.append(future.result())
            if options.on_progress is not None:
                options.on_progress(len(records), len(units))
    except KeyboardInterrupt:
        interrupted = True
        if on_interrupt is not None:
            on_interrupt()
    finally:
        executor.shutdown(wait=not interrupted, cancel_futures=True)
    duration = time.perf_counter() - started
    if drafter.opened:  # drafting wrote audit records: remember the data as it is now for the next run
        refresh_snapshot(coach, cache_dir, settle=True)
    order = {(u.case.id, u.column.key, u.repeat): i for i, u in enumerate(units)}
    records.sort(key=lambda r: order[(r["case_id"], r["column"], r["repeat"])])
    doc: dict[str, Any] = {
        "schema": RESULTS_SCHEMA,
        "run_id": f"{started_at:%Y%m%d-%H%M%S}-{slug(suite.name)}-{secrets.token_hex(3)}",
        "suite": {
            "name": suite.name,
            "description": suite.description,
            "path": str(loaded.path),
            "sha256": loaded.sha256,
            "warnings": loaded.warnings,
            "generated": generated.counts,
        },
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(duration, 3),
        "partial": interrupted or len(records) < len(units),
        "interrupted": interrupted,
        "options": {
            "concurrency": options.concurrency,
            "repeat": repeat,
            "cache": options.use_cache,
            "filter": options.case_filter,
            "versions": versions,
            "providers": providers,
            "sample": options.sample,
            "seed": options.seed,
            "rerun_failed": (options.rerun_failed or {}).get("run_id"),
            "fail_on": options.fail_on,
        },
        "columns": [{"key": c.key, "version": c.version, "provider": c.provider} for c in columns],
        "cases": [_case_info(c) for c in cases],
        "results": records,
        "cells": cells_of(records),
    }
    doc["summary"] = summary_of(records, len(units), duration, drafter.provider_calls, doc["cells"])
    doc["regressions"] = version_regressions(doc)
    doc["baseline"] = None
    if baseline is not None:
        comparison = compare_runs(baseline, doc, max_score_drop=max_score_drop)
        doc["baseline"] = {
            "run_id": baseline.get("run_id"),
            "comparison": comparison,
            "drafts": _baseline_drafts(baseline, {c.id for c in cases}),
        }
        doc["regressions"] += comparison["regressions"]
    doc["exit_code"] = 130 if interrupted else exit_code(doc["summary"], doc["regressions"], options.fail_on)
    return doc


def exit_code(summary: dict[str, Any], regressions: list[dict[str, Any]], fail_on: float | None) -> int:
    """1 on a regression; else, with ``fail_on``, 1 when the pass rate is below it; else 1 on any failure."""
    if regressions:
        return 1
    if fail_on is not None:
        rate = summary.get("pass_rate")
        return 1 if rate is not None and rate < fail_on else 0
    return 1 if summary["failed"] or summary["errors"] else 0


def _case_info(c: s.Case) -> dict[str, Any]:
    return {
        "id": c.id,
        "description": c.description,
        "task": c.task,
        "requester": c.requester,
        "subject": c.subject,
        "period": c.period,
        "tags": c.tags,
        "focus": c.request.focus,
        "language": c.request.language,
        "assertions": len(c.assert_),
    }


def _baseline_drafts(baseline: dict[str, Any], case_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The baseline run's first-repeat drafts of the cases run now, for the report's side-by-side view."""
    out = {}
    for r in baseline.get("results", []):
        if r.get("repeat") == 0 and r["case_id"] in case_ids and r.get("draft"):
            out[f"{r['case_id']}|{r['column']}"] = {
                "status": r["status"],
                "verdict": r.get("verdict"),
                "scores": r.get("scores", {}),
                "assertions": r.get("assertions", []),
                "draft": {k: r["draft"].get(k) for k in ("language", "text", "checked_text", "findings")},
            }
    return out
