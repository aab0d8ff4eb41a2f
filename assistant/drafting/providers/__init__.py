"""LLM providers behind one small interface, looked up by id: ``offline`` or ``openai:<model>``."""

from __future__ import annotations

from assistant.core.config import Settings
from assistant.core.errors import ConfigError
from assistant.drafting.providers.base import DraftContext, DraftOptions, Generation, Provider
from assistant.drafting.providers.fallback import FallbackProvider, with_fallback
from assistant.drafting.providers.offline import OfflineProvider

__all__ = [
    "DraftContext",
    "DraftOptions",
    "FallbackProvider",
    "Generation",
    "OfflineProvider",
    "Provider",
    "get_provider",
    "with_fallback",
]


def get_provider(spec: str, settings: Settings, **kwargs: object) -> Provider:
    """The provider named by ``spec``; extra keyword arguments go to its constructor (tests pass fakes)."""
    if spec == "offline":
        return OfflineProvider()
    if spec.startswith("openai:") and len(spec) > len("openai:"):
        from assistant.drafting.providers.openai_compat import OpenAICompatProvider

        options: dict[str, object] = {
            "base_url": settings.openai_base_url,
            "api_key": settings.openai_api_key,
            "timeout": settings.llm_timeout,
            "max_retries": settings.llm_max_retries,
            "method": settings.llm_structured_output,
            "max_tokens": settings.llm_max_tokens,
        }
        options.update(kwargs)
        return OpenAICompatProvider(spec.split(":", 1)[1], **options)  # type: ignore[arg-type]
    raise ConfigError(f"provider {spec!r} is unknown; use 'offline' or 'openai:<model>'")
