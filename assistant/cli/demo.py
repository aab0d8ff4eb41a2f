"""``coach demo``: load the demo organisation if absent, then show the pipeline on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from assistant.cli.context import CliContext
from assistant.core.errors import AccessDenied
from assistant.core.i18n import t

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["DEMO_SCENARIOS", "register", "run_demo"]

#: (requester, subject, focus, display language): an English and a Chinese review, then the edge cases.
DEMO_SCENARIOS: list[tuple[str, str, str | None, str]] = [
    ("alice-chen", "carla-mendes", "collaboration and mentoring", "en"),  # quiet contributor, English
    ("wang-lei", "li-na", "客户沟通与协作", "zh"),  # Chinese, focus in Chinese
    ("david-morgan", "liu-yang", None, "zh"),  # indirect manager; evidence bunched in the last weeks
    ("alice-chen", "emma-novak", None, "en"),  # thin data: says "not enough data"
    ("li-na", "carla-mendes", None, "zh"),  # employee asking about someone else: refused
]


def run_demo(
    coach: Coach, console: Console, *, as_json: bool = False, emit: Callable[[Any], None] | None = None
) -> None:
    """Show retrieval with coverage for demo people in both languages, and a refusal."""
    from assistant.cli.display import show_evidence
    from assistant.demo.load import DEMO_PERIOD, load_demo
    from retrieval import retrieve

    loaded = load_demo(coach)
    path = coach.settings.data_dir
    results: list[dict[str, Any]] = []
    if not as_json:
        console.print(t("loaded_demo" if loaded else "demo_present", "en", path=path))
        console.print(t("loaded_demo" if loaded else "demo_present", "zh", path=path))
    for requester, subject, focus, lang in DEMO_SCENARIOS:
        try:
            result = retrieve(coach, requester, subject, DEMO_PERIOD, focus=focus)
        except AccessDenied as exc:
            results.append({"requester": requester, "subject": subject, "denied": str(exc)})
            if not as_json:
                console.rule()
                console.print(f"[bold]{requester} → {subject}[/]")
                console.print(f"[red]{t('denied', lang, reason=exc)}[/]", highlight=False)
            continue
        results.append(result.model_dump(mode="json"))
        if not as_json:
            show_evidence(console, result, lang, limit=12)
    drafts = _demo_drafts(coach, console, as_json)
    growth = _demo_growth(coach, console, as_json)
    goal_sets = _demo_goal_sets(coach, console, as_json)
    if as_json and emit:
        payload = {"loaded": loaded, "data_dir": str(path), "results": results, "drafts": drafts}
        emit(payload | growth | {"goal_sets": goal_sets})
    elif not as_json:
        console.rule()
        for lang in ("en", "zh"):
            console.print(t("demo_next", lang), highlight=False)
        console.print(
            "  coach serve --demo\n  coach chat --as alice-chen\n"
            "  coach develop --as li-na --for li-na\n  coach signals --as alice-chen\n"
            "  coach receipt --as daniel-park\n"
            "  coach eval run evals/suites/feedback_core.yaml --out eval-out",
            highlight=False,
            markup=False,
        )


#: The drafts the demo shows (an empty period means the demo year): a quiet contributor in English, a
#: warm Chinese draft, a manager's preparation notes in Chinese, a new joiner's thin-data form, goals.
DEMO_DRAFTS: list[dict[str, Any]] = [
    {"task": "feedback_draft", "requester": "alice-chen", "subject": "carla-mendes"},
    {"task": "feedback_draft", "requester": "wang-lei", "subject": "li-na", "tone": "warm"},
    {"task": "feedback_draft", "requester": "wang-lei", "subject": "liu-yang", "audience": "manager"},
    {"task": "feedback_draft", "requester": "alice-chen", "subject": "emma-novak"},
    {"task": "goal_proposals", "requester": "carla-mendes", "subject": "carla-mendes", "period": "2026H2",
     "interests": "mentoring and technical writing"},
    {"task": "goal_proposals", "requester": "li-na", "subject": "li-na", "period": "2026H2",
     "interests": "大客户续约与带教新人"},
]  # fmt: skip


def _demo_drafts(coach: Coach, console: Console, as_json: bool) -> list[dict[str, Any]]:
    """Feedback drafts and goal proposals, each with its guardrail report, from the offline engine."""
    from assistant.cli.display import show_draft
    from assistant.demo.load import DEMO_PERIOD
    from assistant.drafting.chain import DraftRequest, draft_feedback, draft_goals

    out = []
    for spec in DEMO_DRAFTS:
        request = DraftRequest(**{"period": DEMO_PERIOD, **spec})
        draft = draft_feedback(coach, request) if request.task == "feedback_draft" else draft_goals(coach, request)
        out.append(draft.model_dump(mode="json"))
        if not as_json:
            show_draft(console, draft)
    return out

    growth = _demo_growth(coach, console, as_json)
    goal_sets = _demo_goal_sets(coach, console, as_json)
    if as_json and emit:
        payload = {"loaded": loaded, "data_dir": str(path), "results": results, "drafts": drafts}
        emit(payload | growth | {"goal_sets": goal_sets})


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add ``coach demo`` to ``app``."""

    @app.command()
    def demo(as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False) -> None:
        """Load the demo organisation if absent and show the pipeline for an English and a Chinese person."""
        run_demo(ctx.coach, ctx.console, as_json=as_json, emit=ctx.emit)
