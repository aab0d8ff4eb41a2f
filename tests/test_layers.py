"""Imports point down the layers of docs/architecture.md, and no package reaches into another's private names.

Every ``import`` in the project's packages is read from the source (also the ones inside functions), so a
lazy import cannot hide a climb. A module may import its own layer's package and anything below it; the
stages (retrieval, guardrails, prompts) are independent of each other; the interfaces are ordered
(chat < server < cli) because the server drives the chat engine and the CLI starts the server.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: Each package (the longest matching prefix wins) and its layer; lower numbers are lower layers.
LAYERS: dict[str, int] = {
    "assistant.core": 0,
    "retrieval": 1,
    "guardrails": 1,
    "prompts": 1,
    "assistant.drafting": 2,
    "assistant.demo": 3,
    "evals": 4,
    "assistant.chat": 4,
    "assistant.server": 5,
    "assistant.cli": 6,
}
#: Packages in the same layer that may not import each other (the stages stay independent).
INDEPENDENT = {1: {"retrieval", "guardrails", "prompts"}, 4: {"evals", "assistant.chat"}}
#: Modules that only say what a folder holds; they import nothing.
BARE = {"assistant"}


def _package(module: str) -> str | None:
    best = None
    for name in LAYERS:
        if (module == name or module.startswith(name + ".")) and (best is None or len(name) > len(best)):
            best = name
    return best


def _modules() -> list[tuple[str, Path]]:
    out = []
    for root in ("assistant", "retrieval", "guardrails", "prompts", "evals"):
        for path in sorted((REPO / root).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out.append((name, path))
    return out


def _imports(path: Path, module: str) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, imported names) for every import in ``path``, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([node.module] if node.module else []))
            found.append((node.lineno, base, [a.name for a in node.names]))
    return found


def violations() -> list[str]:
    """Every import that climbs a layer, crosses between independent packages, or takes a private name."""
    problems = []
    for module, path in _modules():
        source = _package(module)
        if source is None:
            if module not in BARE:
                problems.append(f"{path.relative_to(REPO)}: module {module} is in no layer")
            continue
        for line, target, names in _imports(path, module):
            # ``from pkg import sub`` imports the submodule pkg.sub: judge it by where it lives.
            targets = [f"{target}.{n}" if _package(f"{target}.{n}") else target for n in names] or [target]
            for full in targets:
                dest = _package(full)
                where = f"{path.relative_to(REPO)}:{line}"
                if dest is None or dest == source:
                    continue
                if LAYERS[dest] > LAYERS[source]:
                    problems.append(f"{where}: {source} (layer {LAYERS[source]}) imports {full} (layer {LAYERS[dest]})")
                elif LAYERS[dest] == LAYERS[source] and {dest, source} <= INDEPENDENT.get(LAYERS[source], set()):
                    problems.append(f"{where}: {source} imports {full}; these packages are independent")
            if _package(target) not in (None, source):
                private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                if private or any(p.startswith("_") and not p.startswith("__") for p in target.split(".")):
                    problems.append(f"{where}: {source} imports private {target}:{','.join(private) or target}")
    return problems


def test_every_import_points_down_and_no_private_name_crosses_a_package():
    assert violations() == []


def test_the_check_fails_on_a_reverse_import(tmp_path, monkeypatch):
    """The test above can fail: a core module importing the drafting layer is reported with its line."""
    fake = tmp_path / "assistant" / "core" / "climb.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("import json\n\n\ndef f():\n    from assistant.drafting.chain import draft_feedback\n")
    problems = [
        p
        for p in _check_one(fake, "assistant.core.climb")
        if "assistant.drafting.chain" in p and ":5:" in p and "layer 0" in p
    ]
    assert problems, "a lazy reverse import inside a function must be caught"


def test_the_check_fails_on_a_private_name_across_packages(tmp_path):
    fake = tmp_path / "assistant" / "chat" / "peek.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from assistant.core.storage import _person\n")
    assert any("private" in p for p in _check_one(fake, "assistant.chat.peek"))


def test_stages_stay_independent(tmp_path):
    fake = tmp_path / "retrieval" / "cross.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from guardrails import check_text\n")
    assert any("independent" in p for p in _check_one(fake, "retrieval.cross"))


def _check_one(path: Path, module: str) -> list[str]:
    global REPO
    saved = REPO
    REPO = path.parents[len(module.split(".")) - 1]
    try:
        return [p for p in violations() if p.startswith(str(path.relative_to(REPO)))]
    finally:
        REPO = saved


@pytest.mark.parametrize("limit", [600])
def test_no_module_over_the_size_limit(limit):
    """Modules stay well under ~600 lines (house style); data lives in data files, not code."""
    big = []
    for _, path in _modules():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > limit:
            big.append(f"{path.relative_to(REPO)}: {lines} lines")
    assert big == []


#: What reads evidence: the vector store, the event ledger rows and the ledger queries.
EVIDENCE_ACCESS = re.compile(r"\.vectors\.|\bEventRow\b|\.candidate_events\(|\.ledger_rows\(")


def test_evidence_has_one_reader():
    """Only retrieval (and the stores in core, which it sits on) touch the vector store or the event ledger."""
    readers = []
    for module, path in _modules():
        if _package(module) in ("retrieval", "assistant.core"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if EVIDENCE_ACCESS.search(line):
                readers.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert readers == []
