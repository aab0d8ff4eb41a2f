"""A long-running process (``coach serve``) keeps reading correctly after another process ingests."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.core.container import Coach

pytestmark = pytest.mark.slow


def test_events_ingested_by_another_process_can_be_fetched(small_org: Coach, tmp_path):
    before = small_org.vectors.fetch(["ann-1"])  # this process now holds an in-memory view of the store
    assert set(before) == {"ann-1"}
    new = {
        "id": "ann-new",
        "person_id": "ann",
        "occurred_at": "2026-05-20",
        "kind": "outcome",
        "source": "manual",
        "title": "Shipped the import wizard",
        "description": "Shipped the import wizard two weeks early.",
    }
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(new) + "\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "--data-dir",
            str(small_org.settings.data_dir),
            "ingest",
            str(events),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fetched = small_org.vectors.fetch(["ann-new", "ann-1"])
    assert set(fetched) == {"ann-new", "ann-1"}
    assert fetched["ann-new"][0].title == "Shipped the import wizard"
    assert small_org.vectors.count() == len(small_org.vectors.ids())
