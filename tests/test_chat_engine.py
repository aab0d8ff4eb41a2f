"""The conversation engine on the demo org: drafts, revisions, reviews, goals, sources, refusals, sessions."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from assistant.chat.engine import ChatEngine
from assistant.chat.types import ChatEvent, ChatReply
from assistant.core.errors import BadInput, NotFound
from assistant.drafting.composer.feedback import without_warm_lead
from retrieval.ingest import ingest_models

from conftest import SMALL_EVENTS

TODAY = date(2026, 11, 26)
EVENTS = [
    json.loads(line)
    for line in (Path(__file__).parent.parent / "assistant/demo/data/events.jsonl").read_text().splitlines()
    if line.strip()
]
_WARM = ("One thing would make your work even stronger — ", "还有一点能让你的工作更出色——")
"""The lead-in a warm draft puts before each development area (a direct draft has none)."""


@pytest.fixture(scope="module")
def engine(demo_coach) -> ChatEngine:
    return ChatEngine(demo_coach, today=TODAY)


def turn(engine: ChatEngine, user: str, text: str, session: str | None = None) -> tuple[list[ChatEvent], ChatReply]:
    events = list(engine.stream(user, text, session_id=session))
    replies = [e for e in events if e.type == "reply"]
    assert len(replies) == 1, [e for e in events if e.type == "error"]
    return events, ChatReply.model_validate(replies[0].data)


def cited_ok(draft: dict) -> None:
    """Every statement cites events, all of them in the draft's evidence and about its subject."""
    evidence = {e["id"]: e for e in draft["evidence"]}
    assert draft["statements"]
    for s in draft["statements"]:
        assert s["event_ids"], s
        assert all(i in evidence and evidence[i]["person_id"] == draft["subject_id"] for i in s["event_ids"])


def body(text: str) -> str:
    return without_warm_lead(without_warm_lead(text, "en"), "zh")


def development(draft: dict) -> list[dict]:
    return [s for s in draft["statements"] if s["section"] == "development"]


def test_a_manager_drafts_in_english_with_citations_scores_and_coverage(engine):
    events, reply = turn(engine, "alice-chen", "draft feedback for Carla for H1")
    kinds = [e.type for e in events]
    assert kinds[0] == "session" and kinds[-1] == "reply"
    assert kinds.count("status") >= 3 and "delta" in kinds
    assert kinds.index("status") < kinds.index("delta")
    assert "".join(e.data["text"] for e in events if e.type == "delta") == reply.text
    assert events[1].data["text"] == "Finding evidence for Carla Mendes (2026H1)…"
    assert (reply.kind, reply.lang, reply.draft["language"], reply.draft["period"]) == ("draft", "en", "en", "2026H1")
    cited_ok(reply.draft)
    first = reply.draft["statements"][0]
    assert f"1. {first['text']} [{', '.join(first['event_ids'])}]" in reply.text
    assert re.search(r"Guardrails: pass — specificity \d+ · balance \d+ · bias \d+ · grounding \d+", reply.text)
    assert "Evidence by month (used/available): 26-01 " in reply.text
    assert {a["id"] for a in reply.actions} >= {"accept", "shorter", "sources"}


def test_a_manager_drafts_in_chinese(engine):
    _, reply = turn(engine, "wang-lei", "给李娜写一份第三季度的反馈，重点是协作")
    assert (reply.kind, reply.lang, reply.draft["language"], reply.draft["period"]) == ("draft", "zh", "zh", "2026Q3")
    assert reply.intent.focus == "协作" and reply.draft["subject_id"] == "li-na"
    cited_ok(reply.draft)
    assert "优势：" in reply.text and "护栏检查：" in reply.text and "按月证据" in reply.text
    assert [a["label"] for a in reply.actions][:2] == ["采纳", "更简短"]


def test_revisions_are_cumulative_and_keep_citations_valid(engine):
    _, warm = turn(engine, "alice-chen", "draft feedback for Carla for H1, warm tone")
    assert development(warm.draft)[0]["text"].startswith(_WARM)  # the lead-in once, on the first
    assert warm.draft["summary"].startswith("Carla, thank you for your work in the first half: ")
    session = warm.session_id
    _, short = turn(engine, "alice-chen", "shorter please", session)
    assert short.draft["summary"].startswith("Carla, thank you for your work in the first half: ")
    assert short.kind == "revision"
    assert len(short.draft["statements"]) < len(warm.draft["statements"])
    assert sum(s["section"] == "strength" for s in short.draft["statements"]) <= 2
    assert development(short.draft)[0]["text"].startswith(_WARM)  # still warm
    _, direct = turn(engine, "alice-chen", "make it more direct", session)
    statements = direct.draft["statements"]
    assert not any(s["text"].startswith(_WARM) for s in statements)
    assert "thank you" not in direct.draft["summary"].lower()
    assert direct.draft["summary"].startswith("Carla, in the first half ")
    # shorter and then more direct: the short draft's statements, re-toned, not a new long draft
    assert [body(s["text"]) for s in statements] == [body(s["text"]) for s in short.draft["statements"]]
    assert [s["event_ids"] for s in statements] == [s["event_ids"] for s in short.draft["statements"]]
    cited_ok(direct.draft)
    assert direct.draft["id"] != short.draft["id"] != warm.draft["id"]


def test_a_revision_that_changes_nothing_says_so(engine):
    _, direct = turn(engine, "alice-chen", "Q3 feedback for Daniel")  # direct is the default tone
    _, again = turn(engine, "alice-chen", "make it more direct", direct.session_id)
    assert [s["text"] for s in again.draft["statements"]] == [s["text"] for s in direct.draft["statements"]]
    assert "No change: the draft already does what “make it more direct” asks" in again.text
    _, short = turn(engine, "alice-chen", "shorter", direct.session_id)
    assert "No change" not in short.text


@pytest.mark.parametrize(
    ("user", "first", "shorter"),
    [("wang-lei", "给李娜写一份第三季度的反馈", "再短一点"), ("alice-chen", "Q3 feedback for Daniel", "too long")],
)
def test_a_revision_works_however_it_is_phrased(engine, user, first, shorter):
    _, draft = turn(engine, user, first)
    _, short = turn(engine, user, shorter, draft.session_id)
    assert short.kind == "revision"
    assert len(short.draft["statements"]) < len(draft.draft["statements"])
    assert sum(s["section"] == "strength" for s in short.draft["statements"]) <= 2


def test_add_the_may_incident_adds_a_statement_citing_it(engine):
    _, draft = turn(engine, "alice-chen", "feedback for Carla for 2026H1")
    incident = "ev-carla-mendes-033"  # 2026-05-14 "Incident commander for a SEV2 on search-indexer"
    assert incident not in draft.draft["cited_event_ids"]
    _, added = turn(engine, "alice-chen", "add the May incident", draft.session_id)
    assert added.kind == "revision"
    cited_ok(added.draft)
    new = [s for s in added.draft["statements"] if incident in s["event_ids"]]
    assert len(new) == 1 and "In May" in new[0]["text"] and "search-indexer" in new[0]["text"]
    before = [s["text"] for s in draft.draft["statements"]]
    assert [s["text"] for s in added.draft["statements"] if s is not new[0]] == before
    # the same in Chinese, in a Chinese conversation about the same person
    _, zh = turn(engine, "alice-chen", "给Carla写一份2026年上半年的反馈，用中文")
    _, zh_added = turn(engine, "alice-chen", "加上5月的故障", zh.session_id)
    assert zh_added.kind == "revision" and zh_added.lang == "zh"
    assert any(incident in s["event_ids"] and "5月" in s["text"] for s in zh_added.draft["statements"])


def test_add_an_event_that_is_not_there_asks_back_with_only_visible_events(engine):
    _, draft = turn(engine, "wang-lei", "给李娜写一份第三季度的反馈")
    _, reply = turn(engine, "wang-lei", "加上8月的故障", draft.session_id)
    assert reply.kind == "clarify" and reply.draft is None
    listed = re.findall(r"\[(ev-[\w-]+)\]", reply.text)
    august = {e["id"] for e in EVENTS if e["person_id"] == "li-na" and e["occurred_at"].startswith("2026-08")}
    assert listed and set(listed) <= august
    assert "故障" in reply.text and "2026年8月" in reply.text


def test_check_my_draft_returns_findings_and_missing_events(engine):
    text = "is my own draft for Daniel specific enough?\nDaniel did great work this year and is a strong team player."
    _, reply = turn(engine, "alice-chen", text)
    assert (reply.kind, reply.draft["task"], reply.draft["subject_id"]) == ("review", "draft_review", "daniel-park")
    kinds = {f["kind"] for f in reply.draft["guardrails"]["findings"]}
    assert "vague" in kinds
    assert reply.draft["missing_events"] and "Key events your draft leaves out:" in reply.text
    _, zh = turn(engine, "wang-lei", "帮我检查这段反馈：张伟今年表现很好，沟通能力强，是团队的好帮手。")
    assert zh.kind == "review" and zh.lang == "zh" and zh.draft["subject_id"] == "zhang-wei"
    assert "发现的问题：" in zh.text


def _capabilities(draft: dict) -> set[str]:
    return {g["capability"] for g in draft["goals"] if g["kind"] == "capability"}


def test_goals_for_oneself_with_interests(engine):
    _, reply = turn(engine, "li-na", "帮我制定下半年的目标，我对性能优化感兴趣")
    assert (reply.kind, reply.lang, reply.draft["task"]) == ("goals", "zh", "goal_proposals")
    assert (reply.draft["subject_id"], reply.draft["period"]) == ("li-na", "2026H2")
    # the interest becomes a capability goal, never its pasted words
    assert "performance" in _capabilities(reply.draft)
    assert not any("性能优化" in g["objective"] for g in reply.draft["goals"])
    assert any(g["aligned_to"] for g in reply.draft["goals"])
    _, en = turn(engine, "ben-okafor", "help me brainstorm my goals for 2026H2, I'm interested in mentoring")
    assert en.kind == "goals" and "mentoring" in _capabilities(en.draft)
    # next half (2027H1) has no team objectives yet: they are carried forward, said so, and the goals differ
    _, ahead = turn(engine, "ben-okafor", "my goals for next half")
    objectives = [g["objective"] for g in ahead.draft["goals"]]
    assert ahead.draft["period"] == "2027H1" and len(set(objectives)) == len(objectives) >= 3
    assert not any(o.startswith("Grow in") for o in objectives)
    carried = [g for g in ahead.draft["goals"] if g["carried_forward_from"]]
    assert carried and all(g["aligned_to"] for g in carried)
    assert any("No Platform team objectives for 2027H1 yet" in n for n in ahead.draft["notes"])
    assert ahead.draft["guardrails"]["scores"]["grounding"] == 100


@pytest.mark.parametrize(
    ("user", "message", "period", "capability", "lang"),
    [
        (
            "ben-okafor",
            "help me set goals for next half, I want to move toward staff engineer",
            "2027H1",
            "design_reviews",
            "en",
        ),
        ("li-na", "帮我定下半年的目标，我想转向客户成功管理", "2026H2", "customer_success", "zh"),
    ],
)
def test_goal_phrasings_name_a_capability_not_the_words(engine, user, message, period, capability, lang):
    from assistant.drafting.goals import goal_issues
    from assistant.drafting.schemas import GoalProposal

    _, reply = turn(engine, user, message)
    draft = reply.draft
    assert (reply.kind, reply.lang, draft["period"]) == ("goals", lang, period)
    assert capability in _capabilities(draft)
    goals = [GoalProposal.model_validate(g) for g in draft["goals"]]
    assert goal_issues(goals, draft["interests"]) == []
    assert "related activities" not in reply.text and "相关活动" not in reply.text
    _, other = turn(engine, "alice-chen", "help Ben brainstorm his goals")
    assert other.kind == "clarify" and other.draft is None


def test_sources_of_statement_n_are_exactly_its_citations(engine):
    _, draft = turn(engine, "alice-chen", "feedback for Daniel for 2026Q3")
    statements = draft.draft["statements"]
    for n in (1, len(statements)):
        _, reply = turn(engine, "alice-chen", f"show the sources of statement {n}", draft.session_id)
        assert reply.kind == "sources"
        assert [e["id"] for e in reply.sources] == statements[n - 1]["event_ids"]
        assert all(e["title"] in reply.text for e in reply.sources)
    _, everything = turn(engine, "alice-chen", "sources", draft.session_id)
    assert sorted(e["id"] for e in everything.sources) == draft.draft["cited_event_ids"]
    _, beyond = turn(engine, "alice-chen", "sources of statement 99", draft.session_id)
    assert beyond.kind == "clarify" and str(len(statements)) in beyond.text


def _carla_words() -> set[str]:
    titles = {e["title"] for e in EVENTS if e["person_id"] == "carla-mendes"}
    return titles | {"Platform", "alice-chen", "Alice", "Carla", "carla-mendes", "Mendes"}


def test_an_employee_asking_about_a_peer_is_refused_without_data(engine, demo_coach):
    _, reply = turn(engine, "ben-okafor", "Q3 feedback for Carla")
    assert reply.kind == "refusal" and reply.draft is None and reply.sources == []
    assert not any(w in reply.text for w in _carla_words())
    _, unknown = turn(engine, "ben-okafor", "Q3 feedback for Zed Nobody")
    assert unknown.text == reply.text  # the same answer whether or not the person exists
    denied = [r for r in demo_coach.sql.audit_log(200, "ben-okafor") if r.action == "chat"]
    assert any(r.decision == "denied" and r.subject_id == "carla-mendes" for r in denied)
    _, zh = turn(engine, "li-na", "给张伟写一份反馈")
    assert zh.kind == "refusal" and zh.lang == "zh" and "张伟" not in zh.text and "Growth" not in zh.text
    # "my manager", "everyone": not a draft about the employee themself, the same refusal
    for text in ("Q3 feedback for my manager", "feedback for everyone"):
        _, upward = turn(engine, "ben-okafor", text)
        assert (upward.kind, upward.text, upward.draft) == ("refusal", reply.text, None)


def test_a_manager_asking_outside_the_line_is_refused(engine, demo_coach):
    before = len(demo_coach.sql.list_drafts(1000, requester_id="alice-chen"))
    _, reply = turn(engine, "alice-chen", "Q3 feedback for 李娜")
    assert reply.kind == "refusal" and "李娜" not in reply.text and "王磊" not in reply.text
    _, unknown = turn(engine, "alice-chen", "Q3 feedback for Nobody Known")
    assert unknown.text == reply.text
    assert len(demo_coach.sql.list_drafts(1000, requester_id="alice-chen")) == before


def test_two_people_at_once_is_a_question_with_one_action_each(engine):
    _, reply = turn(engine, "alice-chen", "Q3 feedback for Carla and Daniel")
    assert reply.kind == "clarify" and reply.draft is None
    assert [a["message"] for a in reply.actions] == ["Q3 feedback for carla-mendes", "Q3 feedback for daniel-park"]


def test_hr_may_see_anyone_and_it_is_audited(engine, demo_coach):
    _, nobody = turn(engine, "zhou-ting", "Q3 feedback for Zed Nobody")
    assert nobody.kind == "refusal" and "reporting line" not in nobody.text  # HR has no line to be outside of
    _, reply = turn(engine, "zhou-ting", "Q3 feedback for Ben Okafor")
    assert reply.kind == "draft" and reply.draft["subject_id"] == "ben-okafor"
    audit = demo_coach.sql.audit_log(50, "zhou-ting")
    assert any(
        (r.action, r.decision, r.reason, r.subject_id) == ("retrieve", "allowed", "hr", "ben-okafor") for r in audit
    )


def test_sessions_resume_with_all_messages(engine, demo_coach):
    _, first = turn(engine, "wang-lei", "张伟上半年的反馈")
    session = first.session_id
    # a new engine (a restarted server) continues the same conversation from storage
    restarted = ChatEngine(demo_coach, today=TODAY)
    _, second = turn(restarted, "wang-lei", "更简短一些", session)
    assert second.kind == "revision" and second.draft["subject_id"] == "zhang-wei"
    messages = restarted.sessions.messages("wang-lei", session)
    assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
    assert [m.text for m in messages[::2]] == ["张伟上半年的反馈", "更简短一些"]
    assert messages[1].reply == first and messages[3].reply == second
    listed = restarted.sessions.list("wang-lei")
    assert listed[0].id == session and listed[0].messages == 4 and listed[0].title == "张伟上半年的反馈"
    with pytest.raises(NotFound):
        restarted.sessions.get("alice-chen", session)
    with pytest.raises(NotFound):
        restarted.sessions.messages("alice-chen", session)
    events = list(restarted.stream("alice-chen", "shorter", session_id=session))
    assert [e.type for e in events] == ["error"] and events[0].data["code"] == "not_found"


def test_an_empty_session_is_named_by_its_first_message(engine):
    empty = engine.sessions.create("alice-chen")  # as the OpenAI API and "new chat" make them
    events, _ = turn(engine, "alice-chen", "Q3 feedback for Daniel\nfocus on delivery", empty.id)
    assert events[0].data["title"] == "Q3 feedback for Daniel"
    turn(engine, "alice-chen", "shorter", empty.id)
    assert engine.sessions.get("alice-chen", empty.id).title == "Q3 feedback for Daniel"


def test_accepting_a_draft(engine, demo_coach):
    _, draft = turn(engine, "alice-chen", "feedback for Emma for 2026Q2")
    accepted = engine.accept("alice-chen", draft.session_id, draft.draft["id"])
    assert accepted.kind == "accepted" and draft.draft["id"] in accepted.text
    _, again = turn(engine, "alice-chen", "accept", draft.session_id)
    assert again.kind == "accepted" and "already" in again.text
    assert engine.sessions.accepted(draft.draft["id"])
    with pytest.raises(NotFound):
        engine.accept("alice-chen", draft.session_id, "not-a-draft")
    with pytest.raises(NotFound):
        engine.accept("ben-okafor", draft.session_id, draft.draft["id"])
    audit = demo_coach.sql.audit_log(20, "alice-chen")
    assert any(r.action == "chat_accept" and r.details == {"draft_id": draft.draft["id"]} for r in audit)


def test_sources_show_an_event_only_as_it_is_now(small_org):
    engine = ChatEngine(small_org, today=TODAY)
    draft = engine.reply("mgr", "feedback for ann for 2026H1")
    opted_out = draft.draft["cited_event_ids"][0]
    event = next(e for e in SMALL_EVENTS if e.id == opted_out)
    ingest_models(small_org, events=[event.model_copy(update={"visibility": "excluded_from_ai"})])

    sources = engine.reply("mgr", "sources", draft.session_id)

    assert sources.kind == "sources" and sources.sources
    assert opted_out not in [e["id"] for e in sources.sources] and f"[{opted_out}]" not in sources.text


def test_opening_an_event_rechecks_access(engine):
    private = "ev-carla-mendes-034"  # private: Carla and her direct manager only
    assert engine.event("alice-chen", private)["id"] == private
    assert engine.event("carla-mendes", private)["title"]
    for user in ("david-morgan", "ben-okafor", "zhou-ting"):
        with pytest.raises(NotFound) as caught:
            engine.event(user, private)
        assert "promotion" not in str(caught.value)
    with pytest.raises(NotFound):
        engine.event("alice-chen", "ev-li-na-001")
    with pytest.raises(NotFound):
        engine.event("alice-chen", "ev-does-not-exist")


def test_errors_are_one_readable_event(engine, demo_coach):
    events = list(engine.stream("nobody", "hello"))
    assert [e.type for e in events] == ["error"] and events[0].data["code"] == "not_found"
    assert events[0].data["message"] == "Unknown user 'nobody'."
    too_long = list(engine.stream("alice-chen", "x" * 30_000))
    assert too_long[-1].type == "error" and too_long[-1].data["code"] == "bad_input"
    assert too_long[-1].data["message"] == "The message is too long (30000 characters); the limit is 20000."
    with pytest.raises(BadInput):
        engine.reply("alice-chen", "x" * 30_000)

    class Broken:
        id = "broken"

        def generate(self, *args, **kwargs):
            raise RuntimeError("secret internals at line 42")

    broken = ChatEngine(demo_coach, provider=Broken(), today=TODAY)
    events = list(broken.stream("alice-chen", "feedback for Farid for 2026Q1"))
    assert events[0].type == "session" and events[-1].type == "error"
    assert events[-1].data["code"] == "internal" and "secret" not in events[-1].data["message"]
    messages = broken.sessions.messages("alice-chen", events[0].data["session_id"])
    assert [m.role for m in messages] == ["user", "assistant"] and messages[1].reply is None


def test_without_a_draft_revise_and_sources_ask_what_to_do_first(engine):
    _, reply = turn(engine, "alice-chen", "make it shorter")
    assert reply.kind == "clarify" and "no draft" in reply.text
    _, zh = turn(engine, "wang-lei", "第2条的依据")
    assert zh.kind == "clarify" and zh.lang == "zh" and "还没有草稿" in zh.text


def test_concurrent_turns_share_one_engine(engine):
    asks = [
        ("alice-chen", "feedback for Ben for 2026H1", "draft", "ben-okafor"),
        ("alice-chen", "feedback for Priya for 2026Q3", "draft", "priya-raman"),
        ("wang-lei", "给李娜写一份第二季度的反馈", "draft", "li-na"),
        ("wang-lei", "赵敏2026年上半年的反馈", "draft", "zhao-min"),
        ("ben-okafor", "Q3 feedback for Carla", "refusal", None),
        ("zhou-ting", "feedback for Daniel Park for 2026Q3", "draft", "daniel-park"),
        ("li-na", "帮我制定2026年下半年的目标", "goals", "li-na"),
        ("david-morgan", "feedback for Farid for 2026Q2", "draft", "farid-haddad"),
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda a: engine.reply(a[0], a[1]), asks))
    for (user, _, kind, subject), reply in zip(asks, replies, strict=True):
        assert reply.kind == kind, (user, reply.text)
        if subject:
            assert reply.draft["subject_id"] == subject and reply.draft["requester_id"] == user
            cited_ok(reply.draft) if kind == "draft" else None
        assert [m.role for m in engine.sessions.messages(user, reply.session_id)] == ["user", "assistant"]
    assert len({r.session_id for r in replies}) == len(asks)


def test_asking_for_another_language_redrafts_the_current_draft(engine):
    _, zh = turn(engine, "wang-lei", "Q3 feedback for Li Na, focus on collaboration")
    assert (zh.lang, zh.draft["language"]) == ("en", "zh")  # an English request about a Chinese-speaking person
    _, en = turn(engine, "wang-lei", "in English please", zh.session_id)
    assert (en.kind, en.draft["language"], en.draft["period"], en.intent.focus) == (
        "draft",
        "en",
        "2026Q3",
        "collaboration",
    )
    cited_ok(en.draft)


def test_the_current_draft_is_found_past_many_later_replies(engine):
    _, draft = turn(engine, "alice-chen", "feedback for Farid for 2026Q3")
    for _ in range(25):  # more than one batch of replies to read back through
        turn(engine, "alice-chen", "help", draft.session_id)
    _, short = turn(engine, "alice-chen", "shorter", draft.session_id)
    assert short.kind == "revision" and short.draft["subject_id"] == "farid-haddad"
    assert engine.sessions.get("alice-chen", draft.session_id).messages == 2 * 27
