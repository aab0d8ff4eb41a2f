"""Reading ingest files into raw records, each with the physical line it starts on.

What is a file error (nothing of the file is read) and what is a row error (the row is reported and
skipped, everything else kept) is decided here:

- file errors: the file cannot be opened, its type is not ``.jsonl``/``.ndjson``/``.json``/``.csv``/``.tsv``,
  a CSV file has no header, a UTF-16 file (it starts with a UTF-16 byte-order mark) is not valid UTF-16;
- row errors: a line that is not UTF-8 (``not UTF-8 (byte 0xe9 at column 12)``), a JSON line that does not
  parse, is not an object or is nested more than :data:`MAX_DEPTH` levels, a CSV record with an unclosed
  quote (its line is rejected and reading resumes on the next line, so the rows after it are kept), a CSV
  cell longer than the csv module's field limit, more cells than the header has columns, a ``metrics`` cell
  that is not JSON.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 with one. Anything else is read line by line
as UTF-8, and each line that does not decode is a row error, so the valid lines of a mixed file are kept.

Protected columns (``PROTECTED_FIELDS``: gender, age, 婚育, ...) are removed from every record here, before
anything else sees it: they never reach validation, the rejects file, a log or a store.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assistant.core.errors import BadInput
from assistant.core.models import PROTECTED_FIELDS

__all__ = [
    "JSON_SUFFIXES",
    "MAX_DEPTH",
    "TABLE_SUFFIXES",
    "first_columns",
    "is_protected",
    "norm_column",
    "read_rows",
]

JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
TABLE_SUFFIXES = (".csv", ".tsv")
MAX_DEPTH = 16
"""Deepest nesting of a JSON row (a work event needs 3: row, metrics, metric)."""
MAX_RECORD_LINES = 500
"""A quoted CSV cell may span at most this many lines; longer, its opening quote is taken as unclosed."""
_JSON_CELLS = {"metrics"}
_RAW_LIMIT = 500

Reject = Callable[[int, str, str, Any], None]
"""``reject(line, field, reason, raw row)``."""


def norm_column(name: object) -> str:
    """A column name as fields are matched: trimmed, lower case, ``-`` and spaces as ``_``."""
    return str(name).strip().lower().replace("-", "_").replace(" ", "_")


def is_protected(name: object) -> bool:
    return norm_column(name) in PROTECTED_FIELDS


_PROTECTED_PAIR = re.compile(
    r'"\s*(?:'
    + "|".join(sorted((re.escape(f).replace("_", "[ _-]") for f in PROTECTED_FIELDS), key=len, reverse=True))
    + r')\s*"\s*:\s*(?:"(?:[^"\\]|\\.)*"?|[^,}\]]*)\s*,?',
    re.IGNORECASE,
)


def _redacted(text: str) -> str:
    """An unparseable line as it may be kept in a rejects file: protected keys and their values removed."""
    return _PROTECTED_PAIR.sub("", text.strip())[:_RAW_LIMIT]


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (iterative: a deep value cannot overflow the stack here)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, text, why it is bad) for each physical line, decoded as the file's BOM says.

    A line that is not UTF-8 comes with ``why`` set and its text decoded with replacement characters, so
    a CSV reader can still follow its quotes (and reject the whole record it belongs to).
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        head = handle.read(4)
        handle.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not head.startswith(codecs.BOM_UTF32_LE):
            text = io.TextIOWrapper(handle, encoding="utf-16", newline="")
            number = 0
            try:
                for number, line in enumerate(text, start=1):
                    yield number, line, ""
            except UnicodeDecodeError as exc:
                raise BadInput(
                    f"{path}:{number + 1}: the file starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                    f"({exc.reason}); save it as UTF-8"
                ) from exc
            return
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield number, raw.decode("utf-8"), ""
            except UnicodeDecodeError as exc:
                why = f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); save the file as UTF-8"
                yield number, raw.decode("utf-8", errors="replace"), why


def read_rows(path: Path, reject: Reject, dropped: Callable[[str], None]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, record without protected columns); report unreadable rows through ``reject``.

    ``dropped(column)`` is told each protected column removed (the caller warns once per file).

    Raises:
        BadInput: a file error (see the module docstring).
    """
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        yield from _json_rows(path, reject, dropped)
    elif suffix in TABLE_SUFFIXES:
        yield from _csv_rows(path, "\t" if suffix == ".tsv" else ",", reject, dropped)
    else:
        raise BadInput(f"{path}: unsupported file type {suffix!r}; use .jsonl or .csv")


def _strip_protected(record: dict[str, Any], dropped: Callable[[str], None]) -> dict[str, Any]:
    out = {}
    for key, value in record.items():
        if is_protected(key):
            dropped(str(key))
        else:
            out[key] = value
    return out


def _json_rows(path: Path, reject: Reject, dropped: Callable[[str], None]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line, why in _lines(path):
        if why:
            reject(number, "(row)", why, None)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.strip())
        except RecursionError:
            reject(number, "(row)", f"JSON nested too deeply (at most {MAX_DEPTH} levels); flatten the row", None)
            continue
        except json.JSONDecodeError as exc:
            reject(number, "(row)", f"invalid JSON: {exc.msg} at column {exc.colno}", _redacted(line))
            continue
        if not isinstance(record, dict):
            reject(number, "(row)", f"expected a JSON object, got {type(record).__name__}", _redacted(line))
            continue
        record = _strip_protected(record, dropped)
        depth = _depth(record)
        if depth > MAX_DEPTH:
            reject(
                number, "(row)", f"JSON nested too deeply ({depth} levels, at most {MAX_DEPTH}); flatten the row", None
            )
            continue
        yield number, record


def _parse(text: str, delimiter: str) -> list[str]:
    """One CSV record's cells (raises ``csv.Error``)."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    return rows[0] if rows else []


def _is_open(text: str, delimiter: str) -> bool:
    """Whether ``text`` ends inside a quoted cell (the record continues on the next line)."""
    try:
        list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _is_record(line: str, delimiter: str, width: int) -> bool:
    """Whether ``line`` is a record by itself: no open quote, at least ``width`` cells (a line inside a quoted
    cell rarely holds as many separators as the header)."""
    if not line.strip() or _is_open(line, delimiter):
        return False
    try:
        return len(_parse(line, delimiter)) >= width
    except csv.Error:
        return False


def _records(path: Path, delimiter: str, reject: Reject) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each CSV record, the header first; undecodable and unclosed lines rejected.

    A record whose quoted cell never closes (before the end of the file or :data:`MAX_RECORD_LINES`) or
    runs into a line that is a record by itself (as many cells as the header, no open quote) is its first
    line's error (unclosed quote); reading resumes on the next line, so the records after it are kept.
    """
    lines = list(_lines(path))
    width: int | None = None
    unclosed = "unclosed quote: this record's quoted cell never ends"
    i = 0
    while i < len(lines):
        number, text, _why = lines[i]
        if not text.strip():
            i += 1
            continue
        j, buffer, runs_into_a_record = i, text, False
        while _is_open(buffer, delimiter) and j + 1 < len(lines) and j - i < MAX_RECORD_LINES:
            following = lines[j + 1][1]
            if width is not None and _is_record(following, delimiter, width):
                runs_into_a_record = True  # the open quote would swallow a complete record: it is unclosed
                break
            j += 1
            buffer += following
        if runs_into_a_record or _is_open(buffer, delimiter):
            reject(number, "(row)", unclosed, None)
            i += 1  # resume on the next line: the rows after an unclosed quote are kept
            continue
        bad = next(((n, why) for n, _t, why in lines[i : j + 1] if why), None)
        if bad is not None:
            reject(number, "(row)", bad[1] if bad[0] == number else f"line {bad[0]}: {bad[1]}", None)
            i = j + 1
            continue
        try:
            cells = _parse(buffer, delimiter)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                reason = f"a cell is longer than {csv.field_size_limit():,} characters; shorten it"
            else:
                reason = f"CSV error: {exc}"
            reject(number, "(row)", reason, None)
            i = j + 1
            continue
        width = len(cells) if width is None else width
        yield number, cells
        i = j + 1


def _csv_rows(
    path: Path, delimiter: str, reject: Reject, dropped: Callable[[str], None]
) -> Iterator[tuple[int, dict[str, Any]]]:
    records = _records(path, delimiter, reject)
    first = next(records, None)
    if first is None:
        return
    header = [h.strip() for h in first[1]]
    keep = [not is_protected(h) for h in header]
    for name, kept in zip(header, keep, strict=True):
        if not kept:
            dropped(name)
    width = len(header)
    for number, cells in records:
        row = {h: c for h, c, k in zip(header, cells, keep, strict=False) if k}
        if len(cells) > width:
            reject(number, "(row)", f"{len(cells) - width} more cells than the header has columns", row)
            continue
        record: dict[str, Any] = {}
        bad = False
        for name, value in row.items():
            if value is None or value.strip() == "":
                continue
            if norm_column(name) in _JSON_CELLS:
                try:
                    record[name] = json.loads(value)
                except json.JSONDecodeError as exc:
                    reject(number, name, f"invalid JSON in cell: {exc.msg}", row)
                    bad = True
                    break
                except RecursionError:
                    reject(number, name, f"JSON nested too deeply (at most {MAX_DEPTH} levels)", None)
                    bad = True
                    break
            else:
                record[name] = value
        if not bad:
            yield number, record


def first_columns(path: Path, probe: int = 20) -> list[set[str]]:
    """The column sets of the first readable records (a CSV file: its header), normalised: for telling the kind."""
    found: list[set[str]] = []
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        for _number, line, _why in _lines(path):  # the header: the first non-blank line
            if line.strip():
                return [{norm_column(c) for c in _parse(line, "\t" if suffix == ".tsv" else ",")}]
        return []
    for _number, record in read_rows(path, lambda *_: None, lambda _c: None):
        found.append({norm_column(k) for k in record})
        if len(found) >= probe:
            break
    return found
