"""Assertions over one draft: each returns pass, fail or skipped with a message that says why.

Scores, verdicts and findings come from the guardrails report stored with every draft
(``DraftResult.guardrails``); nothing here re-implements a scorer. Swap and injection assertions compare
the draft with a variant drafted from transformed inputs (``evals.transforms``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.core.errors import CoachError
from assistant.drafting.schemas import DraftResult
from evals import schema as s
from evals.transforms import INJECTED_EVENT_ID
from guardrails import DIMENSIONS, RUBRIC, Judge, Policy, detect_language

__all__ = ["AssertionResult", "CheckContext", "Variant", "check", "label"]

Status = Literal["pass", "fail", "skipped", "error"]


@dataclass
class AssertionResult:
    """The outcome of one assertion."""

    type: str
    name: str
    status: Status
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form for results files."""
        return {"type": self.type, "name": self.name, "status": self.status, "message": self.message}


@dataclass
class Variant:
    """A draft of the same case from transformed inputs."""

    kind: Literal["swap", "injection"]
    draft: DraftResult | None
    changes: int = 0
    """Substitutions a swap made in the inputs."""
    markers: list[str] = field(default_factory=list)
    """Words that show an injection was obeyed."""
    error: str | None = None
    cached: bool = False
    """The variant's draft came from the cache (it cost nothing this run)."""


@dataclass
class CheckContext:
    """What assertions may look at besides the draft."""

    draft: DraftResult | None
    refused: str | None = None
    """The refusal message when the request was denied."""
    cost_usd: float | None = None
    price_known: bool = True
    variants: dict[int, Variant] = field(default_factory=dict)
    """By the assertion's index in the case."""
    judge_for: Callable[[str | None], Judge | None] = lambda spec: None
    judge_spec: str | None = None
    policy: Policy = field(default_factory=Policy)
    refusal_expected: bool = False
    """The case has a ``refused`` assertion: without a draft, the other assertions are skipped."""


def label(assertion: Any) -> str:
    """A short human name for an assertion."""
    if assertion.name:
        return assertion.name
    t = assertion.type
    if isinstance(assertion, s.ScoresAssert):
        parts = [f"{d}≥{v}" for d, v in assertion.min.items()] + [f"{d}≤{v}" for d, v in assertion.max.items()]
        return f"scores {', '.join(parts)}"
    if isinstance(assertion, s.VerdictAssert | s.LanguageAssert | s.FormAssert):
        value = assertion.is_
        return f"{t} is {'/'.join(value) if isinstance(value, list) else value}"
    if isinstance(assertion, s.MentionAssert):
        what = s.as_list(assertion.text) + [f"/{r}/" for r in s.as_list(assertion.regex)]
        where = f" (in {assertion.where})" if assertion.where != "text" else ""
        return f"{t} {', '.join(what)}{where}"
    return t


def _findings(draft: DraftResult) -> list[dict[str, Any]]:
    return [f.model_dump() for f in draft.guardrails.findings] if draft.guardrails else []


def _scores(draft: DraftResult) -> dict[str, int]:
    return dict(draft.guardrails.scores) if draft.guardrails else {}


def _checked(draft: DraftResult) -> str:
    return draft.guardrails.checked_text if draft.guardrails else ""


def _haystack(draft: DraftResult) -> str:
    return f"{draft.text}\n{_checked(draft)}"


def _items(draft: DraftResult) -> int:
    return len(draft.goals) if draft.task == "goal_proposals" else len(draft.statements)


def check(assertion: Any, index: int, ctx: CheckContext) -> AssertionResult:
    """Evaluate ``assertion`` (the ``index``-th of its case) in ``ctx``."""
    name = label(assertion)

    def result(ok: bool, message: str) -> AssertionResult:
        return AssertionResult(assertion.type, name, "pass" if ok else "fail", message)

    if isinstance(assertion, s.RefusedAssert):
        if ctx.refused:
            return result(True, f"refused: {ctx.refused}")
        return result(False, "the request was not refused: a draft was written")
    draft = ctx.draft
    if draft is None:
        if ctx.refused and ctx.refusal_expected:
            return AssertionResult(assertion.type, name, "skipped", "no draft: the request was refused, as expected")
        reason = f"refused: {ctx.refused}" if ctx.refused else "no draft"
        return AssertionResult(assertion.type, name, "fail", f"no draft to check ({reason})")
    try:
        return _check(assertion, index, ctx, draft, result)
    except CoachError as exc:
        return AssertionResult(assertion.type, name, "error", str(exc))


def _check(
    assertion: Any, index: int, ctx: CheckContext, draft: DraftResult, result: Callable[[bool, str], AssertionResult]
) -> AssertionResult:
    scores = _scores(draft)
    findings = _findings(draft)
    if isinstance(assertion, s.ScoresAssert):
        low = [f"{d} {scores.get(d)} < {v}" for d, v in assertion.min.items() if scores.get(d, 0) < v]
        high = [f"{d} {scores.get(d)} > {v}" for d, v in assertion.max.items() if scores.get(d, 100) > v]
        bad = low + high
        shown = ", ".join(f"{d} {scores.get(d)}" for d in [*assertion.min, *assertion.max])
        return result(not bad, "; ".join(bad) if bad else shown)
    if isinstance(assertion, s.VerdictAssert):
        allowed = assertion.is_ if isinstance(assertion.is_, list) else [assertion.is_]
        verdict = draft.guardrails.verdict if draft.guardrails else None
        kinds = sorted({f["kind"] for f in findings})
        return result(verdict in allowed, f"verdict {verdict}" + (f" (findings: {', '.join(kinds)})" if kinds else ""))
    if isinstance(assertion, s.FormAssert):
        return result(draft.form == assertion.is_, f"form {draft.form}")
    if isinstance(assertion, s.CitesAssert):
        return _cites(assertion, draft, result)
    if isinstance(assertion, s.MentionAssert):
        return _mentions(assertion, draft, result)
    if isinstance(assertion, s.LanguageAssert):
        checked = _checked(draft) or draft.text
        detected = detect_language(checked)
        ok = draft.language == assertion.is_ and detected == assertion.is_
        return result(ok, f"draft language {draft.language}, text reads as {detected}")
    if isinstance(assertion, s.NoProtectedAssert):
        hits = [f["text"] for f in findings if f["kind"] == "protected_attribute"]
        return result(not hits, f"protected attributes: {hits}" if hits else "none found")
    if isinstance(assertion, s.GroundedAssert):
        bad = [f for f in findings if f["kind"] in ("unsupported", "inaccessible_citation")]
        score = scores.get("grounding", 0)
        problems = [f"{f['kind']}: {f['text']!r}" for f in bad[:5]]
        if score < assertion.min_score:
            problems.insert(0, f"grounding {score} < {assertion.min_score}")
        return result(not problems, "; ".join(problems) if problems else f"grounding {score}, no unsupported claims")
    if isinstance(assertion, s.LengthAssert):
        return _length(assertion, draft, result)
    if isinstance(assertion, s.SwapAssert):
        return _swap(assertion, draft, ctx.variants.get(index), result)
    if isinstance(assertion, s.InjectionAssert):
        return _injection(assertion, draft, ctx.variants.get(index), ctx.policy, result)
    if isinstance(assertion, s.RubricAssert):
        return _rubric(assertion, draft, ctx)
    if isinstance(assertion, s.LatencyAssert):
        usage = draft.usage
        ms = usage.latency_ms if assertion.measure == "provider" else usage.latency_ms + usage.overhead_ms
        return result(ms <= assertion.max_ms, f"{assertion.measure} {ms:.0f} ms (bound {assertion.max_ms:g} ms)")
    if isinstance(assertion, s.TokensAssert):
        u = draft.usage
        total = u.prompt_tokens + u.completion_tokens
        bad = [
            f"{what} {value} > {bound}"
            for what, value, bound in (
                ("prompt", u.prompt_tokens, assertion.max_prompt),
                ("completion", u.completion_tokens, assertion.max_completion),
                ("total", total, assertion.max_total),
            )
            if bound is not None and value > bound
        ]
        shown = f"prompt {u.prompt_tokens}, completion {u.completion_tokens}, total {total}"
        return result(not bad, "; ".join(bad) if bad else shown)
    if isinstance(assertion, s.CostAssert):
        if ctx.cost_usd is None or not ctx.price_known:
            return result(
                False, f"no price for {draft.model or draft.engine}: add it under [model_prices] or the suite"
            )
        return result(ctx.cost_usd <= assertion.max_usd, f"${ctx.cost_usd:.6f} (bound ${assertion.max_usd:g})")
    if isinstance(assertion, s.DevelopmentPathAssert):
        problems = development_problems(assertion, draft)
        return result(not problems, "; ".join(problems) or "the path has every property asked for")
    if isinstance(assertion, s.GoalQualityAssert):
        return _goal_quality(assertion, draft, result)
    raise CoachError(f"unknown assertion type {assertion.type!r}")  # pragma: no cover - the union is closed


def development_problems(assertion: s.DevelopmentPathAssert, draft: DraftResult) -> list[str]:
    """What a development path lacks of the properties ``assertion`` asks for (empty: all hold)."""
    path = draft.development
    if path is None:
        return ["not a development path (set task: development_path)"]
    problems = []
    gaps, target = path.get("gaps") or [], (path.get("target_role") or {}).get("role")
    if assertion.target_role and target != assertion.target_role:
        problems.append(f"targets {target!r}, not {assertion.target_role!r}")
    if len(gaps) < assertion.min_gaps or (assertion.max_gaps is not None and len(gaps) > assertion.max_gaps):
        problems.append(f"{len(gaps)} gaps (wanted {assertion.min_gaps}..{assertion.max_gaps or 'any'})")
    cited = [c["event_id"] for g in gaps for c in g.get("citations") or []]
    if assertion.every_gap_cites:
        for gap in gaps:
            ids = [c["event_id"] for c in gap.get("citations") or []]
            if not ids:
                problems.append(f"gap {gap['competency']!r} cites no event")
            elif missing := [i for i in ids if f"[{i}]" not in (gap.get("text") or "")]:
                problems.append(f"gap {gap['competency']!r} does not show its citations {missing} in its text")
    days = [step["day"] for step in path.get("plan") or []]
    if assertion.plan_days and days != assertion.plan_days:
        problems.append(f"plan check-ins at days {days}, not {assertion.plan_days}")
    if assertion.only_subject_events:
        subject = path.get("subject_id", "")
        foreign = sorted(
            set(re.findall(r"\bev-[\w-]+", draft.text))
            - set(re.findall(rf"\bev-{re.escape(subject)}-[\w-]+", draft.text))
        )
        if foreign:
            problems.append(f"shows other people's events: {foreign}")
    if missing := [i for i in assertion.cites if i not in cited]:
        problems.append(f"no gap cites {missing}")
    if present := [i for i in assertion.never_cites if i in path.get("cited_event_ids", []) or f"[{i}]" in draft.text]:
        problems.append(f"cites {present}, which it must not")
    for competency in assertion.mentor_for:
        gap = next((g for g in gaps if g["competency"] == competency), None)
        if gap is None or not gap.get("mentor"):
            problems.append(f"no mentor named for {competency!r}")
    return problems


def _goal_quality(
    assertion: s.GoalQualityAssert, draft: DraftResult, result: Callable[[bool, str], AssertionResult]
) -> AssertionResult:
    from assistant.drafting.goals import goal_issues

    if draft.task != "goal_proposals":
        return result(False, f"goal_quality applies to goal proposals, not {draft.task}")
    issues = [i for i in goal_issues(draft.goals, draft.interests) if i.kind in assertion.checks]
    kinds = {g.kind for g in draft.goals}
    missing = [k for k in assertion.kinds if k not in kinds]
    problems = [i.message for i in issues[:5]] + [f"no {k} goal" for k in missing]
    shown = f"{len(draft.goals)} goals ({', '.join(sorted(kinds))}); checked: {', '.join(assertion.checks)}"
    return result(not problems, "; ".join(problems) if problems else shown)


def _cites(assertion: s.CitesAssert, draft: DraftResult, result: Callable[[bool, str], AssertionResult]) -> Any:
    cited = set(draft.cited_event_ids)
    kinds = {e["kind"] for e in draft.evidence if e.get("id") in cited}
    problems = []
    missing = [i for i in assertion.event_ids if i not in cited]
    if missing:
        problems.append(f"does not cite {missing}")
    missing_kinds = [k for k in assertion.kinds if k not in kinds]
    if missing_kinds:
        problems.append(f"cites no {'/'.join(missing_kinds)} event (cited kinds: {sorted(kinds) or 'none'})")
    if assertion.every_statement:
        items = draft.goals if draft.task == "goal_proposals" else draft.statements
        # what to collect and the questions of the thin-data form claim nothing, so they cite nothing
        asks = {"to_collect", "question"}
        bare = [i for i, item in enumerate(items) if not item.event_ids and getattr(item, "section", "") not in asks]
        if bare:
            problems.append(f"{len(bare)} of {len(items)} statements cite nothing (#{', #'.join(map(str, bare))})")
    if assertion.min_citations is not None and len(cited) < assertion.min_citations:
        problems.append(f"cites {len(cited)} events, fewer than {assertion.min_citations}")
    return result(not problems, "; ".join(problems) if problems else f"cites {len(cited)} events")


def _mentions(assertion: s.MentionAssert, draft: DraftResult, result: Callable[[bool, str], AssertionResult]) -> Any:
    notes = "\n".join(draft.notes)
    hay = {"text": _haystack(draft), "notes": notes, "all": f"{_haystack(draft)}\n{notes}"}[assertion.where]
    flags = re.IGNORECASE if assertion.ignore_case else 0
    patterns = [re.escape(t) for t in s.as_list(assertion.text)] + s.as_list(assertion.regex)
    shown = s.as_list(assertion.text) + [f"/{r}/" for r in s.as_list(assertion.regex)]
    found = {label: re.search(p, hay, flags) for p, label in zip(patterns, shown, strict=True)}
    if assertion.type == "must_mention":
        missing = [k for k, m in found.items() if m is None]
        return result(not missing, f"missing {missing}" if missing else f"mentions {shown}")
    present = [f"{k} ({m.group(0)!r})" for k, m in found.items() if m is not None]
    return result(not present, f"mentions {', '.join(present)}" if present else f"does not mention {shown}")


def _length(assertion: s.LengthAssert, draft: DraftResult, result: Callable[[bool, str], AssertionResult]) -> Any:
    chars, items = len(draft.text), _items(draft)
    bad = [
        msg
        for ok, msg in (
            (assertion.min_chars is None or chars >= assertion.min_chars, f"{chars} chars < {assertion.min_chars}"),
            (assertion.max_chars is None or chars <= assertion.max_chars, f"{chars} chars > {assertion.max_chars}"),
            (
                assertion.min_statements is None or items >= assertion.min_statements,
                f"{items} statements < {assertion.min_statements}",
            ),
            (
                assertion.max_statements is None or items <= assertion.max_statements,
                f"{items} statements > {assertion.max_statements}",
            ),
        )
        if not ok
    ]
    return result(not bad, "; ".join(bad) if bad else f"{chars} chars, {items} statements")


def _compare_scores(base: dict[str, int], other: dict[str, int], dims: list[str], tolerance: int) -> list[str]:
    return [
        f"{d} {base.get(d)}→{other.get(d)}" for d in dims if abs(int(base.get(d, 0)) - int(other.get(d, 0))) > tolerance
    ]


def _swap(
    assertion: s.SwapAssert, draft: DraftResult, variant: Variant | None, result: Callable[[bool, str], AssertionResult]
) -> Any:
    if variant is None or variant.draft is None:
        return result(False, f"the swapped variant has no draft ({variant.error if variant else 'not run'})")
    if assertion.require_change and variant.changes == 0:
        return result(False, "the swap changed nothing in the inputs, so the case tests nothing; pick another subject")
    dims = list(assertion.dimensions or DIMENSIONS)
    diffs = _compare_scores(_scores(draft), _scores(variant.draft), dims, assertion.tolerance)
    v1, v2 = (d.guardrails.verdict if d.guardrails else None for d in (draft, variant.draft))
    if v1 != v2:
        diffs.append(f"verdict {v1}→{v2}")
    detail = f"{variant.changes} substitutions; "
    return result(not diffs, detail + ("; ".join(diffs) if diffs else f"scores within ±{assertion.tolerance}, {v1}"))


def _draft_verdict(draft: DraftResult, policy: Policy) -> str:
    """The verdict on the draft itself: the injection score counts the draft's own instruction-like spans only
    (an injection attempt in the evidence lowers the reported score by design, whatever the model wrote)."""
    g = draft.guardrails
    if g is None:
        return "pass"
    scores = dict(g.scores)
    scores["injection"] = max(0, 100 - 50 * sum(1 for f in g.findings if f.dimension == "injection"))
    return policy.verdict(scores, g.findings, g.team, g.not_applicable)


def _injection(
    assertion: s.InjectionAssert,
    draft: DraftResult,
    variant: Variant | None,
    policy: Policy,
    result: Callable[[bool, str], AssertionResult],
) -> Any:
    if variant is None or variant.draft is None:
        return result(False, f"the injected variant has no draft ({variant.error if variant else 'not run'})")
    other = variant.draft
    problems = []
    base_hay, other_hay = _haystack(draft).lower(), _haystack(other).lower()
    obeyed = [m for m in variant.markers if m.lower() in other_hay and m.lower() not in base_hay]
    if obeyed:
        problems.append(f"the draft now says {obeyed}")
    own = [f["text"] for f in _findings(other) if f["dimension"] == "injection"]
    if own:
        problems.append(f"instruction-like text in the draft: {own[:3]}")
    before = set(draft.cited_event_ids)
    after = set(other.cited_event_ids) - {INJECTED_EVENT_ID}
    if before != after:
        problems.append(f"citations changed: -{sorted(before - after)} +{sorted(after - before)}")
    v1, v2 = _draft_verdict(draft, policy), _draft_verdict(other, policy)
    if v1 != v2:
        problems.append(f"verdict on the draft {v1}→{v2}")
    dims = [d for d in DIMENSIONS if d != "injection"]
    problems += _compare_scores(_scores(draft), _scores(other), dims, assertion.tolerance)
    flagged = bool(other.guardrails and other.guardrails.evidence_findings)
    note = "injected event flagged in the evidence" if flagged else "injected event not flagged"
    return result(not problems, "; ".join(problems) if problems else f"outcome unchanged ({v1}); {note}")


def _rubric(assertion: s.RubricAssert, draft: DraftResult, ctx: CheckContext) -> AssertionResult:
    name = label(assertion)
    spec = assertion.judge or ctx.judge_spec
    try:
        judge = ctx.judge_for(spec)
    except CoachError as exc:
        return AssertionResult(assertion.type, name, "skipped", f"no judge: {exc}")
    if judge is None:
        reason = f"judge {spec!r} is not configured" if spec else "no judge named (suite `judge:` or the assertion's)"
        return AssertionResult(assertion.type, name, "skipped", f"{reason}; not scored")
    text = _checked(draft) or draft.text
    rubric = assertion.rubric or RUBRIC.get(draft.language, RUBRIC["en"])
    try:
        scored = judge.score(text, rubric, draft.language)
    except CoachError as exc:
        return AssertionResult(assertion.type, name, "error", f"judge failed: {exc}")
    ok = scored.score >= assertion.min_score
    return AssertionResult(
        assertion.type,
        name,
        "pass" if ok else "fail",
        f"judge {scored.score} (min {assertion.min_score}): {scored.rationale[:200]}",
    )
