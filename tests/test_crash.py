"""A crash part-way through an ingest never leaves the SQL ledger and the vector store disagreeing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from assistant.core.journal import FAULT_ENV

from conftest import cli_env, database_for, make_coach

pytestmark = pytest.mark.slow
N_EVENTS = 2500
BATCH = 500


@pytest.fixture
def export(tmp_path: Path) -> list[Path]:
    people = tmp_path / "people.jsonl"
    people.write_text(
        "\n".join(
            json.dumps(p)
            for p in [
                {
                    "id": "m",
                    "name": "M",
                    "language": "en",
                    "job_family": "Eng",
                    "level": "M1",
                    "team": "T",
                    "role": "manager",
                },
                {
                    "id": "a",
                    "name": "A",
                    "language": "en",
                    "job_family": "Eng",
                    "level": "L3",
                    "team": "T",
                    "manager_id": "m",
                },
                {
                    "id": "b",
                    "name": "B",
                    "language": "zh",
                    "job_family": "Eng",
                    "level": "L3",
                    "team": "T",
                    "manager_id": "m",
                },
            ]
        )
        + "\n"
    )
    events = tmp_path / "events.jsonl"
    with events.open("w") as out:
        for i in range(N_EVENTS):
            who = "a" if i % 2 else "b"
            out.write(
                json.dumps(
                    {
                        "id": f"ev-{i:05d}",
                        "person_id": who,
                        "occurred_at": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "kind": ["outcome", "collaboration", "development", "context"][i % 4],
                        "source": "jira",
                        "title": f"Task {i} shipped" if who == "a" else f"第 {i} 号任务完成",
                        "language": "en" if who == "a" else "zh",
                        "visibility": "excluded_from_ai" if i % 97 == 0 else "normal",
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return [people, events]


def run_ingest(data_dir: Path, files: list[Path], **env: str) -> subprocess.Popen[bytes]:
    environment = cli_env(data_dir, COACH_INGEST_BATCH_SIZE=str(BATCH)) | env
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data_dir), "ingest", *map(str, files)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def raw_count(data_dir: Path, query: str) -> int:
    """One count straight from the data dir's database (no store opened, so no recovery runs)."""
    engine = create_engine(database_for(data_dir) or f"sqlite:///{data_dir / 'coach.db'}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(query)).scalar() or 0)
    finally:
        engine.dispose()


def raw_counts(data_dir: Path) -> tuple[int, int, int]:
    """(ledger rows, journal rows, vector records) read without running recovery."""
    ledger = raw_count(data_dir, "select count(*) from event_ledger where visibility != 'excluded_from_ai'")
    journal = raw_count(data_dir, "select count(*) from ingest_journal")
    coach = make_coach(data_dir)
    return ledger, journal, coach.vectors.count()


def assert_consistent_and_complete(data_dir: Path) -> None:
    coach = make_coach(data_dir)
    coach.ensure_consistent()
    visible = {f"ev-{i:05d}" for i in range(N_EVENTS) if i % 97}
    assert coach.sql.ledger_ids(include_excluded=False) == visible
    assert coach.vectors.ids() == visible
    assert coach.sql.count_events() == N_EVENTS
    assert coach.sql.journal_pending() == []


def test_crash_between_vector_write_and_ledger_commit_is_replayed(tmp_path, export):
    data = tmp_path / "data"
    proc = run_ingest(data, export, **{FAULT_ENV: "3"})
    proc.communicate(timeout=300)
    assert proc.returncode == 86
    ledger, journal, vectors = raw_counts(data)
    # Two batches fully committed; the third reached Chroma but not the ledger: the stores disagree on disk...
    assert journal == 1
    assert vectors > ledger
    # ...until anyone opens the store: recovery replays the journaled batch.
    coach = make_coach(data)
    assert coach.recover() == 1
    assert coach.sql.ledger_ids(include_excluded=False) == coach.vectors.ids()
    # Re-running the ingest completes it; nothing is duplicated.
    rerun = run_ingest(data, export)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert "0 rejected" in out.decode()
    assert_consistent_and_complete(data)


def test_sigkill_at_an_arbitrary_point_then_rerun(tmp_path, export):
    data = tmp_path / "data"
    proc = run_ingest(data, export)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if database_for(data) is not None or (data / "coach.db").exists():
            try:
                if raw_count(data, "select count(*) from event_ledger") >= BATCH:
                    break
            except SQLAlchemyError:
                pass  # tables not created yet
        time.sleep(0.02)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    rerun = run_ingest(data, export)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert_consistent_and_complete(data)


def test_verify_command_reports_consistency(tmp_path, export):
    data = tmp_path / "data"
    run_ingest(data, export, **{FAULT_ENV: "2"}).communicate(timeout=300)
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--data-dir", str(data), "verify", "--json"],
        env=cli_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert (report["replayed_batches"], report["consistent"]) == (1, True)
    assert report["ledger_events"] == report["vector_events"] == len({i for i in range(2 * BATCH) if i % 97})
