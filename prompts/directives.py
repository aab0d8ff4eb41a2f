"""The names of the ``offline:`` directives a template header may carry.

A template's header can tell the offline stand-in how to simulate the version's instructions (see
``assistant/drafting/providers/offline_directives.py`` for what each does). The renderer validates the
names here, so a typo fails when the template loads, not when a draft is written.
"""

from __future__ import annotations

__all__ = ["DIRECTIVES"]

DIRECTIVES = frozenset({"cite", "sections", "hedge", "max_statements"})
