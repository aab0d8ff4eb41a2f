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


#: (requester, subject, target role): development paths the demo shows, English and Chinese.
DEMO_PATHS: list[tuple[str, str, str | None]] = [
    ("carla-mendes", "carla-mendes", None),  # Senior Engineer -> Tech Lead (the next level)
    ("li-na", "li-na", "客户成功经理"),  # 我想转向客户成功管理
]
#: Managers whose team signals the demo shows (English, Chinese).
DEMO_SIGNALS: list[str] = ["alice-chen", "wang-lei"]


def _demo_growth(coach: Coach, console: Console, as_json: bool) -> dict[str, Any]:
    """Development paths and team signals on the demo org (the demo's last day is "today")."""
    from datetime import date

    from assistant.cli.growth_display import show_signals
    from assistant.demo.load import DEMO_PERIOD
    from assistant.drafting.develop import development_path
    from assistant.drafting.signals import team_signals

    today = date.fromisoformat(DEMO_PERIOD.split("..")[1])
    paths, signals = [], []
    for requester, subject, target in DEMO_PATHS:
        path = development_path(coach, requester, subject, target_role=target, today=today)
        paths.append(path.model_dump(mode="json"))
        if not as_json:
            console.rule()
            console.print(path.text, highlight=False, markup=False)
    for manager in DEMO_SIGNALS:
        report = team_signals(coach, manager, today=today)
        signals.append(report.model_dump(mode="json"))
        if not as_json:
            console.rule()
            console.print(f"[bold]{manager}[/]")
            show_signals(console, report, self_view=False)
    return {"development_paths": paths, "signals": signals}


#: (viewer, goal set): saved goal sets the demo shows, with their check-ins, as the person's manager sees them.
DEMO_GOAL_SETS: list[tuple[str, str]] = [
    ("alice-chen", "gs-demo-ben-okafor-2026h2"),
    ("wang-lei", "gs-demo-li-na-2026h2"),
]


def _demo_goal_sets(coach: Coach, console: Console, as_json: bool) -> list[dict[str, Any]]:
    """The goal sets of an English and a Chinese person across the year (their goals at risk are in the team
    signals above)."""
    from assistant.cli.context import CliContext
    from assistant.cli.goals import show_goal_set_view
    from assistant.drafting.goalsets import show_goal_set

    out = []
    view_ctx = CliContext(console=console)
    for viewer, set_id in DEMO_GOAL_SETS:
        view = show_goal_set(coach, viewer, set_id)
        out.append(view.model_dump(mode="json"))
        if not as_json:
            show_goal_set_view(view_ctx, view)
    return out


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add ``coach demo`` to ``app``."""

    @app.command()
    def demo(as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False) -> None:
        """Load the demo organisation if absent and show the pipeline for an English and a Chinese person."""
        run_demo(ctx.coach, ctx.console, as_json=as_json, emit=ctx.emit)
