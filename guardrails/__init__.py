"""Scorers for specificity, balance, bias, grounding, privacy, recency and injection.

The scorers arrive with the guardrail work; nothing here is used yet.
"""

__all__: list[str] = []
