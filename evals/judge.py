"""An LLM judge for ``llm_rubric`` assertions over any OpenAI-compatible endpoint.

Without an endpoint configured there is no judge: the assertion is reported ``skipped`` with the reason,
never passed. Tests inject their own judge objects (anything with ``score(text, rubric, lang)``).
"""

from __future__ import annotations

import json
import re

from assistant.core.config import Settings
from assistant.core.errors import ConfigError, ProviderError
from guardrails import Judge, JudgeScore

__all__ = ["OpenAIJudge", "make_judge"]

_SYSTEM = (
    "You grade performance feedback against a rubric. Answer with one JSON object "
    '{"score": <integer 0-100>, "rationale": "<one or two sentences>"} and nothing else.'
)


class OpenAIJudge:
    """Scores a text with a chat model; the answer must be ``{"score": int, "rationale": str}``."""

    def __init__(self, model: str, client: object) -> None:
        self.model = model
        self.client = client

    def score(self, text: str, rubric: str, lang: str) -> JudgeScore:
        """Ask the model; a transport failure or an unparseable answer is a ``ProviderError``."""
        try:
            response = self.client.chat.completions.create(  # type: ignore[attr-defined]
                model=self.model,
                temperature=0,
                messages=[
                    {"role": "system", "content": _SYSTEM},
                    {"role": "user", "content": f"Rubric ({lang}):\n{rubric}\n\nFeedback:\n{text}"},
                ],
            )
            content = response.choices[0].message.content or ""
        except Exception as exc:  # the SDK raises many types; all mean the judge is unavailable
            raise ProviderError(f"judge {self.model}: {exc}") from exc
        match = re.search(r"\{.*\}", content, re.DOTALL)
        try:
            return JudgeScore.model_validate(json.loads(match.group(0) if match else content))
        except ValueError as exc:
            raise ProviderError(f"judge {self.model} answered {content[:120]!r}, not a score") from exc


def make_judge(spec: str | None, settings: Settings) -> Judge | None:
    """The judge named by ``spec`` (``openai:<model>``), or None when no endpoint or key is configured."""
    if not spec:
        return None
    if not spec.startswith("openai:") or len(spec) <= len("openai:"):
        raise ConfigError(f"judge {spec!r}: use openai:<model>")
    if not settings.openai_base_url and not settings.openai_api_key:
        return None
    from openai import OpenAI

    client = OpenAI(base_url=settings.openai_base_url, api_key=settings.openai_api_key or "none", max_retries=2)
    return OpenAIJudge(spec.split(":", 1)[1], client)
