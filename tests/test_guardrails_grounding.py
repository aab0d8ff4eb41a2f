"""Grounding (numbers, dates, names, projects, citations) and recency."""

from __future__ import annotations

import pytest

from assistant.core.errors import GuardrailError
from assistant.core.models import WorkEvent
from assistant.core.periods import parse_period
from guardrails import check_text
from guardrails.claims import dates_in, numbers_in


def event(eid: str, day: str, title: str, description: str = "", **extra: object) -> WorkEvent:
    return WorkEvent(
        id=eid, person_id="li-na", occurred_at=day, kind="outcome", title=title, description=description, **extra
    )  # type: ignore[arg-type]


EVENTS = [
    event("e1", "2026-03-05", "Checkout latency", "p95 from 480 ms to 210 ms", project="Checkout Latency"),
    event("e2", "2026-06-20", "Renewed Acme", "Annual value 120,000; 30% above last year"),
    event("e3", "2026-04-10", "签下华东大客户", "与周婷一起签下63万元合同", language="zh"),
]


def unsupported(report) -> list[str]:
    return [f.text for f in report.findings if f.kind == "unsupported"]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,200", 1200),
        ("1200", 1200),
        ("1.2k", 1200),
        ("120 万", 1_200_000),
        ("120万元", 1_200_000),
        ("3.5 million", 3.5e6),
    ],
)
def test_numbers_are_normalised(written, value):
    (claim,) = numbers_in(f"closed {written} deals")
    assert value in claim.values


@pytest.mark.parametrize(("written", "percent"), [("30%", True), ("30 percent", True), ("30", False)])
def test_percentages_are_marked(written, percent):
    assert numbers_in(f"up {written}")[0].percent is percent


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("March 2026", (2026, 3, None, None)),
        ("2026-03-05", (2026, 3, 5, None)),
        ("2026年3月", (2026, 3, None, None)),
        ("3月5日", (None, 3, 5, None)),
        ("Q3", (None, None, None, 3)),
        ("2026年第三季度", (2026, None, None, 3)),
        ("on 14 July", (None, 7, 14, None)),
    ],
)
def test_dates_are_normalised(written, parts):
    (claim,) = dates_in(written)
    assert (claim.year, claim.month, claim.day, claim.quarter) == parts


def test_may_is_a_month_only_where_it_reads_as_one():
    assert dates_in("She may present it.") == []
    assert dates_in("In May she presented it.")[0].month == 5


def test_free_text_is_checked_against_all_the_evidence():
    text = "In March 2026 Li Na cut p95 latency from 480 ms to 210 ms and renewed Acme for 120k, 30% up."
    report = check_text(text, evidence=EVENTS, people_names=["Li Na"])
    assert unsupported(report) == []
    assert report.scores["grounding"] == 100
    wrong = "In January 2026 she cut p95 latency from 480 ms to 150 ms with Omar on the Apollo project."
    report = check_text(wrong, evidence=EVENTS)
    assert unsupported(report) == ["January 2026", "150", "Omar", "Apollo"]
    assert report.scores["grounding"] == 20  # 1 of 5 claims (480) supported
    assert report.findings[0].message == "'January 2026' (date) does not appear in the evidence."


def test_derived_figures_are_supported_but_a_percent_is_not_a_difference():
    ok = check_text("She cut p95 latency by 270 ms, or 56%.", evidence=EVENTS)
    assert unsupported(ok) == []
    bad = check_text("She cut p95 latency by 270%.", evidence=EVENTS)
    assert unsupported(bad) == ["270%"]


def test_statements_are_checked_against_the_events_they_cite():
    text = "In March she cut p95 latency to 210 ms. She renewed Acme for 120,000 in June."
    statements = [
        ("In March she cut p95 latency to 210 ms.", ["e1"]),
        ("She renewed Acme for 120,000 in June.", ["e1"]),
    ]
    report = check_text(text, evidence=EVENTS, statements=statements)
    assert unsupported(report) == ["120,000", "June"]
    assert {f.statement_index for f in report.findings if f.kind == "unsupported"} == {1}
    assert "the cited events e1" in next(f.message for f in report.findings if f.kind == "unsupported")


def test_citing_an_event_the_requester_may_not_see_is_a_finding():
    text = "She renewed Acme for 120,000."
    report = check_text(text, evidence=EVENTS, statements=[(text, ["e2", "e9"])], visible_event_ids={"e1", "e2"})
    cites = [f for f in report.findings if f.kind == "inaccessible_citation"]
    assert [(f.start, f.end) for f in cites] == [(0, len(text))]
    assert "'e9'" in cites[0].message and "may not see" in cites[0].message
    assert report.scores["grounding"] == 75
    assert report.verdict == "revise"


def test_chinese_grounding_names_and_projects():
    ok = check_text("4月与周婷一起签下华东大客户，合同63万元。", evidence=EVENTS)
    assert unsupported(ok) == []
    bad = check_text("5月和陈静一起完成了数据中台项目，合同80万元。", evidence=EVENTS)
    assert unsupported(bad) == ["5月", "陈静", "数据中台", "80万"]
    assert bad.findings[0].message == "“5月”（日期）在证据中找不到依据。"


def test_grounding_without_evidence_is_not_applicable():
    report = check_text("She closed 14 deals in Q3.")
    assert "grounding" in report.not_applicable
    assert report.scores["grounding"] == 100


def test_a_statement_missing_from_the_text_is_an_error():
    with pytest.raises(GuardrailError, match="statement 0"):
        check_text("Something else.", evidence=EVENTS, statements=[("Not in the draft.", ["e1"])])


def test_recency_flags_evidence_crowded_into_the_last_weeks():
    period = parse_period("2026H1")
    late = [event(f"l{i}", f"2026-06-{10 + i}", f"Late work {i}") for i in range(5)]
    early = [event("x1", "2026-02-01", "Early work")]
    report = check_text("She shipped five things.", evidence=late + early, period=period)
    (finding,) = [f for f in report.findings if f.kind == "recency_bias"]
    assert finding.message.startswith("83% of the cited evidence falls in the last 6 weeks of 2026H1")
    assert report.scores["recency"] == 33
    spread = [event(f"s{m}", f"2026-{m:02d}-10", f"Work {m}") for m in range(1, 7)]
    assert check_text("She shipped six things.", evidence=spread, period=period).scores["recency"] == 100
    assert "recency" in check_text("She shipped six things.", evidence=spread).not_applicable


def test_a_verb_and_its_complement_is_not_a_chinese_name():
    from guardrails.text import is_name_token

    assert not is_name_token("卡住") and not is_name_token("高了")  # jieba's table tags 卡住 as a name
    assert is_name_token("王磊") and is_name_token("周婷")
