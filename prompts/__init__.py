"""Versioned Jinja2 prompt templates (en + zh), one folder per task, and their renderer.

The templates and the sandboxed renderer arrive with the drafting engine; nothing here is used yet.
"""

__all__: list[str] = []
