"""The one object every CLI command receives: where the data lives, the container, and the consoles."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from assistant.core.errors import BadInput
from assistant.core.i18n import default_lang

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["CliContext"]


@dataclass
class CliContext:
    """Shared by the commands of one ``coach`` invocation; the container opens on first use."""

    data_dir: Path | None = None
    """``--data-dir`` (or ``COACH_DATA_DIR``); ``None`` means the settings' default."""
    console: Console = field(default_factory=lambda: Console(width=None if sys.stdout.isatty() else 132))
    err_console: Console = field(default_factory=lambda: Console(stderr=True, soft_wrap=True))
    _coach: Coach | None = None

    @property
    def coach(self) -> Coach:
        """The container over the configured data dir, opened once."""
        if self._coach is None:
            from assistant.core.config import load_settings
            from assistant.core.container import Coach

            self._coach = Coach(load_settings(data_dir=self.data_dir))
        return self._coach

    def use(self, coach: Coach) -> None:
        """Run the commands against ``coach`` (tests and embedding callers)."""
        self._coach = coach

    def reset(self) -> None:
        """Forget the container (the next command opens it again)."""
        self._coach = None

    @staticmethod
    def emit(payload: Any) -> None:
        """Print ``payload`` as indented JSON (non-ASCII kept) on standard output."""
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")

    @staticmethod
    def lang(lang: str | None, fallback: str | None = None) -> str:
        """A display language: ``lang`` if given (en or zh), else ``fallback``, else ``COACH_LANG``."""
        if lang and lang not in ("en", "zh"):
            raise BadInput(f"--lang {lang!r}: use en or zh")
        return lang or fallback or default_lang()
