"""Ingestion of people, team objectives and work events from JSONL and CSV files.

Every row is validated. A bad row is reported as ``file:line: field: reason``, written to a rejects
file, and skipped; the rest is ingested. Re-ingesting unchanged rows changes nothing (idempotent by id
and content hash). Event batches go through a write-ahead journal in SQL: journal the batch, write the
vector store, then commit the ledger rows and close the journal entry in one transaction. A crash at any
point leaves a journal entry that ``assistant.core.journal.replay_journal`` finishes on the next open, so the SQL ledger
and the vector store never disagree for a reader.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError

from assistant.core.competencies import tags_for
from assistant.core.errors import BadInput
from assistant.core.growth import GROWTH_KINDS, LearningItem, MentorOptIn, Opening, RoleExpectation
from assistant.core.journal import apply_batch, digest
from assistant.core.models import PROTECTED_FIELDS, MetricDefinition, Person, TeamObjective, WorkEvent
from retrieval.ingest_checks import event_date_problem, manager_loop, objective_period_problem
from retrieval.ingest_read import first_columns, norm_column, read_rows

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["FileReport", "IngestReport", "Reject", "ingest_files", "ingest_models"]

RecordKind = Literal["people", "events", "objectives", "metrics", "ladder", "learning", "openings", "mentors"]
_MODELS: dict[str, type[BaseModel]] = {
    "people": Person,
    "events": WorkEvent,
    "objectives": TeamObjective,
    "metrics": MetricDefinition,
    "ladder": RoleExpectation,
    "learning": LearningItem,
    "openings": Opening,
    "mentors": MentorOptIn,
}
_KINDS_WORDS = "people, events, objectives or metrics (or growth data: ladder, learning, openings, mentors)"


class Reject(BaseModel):
    """A row that was not ingested, and why."""

    file: str
    line: int
    field: str
    reason: str
    row: dict[str, Any] | str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


class FileReport(BaseModel):
    """What ingesting one file did."""

    file: str
    kind: RecordKind
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[Reject] = Field(default_factory=list)
    rejects_file: str | None = None
    warnings: list[str] = Field(default_factory=list)


class IngestReport(BaseModel):
    """What one ``coach ingest`` run did, file by file."""

    files: list[FileReport] = Field(default_factory=list)
    recovered_batches: int = 0

    @property
    def rejected(self) -> int:
        """Rows rejected across all files."""
        return sum(f.rejected for f in self.files)


# -- reading ------------------------------------------------------------------------------------------


def _read_rows(path: Path, report: FileReport) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, raw record without protected columns); unreadable rows become rejects."""
    name = str(path)
    warned: set[str] = set()

    def reject(line: int, field: str, reason: str, row: object = None) -> None:
        report.rejects.append(Reject(file=name, line=line, field=field, reason=reason, row=row))  # type: ignore[arg-type]

    def dropped(column: str) -> None:
        if norm_column(column) not in warned:
            warned.add(norm_column(column))
            report.warnings.append(f"{name}: column {column!r} ignored: protected attribute, never stored")

    yield from read_rows(path, reject, dropped)


def _detect_kind(path: Path) -> RecordKind:
    """What a file holds, from its content: a CSV header, or the fields of its first JSON records."""
    for keys in first_columns(path):
        if "occurred_at" in keys or {"person_id", "kind"} <= keys:
            return "events"
        if {"period", "team", "title"} <= keys:
            return "objectives"
        if {"name", "language"} <= keys or {"name", "job_family"} <= keys or "manager_id" in keys:
            return "people"
        if "key" in keys and keys & {"label_en", "label_zh", "direction"}:
            return "metrics"
        if "competency" in keys and keys & {"expectation_en", "expectation_zh"}:
            return "ladder"
        if "competencies" in keys:
            if "person_id" in keys:
                return "mentors"
            if keys & {"open_until", "weeks", "contact_id", "team"}:
                return "openings"
            if keys & {"provider", "hours", "url", "title"}:
                return "learning"
    raise BadInput(f"{path}: cannot tell whether it holds {_KINDS_WORDS} from its content; pass --kind")


def _clean(record: dict[str, Any], model: type[BaseModel], report: FileReport, seen: set[str]) -> dict[str, Any]:
    """Drop protected and unknown columns, saying so once per file."""
    fields = model.model_fields
    out: dict[str, Any] = {}
    for key, value in record.items():
        norm = norm_column(key)
        if norm in fields:
            out[norm] = value
        elif norm in PROTECTED_FIELDS:
            if norm not in seen:
                seen.add(norm)
                report.warnings.append(f"{report.file}: column {key!r} ignored: protected attribute, never stored")
        elif norm not in seen:
            seen.add(norm)
            report.warnings.append(f"{report.file}: column {key!r} ignored: not a {model.__name__} field")
    return out


def _validate(
    path: Path, kind: RecordKind, report: FileReport, coach: Coach | None = None
) -> Iterator[tuple[int, BaseModel]]:
    model = _MODELS[kind]
    earliest = coach.settings.ingest_earliest_year if coach is not None else 2000
    future = coach.settings.ingest_future_margin_days if coach is not None else 30
    seen_columns: set[str] = set()
    first_line: dict[str, int] = {}
    for number, record in _read_rows(path, report):
        report.rows += 1
        try:
            item = model.model_validate(_clean(record, model, report, seen_columns))
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            for err in errors:
                field = ".".join(str(p) for p in err["loc"]) or "(row)"
                report.rejects.append(Reject(file=str(path), line=number, field=field, reason=_reason(err), row=record))
            continue
        problem, field = None, ""
        if isinstance(item, WorkEvent):
            problem, field = event_date_problem(item, earliest_year=earliest, future_days=future), "occurred_at"
        elif isinstance(item, TeamObjective):
            problem, field = objective_period_problem(item, earliest_year=earliest), "period"
        if problem:
            report.rejects.append(Reject(file=str(path), line=number, field=field, reason=problem, row=record))
            continue
        item_id = item.id  # type: ignore[attr-defined]
        if item_id in first_line:
            report.rejects.append(
                Reject(
                    file=str(path),
                    line=number,
                    field="id",
                    reason=f"duplicate id {item_id!r} (first on line {first_line[item_id]})",
                    row=record,
                )
            )
            continue
        first_line[item_id] = number
        yield number, item


def _reason(err: dict[str, Any]) -> str:
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "missing":
        return "required field is missing"
    value = err.get("input")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and err["type"] != "missing":
        shown = repr(value) if len(str(value)) <= 60 else repr(str(value)[:57] + "...")
        if shown not in msg:
            return f"{msg} (got {shown})"
    return msg


# -- writing ------------------------------------------------------------------------------------------


def _prepare(
    dim: int, token_model: str | None, texts: list[str], tags: list[list[str]]
) -> tuple[list[int], np.ndarray]:
    """Token counts and hashing embeddings of a batch; runs in the ingest worker process."""
    from assistant.core.embeddings import HashingEmbedding
    from assistant.core.tokenizer import get_counter

    global _worker_embedding
    if _worker_embedding is None or _worker_embedding.dim != dim:
        _worker_embedding = HashingEmbedding(dim)
    return get_counter(token_model).count_many(texts), _worker_embedding.embed(texts, tags)


_worker_embedding: Any = None


def _worker_init(parent_pid: int) -> None:
    """Exit the worker when the ingesting process dies (a crash or kill must not leave it behind)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _write_events(coach: Coach, events: Iterable[WorkEvent], report: FileReport) -> None:
    """Batch, diff against the ledger, and write; with a worker, batch k+1 is embedded while k is written."""
    batch_size = coach.settings.ingest_batch_size
    use_worker = coach.settings.ingest_workers > 0 and coach.embedding.id.startswith("hashing-")
    pool: ProcessPoolExecutor | None = None
    batch: list[WorkEvent] = []
    pending: tuple[list[WorkEvent], list[str], set[str], Future | None] | None = None

    def stage() -> tuple[list[WorkEvent], list[str], set[str], Future | None] | None:
        nonlocal pool
        payloads = [e.model_dump_json() for e in batch]
        known = coach.sql.event_hashes(e.id for e in batch)
        changed = [i for i, (e, js) in enumerate(zip(batch, payloads, strict=True)) if known.get(e.id) != digest(js)]
        report.unchanged += len(batch) - len(changed)
        report.updated += sum(1 for i in changed if batch[i].id in known)
        report.added += sum(1 for i in changed if batch[i].id not in known)
        todo, todo_payloads = [batch[i] for i in changed], [payloads[i] for i in changed]
        batch.clear()
        if not todo:
            return None
        future = None
        if use_worker and pending is not None:  # a second batch: worth a worker process from here on
            if pool is None:
                pool = ProcessPoolExecutor(
                    max_workers=coach.settings.ingest_workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_worker_init,
                    initargs=(os.getpid(),),
                )
            visible = [e for e in todo if e.visibility != "excluded_from_ai"]
            future = pool.submit(
                _prepare,
                coach.embedding.dim,
                coach.settings.token_model,
                [e.as_text() for e in visible],
                [e.tags for e in visible],
            )
        return todo, todo_payloads, set(known), future

    def commit(staged: tuple[list[WorkEvent], list[str], set[str], Future | None]) -> None:
        todo, payloads, known, future = staged
        journal_id = coach.sql.journal_open("[" + ",".join(payloads) + "]")
        apply_batch(
            coach,
            journal_id,
            todo,
            payloads,
            maybe_stored=known,
            prepared=future.result() if future is not None else None,
        )

    try:
        for event in events:
            batch.append(event)
            if len(batch) >= batch_size:
                staged = stage()
                if pending is not None:
                    commit(pending)
                pending = staged
        staged = stage() if batch else None
        if pending is not None:
            commit(pending)
        if staged is not None:
            commit(staged)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _with_tags(event: WorkEvent) -> WorkEvent:
    if event.tags:
        return event
    return event.model_copy(update={"tags": tags_for(f"{event.title} {event.description}")})


def _under_ingest_lock(function: Any) -> Any:
    """Run an ingest holding the database's ``ingest`` lock: one ingest at a time, and no other process
    replays this one's batches while they are in flight."""

    @functools.wraps(function)
    def locked(coach: Coach, *args: Any, **kwargs: Any) -> Any:
        with coach.ingesting():
            return function(coach, *args, **kwargs)

    return locked


@_under_ingest_lock
def ingest_models(
    coach: Coach,
    *,
    people: Iterable[Person] = (),
    objectives: Iterable[TeamObjective] = (),
    events: Iterable[WorkEvent] = (),
    label: str = "(models)",
) -> IngestReport:
    """Ingest already-validated models (demo org, benchmarks); same journal and idempotency as files."""
    report = IngestReport(recovered_batches=coach.recover())
    people = list(people)
    if people:
        fr = FileReport(file=label, kind="people", rows=len(people))
        fr.added, fr.updated, fr.unchanged = coach.sql.upsert_people(people, [_hash(p) for p in people])
        report.files.append(fr)
    objectives = list(objectives)
    if objectives:
        fr = FileReport(file=label, kind="objectives", rows=len(objectives))
        fr.added, fr.updated, fr.unchanged = coach.sql.upsert_objectives(objectives, [_hash(o) for o in objectives])
        report.files.append(fr)
    fr = FileReport(file=label, kind="events")
    known_people = coach.sql.person_ids()

    def numbered() -> Iterator[tuple[int, WorkEvent]]:
        for event in events:
            fr.rows += 1
            yield fr.rows, event

    _write_events(coach, _of_known_people(numbered(), known_people, fr, coach), fr)
    fr.rejected = len(fr.rejects)
    if fr.rows:
        report.files.append(fr)
    return report


def _hash(model: BaseModel) -> str:
    return digest(model.model_dump_json())


def _of_known_people(
    items: Iterable[tuple[int, WorkEvent]], known: set[str], report: FileReport, coach: Coach | None = None
) -> Iterator[WorkEvent]:
    """Events whose person exists and whose id is not another person's, tagged; the others become rejects."""
    chunk: list[tuple[int, WorkEvent]] = []

    def flush() -> Iterator[WorkEvent]:
        owners = coach.sql.event_people(e.id for _, e in chunk) if coach is not None else {}
        for number, event in chunk:
            owner = owners.get(event.id)
            if owner is not None and owner != event.person_id:
                report.rejects.append(
                    Reject(
                        file=report.file,
                        line=number,
                        field="id",
                        reason=f"event id {event.id!r} already belongs to a different person; "
                        "give this event its own id",
                    )
                )
                continue
            yield _with_tags(event)
        chunk.clear()

    for number, event in items:
        if event.person_id not in known:
            report.rejects.append(
                Reject(
                    file=report.file,
                    line=number,
                    field="person_id",
                    reason=f"unknown person {event.person_id!r}; ingest the people file first",
                )
            )
            continue
        chunk.append((number, event))
        if len(chunk) >= 500:
            yield from flush()
    yield from flush()


def _order(kind: RecordKind) -> int:
    order = {"people": 0, "objectives": 1, "metrics": 2, "ladder": 3, "learning": 4, "openings": 5, "mentors": 6}
    return order.get(kind, 7)


@_under_ingest_lock
def ingest_files(
    coach: Coach, paths: Iterable[Path], *, kind: RecordKind | None = None, rejects_dir: Path | None = None
) -> IngestReport:
    """Ingest files of people, objectives, metrics, growth data and events (people first, whatever the order given).

    Raises:
        BadInput: when a file cannot be read or its kind cannot be told; nothing is written for it.
    """
    report = IngestReport(recovered_batches=coach.recover())
    planned = [(Path(p), kind or _detect_kind(Path(p))) for p in paths]
    for path in planned:
        if not path[0].is_file():
            raise BadInput(f"{path[0]}: no such file")
    for path, file_kind in sorted(planned, key=lambda item: _order(item[1])):
        fr = FileReport(file=str(path), kind=file_kind)
        items = _validate(path, file_kind, fr, coach)
        if file_kind == "people":
            _ingest_people(coach, path, list(items), fr)
        elif file_kind == "objectives":
            objs = [o for _, o in items]
            fr.added, fr.updated, fr.unchanged = coach.sql.upsert_objectives(objs, [_hash(o) for o in objs])  # type: ignore[arg-type]
        elif file_kind == "metrics":
            defs = [m for _, m in items]
            fr.added, fr.updated, fr.unchanged = coach.sql.upsert_metrics(defs, [_hash(m) for m in defs])  # type: ignore[arg-type]
        elif file_kind in GROWTH_KINDS:
            kept = _of_known_contacts(items, coach.sql.person_ids(), fr)
            fr.added, fr.updated, fr.unchanged = coach.growth.upsert(file_kind, kept, [_hash(m) for m in kept])  # type: ignore[arg-type]
        else:
            _write_events(coach, _of_known_people(items, coach.sql.person_ids(), fr, coach), fr)  # type: ignore[arg-type]
        fr.rejected = len({r.line for r in fr.rejects})
        if fr.rejects:
            fr.rejects_file = str(_write_rejects(fr, rejects_dir or coach.settings.rejects_dir, path))
        report.files.append(fr)
    return report


def _of_known_contacts(items: Iterable[tuple[int, BaseModel]], known: set[str], fr: FileReport) -> list[BaseModel]:
    """Growth rows whose person (a mentor, an opening's contact) exists; the others become rejects."""
    kept = []
    for number, item in items:
        field = "person_id" if isinstance(item, MentorOptIn) else "contact_id"
        person = getattr(item, field, None)
        if person is not None and person not in known:
            reason = f"unknown person {person!r}; ingest the people file first"
            fr.rejects.append(Reject(file=fr.file, line=number, field=field, reason=reason))
            continue
        kept.append(item)
    return kept


def _ingest_people(coach: Coach, path: Path, items: list[tuple[int, BaseModel]], fr: FileReport) -> None:
    people: list[Person] = [p for _, p in items]  # type: ignore[misc]
    stored = coach.sql.list_people()
    known = {p.id for p in stored} | {p.id for p in people}
    managers: dict[str, str | None] = {p.id: p.manager_id for p in stored}
    accepted: list[Person] = []
    for (number, _), person in zip(items, people, strict=True):
        reason = None
        if person.manager_id and person.manager_id not in known:
            reason = f"unknown person {person.manager_id!r}"
        else:
            before = managers.get(person.id)
            managers[person.id] = person.manager_id
            loop = manager_loop(person.id, managers.get)
            if loop:
                reason = "reporting line loops back to this person: " + " -> ".join(loop)
                managers[person.id] = before
        if reason:
            fr.rejects.append(
                Reject(
                    file=str(path), line=number, field="manager_id", reason=reason, row=person.model_dump(mode="json")
                )
            )
            continue
        accepted.append(person)
    if accepted:
        fr.added, fr.updated, fr.unchanged = coach.sql.upsert_people(accepted, [_hash(p) for p in accepted])


def _write_rejects(fr: FileReport, directory: Path, source: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{source.name}.rejects.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for reject in fr.rejects:
            out.write(
                json.dumps(reject.model_dump(mode="json") | {"message": str(reject)}, ensure_ascii=False, default=str)
                + "\n"
            )
    return target
