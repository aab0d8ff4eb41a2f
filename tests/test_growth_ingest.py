"""Growth data in the ingest formats: told from the content (JSONL and CSV), bad rows reported and skipped."""

from __future__ import annotations

from pathlib import Path

from assistant.core.container import Coach
from retrieval.ingest import ingest_files

LADDER_CSV = (
    "ladder,role,level,rank,title_en,title_zh,job_families,competency,expectation_en,expectation_zh,min_evidence\n"
    "eng,tech_lead,L6,3,Tech Lead,技术负责人,Engineering,leadership,Leads cross-team work,主导跨团队工作,4\n"
    "eng,tech_lead,L6,3,Tech Lead,技术负责人,Engineering,charisma,Is charming,有魅力,2\n"
)
LEARNING = (
    '{"id": "c1", "title": "Design docs", "competencies": ["communication"], "provider": "Guild", "hours": 6}\n'
    '{"id": "c2", "title": "Bad hours", "competencies": "communication", "hours": -1}\n'
)
OPENINGS = (
    '{"id": "o1", "title": "Lead the rollout", "team": "Platform", "competencies": ["leadership"], "weeks": 12,'
    ' "contact_id": "mgr"}\n'
    '{"id": "o2", "title": "Ghost", "team": "Platform", "competencies": ["leadership"], "contact_id": "nobody"}\n'
)
MENTORS_CSV = "person_id,competencies,capacity\nmgr,leadership;mentoring,2\nghost,leadership,1\n"


def test_growth_files_are_told_from_their_content_and_bad_rows_are_reported(small_org: Coach, tmp_path: Path) -> None:
    files = {"a.csv": LADDER_CSV, "b.jsonl": LEARNING, "c.jsonl": OPENINGS, "d.csv": MENTORS_CSV}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = ingest_files(small_org, [tmp_path / n for n in files], rejects_dir=tmp_path / "rejects")
    by = {Path(f.file).name: f for f in report.files}
    assert {n: f.kind for n, f in by.items()} == {
        "a.csv": "ladder",
        "b.jsonl": "learning",
        "c.jsonl": "openings",
        "d.csv": "mentors",
    }
    assert next(str(r).split(": ", 1)[1] for r in by["a.csv"].rejects).startswith(
        "competency: unknown competency 'charisma'"
    )
    assert by["a.csv"].rejects[0].line == 3
    assert (by["b.jsonl"].rejects[0].line, by["b.jsonl"].rejects[0].field) == (2, "hours")
    assert (by["c.jsonl"].rejects[0].line, by["c.jsonl"].rejects[0].field) == (2, "contact_id")
    assert (by["d.csv"].rejects[0].line, by["d.csv"].rejects[0].field) == (3, "person_id")
    assert [f.added for f in by.values()] == [1, 1, 1, 1]
    growth = small_org.growth
    assert growth.ladder()[0].id == "tech_lead:leadership" and growth.ladder()[0].job_families == ["Engineering"]
    assert growth.mentors()[0].competencies == ["leadership", "mentoring"]
    again = ingest_files(small_org, [tmp_path / "a.csv"], rejects_dir=tmp_path / "rejects")
    assert again.files[0].unchanged == 1


def test_kind_can_be_forced(small_org: Coach, tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    path.write_text('{"id": "c9", "title": "Estimation", "competencies": ["planning"]}\n', encoding="utf-8")
    report = ingest_files(small_org, [path], kind="learning")
    assert report.files[0].kind == "learning" and report.files[0].added == 1
