"""Any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, DeepSeek, Qwen, vLLM, Ollama, llama.cpp).

Built on langchain's ``ChatOpenAI``. Structured output is asked for the strongest way the endpoint
supports, learnt on first use and remembered: ``json_schema``, then ``json_object`` (with the schema in
the prompt, and passed along for servers such as llama.cpp that constrain decoding with it), then tool
calling, then plain text. The answer is parsed into the pydantic schema; one repair round sends the
validation error back. Timeouts and 429/5xx are retried with exponential backoff (``Retry-After``
honoured, capped); when the endpoint stays down the caller falls back to the offline engine. ``generate``
blocks; ``agenerate`` runs the same steps with langchain's async API (``ainvoke``), for the server.

Every failure is a :class:`ProviderError` (``ProviderUnavailable`` or ``ProviderOutputError``): an HTTP 200
that is not a chat completion (invalid JSON, ``"choices": []``, ``{}``, an HTML page) included. A call never
outlasts ``DraftContext.deadline``: retries, backoff and reads stop when the draft's LLM budget is spent
(see ``http_guard``), and a cancelled turn raises ``Cancelled`` at once (under ``agenerate``: the awaited
request is cancelled with the task).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import openai
from pydantic import BaseModel, ValidationError

from assistant.core import telemetry
from assistant.core.cancellation import Cancelled, current_scope
from assistant.core.errors import ProviderError
from assistant.drafting.effects import awaiting, in_awaiting, wait_for
from assistant.drafting.providers.base import DraftContext, Generation
from assistant.drafting.providers.http_guard import guarded_client, time_budget
from prompts.renderer import RenderedPrompt

__all__ = ["METHODS", "OpenAICompatProvider", "ProviderOutputError", "ProviderUnavailable", "extract_json"]

_log = logging.getLogger(__name__)
METHODS = ("json_schema", "json_object", "tools", "text")
_RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError)
#: What the SDK (or langchain on top of it) raises on an HTTP 200 that is not a chat completion.
_MALFORMED = (openai.APIResponseValidationError, ValueError, TypeError, AttributeError, IndexError, KeyError)
_NO_JSON = "no JSON object found in the model's answer"
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
_OPENAI_HOSTS = re.compile(r"(^|\.|//)(api\.openai\.com|openai\.azure\.com)")


def max_tokens_body(base_url: str | None, max_tokens: int | None) -> dict[str, int] | None:
    """``extra_body`` that also caps an OpenAI-compatible server's answer.

    langchain sends the cap as ``max_completion_tokens``, which OpenAI wants; compatible servers
    (llama.cpp, older vLLM/Ollama) read ``max_tokens`` and silently ignore the new name, so send both there.
    """
    compatible = bool(base_url) and not _OPENAI_HOSTS.search(base_url or "")
    return {"max_tokens": max_tokens} if max_tokens is not None and compatible else None


class ProviderUnavailable(ProviderError):
    """The endpoint did not answer usefully after the allowed retries (timeouts, 429, 5xx)."""


class ProviderOutputError(ProviderError):
    """The endpoint answered, but not with output matching the schema, even after one repair."""


class _Malformed(Exception):
    """An HTTP 200 whose body is not a chat completion (a proxy's HTML page, invalid JSON, no choices)."""


class _FormatRejected(Exception):
    """The endpoint refused the structured-output method (some servers say so with HTTP 500)."""


def extract_json(text: str) -> Any:
    """The first JSON object in ``text``: bare, fenced in ``` or surrounded by prose.

    Raises:
        ValueError: no JSON object could be found.
    """
    candidates = [text.strip()]
    candidates += [m.strip() for m in _FENCE.findall(text)]
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise ValueError(_NO_JSON)


def _format_refusal(exc: Exception) -> bool:
    """A server error that names the structured-output feature itself (llama.cpp's 500), not an outage."""
    text = str(exc).lower()
    return any(w in text for w in ("response_format", "json_schema", "'json_object'", "tool_choice"))


def _unsupported_format(exc: openai.BadRequestError) -> bool:
    text = str(exc).lower()
    return any(
        w in text
        for w in (
            "response_format",
            "json_schema",
            "json_object",
            "tool",
            "function",
            "not supported",
            "unsupported",
            "invalid",
        )
    )


class OpenAICompatProvider:
    """``openai:<model>`` behind the provider interface."""

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        method: str = "auto",
        http_client: httpx.Client | None = None,
        temperature: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
        max_tokens: int | None = None,
    ) -> None:
        from langchain_openai import ChatOpenAI

        if method != "auto" and method not in METHODS:
            raise ProviderError(f"structured output method {method!r} is unknown; use auto or one of {METHODS}")
        self.id = f"openai:{model}"
        self.model = model
        extra_body = max_tokens_body(base_url, max_tokens)
        self._llm = ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key=api_key or "not-needed",  # type: ignore[arg-type]
            timeout=timeout,
            max_retries=0,
            temperature=temperature,
            http_client=http_client or guarded_client(),
            max_tokens=max_tokens,
            extra_body=extra_body,
        )
        self._methods = list(METHODS) if method == "auto" else [method]
        self._max_retries = max_retries
        self._backoff = backoff
        self._sleep = sleep

    # -- one call with retries ---------------------------------------------------------------------------

    def _call(self, messages: list[dict[str, Any]], deadline: float | None, **kwargs: Any) -> tuple[Any, int]:
        attempts = 0
        while True:
            attempts += 1
            self._check_time(deadline, attempts)
            try:
                with time_budget(deadline):
                    return self._invoke(messages, **kwargs), attempts
            except openai.LengthFinishReasonError as exc:
                raise ProviderOutputError(f"{self.id} stopped at the token limit before finishing its answer") from exc
            except openai.ContentFilterFinishReasonError as exc:
                raise ProviderOutputError(f"{self.id} stopped its answer for content filtering") from exc
            except openai.InternalServerError as exc:
                # llama.cpp answers an unsupported response_format with HTTP 500: not an outage, a "no".
                if ("response_format" in kwargs or "tools" in kwargs) and _format_refusal(exc):
                    raise _FormatRejected(str(exc)) from exc
                self._retry_or_raise(exc, attempts, deadline)
            except (*_RETRYABLE, _Malformed) as exc:
                self._retry_or_raise(exc, attempts, deadline)

    def _invoke(self, messages: list[dict[str, Any]], **kwargs: Any) -> Any:
        """One request: awaited through langchain's async API under :meth:`agenerate`, blocking otherwise; an
        answer that is not a chat completion becomes ``_Malformed``."""
        try:
            if in_awaiting():
                return wait_for(self._llm.ainvoke(messages, **kwargs))
            return self._llm.invoke(messages, **kwargs)
        except openai.OpenAIError as exc:
            if isinstance(exc, openai.APIResponseValidationError):
                raise _Malformed(f"HTTP 200 but not a chat completion: {_first_line(exc)}") from exc
            raise
        except _MALFORMED as exc:
            raise _Malformed(f"HTTP 200 but not a chat completion ({_malformed_reason(exc)})") from exc

    def _pause(self, seconds: float) -> None:
        """Back off before a retry (an ``asyncio.sleep`` under :meth:`agenerate`)."""
        if in_awaiting():
            wait_for(asyncio.sleep(seconds))
        else:
            self._sleep(seconds)

    def _check_time(self, deadline: float | None, attempt: int) -> None:
        scope = current_scope()
        if scope is not None and scope.cancelled:
            raise Cancelled(f"{self.id}: the request was cancelled ({scope.reason or 'client gone'})")
        if deadline is not None and time.monotonic() >= deadline:
            raise ProviderUnavailable(
                f"{self.id} did not answer within its time budget (attempt {attempt} of {self._max_retries + 1})"
            )

    def _retry_or_raise(self, exc: Exception, attempts: int, deadline: float | None) -> None:
        scope = current_scope()
        if scope is not None and scope.cancelled:
            raise Cancelled(f"{self.id}: the request was cancelled ({scope.reason or 'client gone'})") from exc
        if attempts > self._max_retries:
            raise ProviderUnavailable(f"{self.id} failed after {attempts} attempts: {_describe(exc)}") from exc
        delay = self._delay(exc, attempts)
        if deadline is not None and time.monotonic() + delay >= deadline:
            raise ProviderUnavailable(
                f"{self.id} failed after {attempts} attempts, and no time is left in its budget to retry: "
                f"{_describe(exc)}"
            ) from exc
        self._pause(delay)

    def _delay(self, exc: Exception, attempt: int) -> float:
        response = getattr(exc, "response", None)
        if response is not None:
            header = response.headers.get("retry-after-ms") or ""
            if header.replace(".", "", 1).isdigit():
                return min(float(header) / 1000, 10.0)
            header = response.headers.get("retry-after") or ""
            if header.replace(".", "", 1).isdigit():
                return min(float(header), 10.0)
        return min(self._backoff * 2 ** (attempt - 1), 10.0)

    def _request(
        self, method: str, messages: list[dict[str, Any]], schema: type[BaseModel], deadline: float | None = None
    ) -> tuple[str, int]:
        json_schema = _json_schema(schema)
        if method == "json_schema":
            message, attempts = self._call(
                messages,
                deadline,
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": schema.__name__, "schema": json_schema, "strict": False},
                },
            )
        elif method == "json_object":
            message, attempts = self._call(
                messages, deadline, response_format={"type": "json_object", "schema": json_schema}
            )
        elif method == "tools":
            tool = {
                "type": "function",
                "function": {"name": schema.__name__, "description": schema.__doc__ or "", "parameters": json_schema},
            }
            message, attempts = self._call(
                messages,
                deadline,
                tools=[tool],
                tool_choice={"type": "function", "function": {"name": schema.__name__}},
            )
            calls = getattr(message, "tool_calls", None) or []
            if calls:
                return json.dumps(calls[0]["args"], ensure_ascii=False), attempts
        else:
            message, attempts = self._call(messages, deadline)
        content = message.content if isinstance(message.content, str) else json.dumps(message.content)
        return content, attempts

    # -- the interface ----------------------------------------------------------------------------------------

    async def agenerate(self, prompt: RenderedPrompt, schema: type[BaseModel], context: DraftContext) -> Generation:
        """:meth:`generate` with every request awaited (``ainvoke``) and every back-off an ``asyncio.sleep``:
        a turn waiting for the model holds no thread, and cancelling this coroutine cancels the request."""
        return await awaiting(self.generate, prompt, schema, context)

    def generate(self, prompt: RenderedPrompt, schema: type[BaseModel], context: DraftContext) -> Generation:
        """Ask for ``schema``; repair once; raise ``ProviderUnavailable`` or ``ProviderOutputError``."""
        started = time.perf_counter()
        outcome = "error"
        try:
            generation = self._generate(prompt, schema, context)
            outcome = "repaired" if generation.repaired else "ok"
            return generation
        except ProviderUnavailable:
            outcome = "unavailable"
            raise
        except ProviderOutputError:
            outcome = "bad_output"
            raise
        except (Cancelled, asyncio.CancelledError):
            outcome = "cancelled"
            raise
        except ProviderError:
            raise
        except Exception as exc:  # whatever the SDK or the endpoint does, the caller gets a ProviderError
            outcome = "bad_output"
            raise ProviderOutputError(
                f"{self.id} failed unexpectedly: {type(exc).__name__}: {_first_line(exc)}"
            ) from exc
        finally:
            seconds = time.perf_counter() - started
            telemetry.count("llm_calls", model=self.model, outcome=outcome)
            telemetry.observe("llm_call_seconds", seconds, model=self.model)
            _log.info(
                "LLM call to %s: %s in %.0f ms",
                self.id,
                outcome,
                seconds * 1000,
                extra={"model": self.model, "outcome": outcome, "ms": round(seconds * 1000, 1)},
            )

    def _generate(self, prompt: RenderedPrompt, schema: type[BaseModel], context: DraftContext) -> Generation:
        deadline = context.deadline
        messages: list[dict[str, Any]] = prompt.messages()
        started = time.perf_counter()
        total_attempts = 0
        while True:
            method = self._methods[0]
            try:
                raw, attempts = self._request(method, messages, schema, deadline)
                total_attempts += attempts
                break
            except (openai.BadRequestError, _FormatRejected) as exc:
                if len(self._methods) > 1 and (isinstance(exc, _FormatRejected) or _unsupported_format(exc)):
                    if self._methods[0] == method:  # remember: this endpoint does not take that method
                        self._methods.pop(0)  # (unless a concurrent turn learnt it first)
                    continue
                raise ProviderOutputError(f"{self.id} rejected the request: {_first_line(exc)}") from exc
            except openai.APIStatusError as exc:
                raise ProviderUnavailable(f"{self.id} answered HTTP {exc.status_code}: {_first_line(exc)}") from exc
        notes: list[str] = []
        try:
            parsed = schema.model_validate(extract_json(raw))
            repaired = False
        except (ValueError, ValidationError) as first_error:
            repair = [
                *messages,
                {"role": "assistant", "content": raw},
                {"role": "user", "content": _repair_request(first_error, context.language)},
            ]
            try:
                raw2, attempts = self._request(method, repair, schema, deadline)
            except (openai.BadRequestError, _FormatRejected) as exc:  # e.g. the repair overflows the context
                raise ProviderOutputError(
                    f"{self.id} output does not match {schema.__name__} ({_short(first_error)}) and the repair "
                    f"request failed: {_first_line(exc)}"
                ) from exc
            except openai.APIStatusError as exc:
                raise ProviderUnavailable(
                    f"{self.id} answered HTTP {exc.status_code} to the repair request: {_first_line(exc)}"
                ) from exc
            total_attempts += attempts
            try:
                parsed = schema.model_validate(extract_json(raw2))
            except (ValueError, ValidationError) as second_error:
                raise ProviderOutputError(
                    f"{self.id} output does not match {schema.__name__} after one repair: "
                    f"{_short(second_error)}; first answer began {raw[:120]!r}"
                ) from second_error
            raw, repaired = raw2, True
            notes.append(f"{self.id}: output repaired after: {_short(first_error)}")
        return Generation(
            parsed=parsed,
            raw=raw,
            engine=self.id,
            model=self.model,
            method=method,
            attempts=total_attempts,
            repaired=repaired,
            latency_ms=(time.perf_counter() - started) * 1000,
            notes=notes,
        )


@functools.lru_cache(maxsize=16)
def _json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """A schema class's JSON schema, built once per process rather than once per request."""
    return schema.model_json_schema()


def _first_line(exc: Exception, limit: int = 300) -> str:
    """An error as one short line (servers may answer with a whole traceback)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _malformed_reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg}"
    if isinstance(exc, IndexError):
        return "no choices"
    if isinstance(exc, AttributeError) and "'str' object" in str(exc):
        return "the body is text, not JSON: an error page from a proxy?"
    if isinstance(exc, (TypeError, AttributeError, KeyError)):
        return f"not the shape of a chat completion: {type(exc).__name__}: {_first_line(exc, 120)}"
    return _first_line(exc, 160)


def _describe(exc: Exception) -> str:
    """A sentence for a failed call: the HTTP status and message, or what kind of failure it was."""
    if isinstance(exc, _Malformed):
        return str(exc)
    code = getattr(exc, "status_code", None)
    if code is not None:
        return f"HTTP {code}: {_first_line(Exception(getattr(exc, 'message', exc)))}"
    if isinstance(exc, openai.APITimeoutError):
        return "request timed out"
    return f"connection failed: {exc}"


def _short(error: Exception, lang: str = "en") -> str:
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        return f"{'.'.join(str(p) for p in first['loc']) or '(root)'}: {first['msg']}"
    if lang == "zh" and str(error) == _NO_JSON:
        return "回答中没有找到 JSON 对象"
    return _first_line(error)


def _repair_request(error: Exception, lang: str) -> str:
    if lang == "zh":
        return f"你的回答不是有效的结果：{_short(error, 'zh')}。请只回答一个符合 schema 的 JSON 对象。"
    return (
        f"Your answer was not valid: {_short(error)}. Answer again with only the JSON object that matches the schema."
    )
