"""HR evaluation suites over prompt versions and models (``coach eval``, docs/evals.md).

``evals.schema`` (the format's models), ``evals.suite`` (reading YAML with ``file:line`` errors),
``evals.assertions``, ``evals.transforms`` (swaps, injections), ``evals.runner``, ``evals.summary``,
``evals.cache``, ``evals.compare`` (regressions, runs), ``evals.report`` (HTML), ``evals.junit`` and
``evals.outputs``; shipped suites in ``evals/suites/``. The command line is ``assistant/cli/evaluate.py``.
The names below are imported on first use, so ``import evals`` stays light.
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
