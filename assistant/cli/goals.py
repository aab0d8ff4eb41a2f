"""``coach goals``: brainstorm goals (as before), then save, share, comment, adjust, accept and check in.

``coach goals --as USER --period P [--interests ...]`` drafts goal proposals exactly as it always has; the
subcommands work on saved goal sets: ``coach goals save|list|show|share|comment|adjust|accept|checkin|at-risk``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.text import Text

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput
from assistant.core.i18n import Strings

__all__ = ["register", "show_goal_set_view"]

As = Annotated[str, typer.Option("--as", help="Who is asking (a user id).")]
SetId = Annotated[str, typer.Argument(help="The goal set id (gs-...), from `coach goals list`.")]
Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
Kr = Annotated[str, typer.Option("--kr", help="The key result, numbered as shown: 1.1, 2.1, ...")]

_S: Strings[str] = Strings(
    {
        "title": {
            "en": "Goal set {id}: {name} ({period}) — {status}",
            "zh": "目标集 {id}：{name}（{period}）— {status}",
        },
        "status.draft": {"en": "draft (only you see it)", "zh": "草稿（仅本人可见）"},
        "status.shared": {"en": "shared with the manager", "zh": "已与经理共享"},
        "status.accepted": {"en": "accepted", "zh": "已确认"},
        "progress": {"en": "Progress by key result:", "zh": "各关键结果进展："},
        "no_checkin": {"en": "no check-in yet", "zh": "尚无进展记录"},
        "st.below_floor": {"en": "AT RISK: short of the floor", "zh": "有风险：没有守住保底"},
        "st.trending_below": {"en": "AT RISK: heading past the floor", "zh": "有风险：按趋势将守不住保底"},
        "st.on_track": {"en": "on track", "zh": "进展正常"},
        "st.at_target": {"en": "at target", "zh": "已达目标"},
        "st.at_stretch": {"en": "at stretch", "zh": "已达挑战"},
        "history": {"en": "History:", "zh": "记录："},
        "range": {
            "en": "floor {floor} / target {target} / stretch {stretch}",
            "zh": "保底 {floor} / 目标 {target} / 挑战 {stretch}",
        },
        "h.saved": {"en": "{who} saved the set", "zh": "{who}保存了目标集"},
        "h.shared": {"en": "{who} shared it with the manager", "zh": "{who}与经理共享"},
        "h.comment": {"en": "{who} commented{on}", "zh": "{who}评论{on}"},
        "h.adjusted": {"en": "{who} adjusted{on}: {changes}", "zh": "{who}调整{on}：{changes}"},
        "h.accepted": {"en": "{who} accepted the set", "zh": "{who}确认了目标集"},
        "h.on": {"en": " KR {ref}", "zh": " KR {ref}"},
        "h.other": {"en": "{who}: {kind}{on}", "zh": "{who}：{kind}{on}"},
        "k.floor": {"en": "floor", "zh": "保底"},
        "k.target": {"en": "target", "zh": "目标"},
        "k.stretch": {"en": "stretch", "zh": "挑战"},
        "withheld": {
            "en": "{n} reason(s) rest on a private note and are shown to the person and their direct manager only.",
            "zh": "有 {n} 条理由依据私密记录，仅本人和直属经理可见。",
        },
        "none": {"en": "No goal sets.", "zh": "没有目标集。"},
        "saved": {
            "en": "Saved as goal set {id} (draft). Share it: coach goals share {id} --as {user}",
            "zh": "已保存为目标集 {id}（草稿）。与经理共享：coach goals share {id} --as {user}",
        },
        "at_risk_none": {"en": "No accepted goal is at risk.", "zh": "没有处于风险中的已确认目标。"},
    }
)


def _say(key: str, lang: str, **values: Any) -> str:
    return _S.say(key, lang, **values)


def show_goal_set_view(ctx: CliContext, view: Any) -> None:
    """A goal set: the goals as proposed (with any adjustment), progress per key result, history."""
    from assistant.drafting.layout import goals_text

    lang = view.language
    console = ctx.console
    console.rule(
        _say(
            "title",
            lang,
            id=view.id,
            name=view.person_name,
            period=view.period,
            status=_say("status." + view.status, lang),
        )
    )
    console.print(goals_text(view.summary, view.goals, lang), highlight=False, markup=False, soft_wrap=True)
    if view.withheld:
        console.print(Text(_say("withheld", lang, n=view.withheld), style="yellow"))
    if view.progress:
        console.print(Text(_say("progress", lang), style="bold"))
        for p in view.progress:
            if p.latest is None:
                console.print(f"  KR {p.ref} {p.label}: {_say('no_checkin', lang)}", highlight=False)
                continue
            unit = "" if not p.unit else p.unit if p.unit == "%" or not p.unit.isascii() else f" {p.unit}"
            cites = ", ".join(p.checkin_ids)
            style = "red" if p.at_risk else None
            span = _say(
                "range", lang, floor=f"{p.floor:g}{unit}", target=f"{p.target:g}{unit}", stretch=f"{p.stretch:g}{unit}"
            )
            line = (
                f"  KR {p.ref} {p.label}: {p.latest:g}{unit} ({p.latest_on}) · {span} → {_say('st.' + p.status, lang)}"
            )
            console.print(Text(f"{line} [{cites}]", style=style))
    if view.history:
        console.print(Text(_say("history", lang), style="bold"))
        for h in view.history:
            console.print(
                f"  {h.at:%Y-%m-%d %H:%M} {_history_line(h, view.names, lang)}", highlight=False, markup=False
            )


def _history_line(h: Any, names: dict[str, str], lang: str) -> str:
    """One step of a set's life in words: "Wang Lei adjusted KR 3.1: target 3.4 → 3.5 — <reason>"."""
    who = names.get(h.actor_id, h.actor_id)
    on = _say("h.on", lang, ref=h.kr_ref) if h.kr_ref else ""
    if h.kind == "adjusted":
        before, after = h.details.get("before") or {}, h.details.get("after") or {}
        sep = "，" if lang == "zh" else ", "
        changes = sep.join(f"{_say('k.' + k, lang)} {_g(before.get(k))} → {_g(v)}" for k, v in after.items())
        line = _say("h.adjusted", lang, who=who, on=on, changes=changes)
    elif "h." + h.kind in _S:
        line = _say("h." + h.kind, lang, who=who, on=on)
    else:
        line = _say("h.other", lang, who=who, kind=h.kind, on=on)
    if h.text:
        joint = {"zh": ("；", "："), "en": (" — ", ": ")}["zh" if lang == "zh" else "en"]
        line += joint[0 if h.kind == "adjusted" else 1] + h.text
    return line


def _g(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else "?"


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add ``coach goals`` and its subcommands to ``app``."""
    goals_app = typer.Typer(
        help="Brainstorm goals (coach goals --as USER --period P), then save, share, review and check in on them.",
        invoke_without_command=True,
        no_args_is_help=False,
    )
    app.add_typer(goals_app, name="goals")

    def _emit_or_show(view: Any, as_json: bool) -> None:
        if as_json:
            ctx.emit(view.model_dump(mode="json"))
        else:
            show_goal_set_view(ctx, view)

    @goals_app.callback()
    def goals(
        context: typer.Context,
        as_user: Annotated[str | None, typer.Option("--as", help="Who is asking (a user id): yourself.")] = None,
        for_person: Annotated[
            str | None, typer.Option("--for", help="Whose goals: yourself (the default); goals are your own.")
        ] = None,
        period: Annotated[str | None, typer.Option("--period", help="2026H2, 2027H1, 2026 or a date range.")] = None,
        interests: Annotated[str | None, typer.Option(help="Your interests and aspirations.")] = None,
        lang: Annotated[str | None, typer.Option("--lang", help="en or zh (default: the person's).")] = None,
        provider: Annotated[str | None, typer.Option(help="offline or openai:<model> (default: settings).")] = None,
        no_fallback: Annotated[
            bool,
            typer.Option(
                "--no-fallback", help="When the LLM fails, report the error (exit 1) instead of drafting offline."
            ),
        ] = False,
        save: Annotated[bool, typer.Option("--save", help="Save the proposals as a draft goal set.")] = False,
        as_json: Json = False,
    ) -> None:
        """Brainstorm 3-5 goals aligned to your team's objectives, ranged from your own record."""
        if context.invoked_subcommand is not None:
            return
        from assistant.cli.display import show_draft
        from assistant.drafting.chain import DraftRequest, draft_goals
        from assistant.drafting.providers import get_provider

        if as_user is None or period is None:
            missing = " and ".join(f"--{n}" for n, v in (("as", as_user), ("period", period)) if v is None)
            raise BadInput(
                f"coach goals needs {missing} (e.g. coach goals --as li-na --period 2026H2); "
                "see coach goals --help for the subcommands"
            )
        if lang is not None and lang not in ("en", "zh"):
            raise BadInput(f"--lang {lang!r}: use en or zh")
        coach = ctx.coach
        engine = get_provider(provider, coach.settings) if provider else None
        request = DraftRequest(
            task="goal_proposals",
            requester=as_user,
            subject=for_person or as_user,
            period=period,
            interests=interests,
            language=lang,
            fallback=not no_fallback,
        )
        result = draft_goals(coach, request, engine)
        saved = None
        if save:
            from assistant.drafting.goalsets import save_goal_set

            saved = save_goal_set(coach, as_user, result)
        if as_json:
            payload = result.model_dump(mode="json")
            if saved is not None:
                payload["goal_set_id"] = saved.id
            ctx.emit(payload)
            return
        show_draft(ctx.console, result)
        if saved is not None:
            ctx.console.print(_say("saved", result.language, id=saved.id, user=as_user), highlight=False)

    @goals_app.command("save")
    def save_cmd(
        as_user: As,
        draft: Annotated[str, typer.Option("--draft", help="A stored goal proposal id.")],
        as_json: Json = False,
    ) -> None:
        """Save a stored goal proposal (see `coach history`) as your draft goal set."""
        from assistant.core.errors import NotFound
        from assistant.drafting.goalsets import save_goal_set
        from assistant.drafting.schemas import DraftResult

        row = ctx.coach.sql.get_draft(draft)
        if row is None:
            raise NotFound(f"no stored draft {draft!r}; list them with `coach history --as {as_user}`")
        _emit_or_show(save_goal_set(ctx.coach, as_user, DraftResult.model_validate(row.result)), as_json)

    @goals_app.command("list")
    def list_cmd(
        as_user: As,
        for_person: Annotated[str | None, typer.Option("--for", help="Whose sets (default: your own).")] = None,
        period: Annotated[str | None, typer.Option("--period", help="Only this period.")] = None,
        as_json: Json = False,
    ) -> None:
        """The goal sets you may see: yours, or a report's once shared."""
        from assistant.drafting.goalsets import list_goal_sets

        views = list_goal_sets(ctx.coach, as_user, for_person, period)
        if as_json:
            ctx.emit([v.model_dump(mode="json") for v in views])
            return
        if not views:
            ctx.console.print(_say("none", ctx.lang(None)))
        for v in views:
            risky = sum(p.at_risk for p in v.progress)
            ctx.console.print(
                f"{v.id}  {v.person_id:<14} {v.period:<8} {v.status:<9} goals {len(v.goals)}  check-ins "
                f"{len(v.checkins)}  at risk {risky}  updated {v.updated_at:%Y-%m-%d}",
                highlight=False,
            )

    @goals_app.command("show")
    def show_cmd(set_id: SetId, as_user: As, as_json: Json = False) -> None:
        """One goal set: goals, progress per key result (at risk marked), comments and adjustments."""
        from assistant.drafting.goalsets import show_goal_set

        _emit_or_show(show_goal_set(ctx.coach, as_user, set_id), as_json)

    @goals_app.command("share")
    def share_cmd(set_id: SetId, as_user: As, as_json: Json = False) -> None:
        """Share your draft goal set with your manager."""
        from assistant.drafting.goalsets import share_goal_set

        _emit_or_show(share_goal_set(ctx.coach, as_user, set_id), as_json)

    @goals_app.command("comment")
    def comment_cmd(
        set_id: SetId,
        as_user: As,
        text: Annotated[str, typer.Option("--text", help="The comment.")],
        kr: Annotated[str | None, typer.Option("--kr", help="About one key result (1.1, ...).")] = None,
        as_json: Json = False,
    ) -> None:
        """Comment on a shared goal set (the person or their direct manager)."""
        from assistant.drafting.goalsets import comment_goal_set

        _emit_or_show(comment_goal_set(ctx.coach, as_user, set_id, text, kr), as_json)

    @goals_app.command("adjust")
    def adjust_cmd(
        set_id: SetId,
        as_user: As,
        kr: Kr,
        floor: Annotated[float | None, typer.Option(help="New floor.")] = None,
        target: Annotated[float | None, typer.Option(help="New target.")] = None,
        stretch: Annotated[float | None, typer.Option(help="New stretch.")] = None,
        reason: Annotated[str, typer.Option(help="Why (kept in the history).")] = "",
        as_json: Json = False,
    ) -> None:
        """Change a key result's floor / target / stretch (the manager on a shared set; you on your own)."""
        from assistant.drafting.goalsets import adjust_key_result

        view = adjust_key_result(
            ctx.coach, as_user, set_id, kr, floor=floor, target=target, stretch=stretch, reason=reason
        )
        _emit_or_show(view, as_json)

    @goals_app.command("accept")
    def accept_cmd(set_id: SetId, as_user: As, as_json: Json = False) -> None:
        """Accept a goal set your report shared (direct manager)."""
        from assistant.drafting.goalsets import accept_goal_set

        _emit_or_show(accept_goal_set(ctx.coach, as_user, set_id), as_json)

    @goals_app.command("checkin")
    def checkin_cmd(
        set_id: SetId,
        as_user: As,
        kr: Kr,
        value: Annotated[float, typer.Option("--value", help="The key result's value now.")],
        on: Annotated[
            str | None, typer.Option("--date", help="When it was measured (YYYY-MM-DD; default today).")
        ] = None,
        note: Annotated[str, typer.Option(help="What moved it.")] = "",
        as_json: Json = False,
    ) -> None:
        """Record progress on one key result of an accepted goal set."""
        from assistant.drafting.goalsets import checkin

        try:
            day = date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise BadInput(f"--date {on!r}: use YYYY-MM-DD") from exc
        _emit_or_show(checkin(ctx.coach, as_user, set_id, kr, value, on=day, note=note), as_json)

    @goals_app.command("at-risk")
    def at_risk_cmd(
        as_user: As,
        lang: Annotated[str | None, typer.Option("--lang", help="en or zh.")] = None,
        as_json: Json = False,
    ) -> None:
        """Accepted goals at risk (key-result trend below the floor) for you and your reporting line."""
        from assistant.drafting.goal_risk import goals_at_risk

        coach = ctx.coach
        user = coach.sql.get_user(as_user)
        person = coach.sql.get_person(user.person_id) if user else None
        shown = ctx.lang(lang, person.language if person else None)
        risks = goals_at_risk(coach, as_user, lang=shown)
        if as_json:
            ctx.emit([r.model_dump(mode="json") for r in risks])
            return
        if not risks:
            ctx.console.print(_say("at_risk_none", shown))
        for r in risks:
            cites = ", ".join(f"{c.id} {c.measured_on} {c.value:g}" for c in r.checkins)
            ctx.console.print(f"- {r.person_name} · {r.goal_set_id} KR {r.kr_ref} · {r.goal}", highlight=False)
            ctx.console.print(f"  {r.suggestion} [{cites}]", highlight=False, markup=False)
