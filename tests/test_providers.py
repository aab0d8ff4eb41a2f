"""The OpenAI-compatible provider against a fake HTTP endpoint: structured output, repair, retries, faults."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from assistant.drafting.providers.base import DraftContext
from assistant.drafting.providers.openai_compat import (
    OpenAICompatProvider,
    ProviderOutputError,
    ProviderUnavailable,
    extract_json,
)
from assistant.drafting.schemas import FeedbackDraft
from prompts.renderer import RenderedPrompt, get_template

GOOD = {
    "summary": "Solid quarter.",
    "statements": [{"section": "strength", "text": "Shipped the cache; p95 fell to 210 ms.", "event_ids": ["e1"]}],
}
PROMPT = RenderedPrompt(template=get_template("feedback_draft", "en"), system="system text", user="user text")
CONTEXT = DraftContext(task="feedback_draft", language="en", subject_name="Ann", events=[])


def completion(content: str | None = None, tool_args: dict | None = None) -> dict:
    message: dict = {"role": "assistant", "content": content}
    if tool_args is not None:
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "FeedbackDraft", "arguments": json.dumps(tool_args)},
            }
        ]
    return {
        "id": "c1",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class Endpoint:
    """A scripted OpenAI-compatible endpoint: each request pops the next response factory."""

    def __init__(self, *script: Callable[[dict], httpx.Response]) -> None:
        self.script = list(script)
        self.requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        return self.script.pop(0)(body)


def ok(content: str | None = None, tool_args: dict | None = None) -> Callable[[dict], httpx.Response]:
    return lambda _body: httpx.Response(200, json=completion(content, tool_args))


def status(code: int, message: str = "error", headers: dict | None = None) -> Callable[[dict], httpx.Response]:
    return lambda _body: httpx.Response(code, json={"error": {"message": message, "type": "x"}}, headers=headers or {})


def timeout() -> Callable[[dict], httpx.Response]:
    def raise_timeout(_body: dict) -> httpx.Response:
        raise httpx.ReadTimeout("timed out")

    return raise_timeout


def provider(endpoint: Endpoint, **kwargs) -> tuple[OpenAICompatProvider, list[float]]:
    sleeps: list[float] = []
    p = OpenAICompatProvider(
        "fake-model",
        base_url="http://fake.local/v1",
        api_key="k",
        http_client=httpx.Client(transport=httpx.MockTransport(endpoint)),
        sleep=sleeps.append,
        **kwargs,
    )
    return p, sleeps


def test_json_schema_is_asked_first_and_parsed():
    endpoint = Endpoint(ok(json.dumps(GOOD)))
    p, _ = provider(endpoint)
    gen = p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert gen.parsed == FeedbackDraft.model_validate(GOOD)
    assert (gen.engine, gen.method, gen.attempts, gen.repaired) == ("openai:fake-model", "json_schema", 1, False)
    assert endpoint.requests[0]["response_format"]["type"] == "json_schema"
    assert endpoint.requests[0]["messages"][0] == {"role": "system", "content": "system text"}


def test_an_endpoint_without_json_schema_falls_back_to_json_object_and_remembers():
    endpoint = Endpoint(
        status(400, "response_format json_schema is not supported"), ok(json.dumps(GOOD)), ok(json.dumps(GOOD))
    )
    p, _ = provider(endpoint)
    assert p.generate(PROMPT, FeedbackDraft, CONTEXT).method == "json_object"
    assert endpoint.requests[1]["response_format"]["type"] == "json_object"
    assert "schema" in endpoint.requests[1]["response_format"]  # llama.cpp constrains decoding with it
    p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert endpoint.requests[2]["response_format"]["type"] == "json_object"  # no second try of json_schema


def test_tool_calling_method():
    endpoint = Endpoint(ok(None, tool_args=GOOD))
    p, _ = provider(endpoint, method="tools")
    gen = p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert gen.method == "tools" and gen.parsed.statements[0].event_ids == ["e1"]
    assert endpoint.requests[0]["tool_choice"]["function"]["name"] == "FeedbackDraft"


def test_malformed_json_is_repaired_once():
    endpoint = Endpoint(ok('Sure! {"summary": "x", "statements": [ }'), ok("```json\n" + json.dumps(GOOD) + "\n```"))
    p, _ = provider(endpoint)
    gen = p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert gen.repaired is True and gen.parsed.summary == "Solid quarter."
    repair = endpoint.requests[1]["messages"]
    assert repair[-2]["role"] == "assistant" and repair[-1]["content"].startswith("Your answer was not valid")


def test_schema_invalid_output_is_reported_not_crashed():
    bad = json.dumps({"summary": "x", "statements": []})
    endpoint = Endpoint(ok(bad), ok(bad))
    p, _ = provider(endpoint)
    with pytest.raises(ProviderOutputError, match=r"does not match FeedbackDraft after one repair: statements"):
        p.generate(PROMPT, FeedbackDraft, CONTEXT)


def test_429_then_success_backs_off_honouring_retry_after():
    endpoint = Endpoint(status(429, "slow down", {"retry-after": "2"}), status(429, "slow down"), ok(json.dumps(GOOD)))
    p, sleeps = provider(endpoint, backoff=0.25)
    gen = p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert gen.attempts == 3
    assert sleeps == [2.0, 0.5]  # Retry-After honoured, then exponential backoff (0.25 * 2)


def test_timeouts_are_retried_then_reported_unavailable():
    endpoint = Endpoint(timeout(), timeout(), timeout())
    p, sleeps = provider(endpoint, max_retries=2, backoff=0.1)
    with pytest.raises(ProviderUnavailable, match="failed after 3 attempts: request timed out"):
        p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert sleeps == [0.1, 0.2]


def test_500_until_retries_run_out():
    endpoint = Endpoint(*(status(500, "boom") for _ in range(4)))
    p, sleeps = provider(endpoint, max_retries=3, backoff=0.1)
    with pytest.raises(ProviderUnavailable, match="after 4 attempts: HTTP 500"):
        p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert sleeps == [0.1, 0.2, 0.4]


def test_other_client_errors_are_reported():
    endpoint = Endpoint(status(401, "bad key"))
    p, _ = provider(endpoint, method="json_object")
    with pytest.raises(ProviderUnavailable, match="HTTP 401"):
        p.generate(PROMPT, FeedbackDraft, CONTEXT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('Here you go:\n```json\n{"a": 2}\n```', {"a": 2}),
        ('prefix {"a": 3} suffix', {"a": 3}),
    ],
)
def test_extract_json(text, expected):
    assert extract_json(text) == expected


def test_extract_json_without_an_object():
    with pytest.raises(ValueError, match="no JSON object"):
        extract_json("I cannot help with that.")


def test_a_500_refusing_json_schema_moves_on_to_json_object_without_retrying():
    refusal = status(500, "1 validation error: response_format.type Input should be 'text' or 'json_object'")
    endpoint = Endpoint(refusal, ok(json.dumps(GOOD)))
    p, sleeps = provider(endpoint)
    gen = p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert gen.method == "json_object" and sleeps == []
    assert [r["response_format"]["type"] for r in endpoint.requests] == ["json_schema", "json_object"]


def test_hitting_the_token_limit_is_an_output_error():
    def truncated(_body: dict) -> httpx.Response:
        body = completion('{"summary": "Solid quarter.", "statements": [{"section": "str')
        body["choices"][0]["finish_reason"] = "length"
        return httpx.Response(200, json=body)

    endpoint = Endpoint(truncated, truncated)
    p, _ = provider(endpoint, method="json_schema", max_tokens=64)
    with pytest.raises(ProviderOutputError):
        p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert endpoint.requests[0]["max_completion_tokens"] == 64  # langchain-openai sends the current name


def test_a_failing_repair_request_is_an_output_error():
    endpoint = Endpoint(ok("not json at all"), status(400, "context_length_exceeded: the prompt is too long"))
    p, _ = provider(endpoint, method="json_object")
    with pytest.raises(ProviderOutputError, match=r"the repair request failed: .*context_length_exceeded"):
        p.generate(PROMPT, FeedbackDraft, CONTEXT)


def test_the_chinese_repair_request_is_in_chinese():
    endpoint = Endpoint(ok("没有 JSON"), ok(json.dumps(GOOD)))
    p, _ = provider(endpoint, method="json_object")
    zh = DraftContext(task="feedback_draft", language="zh", subject_name="李娜", events=[])
    assert p.generate(PROMPT, FeedbackDraft, zh).repaired is True
    assert endpoint.requests[1]["messages"][-1]["content"] == (
        "你的回答不是有效的结果：回答中没有找到 JSON 对象。请只回答一个符合 schema 的 JSON 对象。"
    )


def test_compatible_servers_also_get_max_tokens_in_the_body():
    endpoint = Endpoint(ok(json.dumps(GOOD)))
    p, _ = provider(endpoint, method="json_object", max_tokens=128)
    p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert (endpoint.requests[0]["max_tokens"], endpoint.requests[0]["max_completion_tokens"]) == (128, 128)


def test_an_outage_worded_with_invalid_is_still_retried():
    endpoint = Endpoint(status(500, "invalid state: worker crashed"), ok(json.dumps(GOOD)))
    p, sleeps = provider(endpoint, backoff=0.1)
    gen = p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert (gen.method, sleeps) == ("json_schema", [0.1])


def test_a_status_error_during_repair_is_a_provider_error():
    endpoint = Endpoint(ok("no json"), status(422, "unprocessable"))
    p, _ = provider(endpoint, method="json_object")
    with pytest.raises(ProviderUnavailable, match="HTTP 422 to the repair request"):
        p.generate(PROMPT, FeedbackDraft, CONTEXT)


def test_openai_itself_gets_only_max_completion_tokens():
    endpoint = Endpoint(ok(json.dumps(GOOD)))
    p = OpenAICompatProvider(
        "gpt-x",
        base_url="https://api.openai.com/v1",
        api_key="k",
        max_tokens=128,
        http_client=httpx.Client(transport=httpx.MockTransport(endpoint)),
    )
    p.generate(PROMPT, FeedbackDraft, CONTEXT)
    assert endpoint.requests[0]["max_completion_tokens"] == 128 and "max_tokens" not in endpoint.requests[0]
