"""Property-based ingest fuzzing (hypothesis): random valid rows mixed with random corruptions.

For JSON Lines and CSV, in UTF-8, UTF-8 with a BOM and UTF-16 with a BOM: every valid row is loaded exactly
once, and every bad row is reported on its true (physical) line, however the rows around it are damaged.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.core.container import Coach
from retrieval.ingest import ingest_files

from conftest import make_coach

pytestmark = pytest.mark.slow

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16"]
JSON_FAULTS = [
    "invalid_json",
    "not_object",
    "bad_kind",
    "bad_date",
    "far_future",
    "nan",
    "missing_title",
    "unknown_person",
    "not_utf8",
    "deep",
]
CSV_FAULTS = [
    "bad_kind",
    "bad_date",
    "far_future",
    "nan",
    "bad_json_cell",
    "unknown_person",
    "not_utf8",
    "extra_cells",
    "oversize_cell",
    "unclosed_quote",
]
COLUMNS = ["id", "person_id", "occurred_at", "kind", "title", "description", "metrics", "gender"]
_ids = itertools.count()

texts = st.text(alphabet=st.sampled_from([*"abcxyz ,;\"'\n\t-", *"签约客户é—😀"]), min_size=0, max_size=30)
titles = st.text(alphabet=st.sampled_from([*"ABCdef 12上线发布"]), min_size=1, max_size=20).filter(lambda t: t.strip())


@dataclass
class Row:
    fault: str | None
    """None for a valid row."""
    id: str
    title: str
    description: str
    protected: str


rows = st.builds(
    Row,
    fault=st.none(),
    id=st.just(""),
    title=titles,
    description=texts,
    protected=st.sampled_from(["", "female", "41", "已婚"]),
)


def with_faults(faults: list[str]) -> st.SearchStrategy[list[Row]]:
    bad = st.builds(
        Row,
        fault=st.sampled_from(faults),
        id=st.just(""),
        title=titles,
        description=texts,
        protected=st.just(""),
    )
    return st.lists(st.one_of(rows, bad), min_size=1, max_size=14)


def _fresh(batch: list[Row]) -> list[Row]:
    for row in batch:
        row.id = f"fz{next(_ids)}"
    return batch


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    c = make_coach(tmp_path_factory.mktemp("fuzz") / "data", ingest_workers=0)
    people = tmp_path_factory.mktemp("fuzz-people") / "people.jsonl"
    people.write_text(
        "\n".join(
            json.dumps({"id": pid, "name": name, "language": "en", "job_family": "E", "level": "L", "team": "T"})
            for pid, name in (("ann", "Ann"), ("bo", "Bo"))
        ),
        encoding="utf-8",
    )
    assert ingest_files(c, [people]).rejected == 0
    return c


def _event(row: Row) -> dict:
    record = {
        "id": row.id,
        "person_id": "ann",
        "occurred_at": "2026-03-01",
        "kind": "outcome",
        "title": row.title,
        "description": row.description,
    }
    if row.protected:
        record["gender"] = row.protected
    fault = row.fault
    if fault == "bad_kind":
        record["kind"] = "achievement"
    elif fault == "bad_date":
        record["occurred_at"] = "yesterday"
    elif fault == "far_future":
        record["occurred_at"] = "2099-06-01"
    elif fault == "missing_title":
        del record["title"]
    elif fault == "unknown_person":
        record["person_id"] = "ghost"
    return record


def _jsonl_line(row: Row, encoding: str) -> bytes:
    record = _event(row)
    fault = row.fault
    if fault == "invalid_json":
        text = json.dumps(record, ensure_ascii=False)[:-1]
    elif fault == "not_object":
        text = json.dumps([record["id"], record["title"]], ensure_ascii=False)
    elif fault == "nan":
        text = json.dumps(record | {"metrics": {"x": float("nan")}}, ensure_ascii=False)
    elif fault == "deep":
        text = json.dumps(record | {"metrics": {"x": json.loads("[" * 40 + "]" * 40)}}, ensure_ascii=False)
    else:
        text = json.dumps(record, ensure_ascii=False)
    line = (text + "\n").encode(encoding if encoding != "utf-8-sig" else "utf-8")
    if fault == "not_utf8":
        line = line.replace(b'"title": "', b'"title": "\xe9', 1)
    return line.removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")


def _csv_record(row: Row) -> str:
    record = _event(row)
    metrics = ""
    if row.fault == "nan":
        metrics = '{"x": NaN}'
    elif row.fault == "bad_json_cell":
        metrics = "{bad"
    cells = [str(record.get(c, "")) for c in COLUMNS[:-2]] + [metrics, row.protected]
    if row.fault == "oversize_cell":
        cells[5] = "x" * 140_000
    if row.fault == "extra_cells":
        cells.append("surplus")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    text = out.getvalue()
    if row.fault == "unclosed_quote":
        text = f'{row.id},ann,2026-03-01,outcome,"{row.title.replace(chr(34), "")}, never closed\n'
    return text


def _check(coach: Coach, path: Path, batch: list[Row], bad_lines: set[int]) -> None:
    report = ingest_files(coach, [path], kind="events")  # the kind of an all-bad file cannot be told
    valid = {r.id for r in batch if r.fault is None}
    bad = {r.id for r in batch if r.fault is not None}
    [file_report] = report.files
    assert {r.line for r in file_report.rejects} == bad_lines, [str(r) for r in file_report.rejects]
    assert file_report.added == len(valid)
    ledger = coach.sql.event_hashes([r.id for r in batch])
    assert set(ledger) == valid and not (set(ledger) & bad)
    written = Path(file_report.rejects_file).read_text(encoding="utf-8") if file_report.rejects_file else ""
    assert not any(p in written for p in ("female", "已婚"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=with_faults(JSON_FAULTS), encoding=st.sampled_from(ENCODINGS), blanks=st.lists(st.booleans()))
def test_jsonl_fuzz(coach, batch, encoding, blanks):
    batch = _fresh(batch)
    if encoding == "utf-16":  # a UTF-16 file decodes as a whole: bytes that are not UTF-8 are not a thing there
        batch = [r for r in batch if r.fault != "not_utf8"] or _fresh([Row(None, "", "T", "", "")])
    body, bad_lines, line = b"", set(), 0
    for i, row in enumerate(batch):
        if i < len(blanks) and blanks[i]:  # blank lines are skipped but still counted
            body += "\n".encode(encoding if encoding != "utf-8-sig" else "utf-8").removeprefix(b"\xff\xfe")
            line += 1
        body += _jsonl_line(row, encoding)
        line += 1
        if row.fault:
            bad_lines.add(line)
    bom = {"utf-8": b"", "utf-8-sig": b"\xef\xbb\xbf", "utf-16": "".encode("utf-16")}[encoding]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.jsonl"
        path.write_bytes(bom + body)
        _check(coach, path, batch, bad_lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=with_faults(CSV_FAULTS), encoding=st.sampled_from(ENCODINGS))
def test_csv_fuzz(coach, batch, encoding):
    batch = _fresh(batch)
    if encoding == "utf-16":
        batch = [r for r in batch if r.fault != "not_utf8"] or _fresh([Row(None, "", "T", "", "")])
    unclosed = [r for r in batch if r.fault == "unclosed_quote"]
    for extra in unclosed[1:]:  # two unclosed quotes pair up into one legal (if odd) cell: keep one per file
        batch.remove(extra)
    for before, after in itertools.pairwise(list(batch)):
        if before.fault == "unclosed_quote":
            # The row after an unclosed quote is a one-line record: if it opened a multi-line quoted cell of its
            # own, its quote would legally close the unclosed one, and no reader could tell the two apart.
            after.description = after.description.replace('"', "").replace("\n", " ")
            if after.fault == "oversize_cell":
                after.fault = None
    text_parts, bad_lines, line = [",".join(COLUMNS) + "\n"], set(), 2
    for row in batch:
        record = _csv_record(row)
        text_parts.append(record)
        if row.fault:
            bad_lines.add(line)
        line += record.count("\n")
    body = b""
    for part, row in zip(text_parts, [None, *batch], strict=True):
        data = part.encode("utf-8" if encoding == "utf-8-sig" else encoding).removeprefix(b"\xff\xfe")
        if row is not None and row.fault == "not_utf8":
            data = data.replace(b",outcome,", b",outcome,\xe9", 1)
        body += data
    bom = {"utf-8": b"", "utf-8-sig": b"\xef\xbb\xbf", "utf-16": "".encode("utf-16")}[encoding]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.csv"
        path.write_bytes(bom + body)
        _check(coach, path, batch, bad_lines)
