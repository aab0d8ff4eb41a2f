"""Interfaces: the ``coach`` command line. ``main`` is the console-script entry point."""

from assistant.cli.entry import app, main

__all__ = ["app", "main"]
