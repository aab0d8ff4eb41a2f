"""``coach eval label``, ``coach eval labels export | list`` and ``coach eval serve-report``: human review.

A label says whether the analyst agrees with a result's verdict, judges findings right or wrong, names
spans the guardrails missed, with a comment. It is saved with the run (``labels.jsonl``) and in the
database; the run's report, summary and CSV are written again so they show it.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from assistant.cli.context import CliContext
from assistant.core.errors import BadInput
from assistant.core.i18n import Strings

if TYPE_CHECKING:
    from evals.labels import Label

__all__ = ["register"]

_STRINGS: Strings[str] = Strings(
    {
        "saved": {
            "en": "Saved {count} label(s) on run {run_id} ({path}); report written again: {report}",
            "zh": "已在运行 {run_id} 上保存 {count} 条标注（{path}）；报告已重新生成：{report}",
        },
        "review": {
            "en": "Human review of {run_id}: {reviewed} labelled, {flipped} verdicts flipped.",
            "zh": "{run_id} 的人工复核：已标注 {reviewed} 项，推翻结论 {flipped} 项。",
        },
        "exported": {
            "en": "Exported {rows} statement(s) from {labels} label(s); left out: {unjudged} line(s) with a finding "
            "nobody judged, {kinds} judgement(s) on kinds the benchmark has no label for, {no_draft} without a draft.",
            "zh": "已从 {labels} 条标注导出 {rows} 条语句；未导出：{unjudged} 行含未判断的发现，"
            "{kinds} 条判断的类别在基准中没有对应标签，{no_draft} 条没有草稿。",
        },
        "serving": {
            "en": "Review the report at {url} (loopback only; Ctrl-C stops). Labels are saved as you click Save.",
            "zh": "在 {url} 复核报告（仅本机访问；Ctrl-C 停止）。点击“保存”即保存标注。",
        },
        "no_labels": {"en": "No labels yet.", "zh": "还没有标注。"},
    }
)


def _t(key: str, **values: Any) -> str:
    return _STRINGS.say(key, None, **values)


def _reviewer(name: str | None) -> str:
    if name:
        return name
    try:
        return os.environ.get("COACH_REVIEWER") or getpass.getuser()
    except (OSError, KeyError):
        return "analyst"


def _finding_judgements(record: dict[str, Any], specs: list[str]) -> list[dict[str, Any]]:
    findings = (record.get("draft") or {}).get("findings") or []
    out = []
    for spec in specs:
        index, _, judgement = spec.partition("=")
        if judgement not in ("right", "wrong") or not index.strip().isdigit():
            raise BadInput(f"--finding {spec!r}: write N=right or N=wrong (N as numbered in the report, from 1)")
        n = int(index)
        if not 1 <= n <= len(findings):
            raise BadInput(f"--finding {spec!r}: this result has {len(findings)} finding(s), numbered from 1")
        f = findings[n - 1]
        ref = {k: f[k] for k in ("dimension", "kind", "start", "end", "text")}
        out.append({"finding": ref, "judgement": judgement})
    return out


def _missed(record: dict[str, Any], specs: list[str]) -> list[dict[str, Any]]:
    text = ((record.get("draft") or {}).get("checked_text")) or ""
    out = []
    for spec in specs:
        kind, _, span = spec.partition(":")
        span = span.strip()
        if not kind.strip() or not span:
            raise BadInput(f"--missed {spec!r}: write KIND:TEXT, e.g. vague:a great team player")
        start = text.find(span)
        if start < 0:
            raise BadInput(f"--missed {spec!r}: {span!r} is not in the draft's checked text")
        out.append({"kind": kind.strip(), "text": span, "start": start, "end": start + len(span)})
    return out


def save_and_rewrite(ctx: CliContext, doc: dict[str, Any], labels: list[Label]) -> tuple[Path, Path]:
    """Check ``labels`` against run ``doc``, save them (file + database) and write the run's views again."""
    from evals.outputs import save_run_labels

    return save_run_labels(ctx.coach, doc, labels)


def register(evals: typer.Typer, ctx: CliContext) -> None:
    """Add ``label``, the ``labels`` group and ``serve-report`` to the ``eval`` group."""
    labels_app = typer.Typer(help="Human labels on eval results: export, list.", no_args_is_help=True)
    evals.add_typer(labels_app, name="labels")
    out = Console()
    err = Console(stderr=True, soft_wrap=True)

    @evals.command("label")
    def label(
        run: Annotated[str | None, typer.Argument(help="The RUN (run id, its folder or results.json).")] = None,
        case: Annotated[str | None, typer.Argument(help="The case id.")] = None,
        column: Annotated[
            str | None, typer.Option("--column", help="The column, e.g. v1|offline (default: the only one).")
        ] = None,
        repeat: Annotated[int, typer.Option("--repeat", min=1, help="Which repeat (from 1).")] = 1,
        agree: Annotated[bool, typer.Option("--agree", help="The verdict is right.")] = False,
        disagree: Annotated[bool, typer.Option("--disagree", help="The verdict is wrong (flips pass/fail).")] = False,
        finding: Annotated[
            list[str] | None, typer.Option("--finding", help="N=right or N=wrong for finding N (from 1).")
        ] = None,
        missed: Annotated[
            list[str] | None, typer.Option("--missed", help="KIND:TEXT the guardrails did not flag.")
        ] = None,
        comment: Annotated[str, typer.Option("--comment", help="Why.")] = "",
        reviewer: Annotated[
            str | None, typer.Option("--reviewer", help="Who (default: $COACH_REVIEWER or login).")
        ] = None,
        import_file: Annotated[
            Path | None, typer.Option("--import", help="Labels downloaded from the report's page (JSON).")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the saved labels as JSON.")] = False,
    ) -> None:
        """Label a result of RUN (or --import the labels made in a report's page)."""
        from evals.compare import load_run
        from evals.labels import Label, draft_sha256, load_label_file

        data_dir = ctx.coach.settings.data_dir
        if import_file is not None:
            if run or case:
                raise BadInput("--import takes no RUN or CASE: the labels in the file name their run")
            labels = load_label_file(import_file)
            runs = sorted({lb.run_id for lb in labels})
            if not runs:
                raise BadInput(f"{import_file}: no labels in the file")
            saved = []
            for run_id in runs:
                doc = load_run(run_id, data_dir)
                mine = [lb for lb in labels if lb.run_id == run_id]
                path, report = save_and_rewrite(ctx, doc, mine)
                out.print(_t("saved", count=len(mine), run_id=run_id, path=path, report=report), highlight=False)
                saved += mine
            if as_json:
                ctx.emit([lb.model_dump(mode="json", by_alias=True) for lb in saved])
            return
        if not run or not case:
            raise BadInput("give RUN and CASE (or --import FILE); see `coach eval label --help`")
        if agree and disagree:
            raise BadInput("--agree and --disagree contradict each other: give one")
        doc = load_run(run, data_dir)
        records = [r for r in doc["results"] if r["case_id"] == case]
        if not records:
            known = ", ".join(c["id"] for c in doc.get("cases", [])[:8])
            raise BadInput(f"case {case!r} is not in run {doc['run_id']} (cases: {known} ...)")
        columns = sorted({r["column"] for r in records})
        if column is None and len(columns) > 1:
            raise BadInput(f"case {case!r} ran in several columns ({', '.join(columns)}): give --column")
        chosen = column or columns[0]
        record = next((r for r in records if r["column"] == chosen and r["repeat"] == repeat - 1), None)
        if record is None:
            raise BadInput(
                f"no result of {case!r} in column {chosen!r}, repeat {repeat} (columns: {', '.join(columns)})"
            )
        if not (agree or disagree or finding or missed or comment):
            raise BadInput(
                "say something: --agree / --disagree, --finding N=right|wrong, --missed KIND:TEXT or --comment"
            )
        made = Label(
            run_id=doc["run_id"],
            suite=doc["suite"]["name"],
            case_id=case,
            column=chosen,
            repeat=repeat - 1,
            draft_sha256=draft_sha256(record),
            status=record["status"],
            guardrail_verdict=record.get("verdict"),
            verdict="agree" if agree else "disagree" if disagree else None,
            findings=_finding_judgements(record, finding or []),  # type: ignore[arg-type]
            missed=_missed(record, missed or []),  # type: ignore[arg-type]
            comment=comment,
            reviewer=_reviewer(reviewer),
        )
        path, report = save_and_rewrite(ctx, doc, [made])
        if as_json:
            ctx.emit(made.model_dump(mode="json", by_alias=True))
            return
        out.print(_t("saved", count=1, run_id=doc["run_id"], path=path, report=report), highlight=False)
        review = doc.get("labels") or {}
        out.print(
            _t(
                "review",
                run_id=doc["run_id"],
                reviewed=review.get("reviewed", 0),
                flipped=len(review.get("flipped", [])),
            ),
            highlight=False,
        )

    @labels_app.command("export")
    def export(
        fmt: Annotated[
            str, typer.Option("--format", help="jsonl (guardrail benchmark rows) or csv (one row per label).")
        ] = "jsonl",
        suite: Annotated[str | None, typer.Option("--suite", help="Only labels on runs of this suite.")] = None,
        run: Annotated[str | None, typer.Option("--run", help="Only labels on this RUN.")] = None,
        output: Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output.")] = None,
        provenance: Annotated[
            bool, typer.Option("--provenance", help="Add a provenance object (the benchmark loader rejects it).")
        ] = False,
    ) -> None:
        """Export labels as guardrail benchmark JSONL (append to its data or training set) or as CSV."""
        import json

        from evals.compare import load_run, resolve_run
        from evals.export import labels_to_benchmark
        from evals.labels import effective_labels, read_labels

        coach = ctx.coach
        data_dir = coach.settings.data_dir
        run_id = load_run(run, data_dir)["run_id"] if run else None
        labels = read_labels(data_dir, run_id=run_id, suite=suite, sql=coach.sql)
        if fmt == "csv":
            text = _labels_csv(list(effective_labels(labels).values()))
        elif fmt == "jsonl":
            runs = []
            for rid in sorted({lb.run_id for lb in labels}):
                try:
                    runs.append(load_run(str(resolve_run(rid, data_dir)), data_dir))
                except BadInput:
                    continue  # a run folder removed since: its labels have no draft left to export
            result = labels_to_benchmark(runs, labels, provenance=provenance)
            text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in result.rows)
            err.print(
                _t(
                    "exported",
                    rows=len(result.rows),
                    labels=len(effective_labels(labels)),
                    unjudged=result.skipped_unjudged,
                    kinds=sum(result.skipped_kinds.values()),
                    no_draft=result.skipped_no_draft,
                ),
                highlight=False,
            )
        else:
            raise BadInput(f"--format {fmt!r}: use jsonl or csv")
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)

    @labels_app.command("list")
    def list_(
        run: Annotated[str | None, typer.Option("--run", help="Only labels on this RUN.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """The labels (merged per result), oldest first."""
        from evals.compare import load_run
        from evals.labels import effective_labels, read_labels

        coach = ctx.coach
        run_id = load_run(run, coach.settings.data_dir)["run_id"] if run else None
        merged = list(effective_labels(read_labels(coach.settings.data_dir, run_id=run_id, sql=coach.sql)).values())
        if as_json:
            ctx.emit([lb.model_dump(mode="json", by_alias=True) for lb in merged])
            return
        if not merged:
            out.print(_t("no_labels"), highlight=False)
        for lb in merged:
            judged = ", ".join(f"{j.finding.kind} {j.judgement}" for j in lb.findings)
            missed = ", ".join(f"{m.kind} missed" for m in lb.missed)
            bits = "; ".join(b for b in (lb.verdict or "", judged, missed, lb.comment) if b)
            out.print(f"{lb.run_id}  {lb.case_id} [{lb.column}]  {lb.reviewer}: {bits}", highlight=False, markup=False)

    @evals.command("serve-report")
    def serve_report(
        run: Annotated[str, typer.Argument(help="The RUN to review (run id, its folder, results.json or latest).")],
        port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free).")] = 0,
    ) -> None:
        """Serve a run's report on loopback so labels made in the page are saved as you click."""
        import secrets
        import socket

        import uvicorn

        from assistant.server.eval_review import create_review_app
        from evals.compare import load_run

        doc = load_run(run, ctx.coach.settings.data_dir)
        token = secrets.token_urlsafe(18)
        app = create_review_app(ctx.coach, doc["run_id"], token)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/?token={token}"
        out.print(_t("serving", url=url), highlight=False, soft_wrap=True)
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


def _labels_csv(labels: list[Any]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    fields = ["run_id", "suite", "case_id", "column", "repeat", "status", "verdict", "findings_right",
              "findings_wrong", "missed", "comment", "reviewer", "at"]  # fmt: skip
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for lb in labels:
        writer.writerow(
            {
                "run_id": lb.run_id,
                "suite": lb.suite,
                "case_id": lb.case_id,
                "column": lb.column,
                "repeat": lb.repeat + 1,
                "status": lb.status or "",
                "verdict": lb.verdict or "",
                "findings_right": "; ".join(
                    f"{j.finding.kind}: {j.finding.text}" for j in lb.findings if j.judgement == "right"
                ),
                "findings_wrong": "; ".join(
                    f"{j.finding.kind}: {j.finding.text}" for j in lb.findings if j.judgement == "wrong"
                ),
                "missed": "; ".join(f"{m.kind}: {m.text}" for m in lb.missed),
                "comment": lb.comment,
                "reviewer": lb.reviewer,
                "at": lb.at.isoformat(timespec="seconds"),
            }
        )
    return buffer.getvalue()
