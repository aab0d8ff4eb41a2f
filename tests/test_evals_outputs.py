"""The report (parsed HTML), the JUnit XML and the ``coach eval`` commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from evals.report import highlight
from evals.runner import RunOptions, run_suite
from evals.suite import load_suite

REPO = Path(__file__).resolve().parent.parent
REGRESSION = REPO / "tests" / "fixtures" / "evals" / "regression.yaml"


@pytest.fixture(scope="module")
def regression_doc(demo_coach, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    cache = tmp_path_factory.mktemp("cache")
    return run_suite(demo_coach, load_suite(REGRESSION), RunOptions(cache_dir=cache))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.mark_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "mark":
            self.mark_text.append(data)


def parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    return parser


def test_the_report_is_self_contained_with_matrix_charts_changes_and_failures(regression_doc):
    from evals.report import report_html

    html = report_html(regression_doc)
    page = parse(html)
    tags = page.tags
    # no external assets: no script/link/img sources, nothing fetched over the network
    assert not [t for t, a in tags if t in ("script", "link", "img", "iframe") and (a.get("src") or a.get("href"))]
    assert not [a for _, a in tags for k in ("src", "href") if (a.get(k) or "").startswith(("http", "//"))]
    assert ("meta", {"charset": "utf-8"}) in tags
    cells = [a for t, a in tags if t == "td" and "data-status" in a]
    assert len(cells) == 3 * 2  # cases x columns
    status = {(a["data-column"], a["data-status"]) for a in cells}
    assert status == {("v1|offline", "pass"), ("v2|offline", "fail")}
    charts = [a["data-dimension"] for t, a in tags if t == "div" and "data-dimension" in a]
    assert len(charts) == 7 and sum(t == "svg" for t, _ in tags) == 7
    assert sum(t == "tr" and a.get("class") == "regressed" for t, a in tags) == 3
    failures = [a for t, a in tags if t == "section" and a.get("class") == "failure"]
    assert {(a["data-case"], a["data-column"]) for a in failures} == {
        ("en-daniel", "v2|offline"),
        ("en-carla", "v2|offline"),
        ("zh-li-na", "v2|offline"),
    }
    links = {a["href"] for t, a in tags if t == "a" and a.get("href", "").startswith("#fail-")}
    anchors = {a.get("id") for _, a in tags}
    assert links and links <= {f"#{i}" for i in anchors if i}
    assert "a great team player" in page.mark_text and "的沟通能力有待提高" in "".join(page.mark_text)


def test_highlight_escapes_and_splits_overlapping_spans():
    text = "<b>Ann</b> is a great team player."
    spans = [
        {"dimension": "specificity", "kind": "vague", "start": 14, "end": 33, "message": "m"},
        {"dimension": "bias", "kind": "gendered_language", "start": 22, "end": 33, "message": "x"},
    ]
    html = str(highlight(text, spans))
    assert html.startswith("&lt;b&gt;Ann&lt;/b&gt; is ")
    assert html.count("<mark") == 2 and 'title="specificity/vague: m; bias/gendered_language: x"' in html


def test_junit_has_one_testsuite_per_column_and_one_testcase_per_case(regression_doc):
    from evals.junit import junit_xml

    root = ET.fromstring(junit_xml(regression_doc))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "3", "0")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["regression_v1_v2[v1|offline]", "regression_v1_v2[v2|offline]"]
    v1, v2 = suites
    assert [c.get("name") for c in v1.findall("testcase")] == ["en-daniel", "en-carla", "zh-li-na"]
    assert v1.get("failures") == "0" and not v1.findall("testcase/failure")
    failures = v2.findall("testcase/failure")
    assert v2.get("failures") == "3" and len(failures) == 3
    assert all(f.get("type") == "assertion" and "verdict is pass" in (f.get("message") or "") for f in failures)
    for case in root.iter("testcase"):
        float(case.get("time") or "x")
        assert case.get("classname", "").startswith("regression_v1_v2.v")


@pytest.fixture
def cli(demo_coach):
    from assistant.cli import entry as main_cli

    runner = CliRunner()

    def invoke(*args: str) -> Any:
        main_cli.CONTEXT.reset()
        return runner.invoke(main_cli.app, ["--data-dir", str(demo_coach.settings.data_dir), *args])

    yield invoke
    main_cli.CONTEXT.reset()


def test_eval_run_writes_three_files_and_exits_1_on_a_regression(cli, tmp_path: Path):
    out = tmp_path / "run"
    result = cli("eval", "run", str(REGRESSION), "--out", str(out), "--cache", str(tmp_path / "c"), "-q")
    assert result.exit_code == 1, result.output
    assert "Regression: en-daniel: passes on v1|offline but fails on v2|offline" in result.output
    assert {p.name for p in out.iterdir()} == {"results.json", "report.html", "junit.xml", "summary.md", "results.csv"}
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["exit_code"] == 1 and len(doc["regressions"]) == 3

    same = cli("eval", "run", str(REGRESSION), "--baseline", str(out), "--cache", str(tmp_path / "c"), "--json")
    again = json.loads(same.stdout)
    assert same.exit_code == 1 and again["summary"]["cache_hits"] == 6
    assert again["baseline"]["comparison"]["regressions"] == [] and again["baseline"]["run_id"] == doc["run_id"]

    listed = cli("eval", "list", "--json")
    payload = json.loads(listed.stdout)
    assert {s["name"] for s in payload["suites"]} >= {"feedback_core", "goals", "bias_swaps", "injection", "recency"}
    assert {doc["run_id"], again["run_id"]} <= {r["run_id"] for r in payload["runs"]}

    compared = cli("eval", "compare", doc["run_id"], str(out / "results.json"), "--json")
    assert compared.exit_code == 0 and json.loads(compared.stdout)["regressions"] == []


def test_eval_run_core_suite_exits_0_by_shipped_name(cli, tmp_path: Path):
    result = cli("eval", "run", "feedback_core", "--filter", "zh-*", "--cache", str(tmp_path / "c"), "-q")
    assert result.exit_code == 0, result.output
    assert "feedback_core: 4 passed, 0 failed, 0 errors" in result.output


def test_bad_suite_and_run_references_are_bad_input(cli, tmp_path: Path):
    from assistant.core.errors import BadInput

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncases:\n  - {id: a, subject: b}\n", encoding="utf-8")
    result = cli("eval", "run", str(bad))
    assert isinstance(result.exception, BadInput) and "bad.yaml:3: cases[0].requester" in str(result.exception)
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    result = cli("eval", "run", "feedback_core", "--out", str(blocked), "-q")
    assert isinstance(result.exception, BadInput) and "not a folder that can be written" in str(result.exception)
    result = cli("eval", "compare", "no-such-run", "latest")
    assert isinstance(result.exception, BadInput) and "see `coach eval list`" in str(result.exception)


def test_junit_marks_a_passing_case_that_regressed_against_the_baseline(regression_doc):
    import copy

    from evals.junit import junit_xml

    doc = copy.deepcopy(regression_doc)
    message = "en-daniel [v1|offline]: scores dropped more than 5 since r0: specificity -12"
    doc["regressions"].append(
        {"kind": "baseline", "case_id": "en-daniel", "column": "v1|offline", "against": "r0", "message": message}
    )
    root = ET.fromstring(junit_xml(doc))
    assert (root.get("tests"), root.get("failures")) == ("6", "4")
    v1 = root.findall("testsuite")[0]
    (failure,) = v1.findall("testcase/failure")
    assert v1.get("failures") == "1" and failure.get("type") == "regression" and failure.get("message") == message
    assert all(s.get("timestamp") == regression_doc["started_at"][:19] for s in root.findall("testsuite"))
    v2_cases = root.findall("testsuite")[1].findall("testcase")
    for case in v2_cases:  # the version regressions are named in the failure
        assert f"regression: {case.get('name')}: passes on v1|offline" in (case.find("failure").text or "")


def _flaky(regression_doc: dict[str, Any]) -> dict[str, Any]:
    """v2 passes on its first repeat and fails on the second."""
    import copy

    from evals.summary import cells_of

    doc = copy.deepcopy(regression_doc)
    doc["options"]["repeat"] = 2
    results = []
    for r in doc["results"]:
        results.append(r)
        if r["column"] == "v2|offline":
            ok = copy.deepcopy(r) | {"status": "pass"}
            ok["assertions"] = [a | {"status": "pass"} for a in r["assertions"]]
            results[-1] = ok
            results.append(r | {"repeat": 1})
    doc["results"] = results
    doc["cells"] = cells_of(results)
    return doc


def test_matrix_links_reach_the_first_failing_repeat(regression_doc):
    from evals.report import report_html

    tags = parse(report_html(_flaky(regression_doc))).tags
    links = {a["href"] for t, a in tags if t == "a" and a.get("href", "").startswith("#fail-")}
    anchors = {a.get("id") for _, a in tags if a.get("id")}
    assert links == {"#fail-en-daniel-v2-offline-r1", "#fail-en-carla-v2-offline-r1", "#fail-zh-li-na-v2-offline-r1"}
    assert links <= {f"#{i}" for i in anchors}


def test_a_partial_run_with_failures_says_both(regression_doc):
    from evals.report import report_html

    doc = regression_doc | {"partial": True, "interrupted": True, "exit_code": 130}
    tags = parse(report_html(doc)).tags
    banners = {a.get("id"): a.get("class") for t, a in tags if t == "div" and "banner" in (a.get("class") or "")}
    assert banners == {"partial": "banner partial", "verdict": "banner bad"}


def test_the_report_escapes_what_came_from_the_data(regression_doc):
    import copy

    from evals.report import report_html

    doc = copy.deepcopy(regression_doc)
    failing = next(r for r in doc["results"] if r["status"] == "fail")
    evil = '<script>alert("x")</script><img src="https://evil.example/x.png">'
    failing["draft"]["text"] = failing["draft"]["checked_text"] = evil
    failing["draft"]["findings"] = [
        {"dimension": "bias", "kind": "k", "start": 8, "end": 13, "text": "alert", "message": '"><b>'}
    ]
    failing["assertions"][0]["message"] = evil
    doc["cases"][0]["description"] = evil
    html = report_html(doc)
    tags = parse(html).tags
    # only the page's own two scripts (its data as JSON, its code): nothing the data brought in
    assert [a.get("id") for t, a in tags if t == "script"] == ["coach-data", "coach-app"]
    assert not [t for t, _ in tags if t == "img"]
    data = html.split('id="coach-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and json.loads(data)["run_id"] == doc["run_id"]
    assert not [a for _, a in tags for k in ("src", "href") if (a.get(k) or "").startswith(("http", "//"))]
    assert "&lt;script&gt;" in html
    assert '&lt;script&gt;<mark class="d-bias" data-f="1" title="bias/k: &quot;&gt;&lt;b&gt;">alert</mark>' in html


def test_eval_list_prints_whole_run_ids_and_latest_is_of_the_same_suite(cli, tmp_path: Path):
    cache = str(tmp_path / "c")
    core = cli("eval", "run", "feedback_core", "--filter", "en-indirect-manager", "--cache", cache, "--json")
    core_id = json.loads(core.stdout)["run_id"]
    other = cli("eval", "run", str(REGRESSION), "--filter", "zh-li-na", "--cache", cache, "--json")
    assert other.exit_code == 1  # the worse v2 regresses; it is now the newest run of all
    again = cli(
        "eval", "run", "feedback_core", "--filter", "en-indirect-manager", "--cache", cache, "--baseline", "latest"
    )
    assert again.exit_code == 0, again.output
    assert f"{core_id}" in cli("eval", "list").stdout.replace("\n", "").replace("│", "").replace(" ", "")
    result = cli("eval", "compare", core_id, json.loads(other.stdout)["run_id"])
    from assistant.core.errors import BadInput

    assert isinstance(result.exception, BadInput) and "different suites" in str(result.exception)


def test_the_summary_of_an_interrupted_run_says_how_much_ran(regression_doc):
    import io

    from rich.console import Console

    from assistant.cli.evaluate import _print_summary

    buffer = io.StringIO()
    doc = regression_doc | {"partial": True, "summary": regression_doc["summary"] | {"planned": 60}}
    _print_summary(Console(file=buffer, width=200), doc)
    assert "Partial: 6 of 60 planned results ran." in buffer.getvalue()


def test_junit_counts_match_its_elements_for_every_outcome(regression_doc):
    import copy

    from evals.junit import junit_xml

    doc = copy.deepcopy(regression_doc)
    by_cell = {(r["case_id"], r["column"]): r for r in doc["results"]}
    errored, skipped = by_cell[("en-daniel", "v1|offline")], by_cell[("en-carla", "v1|offline")]
    errored.update(status="error", error="ProviderError: 503\nmore detail")
    skipped.update(status="skipped", assertions=[a | {"status": "skipped"} for a in skipped["assertions"]])
    root = ET.fromstring(junit_xml(doc))
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        found = {
            "tests": len(cases),
            "failures": sum(c.find("failure") is not None for c in cases),
            "errors": sum(c.find("error") is not None for c in cases),
            "skipped": sum(c.find("skipped") is not None for c in cases),
        }
        assert {k: int(suite.get(k) or -1) for k in found} == found
        assert all(len([e for e in c if e.tag in ("failure", "error", "skipped")]) <= 1 for c in cases)
        total = {k: total[k] + v for k, v in found.items()}
    assert {k: int(root.get(k) or -1) for k in total} == total == {"tests": 6, "failures": 3, "errors": 1, "skipped": 1}
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message") == "ProviderError: 503" and "more detail" in (error.text or "")


def test_the_documented_results_json_names_every_field_a_run_writes(regression_doc):
    import re

    docs = (REPO / "docs" / "evals.md").read_text(encoding="utf-8")
    block = docs.split("## Results JSON", 1)[1].split("```jsonc", 1)[1].split("```", 1)[0]
    documented = set(re.findall(r'"([a-z_0-9]+)"', block))
    result = next(r for r in regression_doc["results"] if r["draft"])
    cell = next(iter(next(iter(regression_doc["cells"].values())).values()))
    written = {
        "top level": set(regression_doc),
        "suite": set(regression_doc["suite"]),
        "options": set(regression_doc["options"]),
        "cases": set(regression_doc["cases"][0]),
        "result": set(result) | {"refused"},
        "template": set(result["template"]),
        "draft": set(result["draft"]),
        "cell": set(cell),
        "summary": set(regression_doc["summary"]),
        "regression": set(regression_doc["regressions"][0]),
    }
    assert {part: keys - documented for part, keys in written.items() if keys - documented} == {}
    top = set(re.findall(r'^  "([a-z_]+)"', block, re.MULTILINE)) | {"finished_at", "duration_s", "interrupted"}
    assert top == set(regression_doc) | {"labels"}  # labels are attached when the run's files are written


def test_eval_compare_exits_1_and_names_the_regressions(cli, tmp_path: Path):
    text = REGRESSION.read_text(encoding="utf-8").replace("versions: [1, 2]\n", "")
    good, worse = tmp_path / "good.yaml", tmp_path / "worse.yaml"
    good.write_text(text.replace("prompts_dir: ../prompts\n", ""), encoding="utf-8")
    fixture_prompts = REPO / "tests" / "fixtures" / "prompts"
    worse.write_text(text.replace("prompts_dir: ../prompts\n", f"prompts_dir: {fixture_prompts}\n"), encoding="utf-8")
    cache = str(tmp_path / "c")
    before = json.loads(cli("eval", "run", str(good), "--filter", "en-daniel", "--cache", cache, "--json").stdout)
    after = cli("eval", "run", str(worse), "--filter", "en-daniel", "--cache", cache, "--baseline", "latest", "-q")
    assert after.exit_code == 1 and f"passed in {before['run_id']}, fails now" in " ".join(after.output.split())
    result = cli("eval", "compare", before["run_id"], "latest")
    flat = " ".join(result.output.split())
    assert result.exit_code == 1 and "1 compared, 1 changed, 1 regressions, 0 fixed" in flat
    assert f"Regression: en-daniel [latest|offline]: passed in {before['run_id']}, fails now" in flat
    assert cli("eval", "compare", before["run_id"], before["run_id"]).exit_code == 0
