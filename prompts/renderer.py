"""The one prompt renderer: a sandboxed Jinja2 environment with StrictUndefined.

Templates live in ``prompts/<task>/v<N>.<lang>.j2``. Each starts with a metadata header in a Jinja
comment::

    {#-
    id: feedback_draft
    version: 1
    language: en
    inputs: FeedbackPromptInputs
    description: ...
    -#}

The ``inputs`` name is the pydantic model (``prompts.inputs``) that validates the variables before
rendering, so a missing or mistyped input fails loudly. Every render records the template id, version,
language and the SHA-256 of the template file, so a stored draft says exactly which prompt made it.
Work events enter prompts only as quoted JSON data inside a fenced block (see ``quote_events``).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ValidationError

from assistant.errors import BadInput

__all__ = ["PROMPTS_DIR", "RenderedPrompt", "TemplateInfo", "get_template", "list_templates", "render"]

PROMPTS_DIR = Path(__file__).resolve().parent
_FILE = re.compile(r"^v(?P<version>\d+)\.(?P<lang>en|zh)\.j2$")
_HEADER = re.compile(r"^\{#-?\s*\n(?P<body>.*?)\n\s*-?#\}", re.DOTALL)


class TemplateInfo(BaseModel):
    """A template file and its metadata header."""

    id: str
    version: int
    language: str
    inputs: str
    description: str = ""
    path: str
    sha256: str

    @property
    def ref(self) -> str:
        """``id@vN.lang``, how drafts and eval reports name a prompt."""
        return f"{self.id}@v{self.version}.{self.language}"


class RenderedPrompt(BaseModel):
    """The messages sent to a provider and which template produced them."""

    template: TemplateInfo
    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        """OpenAI-style chat messages."""
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


def _parse_header(path: Path, source: str) -> dict[str, str]:
    match = _HEADER.match(source)
    if not match:
        raise BadInput(f"{path}: a template must start with a {{#- ... -#}} metadata header")
    meta: dict[str, str] = {}
    for number, line in enumerate(match["body"].splitlines(), start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise BadInput(f"{path}:{number}: header line {line.strip()!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    for key in ("id", "version", "language", "inputs"):
        if key not in meta:
            raise BadInput(f"{path}: header lacks {key!r}")
    return meta


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False, indent=None, default=str)
    return env


@lru_cache(maxsize=64)
def _load(path: Path) -> tuple[TemplateInfo, str]:
    source = path.read_text(encoding="utf-8")
    meta = _parse_header(path, source)
    match = _FILE.match(path.name)
    if (
        not match
        or meta["id"] != path.parent.name
        or int(meta["version"]) != int(match["version"])
        or meta["language"] != match["lang"]
    ):
        raise BadInput(
            f"{path}: header (id={meta['id']}, version={meta['version']}, language={meta['language']}) "
            "disagrees with the file's folder and name"
        )
    info = TemplateInfo(
        id=meta["id"],
        version=int(meta["version"]),
        language=meta["language"],
        inputs=meta["inputs"],
        description=meta.get("description", ""),
        path=str(path.relative_to(PROMPTS_DIR)),
        sha256=hashlib.sha256(source.encode()).hexdigest(),
    )
    return info, source


def list_templates() -> list[TemplateInfo]:
    """Every template, by task, version and language."""
    return [_load(p)[0] for p in sorted(PROMPTS_DIR.glob("*/v*.j2"))]


def get_template(task: str, language: str, version: int | None = None) -> TemplateInfo:
    """The template for a task and language: the given version, or the newest.

    Raises:
        BadInput: no such task, language or version.
    """
    candidates = [t for t in list_templates() if t.id == task and t.language == language]
    if version is not None:
        candidates = [t for t in candidates if t.version == version]
    if not candidates:
        known = sorted({t.ref for t in list_templates() if t.id == task}) or sorted({t.id for t in list_templates()})
        raise BadInput(f"no prompt template {task!r} v{version or '*'} in {language!r}; known: {', '.join(known)}")
    return max(candidates, key=lambda t: t.version)


def render(task: str, language: str, inputs: BaseModel | dict[str, Any], version: int | None = None) -> RenderedPrompt:
    """Validate ``inputs`` against the template's input model and render its system and user parts.

    A template defines two blocks, ``system`` and ``user``.
    """
    from prompts import inputs as input_models

    info = get_template(task, language, version)
    model: type[BaseModel] = getattr(input_models, info.inputs)
    try:
        values = model.model_validate(inputs.model_dump() if isinstance(inputs, BaseModel) else inputs)
    except ValidationError as exc:
        raise BadInput(f"prompt {info.ref}: invalid inputs: {exc.errors(include_url=False)}") from exc
    _, source = _load(PROMPTS_DIR / info.path)
    try:
        template = _environment().from_string(source)
        context = template.new_context(values.model_dump(mode="json"))
        system = "".join(template.blocks["system"](context)).strip()
        user = "".join(template.blocks["user"](context)).strip()
    except (TemplateError, KeyError) as exc:
        raise BadInput(f"prompt {info.ref}: {exc}") from exc
    return RenderedPrompt(template=info, system=system, user=user)
