"""The CLI as users' scripts see it: commands, flags, JSON fields, exit codes and error lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def coach(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "data"
    result = coach(data, "demo", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["loaded"] is True
    return data


def test_demo_json_shows_an_english_and_a_chinese_person_with_coverage(demo_dir):
    payload = json.loads(coach(demo_dir, "demo", "--json").stdout)
    assert payload["loaded"] is False  # second run finds the org already there
    results = [r for r in payload["results"] if "events" in r]
    assert {r["subject"]["language"] for r in results} == {"en", "zh"}
    for r in results:
        assert r["events"] and r["coverage"]["months"]
    assert any("denied" in r for r in payload["results"])


def test_demo_prints_tables_in_both_languages(demo_dir):
    out = coach(demo_dir, "demo").stdout
    assert "Evidence for Carla Mendes" in out
    assert "李娜 的工作证据" in out
    assert "Not enough data" in out
    assert "已拒绝" in out


def test_people_json_has_the_promised_fields(demo_dir):
    people = json.loads(coach(demo_dir, "people", "--json").stdout)
    assert len(people) == 16
    for p in people:
        assert {"id", "name", "manager_id", "language", "role"} <= set(p)
    roles = {p["id"]: p["role"] for p in people}
    assert roles["zhou-ting"] == "hr" and roles["li-na"] == "employee"


def test_events_json_has_events_with_fields_and_coverage(demo_dir):
    result = coach(
        demo_dir, "events", "--as", "wang-lei", "--for", "li-na", "--period", "2026Q3", "--focus", "协作", "--json"
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["period"] == {"label": "2026Q3", "start": "2026-07-01", "end": "2026-09-30"}
    assert {"id", "occurred_at", "kind", "title", "description", "source", "score", "tokens"} <= set(
        payload["events"][0]
    )
    assert [m["month"] for m in payload["coverage"]["months"]] == ["2026-07", "2026-08", "2026-09"]
    assert payload["coverage"]["selected_events"] == len(payload["events"])


def test_denial_exits_3_with_a_reason_and_no_json(demo_dir):
    result = coach(demo_dir, "events", "--as", "li-na", "--for", "carla-mendes", "--period", "2026", "--json")
    assert result.returncode == 3
    assert result.stdout == ""
    assert "'li-na' is an employee and may see only their own data, not 'carla-mendes'" in result.stderr


def test_bad_period_exits_2(demo_dir):
    result = coach(demo_dir, "events", "--as", "li-na", "--for", "li-na", "--period", "Q9")
    assert result.returncode == 2
    assert "period 'Q9' is not understood" in result.stderr


def test_error_lines_keep_square_brackets_the_user_typed(demo_dir):
    result = coach(demo_dir, "events", "--as", "li-na", "--for", "li-na", "--period", "[red]Q9")
    assert result.returncode == 2
    assert "period '[red]Q9' is not understood" in result.stderr


def test_ingest_prints_file_line_messages_and_keeps_the_rest(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "id,name,language,job_family,level,team,manager_id,role\n"
        "m,Mia,en,Eng,M1,T,,manager\n"
        "a,安,zh,Eng,L3,T,m,employee\n"
        "b,Bo,xx,Eng,L3,T,m,employee\n",
        encoding="utf-8",
    )
    result = coach(tmp_path / "d", "ingest", str(people), "--json")
    assert result.returncode == 0
    assert f"{people}:4: language: Input should be 'en' or 'zh' (got 'xx')" in result.stderr
    report = json.loads(result.stdout)
    assert (report["files"][0]["added"], report["rejected"]) == (2, 1)
    assert [p["id"] for p in json.loads(coach(tmp_path / "d", "people", "--json").stdout)] == ["a", "m"]


def test_objectives_and_audit_are_readable_as_json(demo_dir):
    objectives = json.loads(coach(demo_dir, "objectives", "--json").stdout)
    assert objectives and all(o["baseline"] is not None and o["target"] is not None for o in objectives)
    audit = json.loads(coach(demo_dir, "audit", "--json", "--limit", "5").stdout)
    assert audit and {"requester_id", "subject_id", "decision", "reason"} <= set(audit[0])
