"""The deterministic chat parser: English and Chinese requests, names resolved only among visible people."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.chat.intents import (
    Clarify,
    SessionState,
    asked_language,
    default_period,
    message_language,
    parse,
    parse_addition,
    parse_period_phrase,
)
from assistant.chat.types import Intent
from assistant.core.models import Person, User
from retrieval.access import reporting_line

TODAY = date(2026, 11, 26)
PEOPLE = [
    Person.model_validate(json.loads(line))
    for line in (Path(__file__).parent.parent / "assistant/demo/data/people.jsonl").read_text().splitlines()
    if line.strip()
]
MANAGERS = {p.id: p.manager_id for p in PEOPLE}
DRAFT = SessionState(
    draft={"task": "feedback_draft", "subject_id": "li-na", "period": "2026Q3", "statements": []},
    intent=Intent(kind="draft_feedback", subject_id="li-na", period="2026Q3", focus="协作"),
)
GOALS = SessionState(draft={"task": "goal_proposals", "subject_id": "li-na", "period": "2026H2"})


def _user(uid: str) -> User:
    person = next(p for p in PEOPLE if p.id == uid)
    return User(id=uid, person_id=uid, role=person.role)


def _visible(user: User, people: list[Person] = PEOPLE) -> list[Person]:
    managers = {p.id: p.manager_id for p in people}
    if user.role == "hr":
        return people
    return [p for p in people if p.id == user.person_id or user.person_id in reporting_line(managers.get, p.id)]


def _parse(uid: str, text: str, state: SessionState | None = None) -> Intent | Clarify:
    user = _user(uid)
    return parse(text, user=user, visible_people=_visible(user), today=TODAY, session_state=state)


# (user, message, session state, expected fields of the Intent)
INTENTS = [
    ("wang-lei", "Q3 feedback for 李娜, focus on collaboration", None,
     {"kind": "draft_feedback", "subject_id": "li-na", "period": "2026Q3", "focus": "collaboration"}),
    ("wang-lei", "Q3 feedback for Li Na", None, {"kind": "draft_feedback", "subject_id": "li-na", "period": "2026Q3"}),
    ("alice-chen", "draft feedback for Ben for H1, warm tone", None,
     {"kind": "draft_feedback", "subject_id": "ben-okafor", "period": "2026H1", "tone": "warm"}),
    ("alice-chen", "feedback on priya for last quarter in Chinese", None,
     {"kind": "draft_feedback", "subject_id": "priya-raman", "period": "2026Q3", "language": "zh"}),
    ("wang-lei", "给李娜写一份第三季度的反馈，重点是协作", None,
     {"kind": "draft_feedback", "subject_id": "li-na", "period": "2026Q3", "focus": "协作"}),
    ("wang-lei", "张伟上半年的反馈，语气温和一点", None,
     {"kind": "draft_feedback", "subject_id": "zhang-wei", "period": "2026H1", "tone": "warm"}),
    ("wang-lei", "刘洋三季度的绩效评语，用英文", None,
     {"kind": "draft_feedback", "subject_id": "liu-yang", "period": "2026Q3", "language": "en"}),
    ("wang-lei", "帮黄志强写2026年第二季度的反馈，简短一些", None,
     {"kind": "draft_feedback", "subject_id": "huang-zhiqiang", "period": "2026Q2", "length": "short"}),
    ("alice-chen", "feedback for Carla Mendes for May", None,
     {"kind": "draft_feedback", "subject_id": "carla-mendes", "period": "2026-05"}),
    ("alice-chen", "this year feedback for emma, long and detailed", None,
     {"kind": "draft_feedback", "subject_id": "emma-novak", "period": "2026", "length": "long"}),
    ("alice-chen", "Feedback for daniel-park for Q1 2026", None,
     {"kind": "draft_feedback", "subject_id": "daniel-park", "period": "2026Q1"}),
    ("alice-chen", "Feedback for Ben. Focus: mentoring.", None,
     {"kind": "draft_feedback", "subject_id": "ben-okafor", "focus": "mentoring"}),
    ("alice-chen", "feedback for Ben about collaboration", None,
     {"kind": "draft_feedback", "subject_id": "ben-okafor", "focus": "collaboration"}),
    ("alice-chen", "feedback about Ben for Q3", None,
     {"kind": "draft_feedback", "subject_id": "ben-okafor", "period": "2026Q3", "focus": None}),
    ("alice-chen", "Ben's Q3 feedback", None, {"kind": "draft_feedback", "subject_id": "ben-okafor"}),
    ("wang-lei", "请给张伟写一份关于客户沟通的反馈", None,
     {"kind": "draft_feedback", "subject_id": "zhang-wei", "focus": "客户沟通"}),
    ("wang-lei", "feedback for chen jing", None, {"kind": "draft_feedback", "subject_id": "chen-jing"}),
    ("alice-chen", "feedback for farid", None,
     {"kind": "draft_feedback", "subject_id": "farid-haddad", "period": "2026H2"}),
    ("david-morgan", "李娜 feedback for this quarter", None,
     {"kind": "draft_feedback", "subject_id": "li-na", "period": "2026Q4"}),
    ("zhou-ting", "Q3 feedback for Ben Okafor", None,
     {"kind": "draft_feedback", "subject_id": "ben-okafor", "period": "2026Q3"}),
    ("ben-okafor", "Q3 feedback", None, {"kind": "draft_feedback", "subject_id": "ben-okafor", "period": "2026Q3"}),
    ("wang-lei", "now for Q2", DRAFT,
     {"kind": "draft_feedback", "subject_id": "li-na", "period": "2026Q2", "focus": "协作"}),
    ("wang-lei", "make it more direct", DRAFT,
     {"kind": "revise", "tone": "direct", "instruction": "make it more direct"}),
    ("wang-lei", "shorter please", DRAFT, {"kind": "revise", "length": "short"}),
    ("wang-lei", "更简短一些", DRAFT, {"kind": "revise", "length": "short", "subject_id": "li-na"}),
    ("wang-lei", "语气温和一点", DRAFT, {"kind": "revise", "tone": "warm"}),
    ("wang-lei", "add the May incident", DRAFT, {"kind": "revise", "instruction": "add the May incident"}),
    ("wang-lei", "加上5月的故障", DRAFT, {"kind": "revise", "instruction": "加上5月的故障"}),
    ("wang-lei", "in English please", DRAFT, {"kind": "revise", "language": "en"}),
    ("alice-chen", "is my own draft specific enough? Daniel did great work this year and is a strong team player.",
     None, {"kind": "check_draft", "subject_id": "daniel-park", "period": "2026H2",
            "draft_text": "Daniel did great work this year and is a strong team player."}),
    ("alice-chen", "check this draft for Daniel for Q3:\nDaniel did great work.\nHe is a strong team player.", None,
     {"kind": "check_draft", "subject_id": "daniel-park", "period": "2026Q3",
      "draft_text": "Daniel did great work.\nHe is a strong team player."}),
    ("wang-lei", "帮我检查这段反馈：张伟今年表现很好，沟通能力强，是团队的好帮手。", None,
     {"kind": "check_draft", "subject_id": "zhang-wei",
      "draft_text": "张伟今年表现很好，沟通能力强，是团队的好帮手。"}),
    ("ben-okafor", "help me brainstorm my goals for next half, I'm interested in mentoring and observability", None,
     {"kind": "goals", "subject_id": "ben-okafor", "period": "2027H1", "interests": "mentoring and observability"}),
    ("li-na", "帮我制定下半年的目标，我对性能优化感兴趣", None,
     {"kind": "goals", "subject_id": "li-na", "period": "2026H2", "interests": "性能优化"}),
    ("li-na", "我的目标", None, {"kind": "goals", "subject_id": "li-na", "period": "2027H1"}),
    ("ben-okafor", "help me set goals for next half, I want to move toward staff engineer", None,
     {"kind": "goals", "subject_id": "ben-okafor", "period": "2027H1", "interests": "staff engineer"}),
    ("li-na", "帮我定下半年的目标，我想转向客户成功管理", None,
     {"kind": "goals", "subject_id": "li-na", "period": "2026H2", "interests": "客户成功管理"}),
    ("wang-lei", "show the sources of statement 2", DRAFT, {"kind": "sources", "statement_index": 1}),
    ("wang-lei", "sources", DRAFT, {"kind": "sources", "statement_index": None}),
    ("wang-lei", "/sources 3", DRAFT, {"kind": "sources", "statement_index": 2}),
    ("wang-lei", "第2条的依据", DRAFT, {"kind": "sources", "statement_index": 1}),
    ("wang-lei", "第三条的来源是什么？", DRAFT, {"kind": "sources", "statement_index": 2}),
    ("wang-lei", "accept", DRAFT, {"kind": "accept"}),
    ("wang-lei", "accept my draft", DRAFT, {"kind": "accept"}),
    ("wang-lei", "make my draft shorter", DRAFT, {"kind": "revise", "length": "short"}),
    ("wang-lei", "采纳", DRAFT, {"kind": "accept"}),
    ("wang-lei", "help", None, {"kind": "help"}),
    ("wang-lei", "帮助", None, {"kind": "help"}),
    ("wang-lei", "hello there", None, {"kind": "smalltalk"}),
    ("wang-lei", "thanks!", None, {"kind": "smalltalk", "instruction": "thanks"}),
    ("wang-lei", "谢谢", None, {"kind": "smalltalk", "instruction": "thanks"}),
    # phrasings a demanding user types (found by hand against the demo org)
    ("wang-lei", "帮我看看张伟上半年的表现", None,
     {"kind": "draft_feedback", "subject_id": "zhang-wei", "period": "2026H1"}),
    ("alice-chen", "can you write Q2 feedback for daniel", None,
     {"kind": "draft_feedback", "subject_id": "daniel-park", "period": "2026Q2"}),
    ("ben-okafor", "How am I doing?", None, {"kind": "draft_feedback", "subject_id": "ben-okafor"}),
    ("wang-lei", "我表现怎么样", None, {"kind": "draft_feedback", "subject_id": "wang-lei"}),
    ("ben-okafor", "What should I focus on next quarter?", None,
     {"kind": "goals", "subject_id": "ben-okafor", "period": "2027Q1"}),
    ("wang-lei", "show me where statement 3 comes from", DRAFT, {"kind": "sources", "statement_index": 2}),
    ("wang-lei", "where does point 2 come from?", DRAFT, {"kind": "sources", "statement_index": 1}),
    ("wang-lei", "why statement 1?", DRAFT, {"kind": "sources", "statement_index": 0}),
    ("wang-lei", "what is statement 4 based on", DRAFT, {"kind": "sources", "statement_index": 3}),
    ("wang-lei", "looks good, accept", DRAFT, {"kind": "accept"}),
    ("wang-lei", "ok, accept it", DRAFT, {"kind": "accept"}),
    ("wang-lei", "好的，采纳", DRAFT, {"kind": "accept"}),
    ("wang-lei", "too long", DRAFT, {"kind": "revise", "length": "short"}),
    ("wang-lei", "再短一点", DRAFT, {"kind": "revise", "length": "short"}),
    ("wang-lei", "太长了", DRAFT, {"kind": "revise", "length": "short"}),
    ("wang-lei", "less formal", DRAFT, {"kind": "revise", "tone": "warm"}),
    ("alice-chen", "Here's my feedback for Daniel:\nDaniel did great work this quarter.\nHe should communicate more.",
     None, {"kind": "check_draft", "subject_id": "daniel-park",
            "draft_text": "Daniel did great work this quarter.\nHe should communicate more."}),
    ("alice-chen", "is this fair? Daniel did great work this quarter and he is a strong team player.", None,
     {"kind": "check_draft", "subject_id": "daniel-park"}),
    ("alice-chen", "Daniel did great work this quarter. He is a strong team player and always helpful.\n\n"
     "He led the latency work. He should communicate more.", None,
     {"kind": "check_draft", "subject_id": "daniel-park", "draft_text": "Daniel did great work this quarter. He is a "
      "strong team player and always helpful.\n\nHe led the latency work. He should communicate more."}),
    ("alice-chen", "is this fair? Daniel did great work this quarter.\nHe should communicate more.", None,
     {"kind": "check_draft", "subject_id": "daniel-park", "period": "2026H2",
      "draft_text": "Daniel did great work this quarter.\nHe should communicate more."}),
    ("wang-lei", "帮我看看我写给张伟的评语：张伟这个季度表现很好，积极主动。但是沟通需要加强。", None,
     {"kind": "check_draft", "subject_id": "zhang-wei"}),
    ("wang-lei", "张伟这个季度表现很好，积极主动，团队合作能力强。但是沟通需要加强，下季度希望他多分享。", None,
     {"kind": "check_draft", "subject_id": "zhang-wei"}),
    ("alice-chen", "I'd like a feedback draft for Daniel for Q3. Focus on collaboration and delivery. Keep it warm.",
     None, {"kind": "draft_feedback", "subject_id": "daniel-park", "period": "2026Q3", "tone": "warm"}),
    ("alice-chen", "Daniel had a rough quarter with the migration and two incidents. I want his Q3 feedback, "
     "warm tone please, with a focus on delivery.", None,
     {"kind": "draft_feedback", "subject_id": "daniel-park", "period": "2026Q3", "tone": "warm"}),
    ("alice-chen", "feedback for Daniel since July", None,
     {"kind": "draft_feedback", "period": "2026-07-01..2026-11-26"}),
    ("alice-chen", "feedback for Daniel for the last 6 months", None,
     {"kind": "draft_feedback", "period": "2026-06-01..2026-11-26"}),
    ("alice-chen", "feedback for Daniel for Q3 and Q4", None,
     {"kind": "draft_feedback", "period": "2026-07-01..2026-12-31"}),
    ("alice-chen", "feedback for Carla, focus on how she worked with Daniel", None,
     {"kind": "draft_feedback", "subject_id": "carla-mendes"}),
    ("alice-chen", "feedback for Ben, focus on how he works with the team", None,
     {"kind": "draft_feedback", "subject_id": "ben-okafor"}),
]  # fmt: skip


@pytest.mark.parametrize(("uid", "text", "state", "expected"), INTENTS, ids=[row[1][:40] for row in INTENTS])
def test_intents(uid: str, text: str, state: SessionState | None, expected: dict) -> None:
    intent = _parse(uid, text, state)
    assert isinstance(intent, Intent), intent
    assert {k: getattr(intent, k) for k in expected} == expected


# (user, message, state, reason, refuse)
CLARIFY = [
    ("ben-okafor", "Q3 feedback for Carla", None, "not_visible", True),
    ("ben-okafor", "给李娜写一份反馈", None, "not_visible", True),
    ("alice-chen", "Q3 feedback for 李娜", None, "not_visible", True),
    ("alice-chen", "feedback for Zed Unknown for Q2", None, "not_visible", True),
    ("wang-lei", "给周婷写一份反馈", None, "not_visible", True),
    ("wang-lei", "feedback on Ben Okafor for H1", None, "not_visible", True),
    ("alice-chen", "feedback please", None, "need_subject", False),
    ("alice-chen", "make it shorter", None, "need_draft", False),
    ("alice-chen", "sources of statement 2", None, "need_draft", False),
    ("alice-chen", "accept", None, "need_draft", False),
    ("alice-chen", "check my draft for Daniel", None, "need_text", False),
    ("alice-chen", "help Ben brainstorm his goals", None, "goals_self", False),
    ("wang-lei", "make it shorter", GOALS, "need_feedback_draft", False),
    # "my manager" is not "me"; a team is not one person
    ("ben-okafor", "feedback for my manager", None, "not_visible", True),
    ("alice-chen", "feedback for my manager", None, "not_visible", True),
    ("ben-okafor", "给我的经理写反馈", None, "not_visible", True),
    ("ben-okafor", "feedback for everyone", None, "not_visible", True),
    ("alice-chen", "feedback for my team", None, "need_subject", False),
    ("alice-chen", "Q3 feedback for Carla and Daniel", None, "one_person", False),
    ("wang-lei", "给李娜和张伟写反馈", None, "one_person", False),
]


@pytest.mark.parametrize(("uid", "text", "state", "reason", "refuse"), CLARIFY, ids=[r[1][:40] for r in CLARIFY])
def test_clarifications_and_refusals(uid: str, text: str, state: SessionState | None, reason: str, refuse: bool):
    answer = _parse(uid, text, state)
    assert isinstance(answer, Clarify), answer
    assert (answer.reason, answer.refuse) == (reason, refuse)


def test_an_ambiguous_name_lists_only_visible_candidates():
    people = [
        Person(id="boss", name="Pat Boss", language="en", job_family="Eng", level="M1", team="T", role="manager"),
        Person(id="sam-lee", name="Sam Lee", language="en", job_family="Eng", level="L4", team="T", manager_id="boss"),
        Person(
            id="sam-park", name="Sam Park", language="en", job_family="Eng", level="L4", team="T", manager_id="boss"
        ),
        Person(id="sam-elsewhere", name="Sam Else", language="en", job_family="Eng", level="L4", team="U"),
    ]
    user = User(id="boss", person_id="boss", role="manager")
    visible = _visible(user, people)
    answer = parse("Q3 feedback for Sam", user=user, visible_people=visible, today=TODAY)
    assert isinstance(answer, Clarify) and answer.reason == "ambiguous_name"
    assert sorted(p.id for p in answer.candidates) == ["sam-lee", "sam-park"]
    full = parse("Q3 feedback for Sam Park", user=user, visible_people=visible, today=TODAY)
    assert isinstance(full, Intent) and full.subject_id == "sam-park"


def test_a_name_is_never_resolved_outside_the_visible_people():
    # Alice's line has no 李娜; the parser must not find her, whatever else it does.
    answer = _parse("alice-chen", "给李娜写一份第三季度的反馈")
    assert isinstance(answer, Clarify) and answer.refuse and answer.candidates == []


@pytest.mark.parametrize(
    ("text", "upcoming", "label"),
    [
        ("Q3", False, "2026Q3"),
        ("Q4", False, "2026Q4"),
        ("q1 2025", False, "2025Q1"),
        ("2026 H1", False, "2026H1"),
        ("H2", False, "2026H2"),
        ("last quarter", False, "2026Q3"),
        ("this year", False, "2026"),
        ("last year", False, "2025"),
        ("May", False, "2026-05"),
        ("December", False, "2025-12"),
        ("last month", False, "2026-10"),
        ("2026年第三季度", False, "2026Q3"),
        ("三季度", False, "2026Q3"),
        ("上半年", False, "2026H1"),
        ("下半年", False, "2026H2"),
        ("5月", False, "2026-05"),
        ("十二月", False, "2025-12"),
        ("上季度", False, "2026Q3"),
        ("next half", True, "2027H1"),
        ("下个半年", True, "2027H1"),
        ("next quarter", True, "2027Q1"),
        ("Q1", True, "2027Q1"),
        ("since July", False, "2026-07-01..2026-11-26"),
        ("自7月以来", False, "2026-07-01..2026-11-26"),
        ("the last 3 months", False, "2026-09-01..2026-11-26"),
        ("过去半年", False, "2026-06-01..2026-11-26"),
        ("from Q2 to Q3", False, "2026-04-01..2026-09-30"),
        ("三季度和四季度", False, "2026-07-01..2026-12-31"),
        ("from July to September", False, "2026-07-01..2026-09-30"),
        ("Nov to Feb", False, "2025-11-01..2026-02-28"),
        ("2026-01-15..2026-03-31", False, "2026-01-15..2026-03-31"),
    ],
)
def test_periods_relative_to_today(text: str, upcoming: bool, label: str) -> None:
    assert parse_period_phrase(text, TODAY, upcoming=upcoming) == label


def test_may_the_verb_is_not_a_month_and_defaults_are_documented():
    assert parse_period_phrase("you may draft it", TODAY) is None
    assert default_period("draft_feedback", TODAY) == "2026H2"
    assert default_period("goals", TODAY) == "2027H1"
    assert default_period("goals", date(2026, 3, 1)) == "2026H2"


def test_languages():
    assert message_language("Q3 feedback for 李娜, focus on collaboration", ["李娜"]) == "en"
    assert message_language("给李娜写一份第三季度的反馈") == "zh"
    assert message_language("2") is None
    assert asked_language("feedback on priya in Chinese") == "zh"
    assert asked_language("用英文写") == "en"
    assert asked_language("feedback on priya") is None


def test_additions():
    add = parse_addition("add the May incident")
    assert add is not None and add.month == 5 and add.words == ["incident"]
    zh = parse_addition("加上5月的故障")
    assert zh is not None and zh.month == 5 and zh.words == ["incident"] and zh.said == ["故障"]
    by_id = parse_addition("add ev-carla-mendes-033")
    assert by_id is not None and by_id.event_ids == ["ev-carla-mendes-033"] and by_id.month is None
    assert parse_addition("make it shorter") is None
