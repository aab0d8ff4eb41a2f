"""HR evaluation suites over prompt versions and models (``coach eval``, docs/evals.md).

``evals.suite`` (format), ``evals.assertions``, ``evals.transforms`` (swaps, injections), ``evals.runner``,
``evals.cache``, ``evals.compare`` (regressions, runs), ``evals.report`` (HTML), ``evals.junit``,
``evals.outputs`` and ``evals.cli``; shipped suites in ``evals/suites/``; the guardrail benchmark data in
``evals/benchmarks/``. The names below are imported on first use, so ``import evals`` stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LoadedSuite", "RunOptions", "load_suite", "run_suite"]


def __getattr__(name: str) -> Any:
    if name in ("RunOptions", "run_suite"):
        from evals import runner

        return getattr(runner, name)
    if name in ("LoadedSuite", "load_suite"):
        from evals import suite

        return getattr(suite, name)
    raise AttributeError(f"module 'evals' has no attribute {name!r}")
