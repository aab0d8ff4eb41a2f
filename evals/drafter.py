"""Drafting for the runner: cache keys, the draft cache, providers with retries, swap and injection variants.

A fully cached run never opens what only drafting needs: the vector store, the embedding, the token
counter, jieba and the drafting chain itself are loaded on the first cache miss (under a lock, so the
worker threads never race to create them). Refusals are cached like drafts: an access decision depends on
the people and the access code, and both are in every key.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.core.errors import AccessDenied, BadInput, CoachError, ProviderError
from assistant.core.periods import parse_period
from assistant.drafting.schemas import DraftResult
from evals import schema as s
from evals.assertions import Variant
from evals.cache import DraftCache, cache_key
from evals.judge import make_judge
from evals.transforms import Injection, Swap, default_instruction
from guardrails.models import JudgeScore
from prompts import get_template

if TYPE_CHECKING:
    from assistant.core.container import Coach
    from assistant.drafting.providers import Provider
    from guardrails.judge import Judge

__all__ = ["Column", "Drafter", "Unit", "column_key", "data_fingerprint"]

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
class Unit:
    """One case in one column, one repeat."""

    case: s.Case
    column: Column
    repeat: int


class Refusal(BaseModel):
    """A cached access decision: the request was refused with this message."""

    refused: str


# -- fingerprints (part of every cache key) ------------------------------------------------------------------


def data_fingerprint(coach: Coach) -> str:
    """A digest of every event's content hash and of the people (who manages whom, roles, languages)."""
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


def endpoint_of(coach: Coach, provider: str) -> dict[str, Any] | None:
    """What besides the model id decides an LLM's answer: the same model name on another endpoint is another
    model (a local server vs the hosted one), and the structured-output method changes the request."""
    if provider == "offline":
        return None
    return {"base_url": coach.settings.openai_base_url, "structured_output": coach.settings.llm_structured_output}


class Drafter:
    """Drafts units for one run: from the cache, or from the provider (opening the drafting stack once)."""

    def __init__(
        self,
        coach: Coach,
        loaded: s.LoadedSuite,
        *,
        cache_dir: Path,
        use_cache: bool,
        retries: int,
        backoff_s: float,
        providers: list[str],
        provider_factory: Callable[[str], Provider] | None,
        judges: dict[str, Judge],
    ) -> None:
        self.coach, self.loaded = coach, loaded
        self.cache = DraftCache(cache_dir)
        self.use_cache, self.retries, self.backoff_s = use_cache, retries, backoff_s
        self.provider_specs = providers
        self.provider_factory = provider_factory
        self.judges = judges
        self._providers: dict[str, Provider] = {}
        self._open = False
        self._open_lock = threading.Lock()
        self._calls_lock = threading.Lock()
        self.provider_calls = 0
        self.fingerprint: dict[str, Any] = {}

    def prepare(self, data_fingerprint: str) -> None:
        """Fingerprint the settings and the code beside the data's (from ``evals.datastate``)."""
        self.fingerprint = {
            "data": data_fingerprint,
            "code": _code_fingerprint(),
            "settings": _settings_fingerprint(self.coach),
        }

    def _open_for_drafting(self) -> None:
        """On the first cache miss: the stores, the embedding, the token counter, jieba and the providers."""
        if self._open:
            return
        with self._open_lock:
            if self._open:
                return
            from guardrails.text import warm_up

            self.coach.ensure_consistent()
            self.coach.open_all()
            warm_up()
            for spec in self.provider_specs:
                if self.provider_factory is not None:
                    self._providers[spec] = self.provider_factory(spec)
                else:
                    from assistant.drafting.providers import get_provider

                    self._providers[spec] = get_provider(spec, self.coach.settings)
            self._open = True

    @property
    def opened(self) -> bool:
        """Whether anything had to be drafted (the drafting stack was opened)."""
        return self._open

    def judge_for(self, spec: str | None) -> Judge | None:
        """The judge of ``spec`` (cached through the draft cache unless the run is ``--no-cache``)."""
        if spec is None:
            return None
        judge = self.judges.get(spec)
        if judge is None:
            judge = make_judge(spec, self.coach.settings)
            if judge is None:
                return None
            self.judges[spec] = judge
        return _CachedJudge(spec, judge, self) if self.use_cache else judge

    # -- drafting ------------------------------------------------------------------------------------------

    def _request(self, unit: Unit, **extra: Any) -> Any:
        from assistant.drafting.chain import DraftRequest

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

    def _templates(self, unit: Unit, lang: str) -> dict[str, str]:
        prompts_dir = self.loaded.prompts_dir
        out = {"task": get_template(unit.case.task, lang, unit.column.version, prompts_dir).sha256}
        with contextlib.suppress(BadInput):  # goals have no revise template of their own
            out["revise"] = get_template("revise_with_findings", lang, None, prompts_dir).sha256
        return out

    def draft(self, unit: Unit, lang: str, variant: dict[str, Any] | None, **extra: Any) -> tuple[DraftResult, bool]:
        """A draft from the cache or the provider (with retries); returns (draft, cache hit).

        Raises:
            AccessDenied: the requester may not see the subject (also when that decision came from the cache).
        """
        case = unit.case
        parts = {
            "templates": self._templates(unit, lang),
            "provider": unit.column.provider,
            "endpoint": endpoint_of(self.coach, unit.column.provider),
            "case": case.model_dump(mode="json", exclude={"id", "description", "tags", "assert_", "vars"}),
            "language": lang,
            "variant": variant,
            "repeat": unit.repeat,
            **self.fingerprint,
        }
        key = cache_key(parts)
        refusal_key = cache_key({**parts, "outcome": "refusal"})
        if self.use_cache:
            hit = self.cache.get(key)
            if hit is not None:
                return hit, True
            refused = self.cache.get(refusal_key, Refusal)
            if refused is not None:
                denied = AccessDenied(refused.refused)
                denied.from_cache = True  # type: ignore[attr-defined]
                raise denied
        self._open_for_drafting()
        from assistant.drafting.chain import draft_feedback, draft_goals

        provider = self._providers[unit.column.provider]
        run = draft_goals if case.task == "goal_proposals" else draft_feedback
        if case.task == "development_path":
            run = functools.partial(self._development, case.request.target_role)  # type: ignore[assignment]
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
            except AccessDenied as exc:
                with self._calls_lock:
                    self.provider_calls -= 1  # refused before any provider was asked
                if self.use_cache:
                    self.cache.put(refusal_key, Refusal(refused=str(exc)))
                raise
            except ProviderError:
                if attempt >= self.retries:
                    raise
                time.sleep(self.backoff_s * 2**attempt)
                attempt += 1
        if self.use_cache:
            self.cache.put(key, draft)
        return draft, False

    def _development(self, target_role: str | None, coach: Coach, request: Any, provider: Any) -> DraftResult:
        """A development path for the case, read as a draft (the period's last day is "today")."""
        from assistant.core.periods import parse_period
        from assistant.drafting.develop import development_path
        from assistant.drafting.develop.result import as_draft_result

        path = development_path(
            coach,
            request.requester,
            request.subject,
            target_role=target_role,
            language=request.language,
            provider=provider,
            today=parse_period(request.period).end,
            store=False,
        )
        return as_draft_result(path, request.period)

    def swap(self, unit: Unit, lang: str, name: str, assertion: s.SwapAssert) -> Variant:
        """The case drafted again with names, pronouns and gendered terms swapped in its inputs."""
        swap = Swap(names=assertion.names, kinds=set(assertion.swap))
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

    def inject(self, unit: Unit, lang: str, name: str, assertion: s.InjectionAssert) -> Variant:
        """The case drafted again with one more event whose text tries to steer the model."""
        text, markers = default_instruction(lang, name)
        if assertion.instruction:
            text, markers = assertion.instruction, assertion.markers or []
        elif assertion.markers:
            markers = assertion.markers
        injection = Injection(unit.case.subject, parse_period(unit.case.period), text, lang, assertion.placement)
        try:
            draft, hit = self.draft(unit, lang, injection.identity, transform_events=injection)
        except CoachError as exc:
            return Variant("injection", None, error=str(exc))
        return Variant("injection", draft, markers=markers, cached=hit)


class _CachedJudge:
    """A judge whose scores go through the draft cache: a re-run asks no judge (and pays nothing)."""

    def __init__(self, spec: str, judge: Judge, drafter: Drafter) -> None:
        self.spec, self.judge, self.drafter = spec, judge, drafter

    def score(self, text: str, rubric: str, lang: str) -> JudgeScore:
        key = cache_key(
            {
                "judge": self.spec,
                "endpoint": endpoint_of(self.drafter.coach, self.spec),
                "rubric": rubric,
                "text": text,
                "language": lang,
            }
        )
        hit = self.drafter.cache.get(key, JudgeScore)
        if hit is not None:
            return hit
        scored = self.judge.score(text, rubric, lang)
        self.drafter.cache.put(key, scored)
        return scored
