"""The metric catalog: ingested from CSV or JSONL like the other kinds, bad rows reported and skipped, and
used by drafts (labels in the draft's language, direction from the catalog, never the raw key)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.drafting.chain import DraftRequest, draft_feedback
from retrieval.ingest import ingest_files, ingest_models

from conftest import person, work_event

CSV = """key,label_en,label_zh,unit,direction,description
churn_rate_pct,monthly churn,月流失率,%,lower,Share of accounts lost per month
nps,customer NPS,客户NPS,,higher,
deploy_lead_h,deploy lead time,部署前置时间,h,down,
bad_row,,缺英文标签,,higher,
weird_dir,weird,奇怪,,sideways,
"""


def test_a_catalog_file_is_told_by_its_columns_and_bad_rows_are_reported(coach, tmp_path: Path):
    path = tmp_path / "catalog-2026.csv"  # the name says nothing: the columns do
    path.write_text(CSV, encoding="utf-8")
    report = ingest_files(coach, [path])
    (file,) = report.files
    assert file.kind == "metrics" and (file.added, file.rejected) == (3, 2)
    where = sorted((r.line, r.field) for r in file.rejects)
    assert where == [(5, "label_en"), (6, "direction")]
    catalog = coach.sql.metric_catalog()
    assert catalog["deploy_lead_h"].direction == "lower"  # "down" is a way to say it
    assert catalog["churn_rate_pct"].label("zh") == "月流失率"
    again = ingest_files(coach, [path]).files[0]
    assert (again.added, again.unchanged) == (0, 3)


def test_jsonl_catalog_updates_an_entry(coach, tmp_path: Path):
    path = tmp_path / "metrics.jsonl"
    path.write_text(json.dumps({"key": "nps", "label_en": "NPS", "label_zh": "净推荐值"}) + "\n", encoding="utf-8")
    ingest_files(coach, [path])
    path.write_text(json.dumps({"key": "nps", "label_en": "customer NPS", "label_zh": "客户净推荐值"}) + "\n")
    file = ingest_files(coach, [path]).files[0]
    assert file.updated == 1 and coach.sql.metric_catalog()["nps"].label("en") == "customer NPS"


def test_drafts_use_the_catalog_label_and_direction_in_both_languages(coach, tmp_path: Path):
    people = [person("mgr", role="manager"), person("ann", "mgr")]
    events = [
        work_event(f"ann-{m}", "ann", f"2026-{m:02d}-10", title=f"Retention work, month {m}",
                   description="Ran renewal reviews with the riskiest accounts.",
                   metrics={"churn_x": {"value": 4.0 - m / 10, "baseline": 4.8, "target": 3.5,
                                        "higher_is_better": True}})  # the event says higher; the catalog knows
        for m in range(1, 9)
    ]  # fmt: skip
    ingest_models(coach, people=people, events=events)
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"key": "churn_x", "label_en": "monthly churn", "label_zh": "月流失率", "unit": "%",
                                "direction": "lower"}) + "\n", encoding="utf-8")  # fmt: skip
    ingest_files(coach, [path])
    for lang, label, fell in (("en", "monthly churn", "came down from"), ("zh", "月流失率", "降到")):
        request = DraftRequest(task="feedback_draft", requester="mgr", subject="ann", period="2026", language=lang,
                               store=False)  # fmt: skip
        text = draft_feedback(coach, request).text
        assert "churn_x" not in text and label in text and fell in text, text


def test_a_metric_reported_every_month_is_one_statement_from_first_to_latest(coach):
    people = [person("mgr", role="manager"), person("bo", "mgr")]
    events = [
        work_event(f"bo-{m}", "bo", f"2026-{m:02d}-05", title=f"Weekly deploys, {m}",
                   metrics={"deploys_per_week": {"value": 10 + m, "baseline": 8, "target": 15}})
        for m in range(2, 10)
    ]  # fmt: skip
    ingest_models(coach, people=people, events=events)
    request = DraftRequest(task="feedback_draft", requester="mgr", subject="bo", period="2026", store=False)
    draft = draft_feedback(coach, request)
    about = [s for s in draft.statements if s.section == "strength" and "bo-9" in s.event_ids]
    assert len(about) == 1 and len(about[0].event_ids) == 8  # one statement citing the series
    assert "from 8 to 19" in about[0].text and "Between February and September" in about[0].text
    assert sum("deploys" in s.text for s in draft.statements if s.section == "strength") == 1
