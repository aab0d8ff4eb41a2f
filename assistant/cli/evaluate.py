"""``coach eval``: run suites, list suites and runs, compare runs.

Exit codes of ``coach eval run``: 0 every assertion passed and nothing regressed; 1 an assertion failed, a
case errored, or a case regressed (against the first version of the run, or against ``--baseline``);
2 a bad suite or flag (through the main CLI); 130 interrupted (the partial results are still written).
``coach eval compare A B`` exits 1 when B regressed against A.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput
from assistant.core.i18n import Strings

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["register"]

_STRINGS: Strings[str] = Strings(
    {
        "written": {"en": "Wrote {path}", "zh": "已写入 {path}"},
        "summary": {
            "en": "{suite}: {passed} passed, {failed} failed, {errors} errors, {skipped} skipped of {completed} "
            "({hits} from the cache) in {seconds:.1f} s",
            "zh": "{suite}：共 {completed} 项，通过 {passed}，失败 {failed}，错误 {errors}，跳过 {skipped}"
            "（缓存命中 {hits}），耗时 {seconds:.1f} 秒",
        },
        "partial": {
            "en": "Partial: {completed} of {planned} planned results ran.",
            "zh": "部分结果：计划 {planned} 项，完成 {completed} 项。",
        },
        "compared": {
            "en": "{before} → {after}: {compared} compared, {changed} changed, {regressions} "
            "regressions, {fixed} fixed",
            "zh": "{before} → {after}：比较 {compared} 项，变化 {changed}，回退 {regressions}，修复 {fixed}",
        },
        "missing": {
            "en": "Not in the later run ({count}): {items}",
            "zh": "较新的运行中没有（{count} 项）：{items}",
        },
        "regressed": {"en": "Regression: {message}", "zh": "回退：{message}"},
        "failed_case": {"en": "FAIL {case} [{column}]: {message}", "zh": "失败 {case} [{column}]：{message}"},
        "interrupted": {
            "en": "Interrupted: partial results were written (run {run_id}).",
            "zh": "已中断：部分结果已写入（运行 {run_id}）。",
        },
        "suites": {"en": "Shipped suites", "zh": "内置评估套件"},
        "runs": {"en": "Past runs", "zh": "历史运行"},
        "no_runs": {"en": "No runs yet in {path}.", "zh": "{path} 中还没有运行记录。"},
        "warning": {"en": "warning: {text}", "zh": "警告：{text}"},
        "nothing_failed": {
            "en": "Nothing failed in {run_id}: nothing to run again.",
            "zh": "{run_id} 中没有失败的用例，无需重新运行。",
        },
        "pass_rate": {
            "en": "Pass rate {rate:.1%} (threshold {threshold:.1%}).",
            "zh": "通过率 {rate:.1%}（阈值 {threshold:.1%}）。",
        },
        "flaky": {
            "en": "FLAKY {case} [{column}]: {verdicts} over {repeats} repeats",
            "zh": "不稳定 {case} [{column}]：{repeats} 次重复的结论为 {verdicts}",
        },
        "reviewed": {
            "en": "Human review: {reviewed} labelled, {flipped} verdicts flipped; pass rate after review {rate}.",
            "zh": "人工复核：已标注 {reviewed} 项，推翻结论 {flipped} 项；复核后通过率 {rate}。",
        },
    }
)


def _rate(value: str) -> float:
    """``95%``, ``95`` or ``0.95`` as 0.95."""
    text = value.strip()
    try:
        number = float(text.rstrip("%"))
    except ValueError as exc:
        raise BadInput(f"--fail-on {value!r}: give a pass rate such as 95% or 0.95") from exc
    if text.endswith("%") or number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise BadInput(f"--fail-on {value!r}: a pass rate is between 0% and 100%")
    return number


def _t(key: str, **values: Any) -> str:
    return _STRINGS.say(key, None, **values)


def _suite_path(suite: str) -> Path:
    """A suite file, or the name of a shipped suite (``feedback_core``)."""
    from evals.outputs import SHIPPED_SUITES

    path = Path(suite)
    if path.is_file():
        return path
    for candidate in (SHIPPED_SUITES / suite, SHIPPED_SUITES / f"{suite}.yaml"):
        if candidate.is_file():
            return candidate
    raise BadInput(f"suite {suite!r}: no such file and no shipped suite of that name (see `coach eval list`)")


def _check_out_dir(path: Path) -> None:
    """``--out`` must be a folder we can write, found out before anything runs (not after a long run)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--out {str(path)!r}: not a folder that can be written ({exc.strerror or exc})") from exc


def register(app: typer.Typer, ctx: CliContext) -> None:
    """Add the ``eval`` command group to ``app``."""
    evals = typer.Typer(
        help="Evaluation suites over prompt versions and models (HR): run, list, compare.", no_args_is_help=True
    )
    app.add_typer(evals, name="eval")
    from assistant.cli import evaluate_labels

    evaluate_labels.register(evals, ctx)
    err = Console(stderr=True, soft_wrap=True)
    out = Console()

    def coach() -> Coach:
        return ctx.coach

    emit = ctx.emit

    @evals.command("run")
    def run(
        suite: Annotated[str, typer.Argument(help="A suite YAML file, or a shipped suite's name.")],
        out_dir: Annotated[
            Path | None, typer.Option("--out", help="Write report.html, results.json and junit.xml here.")
        ] = None,
        baseline: Annotated[
            str | None,
            typer.Option(
                "--baseline", help="A previous RUN (run id, its folder or results.json): fail on regressions."
            ),
        ] = None,
        concurrency: Annotated[int, typer.Option(min=1, max=64, help="Drafts in flight at once.")] = 4,
        repeat: Annotated[int | None, typer.Option(min=1, max=100, help="Run each case N times.")] = None,
        no_cache: Annotated[bool, typer.Option("--no-cache", help="Draft everything again.")] = False,
        cache: Annotated[
            Path | None, typer.Option("--cache", help="Cache dir (default <data-dir>/eval_cache).")
        ] = None,
        case_filter: Annotated[
            str | None, typer.Option("--filter", help="Only cases whose id or a tag matches (glob or substring).")
        ] = None,
        version: Annotated[
            list[int] | None, typer.Option("--version", help="Prompt version(s) to run instead of the suite's.")
        ] = None,
        provider: Annotated[
            list[str] | None, typer.Option("--provider", help="Provider(s) instead of the suite's.")
        ] = None,
        retries: Annotated[int, typer.Option(min=0, max=10, help="Retries on provider errors.")] = 2,
        max_score_drop: Annotated[
            int, typer.Option(min=0, max=100, help="Against --baseline: a larger mean score drop is a regression.")
        ] = 5,
        rerun_failed: Annotated[
            str | None,
            typer.Option("--rerun-failed", help="Run only the cases that failed, errored or were flaky in RUN."),
        ] = None,
        sample: Annotated[int | None, typer.Option("--sample", min=1, help="Run a random sample of N cases.")] = None,
        seed: Annotated[int, typer.Option("--seed", help="The seed of --sample (same seed, same cases).")] = 0,
        fail_on: Annotated[
            str | None,
            typer.Option(
                "--fail-on", help="Exit 1 only when the pass rate is below this (e.g. 95% or 0.95); regressions fail."
            ),
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the results JSON.")] = False,
    ) -> None:
        """Run a suite; exit 1 when an assertion fails or a case regresses, 130 when interrupted."""
        from evals.compare import load_run
        from evals.labels import read_labels
        from evals.outputs import write_run
        from evals.runner import RunOptions, run_suite
        from evals.suite import load_suite

        loaded = load_suite(_suite_path(suite))
        if out_dir is not None:
            _check_out_dir(out_dir)
        threshold = _rate(fail_on) if fail_on is not None else None
        for warning in loaded.warnings:
            err.print(_t("warning", text=warning), highlight=False, markup=False)
        c = coach()
        before = load_run(baseline, c.settings.data_dir, loaded.suite.name) if baseline else None
        earlier = load_run(rerun_failed, c.settings.data_dir, loaded.suite.name) if rerun_failed else None
        options = RunOptions(
            concurrency=concurrency,
            repeat=repeat,
            use_cache=not no_cache,
            cache_dir=cache,
            retries=retries,
            case_filter=case_filter,
            versions=version or None,
            providers=provider or None,
            sample=sample,
            seed=seed,
            rerun_failed=earlier,
            fail_on=threshold,
        )
        show = not quiet and not as_json and sys.stderr.isatty()
        with _progress_bar(loaded.suite.name, enabled=show) as options.on_progress:
            doc = run_suite(c, loaded, options, baseline=before, max_score_drop=max_score_drop)
        if earlier is not None and not doc["cases"]:
            err.print(_t("nothing_failed", run_id=earlier["run_id"]), highlight=False)
        shared = c.sql if c.settings.database_url else None  # a shared database may hold others' labels
        labels = read_labels(c.settings.data_dir, suite=loaded.suite.name, sql=shared)
        written = write_run(doc, c.settings.data_dir, out_dir, labels=labels)
        if as_json:
            emit(doc)
        else:
            _print_summary(out, doc)
            for path in written.values():
                out.print(_t("written", path=path), highlight=False)
        if doc["interrupted"]:
            err.print(_t("interrupted", run_id=doc["run_id"]), highlight=False)
        raise typer.Exit(doc["exit_code"])

    @evals.command("list")
    def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
        """List the shipped suites and the past runs (newest first)."""
        from evals.compare import list_runs, runs_dir
        from evals.outputs import shipped_suites
        from evals.suite import load_suite

        suites = []
        for path in shipped_suites():
            loaded = load_suite(path)
            suites.append(
                {
                    "name": loaded.suite.name,
                    "path": str(path),
                    "cases": len(loaded.cases),
                    "versions": loaded.suite.versions,
                    "providers": loaded.suite.providers,
                    "description": loaded.suite.description,
                }
            )
        data_dir = coach().settings.data_dir
        runs = list_runs(data_dir)
        if as_json:
            emit({"suites": suites, "runs": runs})
            return
        from rich.table import Table

        table = Table(title=_t("suites"))
        for col in ("name", "cases", "versions", "providers"):
            table.add_column(col, overflow="fold")
        table.add_column("path", overflow="fold")
        for s in suites:
            table.add_row(
                s["name"], str(s["cases"]), str(s["versions"] or "latest"), ",".join(s["providers"]), s["path"]
            )
        out.print(table)
        if not runs:
            out.print(_t("no_runs", path=runs_dir(data_dir)), highlight=False)
            return
        from rich.table import Table

        table = Table(title=_t("runs"))
        # The run id is what --baseline and compare take, so it is never cut; it already holds the time and suite.
        table.add_column("run id", no_wrap=True)
        for col in ("passed", "failed", "errors", "exit"):
            table.add_column(col, justify="right")
        for r in runs:
            s = r["summary"]
            table.add_row(
                r["run_id"], str(s.get("passed")), str(s.get("failed")), str(s.get("errors")), str(r["exit_code"])
            )
        out.print(table)

    @evals.command("compare")
    def compare(
        run_a: Annotated[str, typer.Argument(help="The earlier RUN: run id, its folder, or results.json.")],
        run_b: Annotated[str, typer.Argument(help="The later RUN.")],
        max_score_drop: Annotated[int, typer.Option(min=0, max=100, help="A larger mean drop is a regression.")] = 5,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """What changed from RUN_A to RUN_B; exit 1 when RUN_B regressed."""
        from evals.compare import compare_runs, load_run

        data_dir = coach().settings.data_dir
        a, b = load_run(run_a, data_dir), load_run(run_b, data_dir)
        result = compare_runs(a, b, max_score_drop=max_score_drop)
        if as_json:
            emit(result)
        else:
            out.print(
                _t(
                    "compared",
                    before=result["before"],
                    after=result["after"],
                    compared=result["compared"],
                    changed=len(result["changes"]),
                    regressions=len(result["regressions"]),
                    fixed=len(result["fixed"]),
                ),
                highlight=False,
                markup=False,
            )
            for ch in result["changes"]:
                deltas = ", ".join(f"{d} {v:+g}" for d, v in ch["score_deltas"].items())
                out.print(
                    f"  {ch['case_id']} [{ch['column']}]: {' → '.join(ch['status'])}"
                    + (f"; {deltas}" if deltas else ""),
                    highlight=False,
                    markup=False,
                )
            for r in result["regressions"]:
                out.print(_t("regressed", message=r["message"]), highlight=False, markup=False)
            if result["missing"]:
                items = ", ".join(f"{m['case_id']} [{m['column']}]" for m in result["missing"])
                out.print(_t("missing", count=len(result["missing"]), items=items), highlight=False, markup=False)
        if result["regressions"]:
            raise typer.Exit(1)


def _print_summary(console: Console, doc: dict[str, Any]) -> None:
    s = doc["summary"]
    for r in doc["results"]:
        if r["status"] in ("fail", "error"):
            failed = [a for a in r["assertions"] if a["status"] in ("fail", "error")]
            message = r["error"] or "; ".join(f"{a['name']}: {a['message']}" for a in failed)
            console.print(
                _t("failed_case", case=r["case_id"], column=r["column"], message=message), highlight=False, markup=False
            )
    for reg in doc["regressions"]:
        console.print(_t("regressed", message=reg["message"]), highlight=False, markup=False)
    for case, cols in doc.get("cells", {}).items():
        for column, cell in cols.items():
            if cell.get("flaky"):
                verdicts = "/".join(cell["verdicts"]) or "-"
                console.print(
                    _t("flaky", case=case, column=column, verdicts=verdicts, repeats=cell["repeats"]),
                    highlight=False,
                    markup=False,
                )
    console.print(
        _t(
            "summary",
            suite=doc["suite"]["name"],
            passed=s["passed"],
            failed=s["failed"],
            errors=s["errors"],
            skipped=s["skipped"],
            completed=s["completed"],
            hits=s["cache_hits"],
            seconds=doc["duration_s"],
        ),
        highlight=False,
        markup=False,
    )
    threshold = (doc.get("options") or {}).get("fail_on")
    if threshold is not None and s.get("pass_rate") is not None:
        console.print(_t("pass_rate", rate=s["pass_rate"], threshold=threshold), highlight=False, markup=False)
    review = doc.get("labels") or {}
    if review.get("reviewed"):
        rate = review.get("pass_rate_after_review")
        console.print(
            _t(
                "reviewed",
                reviewed=review["reviewed"],
                flipped=len(review["flipped"]),
                rate="-" if rate is None else f"{rate:.0%}",
            ),
            highlight=False,
            markup=False,
        )
    if doc["partial"]:
        console.print(_t("partial", completed=s["completed"], planned=s["planned"]), highlight=False)


@contextmanager
def _progress_bar(name: str, *, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A transient rich progress bar on standard error, fed (done, total) by the runner."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn(f"[bold]{name}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(name, total=None)
    with progress:
        yield lambda done, total: progress.update(task, completed=done, total=total)
