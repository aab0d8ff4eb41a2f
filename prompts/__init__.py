"""Versioned Jinja2 prompt templates (en + zh), one folder per task, and their renderer.

Each template starts with a metadata header; `prompts.renderer` validates inputs and records the template hash.
"""

from prompts.inputs import PromptEvent
from prompts.renderer import PROMPTS_DIR, RenderedPrompt, TemplateInfo, get_template, list_templates, render

__all__ = ["PROMPTS_DIR", "PromptEvent", "RenderedPrompt", "TemplateInfo", "get_template", "list_templates", "render"]
