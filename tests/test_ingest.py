"""Ingestion: exact file:line rejects, nothing valid lost, idempotency, updates, protected columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.errors import BadInput
from retrieval.ingest import ingest_files

PEOPLE = [
    {
        "id": "boss",
        "name": "Dana Boss",
        "language": "en",
        "job_family": "Eng",
        "level": "M3",
        "team": "Platform",
        "role": "manager",
    },
    {
        "id": "ann",
        "name": "Ann Lee",
        "language": "en",
        "job_family": "Eng",
        "level": "L4",
        "team": "Platform",
        "manager_id": "boss",
        "skills": ["go", "sql"],
        "gender": "female",
        "age": 35,
    },
    {
        "id": "li-na",
        "name": "李娜",
        "language": "zh",
        "job_family": "销售",
        "level": "P5",
        "team": "增长",
        "manager_id": "boss",
        "hobby": "chess",
    },
]


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows), encoding="utf-8"
    )
    return path


EVENTS_CSV = """id,person_id,occurred_at,source,kind,title,description,metrics,project,visibility,language
e1,ann,2026-01-10,jira,outcome,Shipped checkout cache,"Reduced p95
latency across two lines","{""p95_ms"": {""value"": 210, ""baseline"": 480, ""target"": 250}}",checkout,normal,en
e2,ann,2026-02-11,github,collaboration,Reviewed 14 PRs,,,payments,normal,en
e3,ann,yesterday,jira,outcome,Bad date,,,,normal,en
e4,ann,2026-03-01,jira,achievement,Bad kind,,,,normal,en
e5,ghost,2026-03-01,jira,outcome,Unknown person,,,,normal,en
e6,li-na,2026-05-05,crm,outcome,签约华东大客户,与售前团队协作完成签约,{bad json},华东,normal,zh
e7,li-na,2026-05-06,crm,outcome,回款 120 万,,,华东,normal,zh
e2,ann,2026-02-12,github,collaboration,Duplicate id,,,,normal,en
e8,ann,2026-03-09,jira,outcome,,,,,private,en
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    people = write_jsonl(
        tmp_path / "people.jsonl",
        [
            *PEOPLE,
            '{"id": "broken"',
            "[1, 2]",
            {
                "id": "x",
                "name": "X",
                "language": "fr",
                "job_family": "a",
                "level": "1",
                "team": "t",
                "manager_id": "nobody",
            },
        ],
    )
    events = tmp_path / "events.csv"
    events.write_text(EVENTS_CSV, encoding="utf-8")
    return {"people": people, "events": events}


def messages(report) -> list[str]:
    return [str(r) for f in report.files for r in f.rejects]


def test_bad_rows_are_reported_with_file_line_field_and_the_rest_is_kept(coach, files):
    report = ingest_files(coach, [files["events"], files["people"]])  # order given does not matter
    p, e = str(files["people"]), str(files["events"])
    assert messages(report) == [
        f"{p}:4: (row): invalid JSON: Expecting ',' delimiter at column 16",
        f"{p}:5: (row): expected a JSON object, got list",
        f"{p}:6: language: Input should be 'en' or 'zh' (got 'fr')",
        f"{e}:5: occurred_at: Input should be a valid datetime or date, input is too short (got 'yesterday')",
        f"{e}:6: kind: Input should be 'outcome', 'collaboration', 'development' or 'context' (got 'achievement')",
        f"{e}:7: person_id: unknown person 'ghost'; ingest the people file first",
        f"{e}:8: metrics: invalid JSON in cell: Expecting property name enclosed in double quotes",
        f"{e}:10: id: duplicate id 'e2' (first on line 4)",
        f"{e}:11: title: required field is missing",
    ]
    people_report, events_report = report.files
    assert (people_report.added, people_report.rejected) == (3, 3)
    assert (events_report.rows, events_report.added, events_report.rejected) == (8, 3, 6)
    assert coach.sql.person_ids() == {"boss", "ann", "li-na"}
    assert coach.sql.ledger_ids() == {"e1", "e2", "e7"}
    assert coach.vectors.ids() == {"e1", "e2", "e7"}
    # the multi-line CSV cell survived intact
    event = coach.vectors.fetch(["e1"])["e1"][0]
    assert event.description == "Reduced p95\nlatency across two lines"
    assert event.metrics["p95_ms"].baseline == 480


def test_rejects_file_holds_every_bad_row(coach, files, tmp_path):
    report = ingest_files(coach, [files["people"], files["events"]], rejects_dir=tmp_path / "rej")
    lines = (tmp_path / "rej" / "events.csv.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["line"], r["field"]) for r in records] == [
        (5, "occurred_at"),
        (6, "kind"),
        (7, "person_id"),
        (8, "metrics"),
        (10, "id"),
        (11, "title"),
    ]
    assert records[0]["message"].endswith(
        ":5: occurred_at: Input should be a valid datetime or date, input is too short (got 'yesterday')"
    )
    assert report.files[1].rejects_file == str(tmp_path / "rej" / "events.csv.rejects.jsonl")


def test_protected_and_unknown_columns_are_dropped_and_said(coach, files):
    report = ingest_files(coach, [files["people"]])
    assert report.files[0].warnings == [
        f"{files['people']}: column 'gender' ignored: protected attribute, never stored",
        f"{files['people']}: column 'age' ignored: protected attribute, never stored",
        f"{files['people']}: column 'hobby' ignored: not a Person field",
    ]
    ann = coach.sql.get_person("ann")
    assert ann is not None and "gender" not in ann.model_dump() and ann.skills == ["go", "sql"]


def test_reingesting_the_same_files_changes_nothing(coach, files):
    ingest_files(coach, [files["people"], files["events"]])
    before = (coach.sql.count_events(), coach.vectors.count(), coach.sql.list_people())
    again = ingest_files(coach, [files["people"], files["events"]])
    assert [(f.added, f.updated, f.unchanged) for f in again.files] == [(0, 0, 3), (0, 0, 3)]
    assert (coach.sql.count_events(), coach.vectors.count(), coach.sql.list_people()) == before


def test_a_changed_row_is_updated_in_both_stores(coach, files, tmp_path):
    ingest_files(coach, [files["people"], files["events"]])
    changed = tmp_path / "events2.jsonl"
    write_jsonl(
        changed,
        [
            {
                "id": "e2",
                "person_id": "ann",
                "occurred_at": "2026-02-11",
                "kind": "collaboration",
                "title": "Reviewed 15 PRs",
                "source": "github",
            },
            {
                "id": "e7",
                "person_id": "li-na",
                "occurred_at": "2026-05-06",
                "kind": "outcome",
                "title": "回款 120 万",
                "visibility": "excluded_from_ai",
                "language": "zh",
            },
        ],
    )
    report = ingest_files(coach, [changed])
    assert (report.files[0].added, report.files[0].updated) == (0, 2)
    assert coach.vectors.fetch(["e2"])["e2"][0].title == "Reviewed 15 PRs"
    # opting out later removes the text from the vector store, keeps the ledger row
    assert "e7" not in coach.vectors.ids()
    assert "e7" in coach.sql.ledger_ids()


def test_kind_is_detected_from_content_and_can_be_forced(coach, tmp_path):
    staff = write_jsonl(tmp_path / "export1.jsonl", PEOPLE[:1])
    assert ingest_files(coach, [staff]).files[0].kind == "people"
    odd = write_jsonl(tmp_path / "export2.jsonl", [{"foo": 1}])
    with pytest.raises(BadInput, match="cannot tell whether it holds people, events, objectives"):
        ingest_files(coach, [odd])
    forced = ingest_files(coach, [odd], kind="people")
    assert messages(forced) == [
        f"{odd}:1: {field}: required field is missing"
        for field in ("id", "name", "language", "job_family", "level", "team")
    ]


def test_missing_file_and_unsupported_type_are_clear(coach, tmp_path):
    with pytest.raises(BadInput, match=r"nope\.jsonl: no such file"):
        ingest_files(coach, [tmp_path / "nope.jsonl"], kind="events")
    odd = tmp_path / "people.xlsx"
    odd.write_bytes(b"PK")
    with pytest.raises(BadInput, match=r"unsupported file type '\.xlsx'"):
        ingest_files(coach, [odd])


def test_unknown_manager_is_rejected_but_the_rest_kept(coach, files):
    report = ingest_files(coach, [files["people"]])
    assert coach.sql.get_person("x") is None  # language 'fr' rejected already; manager also checked below
    bad = write_jsonl(
        files["people"].with_name("people2.jsonl"),
        [
            {
                "id": "y",
                "name": "Y",
                "language": "en",
                "job_family": "a",
                "level": "1",
                "team": "t",
                "manager_id": "nobody",
            },
            PEOPLE[0],
        ],
    )
    report = ingest_files(coach, [bad])
    assert messages(report) == [f"{bad}:1: manager_id: unknown person 'nobody'"]
    assert report.files[0].unchanged == 1


def test_objectives_are_ingested_and_validated(coach, tmp_path):
    objs = write_jsonl(
        tmp_path / "objectives.jsonl",
        [
            {
                "id": "o1",
                "team": "Platform",
                "period": "2026h2",
                "title": "Faster checkout",
                "metric": "p95_ms",
                "baseline": 480,
                "target": 250,
                "higher_is_better": False,
            },
            {"id": "o2", "team": "Platform", "period": "next year", "title": "Bad period"},
        ],
    )
    report = ingest_files(coach, [objs])
    assert messages(report)[0].startswith(f"{objs}:2: period: period 'next year' is not understood")
    [o1] = coach.sql.objectives("Platform")
    assert (o1.period, o1.baseline, o1.target) == ("2026H2", 480, 250)


def test_tags_are_computed_at_ingest(coach, files):
    ingest_files(coach, [files["people"], files["events"]])
    e6_like = coach.vectors.fetch(["e2"])["e2"][0]
    assert "collaboration" in e6_like.tags  # "Reviewed" -> review -> collaboration
