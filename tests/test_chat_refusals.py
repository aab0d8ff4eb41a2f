"""Every name, in every phrasing, that resolves to no person the user may see: the same audited refusal.

The decision is made from the message and the people the user may see, never from who else exists, so an
unknown name and a real one outside the user's line get the same answer; the audit row names the person
when the name is someone's.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.chat.engine import ChatEngine
from assistant.chat.types import ChatReply

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def engine(demo_coach) -> ChatEngine:
    return ChatEngine(demo_coach, today=TODAY)


def ask(engine: ChatEngine, user: str, text: str) -> tuple[ChatReply, list]:
    before = {r.id for r in engine.coach.sql.audit_log(10_000, user)}
    reply = engine.reply(user, text)
    rows = [r for r in engine.coach.sql.audit_log(10_000, user) if r.id not in before]
    return reply, rows


REFUSED = [
    # (user, message, the person the audit row names: None when the name is nobody's)
    ("ben-okafor", "Feedback for carla for 2026Q3", "carla-mendes"),
    ("ben-okafor", "feedback for Carla Mendes", "carla-mendes"),
    ("ben-okafor", "Feedback for wang-lei for 2026Q3", "wang-lei"),
    ("ben-okafor", "How is carla doing this quarter?", "carla-mendes"),
    ("ben-okafor", "Feedback for zed for 2026Q3", None),
    ("alice-chen", "Feedback for wang-lei for 2026Q3", "wang-lei"),
    ("alice-chen", "Compare 王磊 and Carla Mendes", "wang-lei"),
    ("alice-chen", "Compare Carla Mendes and 王磊", "wang-lei"),
    ("alice-chen", "Feedback for Carla and 王磊", "wang-lei"),
    ("alice-chen", "Review for li-na please", "li-na"),
    ("alice-chen", "How is 王磊 doing?", "wang-lei"),
    ("alice-chen", "Feedback for Zed Nobody and Carla", None),
    ("wang-lei", "对比李娜和Carla Mendes", "carla-mendes"),  # answered in Chinese: names tell no language
    ("wang-lei", "李娜和周婷的反馈", "zhou-ting"),
]


@pytest.mark.parametrize(("user", "text", "subject"), REFUSED, ids=[r[1] for r in REFUSED])
def test_a_name_outside_the_users_view_is_refused_and_audited(engine, user, text, subject):
    reply, rows = ask(engine, user, text)
    assert reply.kind == "refusal" and reply.draft is None and reply.sources == []
    denied = [r for r in rows if r.decision == "denied" and r.action == "chat"]
    assert denied, rows
    assert subject in {r.subject_id for r in denied}
    assert not [r for r in rows if r.decision == "allowed"]  # nothing about anyone was read


def test_the_refusal_is_the_same_for_a_real_and_an_unknown_name(engine):
    real, _ = ask(engine, "ben-okafor", "Feedback for carla for 2026Q3")
    unknown, _ = ask(engine, "ben-okafor", "Feedback for zed for 2026Q3")
    id_like, _ = ask(engine, "ben-okafor", "Feedback for wang-lei for 2026Q3")
    assert real.text == unknown.text == id_like.text
    assert "Carla" not in real.text and "王磊" not in id_like.text


ALLOWED = [
    ("ben-okafor", "Feedback for me for 2026Q3", "ben-okafor"),
    ("ben-okafor", "feedback on communication for 2026Q3", "ben-okafor"),
    ("alice-chen", "Feedback for carla for 2026Q3", "carla-mendes"),
    ("alice-chen", "Feedback for Carla for 2026Q3, focus on how she helped 王磊's team", "carla-mendes"),
    ("wang-lei", "给李娜写一份第三季度的反馈，重点是协作", "li-na"),
]


@pytest.mark.parametrize(("user", "text", "subject"), ALLOWED, ids=[r[1] for r in ALLOWED])
def test_requests_about_visible_people_still_draft(engine, user, text, subject):
    reply, _ = ask(engine, user, text)
    assert reply.kind == "draft" and reply.draft["subject_id"] == subject


def test_goal_brainstorming_with_topic_words_is_not_a_refusal(engine):
    reply, _ = ask(engine, "ben-okafor", "Help me brainstorm goals for growth in reliability")
    assert reply.kind == "goals"


def test_the_refusal_is_in_the_language_of_the_message_not_of_the_names(engine):
    reply, _ = ask(engine, "wang-lei", "对比李娜和Carla Mendes")
    assert reply.lang == "zh" and "Carla" not in reply.text
