"""A promptfoo Python provider: drafts with Coach and returns the draft plus its guardrail report.

promptfoo calls ``call_api(prompt, options, context)``; the case's ``vars`` name who asks about whom (the same
fields as a ``coach eval`` case). The output is one JSON object, ``{"draft": text, "guardrails": {"verdict",
"scores", "findings"}, "cited_event_ids", "language"}`` (or ``{"refused": reason}``), which promptfoo hands to
the assertions in promptfooconfig.yaml already parsed, as ``output``. Run promptfoo with ``--no-cache``:
promptfoo keys its cache on the prompt text, which here does not change when the data, the composer or the
guardrails do, so a cached answer would be a stale draft (``coach eval``'s cache keys all of those).
"""

from __future__ import annotations

import os
from typing import Any

_COACH = None


def _coach() -> Any:
    global _COACH
    if _COACH is None:
        from assistant.core.config import load_settings
        from assistant.core.container import Coach
        from assistant.demo.load import load_demo

        _COACH = Coach(load_settings(data_dir=os.environ.get("COACH_DATA_DIR", ".coach-promptfoo")))
        load_demo(_COACH)  # the demo org when the data dir is empty; your own data dir otherwise
    return _COACH


def call_api(prompt: str, options: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """Draft the case in ``context["vars"]`` and return ``{"output": {"draft", "guardrails", ...}}``."""
    from assistant.core.errors import AccessDenied, CoachError
    from assistant.drafting.chain import DraftRequest, draft_feedback
    from assistant.drafting.providers import get_provider

    v = context.get("vars", {})
    config = options.get("config", {})
    coach = _coach()
    request = DraftRequest(
        task="feedback_draft",
        requester=v["requester"],
        subject=v["subject"],
        period=v.get("period", "2025-12-01..2026-11-30"),
        focus=v.get("focus") or None,
        language=v.get("language") or None,
        store=False,
    )
    try:
        draft = draft_feedback(coach, request, get_provider(config.get("provider", "offline"), coach.settings))
    except AccessDenied as exc:
        return {"output": {"refused": str(exc)}}
    except CoachError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    g = draft.guardrails
    return {
        "output": {
            "draft": draft.text,
            "guardrails": g.to_contract() if g else None,
            "cited_event_ids": draft.cited_event_ids,
            "language": draft.language,
        }
    }
