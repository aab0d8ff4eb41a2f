"""Content follow-ups in the chat (issue 11): more on / less about a theme, remove statement N, the audience
by phrase, in English and Chinese, and a name the user may not see mid-conversation: refused, never a silent
change of subject."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.chat.engine import ChatEngine
from assistant.chat.types import ChatReply

TODAY = date(2026, 11, 26)
COLLAB = re.compile(
    r"code review|help channel|question|talk|mentor|guide|review|代码评审|答疑|分享|带教|协作|文档", re.I
)


@pytest.fixture(scope="module")
def engine(demo_coach) -> ChatEngine:
    return ChatEngine(demo_coach, today=TODAY)


def turn(engine: ChatEngine, user: str, text: str, session: str | None = None) -> ChatReply:
    return engine.reply(user, text, session_id=session)


def texts(reply: ChatReply, section: str | None = None) -> list[str]:
    assert reply.draft is not None, reply.text
    return [s["text"] for s in reply.draft["statements"] if section is None or s["section"] == section]


def cited_within_evidence(reply: ChatReply) -> None:
    assert reply.draft is not None
    evidence = {e["id"] for e in reply.draft["evidence"]}
    assert {i for s in reply.draft["statements"] for i in s["event_ids"]} <= evidence


@pytest.mark.parametrize(
    ("user", "ask", "more"),
    [
        ("alice-chen", "draft feedback for Carla for 2026H1, short", "more on collaboration please"),
        ("wang-lei", "给李娜写一份2026年上半年的反馈，短一点", "多写一些协作"),
    ],
)
def test_more_on_a_theme_adds_statements_about_it(engine, user, ask, more):
    first = turn(engine, user, ask)
    after = turn(engine, user, more, first.session_id)
    assert after.kind == "revision", after.text
    before_n = sum(bool(COLLAB.search(t)) for t in texts(first, "strength"))
    after_n = sum(bool(COLLAB.search(t)) for t in texts(after, "strength"))
    assert after_n > before_n, texts(after, "strength")
    cited_within_evidence(after)


@pytest.mark.parametrize(
    ("user", "ask", "remove"),
    [
        ("alice-chen", "draft feedback for Carla for 2026", "remove statement 2"),
        ("alice-chen", "draft feedback for Daniel for 2026", "please drop the second statement"),
        ("wang-lei", "给李娜写一份2026年的反馈", "删掉第二条"),
    ],
)
def test_remove_statement_n_removes_exactly_that_one(engine, user, ask, remove):
    first = turn(engine, user, ask)
    after = turn(engine, user, remove, first.session_id)
    assert after.kind == "revision", after.text
    before, now = texts(first), texts(after)
    assert before[1] not in now
    assert [t for t in before if t != before[1]][:3] == now[:3]  # the rest kept, in order
    cited_within_evidence(after)


def test_less_about_a_theme_drops_it(engine):
    first = turn(engine, "alice-chen", "draft feedback for Carla for 2026")
    assert any("code review" in t for t in texts(first, "strength"))
    after = turn(engine, "alice-chen", "less about code review", first.session_id)
    assert after.kind == "revision"
    assert not any("code review" in t for t in texts(after, "strength"))
    assert texts(after, "strength")  # other strengths stay


@pytest.mark.parametrize(
    ("user", "ask", "notes", "direct", "you", "name"),
    [
        ("alice-chen", "feedback for Carla for 2026H1", "give me talking points", "write it to her directly",
         re.compile(r"\byou(r)?\b", re.I), "Carla"),
        ("wang-lei", "给李娜写一份2026年上半年的反馈", "给我准备谈话要点", "直接写给她", re.compile("你"), "李娜"),
    ],
)  # fmt: skip
def test_the_audience_follows_the_conversation(engine, user, ask, notes, direct, you, name):
    first = turn(engine, user, ask)
    assert first.draft is not None and first.draft["audience"] == "employee"
    assert you.search(" ".join(texts(first, "strength")))
    prep = turn(engine, user, notes, first.session_id)
    assert prep.draft is not None and prep.draft["audience"] == "manager", prep.text
    assert not you.search(" ".join(texts(prep))) and name in prep.draft["summary"]
    back = turn(engine, user, direct, prep.session_id)
    assert back.draft is not None and back.draft["audience"] == "employee"
    assert you.search(" ".join(texts(back, "strength")))


@pytest.mark.parametrize(
    ("user", "ask", "other", "subject"),
    [
        ("wang-lei", "给李娜写一份2026年的反馈", "给Carla写一份反馈", "carla-mendes"),
        ("wang-lei", "给李娜写一份2026年的反馈", "那 carla mendes 呢？", "carla-mendes"),
        ("alice-chen", "feedback for Carla for 2026", "now do the same for 王磊", "wang-lei"),
        ("alice-chen", "feedback for Carla for 2026", "and Li Na?", "li-na"),
    ],
)
def test_a_name_the_user_may_not_see_mid_conversation_is_refused_not_swapped(engine, demo_coach, user, ask, other,
                                                                             subject):  # fmt: skip
    first = turn(engine, user, ask)
    before = {r.id for r in demo_coach.sql.audit_log(10_000, user)}
    reply = turn(engine, user, other, first.session_id)
    assert reply.kind == "refusal" and reply.draft is None, reply.text
    rows = [r for r in demo_coach.sql.audit_log(10_000, user) if r.id not in before]
    assert any(r.decision == "denied" and r.subject_id == subject for r in rows)
    assert not [r for r in rows if r.decision == "allowed"]


@pytest.mark.parametrize(
    ("instruction", "remove", "less"),
    [
        ("remove statement 3", [3], []),
        ("drop the second point", [2], []),
        ("get rid of the last one", [-1], []),
        ("删掉第二条", [2], []),
        ("去掉第3点", [3], []),
        ("less about code review", [], ["code review"]),
        ("少写一些故障", [], ["故障", "incident"]),
    ],
)
def test_plain_instructions_parse_into_edits(instruction, remove, less):
    from assistant.drafting.composer.revision import parse_edits

    edits = parse_edits(instruction)
    assert edits["remove"] == remove
    assert edits["less"][: len(less)] == less
