"""The chat's LLM router and ``coach eval run`` against a real OpenAI-compatible server, replayed from cassettes.

The same harness as ``tests/test_cassettes.py`` (its cassette hygiene, JSON-body matcher and endpoint variables
are imported from there), on the demo org: three chat turns with ``provider = openai:<model>`` (the ``route``
tool call, then the drafting chain) and one eval run comparing the offline engine with the model. The cassettes
are in ``tests/cassettes/test_cassettes_chat_evals/``; ``make record-cassettes`` records them with
``COACH_TEST_RECORD_CASSETTES=1`` (docs/cassettes.md).

SmolLM2-135M is a weak router: it calls ``route`` but drops the name the user wrote, or picks the wrong kind.
What these tests pin down is what the code does with that: names and access are decided in code, and a routing
that cannot act yields to the deterministic parser, so the manager still gets a draft and the employee the refusal.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cassette_harness import (  # the harness: cassette hygiene, matcher, endpoint and the loopback exception
    API_KEY,
    BASE_URL,
    RECORDING,
    _recording_endpoint_reachable,  # noqa: F401  (an autouse fixture: active in this module too)
    _vcr,
)
from test_cassettes import MODEL
from vcr.cassette import Cassette

from assistant.chat.engine import ChatEngine, visible_people
from assistant.chat.intents import Clarify, SessionState
from assistant.chat.router import llm_router, route
from assistant.chat.strings import say
from assistant.chat.types import ChatReply, Intent
from assistant.core.container import Coach
from assistant.demo.load import load_demo
from evals.outputs import write_run
from evals.runner import RunOptions, run_suite
from evals.suite import load_suite
from prompts.renderer import RenderedPrompt

from conftest import make_coach

CASSETTES = Path(__file__).resolve().parent / "cassettes" / Path(__file__).stem
SUITE = Path(__file__).resolve().parent / "fixtures" / "evals" / "smollm2.yaml"
SPEC = f"openai:{MODEL}"
TODAY = date(2026, 11, 26)
"""What "Q3" is relative to, and the ``today`` in the route prompt: a fixed day keeps the requests the same."""
MAX_TOKENS = 384
"""``llm_max_tokens`` for every request here: bounds a CPU recording (the default is 2048)."""


@contextmanager
def _cassette(name: str) -> Iterator[Cassette]:
    """``<name>.yaml`` in this module's folder, recorded or replayed as in ``tests/test_cassettes.py``."""
    if RECORDING:  # a recording starts empty: vcrpy's "all" would keep the old interactions in memory
        (CASSETTES / f"{name}.yaml").unlink(missing_ok=True)
    recorder = _vcr(library=CASSETTES)
    with recorder.use_cassette(f"{name}.yaml") as cassette:
        yield cassette
    if not RECORDING:
        assert cassette.all_played, f"{name}.yaml has interactions the test no longer makes: re-record it"


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Iterator[Cassette]:
    with _cassette(request.node.name) as c:
        yield c


@pytest.fixture(scope="module")
def llm_coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    """The demo org on a Coach whose provider is the recorded model (no revise rounds: see test_cassettes)."""
    if RECORDING and os.environ.get("COACH_TEST_RECORD_MODEL", MODEL) != MODEL:
        pytest.fail(f"these cassettes pin {MODEL}'s answers; record them from it, or change MODEL and the assertions")
    coach = make_coach(
        tmp_path_factory.mktemp("chat-evals") / "data",
        provider=SPEC,
        openai_base_url=BASE_URL,
        openai_api_key=API_KEY,
        llm_max_tokens=MAX_TOKENS,
        llm_max_retries=0,  # a request missing from the cassette must not be retried into another one
        llm_timeout=600.0 if RECORDING else 10.0,
        revise_rounds=0,
        prompt_versions={"feedback_draft": 1},  # the prompt these cassettes were recorded with
    )
    assert load_demo(coach) is True
    return coach


# -- reading a cassette ----------------------------------------------------------------------------------------


def _exchanges(cassette: Cassette) -> list[tuple[dict[str, Any], int, dict[str, Any]]]:
    """(request body, status, response body) of each chat completion in the cassette, in order; no key stored."""
    assert not any({"authorization", "api-key"} & {k.lower() for k in r.headers} for r in cassette.requests)
    return [
        (json.loads(request.body), response["status"]["code"], json.loads(response["body"]["string"]))
        for request, response in zip(cassette.requests, cassette.responses, strict=True)
        if request.path.endswith("/chat/completions")
    ]


def _kind(body: dict[str, Any]) -> str:
    """What a request asked for: the route tool, or a draft with one structured-output method."""
    if body.get("tools"):
        return body["tools"][0]["function"]["name"]
    return body["response_format"]["type"]


# -- chat -------------------------------------------------------------------------------------------------------


class _Spy:
    """The real router, keeping the arguments of each ``route`` call (a failed call keeps nothing)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.answers = inner, []

    def route(self, prompt: RenderedPrompt) -> dict[str, Any]:
        answer = self.inner.route(prompt)
        self.answers.append(answer)
        return answer


class _Fixed:
    """A router that answers with given arguments: what ``route`` decides on them alone, without the parser."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = answer

    def route(self, prompt: RenderedPrompt) -> dict[str, Any]:
        return self.answer


def _turn(coach: Coach, user_id: str, text: str) -> tuple[ChatReply, dict[str, Any], Intent | Clarify]:
    """One chat turn through the LLM router: the reply, the model's route arguments, and what ``route`` made
    of those arguments on its own (before the engine compared it with the deterministic parser)."""
    spy = _Spy(llm_router(coach.settings))
    reply = ChatEngine(coach, router=spy, today=TODAY).reply(user_id, text)
    assert len(spy.answers) == 1, "the route call failed (not in the cassette?): re-record"
    user = coach.sql.get_user(user_id)
    assert user is not None
    alone = route(
        _Fixed(spy.answers[0]),
        text,
        user=user,
        visible_people=visible_people(coach, user),
        today=TODAY,
        session_state=SessionState(),
    )
    assert alone is not None
    return reply, spy.answers[0], alone


def test_manager_en_router_drops_the_name_and_the_parser_drafts(llm_coach, cassette):
    """The model calls ``route`` with ``kind`` only: no person. On its own that is a question back ("who is the
    feedback for?"); the deterministic parser found Daniel, so it wins and the chain drafts. The draft request
    goes ``json_schema`` (500) then ``json_object``, which runs into the token cap: the offline engine writes it.
    """
    reply, args, alone = _turn(llm_coach, "alice-chen", "Q3 feedback for Daniel, focus on collaboration")

    exchanges = _exchanges(cassette)
    assert [(_kind(body), status) for body, status, _ in exchanges] == [
        ("route", 200),
        ("json_schema", 500),
        ("json_object", 200),
    ]
    route_body, _, route_answer = exchanges[0]
    assert route_body["tool_choice"] == {"type": "function", "function": {"name": "route"}}
    assert (route_body["max_tokens"], route_body["max_completion_tokens"]) == (MAX_TOKENS, MAX_TOKENS)
    assert "Today is 2026-11-26." in route_body["messages"][1]["content"]
    assert route_answer["choices"][0]["finish_reason"] == "tool_calls"
    assert args == {"kind": "draft_feedback"}
    assert isinstance(alone, Clarify) and (alone.reason, alone.refuse) == ("need_subject", False)

    assert reply.kind == "draft" and reply.intent is not None
    assert (reply.intent.subject_id, reply.intent.period, reply.intent.focus) == (
        "daniel-park",
        "2026Q3",
        "collaboration",
    )
    draft = reply.draft
    assert draft is not None
    assert (draft["subject_id"], draft["period"], draft["language"]) == ("daniel-park", "2026Q3", "en")
    assert (draft["engine"], draft["fallback_from"]) == ("offline", SPEC)
    assert [n for n in draft["notes"] if "failed" in n] == [
        f"{SPEC} failed, offline engine used instead: {SPEC} stopped at the token limit before finishing its answer"
    ]
    answer = exchanges[2][2]
    assert answer["choices"][0]["finish_reason"] == "length"
    assert answer["usage"] == {"prompt_tokens": 3302, "completion_tokens": MAX_TOKENS, "total_tokens": 3686}
    assert answer["choices"][0]["message"]["content"].startswith(
        '{ "summary": "Draft feedback for Daniel Park (Software Engineering, L4) on 2026-13-28. Dated: 2026-13-29."'
    )  # a month 13, then one statement that runs on until the cap
    assert draft["statements"] and all(s["event_ids"] for s in draft["statements"])
    assert all(i.startswith("ev-daniel-park-") for i in draft["cited_event_ids"])
    assert reply.text.startswith("**Feedback draft for Daniel Park — 2026Q3**")


def test_manager_zh_router_picks_revise_and_the_parser_drafts(llm_coach, cassette):
    """In Chinese the model routes to ``revise`` (there is no draft to revise): on its own a question back. The
    parser understood 李娜, Q3 and 协作, so it wins. The Chinese draft prompt does not fit the 4096-token context
    with the cap: ``json_object`` gets HTTP 400 and the offline engine writes the draft, with a note saying why.
    """
    reply, args, alone = _turn(llm_coach, "wang-lei", "给李娜写一份第三季度的反馈，重点是协作")

    exchanges = _exchanges(cassette)
    assert [(_kind(body), status) for body, status, _ in exchanges] == [
        ("route", 200),
        ("json_schema", 500),
        ("json_object", 400),
    ]
    assert "今天是 2026-11-26。" in exchanges[0][0]["messages"][1]["content"]
    assert args == {"kind": "revise", "language": "zh"}
    assert isinstance(alone, Clarify) and alone.reason == "need_draft"

    assert reply.kind == "draft" and reply.lang == "zh" and reply.intent is not None
    assert (reply.intent.subject_id, reply.intent.period, reply.intent.focus) == ("li-na", "2026Q3", "协作")
    draft = reply.draft
    assert draft is not None
    assert (draft["subject_id"], draft["language"], draft["engine"], draft["fallback_from"]) == (
        "li-na",
        "zh",
        "offline",
        SPEC,
    )
    assert exchanges[2][2]["error"]["code"] == "context_length_exceeded"
    assert [n for n in draft["notes"] if "failed" in n] == [
        f"{SPEC} failed, offline engine used instead: {SPEC} rejected the request: Error code: 400 - This model's "
        "maximum context length is 4096 tokens. However, you requested 5298 tokens (4914 in the messages, 384 in the "
        "completion). Please reduce the length of the messages or completion."
    ]  # the note is in English inside a Chinese reply: provider errors are not translated
    assert all(i.startswith("ev-li-na-") for i in draft["cited_event_ids"]) and draft["cited_event_ids"]
    assert reply.text.startswith("**李娜的反馈草稿 — 2026Q3**")


def test_employee_asking_about_a_peer_is_refused_whatever_the_router_says(llm_coach, cassette):
    """An employee may ask only about themself. The prompt lists only Ben; the model calls ``route`` with
    ``smalltalk`` (on its own: a help reply, with no refusal and nothing audited). The parser reads a request
    about someone out of reach, a refusal, and that wins: the reply names no data about Carla, and is audited.
    """
    reply, args, alone = _turn(llm_coach, "ben-okafor", "feedback for Carla Mendes")

    [(body, status, _)] = _exchanges(cassette)
    assert (_kind(body), status) == ("route", 200)
    assert "People the user may ask about: Ben Okafor." in body["messages"][1]["content"]
    assert args == {"kind": "smalltalk"}
    assert isinstance(alone, Intent) and alone.kind == "smalltalk"

    assert (reply.kind, reply.draft, reply.sources) == ("refusal", None, [])
    assert reply.text == say("refuse.employee", "en")
    shown = reply.model_dump_json().lower()
    assert "carla" not in shown and "mendes" not in shown
    [audit] = llm_coach.sql.audit_log(limit=1, requester_id="ben-okafor")
    assert (audit.subject_id, audit.decision, audit.action) == ("carla-mendes", "denied", "chat")


# -- coach eval run -----------------------------------------------------------------------------------------


def test_eval_run_compares_offline_with_the_model(llm_coach, cassette, tmp_path):
    """Two cases (en, zh) on ``[offline, openai:<model>]``. The offline column passes; the model's drafts parse
    (the suite keeps the prompts short) but fail the suite's assertions, so both cases regress against the
    offline column and the run exits 1. Its token counts and the suite's made-up price give a cost.
    """
    doc = run_suite(
        llm_coach,
        load_suite(SUITE),
        RunOptions(concurrency=1, retries=0, cache_dir=tmp_path / "cache"),  # one at a time: a stable cassette
    )
    written = write_run(doc, llm_coach.settings.data_dir, out=tmp_path / "out")

    exchanges = _exchanges(cassette)
    assert [(_kind(body), status) for body, status, _ in exchanges] == [
        ("json_schema", 500),
        ("json_object", 200),
        ("json_object", 200),
    ]
    assert all(body["max_tokens"] == MAX_TOKENS for body, _, _ in exchanges)
    usage = [(answer["usage"]["prompt_tokens"], answer["usage"]["completion_tokens"]) for _, _, answer in exchanges[1:]]
    assert usage == [(1341, 142), (1588, 138)]  # the server's counts; the eval counts with tiktoken (below)
    assert [c["key"] for c in doc["columns"]] == ["latest|offline", f"latest|{SPEC}"]
    by_column = {(r["case_id"], r["provider"]): r for r in doc["results"]}
    assert {k: r["status"] for k, r in by_column.items()} == {
        ("en-daniel", "offline"): "pass",
        ("en-daniel", SPEC): "fail",
        ("zh-li-na", "offline"): "pass",
        ("zh-li-na", SPEC): "fail",
    }
    failed = {
        k: [(a["type"], a["message"]) for a in r["assertions"] if a["status"] != "pass"] for k, r in by_column.items()
    }
    assert failed == {
        ("en-daniel", "offline"): [],
        ("zh-li-na", "offline"): [],
        ("en-daniel", SPEC): [
            (
                "verdict",
                "verdict revise (findings: inaccessible_citation, no_development_area, no_next_step, unsupported, "
                "vague)",
            ),
            (
                "grounded",
                "grounding 0 < 100; inaccessible_citation: 'Organised a fortnightly study group on distributed systems "
                "design for 10 colleagues and prepared the exercises.'; unsupported: '10'",
            ),
            ("cites", "2 of 2 statements cite nothing (#0, #1)"),
        ],
        ("zh-li-na", SPEC): [
            ("verdict", "verdict revise (findings: no_development_area, no_strength, unsupported)"),
            (
                "grounded",
                "grounding 0 < 100; unsupported: '2026-09-18'; unsupported: '1'; unsupported: '2026-09-18'; "
                "unsupported: '1'",
            ),
            ("cites", "2 of 2 statements cite nothing (#0, #1)"),
        ],
    }
    # The model's drafts are kept as its own (no fallback): what it wrote, and what the chain made of it.
    en, zh = by_column[("en-daniel", SPEC)], by_column[("zh-li-na", SPEC)]
    assert (en["draft"]["engine"], zh["draft"]["engine"], en["error"], zh["error"]) == (SPEC, SPEC, None, None)
    assert [(st["section"], st["text"]) for st in en["draft"]["statements"]] == [
        ("strength", "One statement of a draft, with the ids of the events it rests on."),  # the schema's description
        (
            "development",
            "Organised a fortnightly study group on distributed systems design for 10 colleagues and prepared the "
            "exercises.",
        ),
    ]
    # it cited the JSON pointer "#/$defs/Statement" as an event: flagged by the guardrails, removed by the chain
    assert "Citations not in the evidence were removed: #/$defs/Statement" in en["draft"]["notes"]
    assert en["draft"]["cited_event_ids"] == [] == zh["draft"]["cited_event_ids"]
    assert [st["text"] for st in zh["draft"]["statements"]] == ["2026-09-18 14:53:57.18"] * 2
    # tokens (tiktoken) and cost at the suite's price (0.5 / 1.0 USD per 1M); offline sends no prompt and costs 0
    tokens_cost = {k: (r["tokens"]["prompt"], r["tokens"]["completion"], r["cost_usd"]) for k, r in by_column.items()}
    # the offline column's length follows the composer's wording; the model's is fixed by the cassette
    for case in ("en-daniel", "zh-li-na"):
        prompt, completion, cost = tokens_cost[(case, "offline")]
        assert (prompt, cost) == (0, 0.0) and completion > 100
    assert tokens_cost[("en-daniel", SPEC)] == (1201, 126, pytest.approx((1201 * 0.5 + 126 * 1.0) / 1e6))
    assert tokens_cost[("zh-li-na", SPEC)] == (1183, 97, pytest.approx((1183 * 0.5 + 97 * 1.0) / 1e6))
    regressions = [(r["kind"], r["case_id"], r["against"], r["message"]) for r in doc["regressions"]]
    assert [r[:3] for r in regressions] == [("version", c, "latest|offline") for c in ("en-daniel", "zh-li-na")]
    for _, case, _, message in regressions:
        assert message.startswith(f"{case}: passes on latest|offline but fails on latest|{SPEC} (scores ")
        assert "grounding -100" in message  # the model's numbers are in no event
    summary = {k: doc["summary"][k] for k in ("passed", "failed", "errors", "drafts_from_provider", "cost_usd")}
    assert summary == {"passed": 2, "failed": 2, "errors": 0, "drafts_from_provider": 4, "cost_usd": 0.001415}
    assert doc["exit_code"] == 1

    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "junit.xml",
        "report.html",
        "results.csv",
        "results.json",
        "summary.md",
    ]
    assert written["results.json"].read_bytes() == (out / "results.json").read_bytes()  # and kept in the data dir
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["exit_code"] == 1
    junit = (out / "junit.xml").read_text(encoding="utf-8")
    assert junit.count("<failure ") == 2 and 'tests="4" failures="2" errors="0"' in junit
    assert f'<testsuite name="smollm2_smoke[latest|{SPEC}]"' in junit
