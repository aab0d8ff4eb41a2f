"""The vcrpy harness of the cassette tests: cassette hygiene, the JSON-body matcher, the recording endpoint.

Shared by ``tests/test_cassettes.py`` and ``tests/test_cassettes_chat_evals.py`` (see the first one's
docstring for how to record). Cassettes of ``test_cassettes.py`` live in ``tests/cassettes/test_cassettes/``.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import vcr
import yaml
from vcr.cassette import Cassette
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.serializers import yamlserializer

from assistant.core.errors import ProviderError
from assistant.drafting.providers.base import DraftContext, Generation
from assistant.drafting.providers.openai_compat import OpenAICompatProvider
from prompts.renderer import RenderedPrompt

CASSETTES = Path(__file__).resolve().parent / "cassettes" / "test_cassettes"
REPLAY_BASE_URL = "http://127.0.0.1:8089/v1"
"""The base URL the cassettes are stored under; a recording from elsewhere is rewritten to it."""
RECORDING = os.environ.get("COACH_TEST_RECORD_CASSETTES", "") not in ("", "0")
BASE_URL = os.environ.get("COACH_TEST_RECORD_BASE_URL", REPLAY_BASE_URL).rstrip("/") if RECORDING else REPLAY_BASE_URL
API_KEY = os.environ.get("COACH_TEST_RECORD_API_KEY", "sk-recording")
_REAL_CONNECT = socket.socket.connect  # captured at import, before conftest's session-wide guard replaces it

_DROP_HEADERS = {"authorization", "api-key", "cookie", "set-cookie", "openai-organization", "openai-project"}
_DROP_HEADERS |= {"x-request-id", "request-id", "x-client-request-id", "cf-ray", "date", "server", "user-agent"}
_DROP_PREFIXES = ("x-stainless-", "x-ratelimit-", "openai-", "cf-", "x-envoy-", "azureml-", "apim-")


# -- cassette hygiene ----------------------------------------------------------------------------------------


def _keep_header(name: str) -> bool:
    name = name.lower()
    return name not in _DROP_HEADERS and not name.startswith(_DROP_PREFIXES)


def _pretty(body: bytes | str | None) -> bytes | str | None:
    """A JSON body re-serialised with indent=2 and real non-ASCII characters, so a cassette diff reads."""
    if not body:
        return body
    try:
        value = json.loads(body)
    except (TypeError, ValueError):
        return body
    return json.dumps(value, indent=2, ensure_ascii=False).encode()


def _clean_request(request: Any) -> Any:
    for name in [n for n in request.headers if not _keep_header(n) or n.lower() == "content-length"]:
        del request.headers[name]
    if request.uri.startswith(BASE_URL + "/"):
        request.uri = REPLAY_BASE_URL + request.uri[len(BASE_URL) :]
    request.body = _pretty(request.body)
    return request


def _stable(body: bytes | str | None) -> bytes | str | None:
    """A completion's random id and its timestamp replaced, so a re-recording diffs only where answers changed."""
    try:
        value = json.loads(body or "")
    except (TypeError, ValueError):
        return body
    if not isinstance(value, dict) or not str(value.get("id", "")).startswith("chatcmpl-"):
        return body
    random_part = value["id"].removeprefix("chatcmpl-")
    value["created"] = 0
    return json.dumps(value, ensure_ascii=False).replace(random_part, "recorded").encode()


def _clean_response(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {k: v for k, v in response["headers"].items() if _keep_header(k)}
    body = _pretty(_stable(response["body"]["string"]))
    response["body"]["string"] = body
    for name in [n for n in response["headers"] if n.lower() == "content-length"]:
        response["headers"][name] = [str(len(body or b""))]
    return response


def _json_body(r1: Any, r2: Any) -> None:
    """Requests match when their bodies are the same JSON, whatever the key order or indentation."""

    def parsed(body: bytes | str | None) -> Any:
        if not body:
            return None
        try:
            return json.loads(body)
        except ValueError:
            return body

    assert parsed(r1.body) == parsed(r2.body), "request bodies differ"


class _ReadableDumper(yaml.SafeDumper):
    """Multi-line strings (the pretty-printed JSON bodies) as YAML block literals; plain data only."""


def _represent_str(dumper: yaml.Dumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ReadableDumper.add_representer(str, _represent_str)


class _ReadableYaml:
    """vcrpy's safe YAML loader, and a safe dumper writing UTF-8 and block literals instead of escaped one-liners."""

    @staticmethod
    def deserialize(cassette_string: str) -> Any:
        return yamlserializer.deserialize(cassette_string)

    @staticmethod
    def serialize(cassette_dict: dict[str, Any]) -> str:
        return yaml.dump(cassette_dict, Dumper=_ReadableDumper, allow_unicode=True, width=120, sort_keys=False)


def _vcr(
    before_record_response: Callable[[dict[str, Any]], dict[str, Any]] = _clean_response, library: Path = CASSETTES
) -> vcr.VCR:
    recorder = vcr.VCR(
        cassette_library_dir=str(library),
        record_mode="all" if RECORDING else "none",
        match_on=["method", "path", "json_body"],
        filter_headers=sorted(_DROP_HEADERS),
        before_record_request=_clean_request,
        before_record_response=before_record_response,
        decode_compressed_response=True,
        serializer="readable_yaml",
    )
    recorder.register_matcher("json_body", _json_body)
    recorder.register_serializer("readable_yaml", _ReadableYaml())
    return recorder


@contextmanager
def _cassette(name: str, **options: Any) -> Iterator[Cassette]:
    """Replay (or, when recording, record) ``<name>.yaml``; in replay every interaction must be used."""
    if RECORDING:  # a recording starts empty: vcrpy's "all" would keep the old interactions in memory
        (CASSETTES / f"{name}.yaml").unlink(missing_ok=True)
    with _vcr(**options).use_cassette(f"{name}.yaml") as cassette:
        yield cassette
    if not RECORDING:
        assert cassette.all_played, f"{name}.yaml has interactions the test no longer makes: re-record it"


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Iterator[Cassette]:
    """The test's own cassette, ``tests/cassettes/test_cassettes/<test name>.yaml``."""
    with _cassette(request.node.name) as c:
        yield c


@pytest.fixture(autouse=True)
def _recording_endpoint_reachable() -> Iterator[None]:
    """While recording, the recording endpoint is reachable even when it is not on loopback (and only it)."""
    host = urlsplit(BASE_URL).hostname or ""
    if not RECORDING or host == "localhost" or _is_loopback(host):
        yield
        return
    allowed = {info[4][0] for info in socket.getaddrinfo(host, None)}
    guarded = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and address[0] in allowed:
            return _REAL_CONNECT(sock, address)
        return guarded(sock, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = guarded  # type: ignore[method-assign]


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- the server's model and the provider -----------------------------------------------------------------------


def _only_the_chosen_model(response: dict[str, Any]) -> dict[str, Any]:
    """``/models`` as recorded: only the model the cassettes were recorded with, so replay picks the same one."""
    chosen = os.environ.get("COACH_TEST_RECORD_MODEL")
    body = json.loads(response["body"]["string"])
    if chosen:
        body["data"] = [m for m in body.get("data", []) if m.get("id") == chosen]
    response["body"]["string"] = json.dumps(body).encode()
    return _clean_response(response)


@pytest.fixture(scope="module")
def served_model() -> str:
    """The model id the endpoint reports at ``/v1/models`` (recorded in ``served_model.yaml``)."""
    with _cassette("served_model", before_record_response=_only_the_chosen_model):
        response = httpx.get(f"{BASE_URL}/models", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30)
    response.raise_for_status()
    models = [m["id"] for m in response.json()["data"]]
    chosen = os.environ.get("COACH_TEST_RECORD_MODEL") if RECORDING else None
    if chosen and chosen not in models:
        pytest.fail(f"COACH_TEST_RECORD_MODEL={chosen!r} is not served at {BASE_URL}; it lists {models}")
    return chosen or models[0]


MAX_TOKENS = 1024
"""``max_tokens`` of every request but one: bounds a CPU recording (the setting ``llm_max_tokens`` defaults to 2048)."""


def _provider(model: str, method: str = "auto", max_tokens: int | None = MAX_TOKENS) -> OpenAICompatProvider:
    return OpenAICompatProvider(
        model,
        base_url=BASE_URL,
        api_key=API_KEY,
        method=method,
        timeout=600.0 if RECORDING else 10.0,  # a CPU server can take minutes; replay is instant
        temperature=0.0,
        sleep=lambda _seconds: None,  # backoff between retries is not what is tested here
        max_tokens=max_tokens,
    )


def _outcome(provider: OpenAICompatProvider, prompt: RenderedPrompt, schema: type, lang: str) -> Generation | Exception:
    """A ``Generation``, or whatever ``generate`` raised; a request missing from the cassette fails the test."""
    context = DraftContext(task=prompt.template.id, language=lang, subject_name="Ann", events=[])
    try:
        return provider.generate(prompt, schema, context)
    except Exception as exc:
        _fail_on_cassette_miss(exc)
        return exc


def _within_contract(outcome: Generation | Exception) -> Generation | ProviderError:
    """The provider's contract is a ``Generation`` or a ``ProviderError``: anything else is raised again."""
    if isinstance(outcome, Generation | ProviderError):
        return outcome
    raise outcome


def _fail_on_cassette_miss(exc: BaseException | None) -> None:
    """A request missing from the cassette surfaces as a connection error: say what it really is."""
    while exc is not None:
        if isinstance(exc, CannotOverwriteExistingCassetteException):
            pytest.fail(f"a request is not in the cassette (prompt, schema or client changed?): re-record. {exc}")
        exc = exc.__cause__ or exc.__context__
