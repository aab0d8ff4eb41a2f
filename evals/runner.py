"""Run a suite: every case x prompt version x provider x repeat, concurrently, cached, with cost accounting.

The result is one JSON-able dict (``docs/evals.md`` documents its schema) from which the HTML report and
the JUnit XML are written. Ctrl-C stops scheduling, keeps what finished and marks the run ``partial``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, BadInput, CoachError, ProviderError
from assistant.core.periods import parse_period
from assistant.demo.load import load_demo
from assistant.drafting.chain import DraftRequest, draft_feedback, draft_goals
from assistant.drafting.providers import Provider, get_provider
from assistant.drafting.schemas import DraftResult
from evals import schema as s
from evals.assertions import CheckContext, Variant, check
from evals.cache import DraftCache, cache_key
from evals.compare import compare_runs, version_regressions
from evals.judge import make_judge
from evals.summary import cells_of, slug, summary_of
from evals.transforms import Injection, Swap, default_instruction
from guardrails import Judge, JudgeScore, Policy, warm_up
from prompts import get_template

__all__ = ["RESULTS_SCHEMA", "Column", "RunOptions", "column_key", "run_suite"]

RESULTS_SCHEMA = "coach-eval-run/1"
#: The code a draft depends on: an edit here invalidates the cache (the chat engine or the server do not).
_CODE = (
    "assistant/drafting/**/*.py",
    "assistant/core/*.py",  # domain models, periods, competencies, embeddings
    "guardrails/**/*.py",
    "guardrails/**/*.json",  # learned weights and lexicon data, when present
    "retrieval/**/*.py",
    "prompts/**/*.py",
    "evals/transforms.py",  # how a swap or an injection changes the inputs
)


@dataclass(frozen=True)
class Column:
    """One prompt version on one provider: a column of the report's matrix."""

    version: int | None
    provider: str

    @property
    def key(self) -> str:
        """``v2|offline`` (``latest|offline`` when the suite names no versions)."""
        return column_key(self.version, self.provider)


def column_key(version: int | None, provider: str) -> str:
    """The column key used in results, reports and JUnit suite names."""
    return f"{'latest' if version is None else f'v{version}'}|{provider}"


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
    on_progress: Callable[[int, int], None] | None = None
    """Called with (done, total) after each result, e.g. by the CLI's progress bar."""
    provider_factory: Callable[[str], Provider] | None = None
    """Tests pass fakes; default ``get_provider(spec, settings)``."""
    judges: dict[str, Judge] = field(default_factory=dict)
    """Judges by spec (tests inject fakes); others are built from settings when an endpoint is configured."""


# -- fingerprints (part of every cache key) ------------------------------------------------------------------


def _data_fingerprint(coach: Coach) -> str:
    ids = sorted(coach.sql.ledger_ids())
    hashes = coach.sql.event_hashes(ids)
    people = [p.model_dump(mode="json") for p in coach.sql.list_people()]
    blob = json.dumps([sorted(hashes.items()), people], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _code_fingerprint() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for pattern in _CODE:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _settings_fingerprint(coach: Coach) -> dict[str, Any]:
    keep = {"guardrails", "retrieval", "revise_rounds", "embedding", "embedding_dim", "llm_max_tokens", "token_model"}
    return coach.settings.model_dump(mode="json", include=keep)


def _endpoint(coach: Coach, provider: str) -> dict[str, Any] | None:
    """What besides the model id decides an LLM's answer: the same model name on another endpoint is another
    model (a local server vs the hosted one), and the structured-output method changes the request."""
    if provider == "offline":
        return None
    return {"base_url": coach.settings.openai_base_url, "structured_output": coach.settings.llm_structured_output}


# -- the run -------------------------------------------------------------------------------------------------


@dataclass
class _Unit:
    case: s.Case
    column: Column
    repeat: int


class _Runner:
    def __init__(self, coach: Coach, loaded: s.LoadedSuite, options: RunOptions) -> None:
        self.coach, self.loaded, self.options = coach, loaded, options
        self.suite = loaded.suite
        self.cache = DraftCache(options.cache_dir or coach.settings.data_dir / "eval_cache")
        self.policy = Policy.from_settings(coach.settings)
        self.prices = {**coach.settings.model_prices, **self.suite.model_prices}
        self._providers: dict[str, Provider] = {}
        self.provider_calls = 0
        self._calls_lock = threading.Lock()
        self.fingerprint: dict[str, Any] = {}

    def prepare(self) -> None:
        """Load the demo org if asked, then open every lazy store once before threads start."""

        coach = self.coach
        if self.suite.dataset == "demo":
            load_demo(coach)
            missing = {"alice-chen", "wang-lei", "li-na"} - coach.sql.person_ids()
            if missing:
                raise BadInput(
                    f"suite {self.suite.name!r} runs on the demo org, but {coach.settings.data_dir} holds another "
                    f"organisation (no {sorted(missing)}); use --data-dir with an empty folder"
                )
        coach.ensure_consistent()
        coach.open_all()
        warm_up()
        self.fingerprint = {
            "data": _data_fingerprint(coach),
            "code": _code_fingerprint(),
            "settings": _settings_fingerprint(coach),
        }
        for spec in self.options.providers or self.suite.providers:
            self._providers[spec] = self._make_provider(spec)

    def _make_provider(self, spec: str) -> Provider:
        if self.options.provider_factory is not None:
            return self.options.provider_factory(spec)
        return get_provider(spec, self.coach.settings)

    def judge_for(self, spec: str | None) -> Judge | None:
        if spec is None:
            return None
        judge = self.options.judges.get(spec)
        if judge is None:
            judge = make_judge(spec, self.coach.settings)
            if judge is None:
                return None
            self.options.judges[spec] = judge
        return _CachedJudge(spec, judge, self) if self.options.use_cache else judge

    # -- drafting ------------------------------------------------------------------------------------------

    def _request(self, unit: _Unit, **extra: Any) -> Any:
        case, opts = unit.case, unit.case.request
        return DraftRequest(
            task=case.task,
            requester=case.requester,
            subject=case.subject,
            period=case.period,
            focus=opts.focus,
            language=opts.language,
            tone=opts.tone,
            length=opts.length,
            interests=opts.interests if case.task == "goal_proposals" else None,
            token_budget=opts.token_budget,
            prompt_version=unit.column.version,
            prompts_dir=str(self.loaded.prompts_dir) if self.loaded.prompts_dir else None,
            store=False,
            **extra,
        )

    def _templates(self, unit: _Unit, lang: str) -> dict[str, str]:
        prompts_dir = self.loaded.prompts_dir
        out = {"task": get_template(unit.case.task, lang, unit.column.version, prompts_dir).sha256}
        with contextlib.suppress(BadInput):  # goals have no revise template of their own
            out["revise"] = get_template("revise_with_findings", lang, None, prompts_dir).sha256
        return out

    def draft(self, unit: _Unit, lang: str, variant: dict[str, Any] | None, **extra: Any) -> tuple[DraftResult, bool]:
        """A draft from the cache or the provider (with retries); returns (draft, cache hit)."""
        case = unit.case
        parts = {
            "templates": self._templates(unit, lang),
            "provider": unit.column.provider,
            "endpoint": _endpoint(self.coach, unit.column.provider),
            "case": case.model_dump(mode="json", exclude={"id", "description", "tags", "assert_", "vars"}),
            "language": lang,
            "variant": variant,
            "repeat": unit.repeat,
            **self.fingerprint,
        }
        key = cache_key(parts)
        if self.options.use_cache:
            hit = self.cache.get(key)
            if hit is not None:
                return hit, True
        provider = self._providers[unit.column.provider]
        run = draft_goals if case.task == "goal_proposals" else draft_feedback
        attempt = 0
        while True:
            try:
                with self._calls_lock:
                    self.provider_calls += 1
                draft = run(self.coach, self._request(unit, **extra), provider)
                if draft.fallback_from:
                    # The chain keeps a manager's request alive by falling back to the offline engine; an eval
                    # must not score that draft as the LLM's, so a fallback is a provider failure: retry it.
                    notes = "; ".join(n for n in draft.notes if "offline engine used instead" in n)
                    raise ProviderError(
                        f"{draft.fallback_from} failed and the chain fell back to the offline engine, so this case "
                        f"did not test {unit.column.provider}: {notes}"
                    )
                break
            except ProviderError:
                if attempt >= self.options.retries:
                    raise
                time.sleep(self.options.backoff_s * 2**attempt)
                attempt += 1
        if self.options.use_cache:
            self.cache.put(key, draft)
        return draft, False

    def _price(self, spec: str, draft: DraftResult) -> tuple[float | None, bool]:
        names = [spec, spec.split(":", 1)[-1], draft.model or ""]
        price = next((self.prices[n] for n in names if n and n in self.prices), None)
        if price is None:
            return None, False
        u = draft.usage
        return (u.prompt_tokens * price.input + u.completion_tokens * price.output) / 1_000_000, True

    # -- one unit ------------------------------------------------------------------------------------------

    def run_unit(self, unit: _Unit) -> dict[str, Any]:
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

    def _run_unit(self, unit: _Unit, record: dict[str, Any]) -> None:
        case = unit.case
        person = self.coach.sql.get_person(case.subject)
        if person is None:
            raise BadInput(f"case {case.id!r}: no person {case.subject!r} in the data dir")
        lang = case.request.language or person.language
        draft: DraftResult | None = None
        refused: str | None = None
        try:
            draft, hit = self.draft(unit, lang, None)
            record["cached"] = hit
        except AccessDenied as exc:
            refused = str(exc)
        variants: dict[int, Variant] = {}
        if draft is not None:
            for index, assertion in enumerate(case.assert_):
                if isinstance(assertion, s.SwapAssert):
                    variants[index] = self._swap(unit, lang, person.name, assertion)
                elif isinstance(assertion, s.InjectionAssert):
                    variants[index] = self._inject(unit, lang, person.name, assertion)
        cost, known = self._price(unit.column.provider, draft) if draft is not None else (None, True)
        ctx = CheckContext(
            draft=draft,
            refused=refused,
            cost_usd=cost,
            price_known=known,
            variants=variants,
            judge_for=self.judge_for,
            judge_spec=self.suite.judge,
            policy=self.policy,
            refusal_expected=any(isinstance(a, s.RefusedAssert) for a in case.assert_),
        )
        results = [check(a, i, ctx) for i, a in enumerate(case.assert_)]
        record["assertions"] = [r.as_dict() for r in results]
        record["variants"] = {
            str(i): {
                "kind": v.kind,
                "changes": v.changes,
                "error": v.error,
                "verdict": v.draft.guardrails.verdict if v.draft and v.draft.guardrails else None,
                "scores": dict(v.draft.guardrails.scores) if v.draft and v.draft.guardrails else {},
                "cited_event_ids": v.draft.cited_event_ids if v.draft else [],
                "text": v.draft.text if v.draft else None,
                "cached": v.cached,
                "tokens": {"prompt": v.draft.usage.prompt_tokens, "completion": v.draft.usage.completion_tokens}
                if v.draft
                else {"prompt": 0, "completion": 0},
                "cost_usd": self._price(unit.column.provider, v.draft)[0] if v.draft else None,
            }
            for i, v in variants.items()
        }
        statuses = {r.status for r in results}
        if refused and not any(isinstance(a, s.RefusedAssert) for a in case.assert_):
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
            g = draft.guardrails
            record.update(
                verdict=g.verdict if g else None,
                scores=dict(g.scores) if g else {},
                tokens={"prompt": draft.usage.prompt_tokens, "completion": draft.usage.completion_tokens},
                cost_usd=cost,
                latency_ms=round(draft.usage.latency_ms + draft.usage.overhead_ms, 1),
                template=draft.template.model_dump() if draft.template else None,
                draft={
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
                },
            )

    def _swap(self, unit: _Unit, lang: str, name: str, assertion: s.SwapAssert) -> Variant:
        swap = Swap(names=assertion.names)
        alias = swap.subject_alias(name)
        try:
            draft, hit = self.draft(
                unit, lang, swap.identity | {"alias": alias}, transform_events=swap, subject_alias=alias
            )
        except CoachError as exc:
            return Variant("swap", None, error=str(exc))
        # Counted on the variant's evidence (the swap is symmetric), so a cache hit counts the same as a run.
        changes = (1 if alias else 0) + sum(
            swap.text(e.get("title", ""))[1] + swap.text(e.get("description", ""))[1] for e in draft.evidence
        )
        return Variant("swap", draft, changes=changes, cached=hit)

    def _inject(self, unit: _Unit, lang: str, name: str, assertion: s.InjectionAssert) -> Variant:
        text, markers = default_instruction(lang, name)
        if assertion.instruction:
            text, markers = assertion.instruction, assertion.markers or []
        elif assertion.markers:
            markers = assertion.markers
        injection = Injection(unit.case.subject, parse_period(unit.case.period), text, lang)
        try:
            draft, hit = self.draft(unit, lang, injection.identity, transform_events=injection)
        except CoachError as exc:
            return Variant("injection", None, error=str(exc))
        return Variant("injection", draft, markers=markers, cached=hit)


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


class _CachedJudge:
    """A judge whose scores go through the draft cache: a re-run asks no judge (and pays nothing)."""

    def __init__(self, spec: str, judge: Judge, runner: _Runner) -> None:
        self.spec, self.judge, self.runner = spec, judge, runner

    def score(self, text: str, rubric: str, lang: str) -> JudgeScore:
        key = cache_key(
            {
                "judge": self.spec,
                "endpoint": _endpoint(self.runner.coach, self.spec),
                "rubric": rubric,
                "text": text,
                "language": lang,
            }
        )
        hit = self.runner.cache.get(key, JudgeScore)
        if hit is not None:
            return hit
        scored = self.judge.score(text, rubric, lang)
        self.runner.cache.put(key, scored)
        return scored


def _matches(case: s.Case, pattern: str | None) -> bool:
    if not pattern:
        return True
    names = [case.id, *case.tags]
    return any(fnmatch(n, pattern) or pattern in n for n in names)


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
    cases = [c for c in loaded.cases if _matches(c, options.case_filter)]
    _check_overrides(options, loaded, cases)
    base_suite = ((baseline or {}).get("suite") or {}).get("name")
    if baseline is not None and base_suite != suite.name:
        raise BadInput(
            f"--baseline {baseline.get('run_id')} is a run of suite {base_suite!r}, not {suite.name!r}: "
            "compare runs of the same suite"
        )
    runner = _Runner(coach, loaded, options)
    runner.prepare()
    columns = [Column(v, p) for v in versions for p in providers]
    repeat = options.repeat or suite.repeat
    units = [_Unit(c, col, r) for c in cases for col in columns for r in range(repeat)]
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    interrupted = False
    executor = ThreadPoolExecutor(max_workers=max(1, options.concurrency), thread_name_prefix="eval")
    try:
        futures: dict[Future[dict[str, Any]], _Unit] = {executor.submit(runner.run_unit, u): u for u in units}
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
        },
        "columns": [{"key": c.key, "version": c.version, "provider": c.provider} for c in columns],
        "cases": [
            {
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
            for c in cases
        ],
        "results": records,
        "cells": cells_of(records),
    }
    doc["summary"] = summary_of(records, len(units), duration, runner.provider_calls)
    doc["regressions"] = version_regressions(doc)
    doc["baseline"] = None
    if baseline is not None:
        comparison = compare_runs(baseline, doc, max_score_drop=max_score_drop)
        doc["baseline"] = {"run_id": baseline.get("run_id"), "comparison": comparison}
        doc["regressions"] += comparison["regressions"]
    failed = doc["summary"]["failed"] + doc["summary"]["errors"]
    doc["exit_code"] = 130 if interrupted else (1 if failed or doc["regressions"] else 0)
    return doc
