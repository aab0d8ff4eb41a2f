"""Team signals for managers: a registry of signal functions (quiet contributors, feedback gaps, load
concentration built in; more register with ``register_signal``), bounded by design (docs/data-use.md)."""

from __future__ import annotations

from assistant.drafting.signals.registry import (
    SIGNALS,
    Signal,
    SignalContext,
    SignalReport,
    register_signal,
    signal_title,
    team_signals,
)

__all__ = ["SIGNALS", "Signal", "SignalContext", "SignalReport", "register_signal", "signal_title", "team_signals"]
