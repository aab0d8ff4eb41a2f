"""``FallbackProvider``: try the primary engine, and when it fails write with the offline one, saying so."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Generator
from typing import Any, TypeVar

from pydantic import BaseModel

from assistant.core import telemetry
from assistant.core.errors import ProviderError
from assistant.drafting.effects import LLMCall, complete
from assistant.drafting.providers.base import DraftContext, Generation, Provider
from assistant.drafting.providers.offline import OfflineProvider
from prompts.renderer import RenderedPrompt

__all__ = ["FallbackProvider", "with_fallback"]

T = TypeVar("T", bound=BaseModel)
_log = logging.getLogger(__name__)


class FallbackProvider:
    """Wraps one primary provider for one draft.

    A ``ProviderError`` from the primary (down after its retries, off-schema after its repair round, an
    answer that is not a chat completion, or out of time) is answered by the fallback engine instead, and
    the generation says which provider failed and why. Once the primary has failed, later calls of the same
    draft (the revise rounds) go straight to the fallback: a model that is down now will not be up a second
    later, and one draft should not mix engines.

    ``budget_s`` is the time the primary may spend on the whole draft (every call, retry and backoff); it
    starts at the first call. ``enabled=False`` is the user's "no fallback": the primary's error is raised.
    """

    def __init__(
        self,
        primary: Provider,
        fallback: Provider | None = None,
        *,
        budget_s: float | None = None,
        enabled: bool = True,
    ) -> None:
        self.primary = primary
        self.fallback = fallback or OfflineProvider()
        self.id = primary.id
        self.budget_s = budget_s
        self.enabled = enabled
        self.deadline: float | None = None
        self.failed: str | None = None
        """Why the primary failed, once it has."""

    def generate(self, prompt: RenderedPrompt, schema: type[T], context: DraftContext) -> Generation:
        """The primary's answer, or the fallback's labelled with ``fallback_from`` and a note."""
        return complete(self.generate_steps(prompt, schema, context))

    def generate_steps(
        self, prompt: RenderedPrompt, schema: type[T], context: DraftContext
    ) -> Generator[LLMCall, Any, Generation]:
        """:meth:`generate` as effects: a primary that can be awaited (``agenerate``) is yielded as an
        :class:`LLMCall` for the driver to perform; its result (or error) comes back here."""
        if self.failed is None:
            if self.deadline is None and self.budget_s is not None:
                self.deadline = time.monotonic() + self.budget_s
            if self.deadline is not None:
                context = dataclasses.replace(context, deadline=self.deadline)
            started = time.perf_counter()
            try:
                if hasattr(self.primary, "agenerate"):
                    primary: Any = self.primary
                    return (  # type: ignore[no-any-return]
                        yield LLMCall(
                            run=lambda: primary.generate(prompt, schema, context),
                            arun=lambda: primary.agenerate(prompt, schema, context),
                            what=context.task,
                        )
                    )
                return self.primary.generate(prompt, schema, context)
            except ProviderError as exc:
                if not self.enabled:
                    raise
                self.failed = str(exc)
                telemetry.count("fallbacks", provider=self.primary.id)
                _log.warning("%s failed, the offline engine writes this draft: %s", self.primary.id, exc)
                spent = (time.perf_counter() - started) * 1000  # the failed calls are provider time too
                generation = self.fallback.generate(prompt, schema, context)
                generation.latency_ms += spent
                generation.notes.append(f"{self.primary.id} failed, offline engine used instead: {exc}")
                generation.fallback_from = self.primary.id
                return generation
        generation = self.fallback.generate(prompt, schema, context)
        generation.fallback_from = self.primary.id
        return generation


def with_fallback(provider: Provider, *, budget_s: float | None = None, enabled: bool = True) -> Provider:
    """``provider`` wrapped for one draft, unless it is the offline engine (which has nothing to fall back to)."""
    if provider.id == OfflineProvider.id or isinstance(provider, FallbackProvider):
        return provider
    return FallbackProvider(provider, budget_s=budget_s, enabled=enabled)
