"""Settings, read from ``COACH_*`` environment variables and an optional ``coach.toml``.

Everything has an embedded default: with no settings at all the assistant runs offline on a local
data dir (SQLite + Chroma PersistentClient + the hashing embedding + the bundled tokenizer).
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.core.errors import ConfigError
from assistant.core.guardrail_settings import GuardrailSettings

__all__ = ["ModelPrice", "RetrievalSettings", "Settings", "load_settings"]


class RetrievalSettings(BaseModel):
    """Knobs of period-balanced selection."""

    model_config = ConfigDict(extra="forbid")

    token_budget: int = Field(default=2000, ge=50, le=200_000)
    """Default token budget for the events handed to a prompt."""
    min_events: int = Field(default=6, ge=0)
    """Below this many visible events in the period the result says ``not_enough_data``."""
    min_months: int = Field(default=3, ge=0)
    """...or below this many months with evidence (scaled down for periods shorter than this)."""
    tag_weight: float = Field(default=0.35, ge=0, le=5)
    """Weight of competency-tag overlap beside embedding similarity."""


class ModelPrice(BaseModel):
    """What a model costs, in US dollars per one million tokens."""

    model_config = ConfigDict(extra="forbid")

    input: float = Field(default=0.0, ge=0)
    """Per 1M prompt tokens."""
    output: float = Field(default=0.0, ge=0)
    """Per 1M completion tokens."""


def _default_prices() -> dict[str, ModelPrice]:
    # List prices when written (USD per 1M tokens); override or add models under [model_prices.<model>].
    return {
        "offline": ModelPrice(),
        "gpt-4o-mini": ModelPrice(input=0.15, output=0.60),
        "gpt-4o": ModelPrice(input=2.50, output=10.00),
    }


class Settings(BaseModel):
    """All settings. Environment variables win over ``coach.toml``; both over defaults."""

    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Path(".coach")
    """Where SQLite, Chroma and rejects files live (``COACH_DATA_DIR``)."""
    database_url: str | None = None
    """SQLAlchemy URL (``COACH_DATABASE_URL``); default ``sqlite:///<data_dir>/coach.db``. A ``postgresql://``
    URL uses psycopg 3 (``pip install 'coach-assistant[postgres]'``)."""
    database_auto_upgrade: bool = True
    """Migrate an older schema when the store opens (``COACH_DATABASE_AUTO_UPGRADE``); with ``false`` a
    process refuses to start until ``coach db upgrade`` has run. Upgrades hold a database lock either way."""
    database_pool_size: int = Field(default=5, ge=1, le=200)
    """Connections each process keeps open to a database server (``COACH_DATABASE_POOL_SIZE``)."""
    database_max_overflow: int = Field(default=10, ge=0, le=500)
    """Extra connections a process may open under load, closed when returned (``COACH_DATABASE_MAX_OVERFLOW``)."""
    database_pool_recycle_s: int = Field(default=1800, ge=-1)
    """Replace a pooled connection older than this, before a proxy or server drops it (``-1``: never)."""
    database_pool_timeout_s: float = Field(default=30.0, gt=0)
    """Seconds to wait for a free pooled connection before failing (``COACH_DATABASE_POOL_TIMEOUT_S``)."""
    chroma_host: str | None = None
    """Use a Chroma server (HttpClient) instead of the embedded store (``COACH_CHROMA_HOST``)."""
    chroma_port: int = 8000
    chroma_collection: str = "work-events"
    embedding: str = "hashing"
    """``hashing`` (offline, default) or ``openai:<model>`` (``COACH_EMBEDDING``)."""
    embedding_dim: int = Field(default=256, ge=32, le=4096)
    """Dimensions of the hashing embedding."""
    openai_base_url: str | None = None
    """Base URL of an OpenAI-compatible endpoint (``COACH_OPENAI_BASE_URL``)."""
    openai_api_key: str | None = None
    """Key for that endpoint (``COACH_OPENAI_API_KEY``, falls back to ``OPENAI_API_KEY``)."""
    token_model: str | None = None
    """Count tokens with this model's encoding when tiktoken can load it; else bundled cl100k_base."""
    ingest_batch_size: int = Field(default=1000, ge=1, le=5000)
    ingest_workers: int = Field(default=1, ge=0, le=8)
    """Processes that embed the next batch while one is written (``COACH_INGEST_WORKERS``; 0 = none)."""
    ingest_earliest_year: int = Field(default=2000, ge=1900, le=2100)
    """Events and objective periods before this year are rejected as implausible (``COACH_INGEST_EARLIEST_YEAR``)."""
    ingest_future_margin_days: int = Field(default=30, ge=0, le=3660)
    """Events dated more than this many days after today are rejected (``COACH_INGEST_FUTURE_MARGIN_DAYS``)."""
    provider: str = "offline"
    """Drafting engine: ``offline`` (default) or ``openai:<model>`` (``COACH_PROVIDER``)."""
    llm_timeout: float = Field(default=30.0, gt=0)
    """Seconds per LLM request: connecting, and each wait for bytes of the answer (``COACH_LLM_TIMEOUT``)."""
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    """Retries on timeouts, 429, 5xx and malformed answers, then the offline fallback (``COACH_LLM_MAX_RETRIES``)."""
    llm_budget_s: float = Field(default=75.0, gt=0)
    """Seconds the LLM may spend on one draft, every request, retry, backoff, repair and revision included;
    then the offline engine writes it (``COACH_LLM_BUDGET_S``). ``coach serve`` keeps it inside its turn deadline."""
    llm_max_tokens: int | None = Field(default=2048, ge=16)
    """Cap on completion tokens per LLM request (``COACH_LLM_MAX_TOKENS``)."""
    llm_structured_output: str = "auto"
    """``auto`` or one of json_schema, json_object, tools, text (``COACH_LLM_STRUCTURED_OUTPUT``)."""
    prompt_versions: dict[str, int] = Field(default_factory=dict)
    """Pinned prompt version per task, e.g. ``{feedback_draft = 1}`` under ``[prompt_versions]`` in ``coach.toml``
    or ``COACH_PROMPT_VERSIONS=feedback_draft=1`` (default: the newest version of each task)."""
    revise_rounds: int = Field(default=2, ge=0, le=5)
    """Guardrail revise loop: at most this many revisions per draft."""
    server_rate_limit_per_minute: float = Field(default=120.0, gt=0)
    """``coach serve``: sustained requests per minute per token (``COACH_SERVER_RATE_LIMIT_PER_MINUTE``)."""
    server_rate_limit_burst: int = Field(default=40, ge=1)
    """``coach serve``: requests a token may send at once before the rate bites (``COACH_SERVER_RATE_LIMIT_BURST``)."""
    server_trusted_proxy_header: str | None = None
    """``coach serve``: single sign-on through an authenticating reverse proxy: the request header that
    carries the signed-in user's id (e.g. ``X-Forwarded-User``). Off by default (``None``); honoured only
    on connections from ``server_trusted_proxies`` (``COACH_SERVER_TRUSTED_PROXY_HEADER``)."""
    server_trusted_proxies: list[str] = Field(default_factory=list)
    """Addresses or networks of the proxies whose user header is believed, e.g. ``10.0.0.5,10.0.1.0/24``
    (``COACH_SERVER_TRUSTED_PROXIES``, comma-separated). Empty: the header is never believed."""
    redis_url: str | None = None
    """``coach serve``: keep the rate-limit buckets in this Redis (``COACH_REDIS_URL``, e.g.
    ``redis://redis:6379/0``) instead of the database; either way every replica shares them."""
    server_max_body_bytes: int = Field(default=256_000, ge=1024)
    """``coach serve``: largest request body accepted, in bytes (``COACH_SERVER_MAX_BODY_BYTES``)."""
    server_request_timeout_s: float = Field(default=120.0, gt=0)
    """``coach serve``: seconds a chat turn may take before it ends in an error (``COACH_SERVER_REQUEST_TIMEOUT_S``)."""
    server_workers: int = Field(default=8, ge=1, le=256)
    """``coach serve``: chat turns doing CPU work at once in worker threads; more wait their turn
    (``COACH_SERVER_WORKERS``). A turn waiting for its LLM holds no worker."""
    server_llm_workers: int = Field(default=2, ge=1, le=256)
    """``coach serve``: worker threads for the CPU parts of turns that call an LLM, apart from the offline
    turns', so a slow LLM or a burst of LLM turns never holds the workers of offline turns
    (``COACH_SERVER_LLM_WORKERS``). A turn waiting for its LLM holds none of them either."""
    server_llm_concurrency: int = Field(default=256, ge=1, le=10_000)
    """``coach serve``: LLM calls in flight at once (awaited, no thread each); more wait for a slot
    (``COACH_SERVER_LLM_CONCURRENCY``). Bound it to what the endpoint allows."""
    server_header_timeout_s: float = Field(default=10.0, gt=0)
    """``coach serve``: seconds a client has to send its request head (``COACH_SERVER_HEADER_TIMEOUT_S``)."""
    server_body_timeout_s: float = Field(default=30.0, gt=0)
    """``coach serve``: seconds a client has to send its request body (``COACH_SERVER_BODY_TIMEOUT_S``)."""
    server_max_header_bytes: int = Field(default=16_384, ge=1024)
    """``coach serve``: largest request head (request line + headers); larger gets 431
    (``COACH_SERVER_MAX_HEADER_BYTES``)."""
    log_format: Literal["text", "json"] = "text"
    """``coach serve`` log lines: plain text, or one JSON object each with the request id (``COACH_LOG_FORMAT``)."""
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    """``coach serve``: the lowest level logged (``COACH_LOG_LEVEL``)."""
    model_prices: dict[str, ModelPrice] = Field(default_factory=_default_prices)
    """Price per model (USD per 1M tokens, keyed by provider id or model name) for eval cost accounting
    (``[model_prices.<model>]`` in ``coach.toml``; ``offline`` costs nothing)."""
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    guardrails: GuardrailSettings = Field(default_factory=GuardrailSettings)
    """Guardrail thresholds, blocking kinds and per-team overrides (``[guardrails]`` in ``coach.toml``)."""

    @field_validator("server_trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: object) -> object:
        """A comma-separated string (the environment's form) becomes a list; each entry must be an address or
        network."""
        items = [v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) else value
        if isinstance(items, list):
            for item in items:
                try:
                    ipaddress.ip_network(str(item), strict=False)
                except ValueError:
                    raise ValueError(
                        f"{item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.1.0/24)"
                    ) from None
        return items

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data dir; plain PostgreSQL URLs use psycopg 3."""
        url = self.database_url or f"sqlite:///{(self.data_dir / 'coach.db').resolve()}"
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):
                return "postgresql+psycopg://" + url[len(plain) :]
        return url

    @cached_property
    def chroma_path(self) -> Path:
        """Directory of the embedded Chroma store."""
        return self.data_dir / "chroma"

    @property
    def rejects_dir(self) -> Path:
        """Where ``coach ingest`` writes rejected rows."""
        return self.data_dir / "rejects"


_ENV = {
    "COACH_DATA_DIR": "data_dir",
    "COACH_DATABASE_URL": "database_url",
    "COACH_DATABASE_AUTO_UPGRADE": "database_auto_upgrade",
    "COACH_DATABASE_POOL_SIZE": "database_pool_size",
    "COACH_DATABASE_MAX_OVERFLOW": "database_max_overflow",
    "COACH_DATABASE_POOL_RECYCLE_S": "database_pool_recycle_s",
    "COACH_DATABASE_POOL_TIMEOUT_S": "database_pool_timeout_s",
    "COACH_CHROMA_HOST": "chroma_host",
    "COACH_CHROMA_PORT": "chroma_port",
    "COACH_CHROMA_COLLECTION": "chroma_collection",
    "COACH_EMBEDDING": "embedding",
    "COACH_EMBEDDING_DIM": "embedding_dim",
    "COACH_OPENAI_BASE_URL": "openai_base_url",
    "COACH_OPENAI_API_KEY": "openai_api_key",
    "COACH_TOKEN_MODEL": "token_model",
    "COACH_INGEST_BATCH_SIZE": "ingest_batch_size",
    "COACH_INGEST_WORKERS": "ingest_workers",
    "COACH_INGEST_EARLIEST_YEAR": "ingest_earliest_year",
    "COACH_INGEST_FUTURE_MARGIN_DAYS": "ingest_future_margin_days",
    "COACH_PROVIDER": "provider",
    "COACH_LLM_TIMEOUT": "llm_timeout",
    "COACH_LLM_MAX_RETRIES": "llm_max_retries",
    "COACH_LLM_BUDGET_S": "llm_budget_s",
    "COACH_LLM_STRUCTURED_OUTPUT": "llm_structured_output",
    "COACH_LLM_MAX_TOKENS": "llm_max_tokens",
    "COACH_SERVER_RATE_LIMIT_PER_MINUTE": "server_rate_limit_per_minute",
    "COACH_SERVER_RATE_LIMIT_BURST": "server_rate_limit_burst",
    "COACH_SERVER_MAX_BODY_BYTES": "server_max_body_bytes",
    "COACH_REDIS_URL": "redis_url",
    "COACH_SERVER_TRUSTED_PROXY_HEADER": "server_trusted_proxy_header",
    "COACH_SERVER_TRUSTED_PROXIES": "server_trusted_proxies",
    "COACH_SERVER_REQUEST_TIMEOUT_S": "server_request_timeout_s",
    "COACH_SERVER_WORKERS": "server_workers",
    "COACH_SERVER_LLM_WORKERS": "server_llm_workers",
    "COACH_SERVER_LLM_CONCURRENCY": "server_llm_concurrency",
    "COACH_SERVER_HEADER_TIMEOUT_S": "server_header_timeout_s",
    "COACH_SERVER_BODY_TIMEOUT_S": "server_body_timeout_s",
    "COACH_SERVER_MAX_HEADER_BYTES": "server_max_header_bytes",
    "COACH_PROMPT_VERSIONS": "prompt_versions",
    "COACH_LOG_FORMAT": "log_format",
    "COACH_LOG_LEVEL": "log_level",
}


def load_settings(config_file: Path | None = None, **overrides: object) -> Settings:
    """Build settings from a TOML file (``COACH_CONFIG`` or ``./coach.toml``), the environment and overrides.

    Raises:
        ConfigError: naming the file and field when a value is invalid.
    """
    values: dict[str, object] = {}
    path = config_file or Path(os.environ.get("COACH_CONFIG", "coach.toml"))
    if path.exists():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
    for env, field in _ENV.items():
        if os.environ.get(env):
            values[field] = os.environ[env]
    if isinstance(values.get("prompt_versions"), str):  # "feedback_draft=1,goal_proposals=1"
        pairs = [p.split("=", 1) for p in str(values["prompt_versions"]).split(",") if p.strip()]
        values["prompt_versions"] = {k.strip(): v.strip() for k, v in (p if len(p) == 2 else (p[0], "") for p in pairs)}
    if not values.get("openai_api_key") and os.environ.get("OPENAI_API_KEY"):
        values["openai_api_key"] = os.environ["OPENAI_API_KEY"]
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False))
        raise ConfigError(f"invalid settings ({path if path.exists() else 'environment'}): {problems}") from exc
