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

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ValidationError

from assistant.core.errors import BadInput
from prompts import inputs as input_models
from prompts.directives import DIRECTIVES

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
    """Relative to ``PROMPTS_DIR`` for the built-in templates; absolute for an extra ``prompts_dir``."""
    sha256: str
    offline: dict[str, Any] = {}
    """The header's optional ``offline:`` directives (inline YAML): how the offline stand-in simulates this
    version's instructions, e.g. ``{cite: false, hedge: true}`` (see ``prompts/directives.py``)."""

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
        path=str(path.relative_to(PROMPTS_DIR)) if path.is_relative_to(PROMPTS_DIR) else str(path),
        sha256=hashlib.sha256(source.encode()).hexdigest(),
        offline=_offline_directives(path, meta.get("offline")),
    )
    return info, source


def _offline_directives(path: Path, value: str | None) -> dict[str, Any]:
    """The header's ``offline:`` value, an inline YAML mapping such as ``{cite: false, hedge: true}``."""
    if not value:
        return {}
    import yaml

    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError as exc:
        raise BadInput(f"{path}: header 'offline' is not inline YAML: {exc}") from exc
    if not isinstance(parsed, dict):
        raise BadInput(f"{path}: header 'offline' must be a mapping like {{cite: false}}, got {value!r}")
    unknown = sorted(set(parsed) - DIRECTIVES)
    if unknown:
        raise BadInput(f"{path}: header 'offline': unknown directive(s) {unknown}; known: {sorted(DIRECTIVES)}")
    return parsed


@lru_cache(maxsize=1)
def _builtin() -> tuple[TemplateInfo, ...]:
    """The packaged templates, read once per process (they do not change while it runs)."""
    return tuple(_load(p)[0] for p in sorted(PROMPTS_DIR.glob("*/v*.j2")))


@lru_cache(maxsize=128)
def _compiled(source: str) -> Template:
    """A template's source compiled once per process, not once per draft."""
    return _environment().from_string(source)


def list_templates(prompts_dir: Path | str | None = None) -> list[TemplateInfo]:
    """Every template, by task, version and language; with ``prompts_dir``, that folder's templates too.

    A template in ``prompts_dir`` replaces a built-in one of the same task, version and language.
    """
    found = {(t.id, t.version, t.language): t for t in _builtin()}
    if prompts_dir is not None:
        extra = Path(prompts_dir).resolve()
        if not extra.is_dir():
            raise BadInput(f"prompts dir {str(prompts_dir)!r} does not exist or is not a folder")
        for p in sorted(extra.glob("*/v*.j2")):
            info = _load(p)[0]
            found[(info.id, info.version, info.language)] = info
    return sorted(found.values(), key=lambda t: (t.id, t.version, t.language))


def get_template(
    task: str, language: str, version: int | None = None, prompts_dir: Path | str | None = None
) -> TemplateInfo:
    """The template for a task and language: the given version, or the newest.

    Args:
        prompts_dir: an extra folder of ``<task>/v<N>.<lang>.j2`` templates (e.g. an eval suite's), searched
            besides the built-in ones. Passed explicitly, never global, so concurrent callers can differ.

    Raises:
        BadInput: no such task, language or version.
    """
    everything = list_templates(prompts_dir)
    candidates = [t for t in everything if t.id == task and t.language == language]
    if version is not None:
        candidates = [t for t in candidates if t.version == version]
    if not candidates:
        known = sorted({t.ref for t in everything if t.id == task}) or sorted({t.id for t in everything})
        raise BadInput(f"no prompt template {task!r} v{version or '*'} in {language!r}; known: {', '.join(known)}")
    return max(candidates, key=lambda t: t.version)


def render(
    task: str,
    language: str,
    inputs: BaseModel | dict[str, Any],
    version: int | None = None,
    prompts_dir: Path | str | None = None,
) -> RenderedPrompt:
    """Validate ``inputs`` against the template's input model and render its system and user parts.

    A template defines two blocks, ``system`` and ``user``. ``prompts_dir`` adds a folder of templates
    (see :func:`get_template`).
    """
    info = get_template(task, language, version, prompts_dir)
    model: type[BaseModel] = getattr(input_models, info.inputs)
    try:
        values = model.model_validate(inputs.model_dump() if isinstance(inputs, BaseModel) else inputs)
    except ValidationError as exc:
        raise BadInput(f"prompt {info.ref}: invalid inputs: {exc.errors(include_url=False)}") from exc
    _, source = _load(PROMPTS_DIR / info.path)
    try:
        template = _compiled(source)
        context = template.new_context(values.model_dump(mode="json"))
        system = "".join(template.blocks["system"](context)).strip()
        user = "".join(template.blocks["user"](context)).strip()
    except (TemplateError, KeyError) as exc:
        raise BadInput(f"prompt {info.ref}: {exc}") from exc
    return RenderedPrompt(template=info, system=system, user=user)
