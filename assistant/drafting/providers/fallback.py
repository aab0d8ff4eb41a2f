"""``FallbackProvider``: try the primary engine, and when it fails write with the offline one, saying so."""

from __future__ import annotations

import time
from typing import TypeVar

from pydantic import BaseModel

from assistant.core.errors import ProviderError
from assistant.drafting.providers.base import DraftContext, Generation, Provider
from assistant.drafting.providers.offline import OfflineProvider
from prompts.renderer import RenderedPrompt

__all__ = ["FallbackProvider", "with_fallback"]

T = TypeVar("T", bound=BaseModel)


class FallbackProvider:
    """Wraps one primary provider for one draft.

    A ``ProviderError`` from the primary (down after its retries, or off-schema after its repair round) is
    answered by the fallback engine instead, and the generation says which provider failed and why. Once
    the primary has failed, later calls of the same draft (the revise rounds) go straight to the fallback:
    a model that is down now will not be up a second later, and one draft should not mix engines.
    """

    def __init__(self, primary: Provider, fallback: Provider | None = None) -> None:
        self.primary = primary
        self.fallback = fallback or OfflineProvider()
        self.id = primary.id
        self.failed: str | None = None
        """Why the primary failed, once it has."""

    def generate(self, prompt: RenderedPrompt, schema: type[T], context: DraftContext) -> Generation:
        """The primary's answer, or the fallback's labelled with ``fallback_from`` and a note."""
        if self.failed is None:
            started = time.perf_counter()
            try:
                return self.primary.generate(prompt, schema, context)
            except ProviderError as exc:
                self.failed = str(exc)
                spent = (time.perf_counter() - started) * 1000  # the failed calls are provider time too
                generation = self.fallback.generate(prompt, schema, context)
                generation.latency_ms += spent
                generation.notes.append(f"{self.primary.id} failed, offline engine used instead: {exc}")
                generation.fallback_from = self.primary.id
                return generation
        generation = self.fallback.generate(prompt, schema, context)
        generation.fallback_from = self.primary.id
        return generation


def with_fallback(provider: Provider) -> Provider:
    """``provider`` wrapped for one draft, unless it is the offline engine (which has nothing to fall back to)."""
    if provider.id == OfflineProvider.id or isinstance(provider, FallbackProvider):
        return provider
    return FallbackProvider(provider)
