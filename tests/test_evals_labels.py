"""Human labels: made with the CLI or imported from the page's download, stored with the run and in the
database, shown in later reports, counted in the summary, exported as guardrail benchmark rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
REGRESSION = REPO / "tests" / "fixtures" / "evals" / "regression.yaml"


@pytest.fixture
def cli(demo_coach):
    from assistant.cli import entry as main_cli

    runner = CliRunner()

    def invoke(*args: str) -> Any:
        main_cli.CONTEXT.reset()
        return runner.invoke(main_cli.app, ["--data-dir", str(demo_coach.settings.data_dir), *args])

    yield invoke
    main_cli.CONTEXT.reset()


def _run(cli, tmp_path: Path, *extra: str) -> dict[str, Any]:
    result = cli("eval", "run", str(REGRESSION), "--cache", str(tmp_path / "c"), "--json", *extra)
    return json.loads(result.stdout)


def test_a_cli_label_is_stored_counted_shown_later_and_exported(cli, demo_coach, tmp_path):
    from assistant.core.storage import SqlStore
    from evals.compare import runs_dir
    from guardrails.benchmark import Case

    doc = _run(cli, tmp_path, "--filter", "en-daniel")
    failing = next(r for r in doc["results"] if r["status"] == "fail")
    findings = failing["draft"]["findings"]
    text = failing["draft"]["checked_text"]
    first = next(f for f in findings if f["kind"] == "vague")
    start = text.rfind("\n", 0, first["start"]) + 1
    end = text.find("\n", first["start"])
    on_line = [i for i, f in enumerate(findings, 1) if start <= f["start"] < end]  # judge the whole line
    wrong = next(i for i, f in enumerate(findings, 1) if f["kind"] == "criticism_without_suggestion")
    judged = [x for i in on_line for x in ("--finding", f"{i}=right")]
    line = failing["draft"]["checked_text"].split("\n")[0]
    missed_text = line.split(" ")[0] + " " + line.split(" ")[1]
    result = cli(
        "eval", "label", doc["run_id"], "en-daniel", "--column", "v2|offline", "--disagree",
        *judged, "--finding", f"{wrong}=wrong", "--missed", f"personality:{missed_text}",
        "--comment", "reads fine to me", "--reviewer", "hr-analyst",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 labelled, 1 verdicts flipped" in " ".join(result.output.split())
    stored = (runs_dir(demo_coach.settings.data_dir) / doc["run_id"] / "labels.jsonl").read_text(encoding="utf-8")
    label = json.loads(stored)
    assert label["verdict"] == "disagree" and label["reviewer"] == "hr-analyst" and label["status"] == "fail"
    assert SqlStore(demo_coach.settings.resolved_database_url).eval_labels(run_id=doc["run_id"])[0]["id"] == label["id"]
    rewritten = json.loads((runs_dir(demo_coach.settings.data_dir) / doc["run_id"] / "results.json").read_text())
    assert rewritten["labels"]["reviewed"] == 1 and rewritten["labels"]["flipped"][0]["human_status"] == "pass"
    summary_md = (runs_dir(demo_coach.settings.data_dir) / doc["run_id"] / "summary.md").read_text(encoding="utf-8")
    assert "1 verdicts flipped" in summary_md and "reads fine to me" in summary_md

    later = _run(cli, tmp_path, "--filter", "en-daniel")  # cached: the same draft, so the label applies
    entry = later["labels"]["by_result"]["en-daniel|v2|offline|0"]
    assert entry["inherited"] and entry["label"]["run_id"] == doc["run_id"] and later["labels"]["reviewed"] == 1
    html = (runs_dir(demo_coach.settings.data_dir) / later["run_id"] / "report.html").read_text(encoding="utf-8")
    assert "reads fine to me" in html and f"labelled in run {doc['run_id']} on the same draft" in html

    out = tmp_path / "labels.jsonl"
    exported = cli("eval", "labels", "export", "--format", "jsonl", "--suite", "regression_v1_v2", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert "line(s) with a finding nobody judged" in " ".join(exported.output.split())
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(set(r) == {"id", "lang", "text", "labels", "evidence", "source"} for r in rows)
    for row in rows:
        Case.model_validate(row)  # the guardrail benchmark's own loader accepts every row
    by_label = {lab for r in rows for lab in r["labels"]}
    assert {"vague", "personality"} <= by_label
    assert all("hr-analyst" in r["source"] and doc["run_id"] in r["source"] for r in rows)
    with_provenance = cli("eval", "labels", "export", "--provenance", "--run", doc["run_id"])
    assert json.loads(with_provenance.stdout.splitlines()[0])["provenance"]["reviewer"] == "hr-analyst"


def test_labels_downloaded_from_the_page_import_and_bad_ones_are_named(cli, demo_coach, tmp_path):
    from evals.labels import draft_sha256

    doc = _run(cli, tmp_path, "--filter", "zh-li-na")
    record = next(r for r in doc["results"] if r["column"] == "v1|offline")
    page_label = {
        "schema": "coach-eval-label/1", "id": "abc123def456", "run_id": doc["run_id"], "suite": doc["suite"]["name"],
        "case_id": "zh-li-na", "column": "v1|offline", "repeat": 0, "draft_sha256": draft_sha256(record),
        "status": "pass", "verdict": "agree", "findings": [], "missed": [], "comment": "好", "reviewer": "周婷",
        "at": "2026-11-30T10:00:00Z",
    }  # fmt: skip
    good = tmp_path / "labels.json"
    good.write_text(json.dumps([page_label], ensure_ascii=False), encoding="utf-8")
    result = cli("eval", "label", "--import", str(good))
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("eval", "labels", "list", "--run", doc["run_id"], "--json").stdout)
    assert [lb["reviewer"] for lb in listed] == ["周婷"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([page_label | {"id": "x2y3z4a5", "verdict": "maybe"}]), encoding="utf-8")
    result = cli("eval", "label", "--import", str(bad))
    assert "bad.json[0].verdict" in str(result.exception)
    other = tmp_path / "other.json"
    other.write_text(json.dumps([page_label | {"id": "q1w2e3r4", "draft_sha256": "0" * 64}]), encoding="utf-8")
    result = cli("eval", "label", "--import", str(other))
    assert "the draft it judged is not the draft of this result" in str(result.exception)


def test_label_command_says_what_is_wrong(cli, tmp_path):
    doc = _run(cli, tmp_path, "--filter", "en-carla")
    result = cli("eval", "label", doc["run_id"], "en-carla", "--agree")
    assert "ran in several columns (v1|offline, v2|offline): give --column" in str(result.exception)
    result = cli("eval", "label", doc["run_id"], "en-carla", "--column", "v1|offline", "--finding", "99=right")
    assert "finding(s), numbered from 1" in str(result.exception)
    result = cli("eval", "label", doc["run_id"], "nope", "--agree")
    assert "case 'nope' is not in run" in str(result.exception)
