"""Interfaces: the ``coach`` command line. ``main`` is the console-script entry point."""

import os

# Coach uses no pydantic plugins; looking for them scans every installed package's entry points, a
# noticeable part of a one-shot command like `coach check`. Set the variable (even empty) to look anyway.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from assistant.cli.entry import app, main

__all__ = ["app", "main"]
