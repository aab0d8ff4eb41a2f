"""Versioned Jinja2 prompt templates (en + zh), one folder per task, and their renderer.

Each template starts with a metadata header; `prompts.renderer` validates inputs and records the template hash.
"""

from prompts.renderer import RenderedPrompt, TemplateInfo, get_template, list_templates, render

__all__ = ["RenderedPrompt", "TemplateInfo", "get_template", "list_templates", "render"]
