"""Opting out is retroactive: once an event is re-ingested as ``excluded_from_ai``, its text leaves the stored
drafts (``coach history``) and the stored chat messages too, not only the vector store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from assistant.chat.engine import ChatEngine
from assistant.drafting.schemas import DraftResult
from retrieval.ingest import ingest_files

from conftest import make_coach


def _stored_text(coach, session_id: str, user: str, engine: ChatEngine) -> str:
    drafts = [coach.sql.get_draft(r.id) for r in coach.sql.list_drafts(1000)]
    messages = engine.sessions.messages(user, session_id)
    return json.dumps(
        [d.result | {"_text": d.text, "_guard": d.guardrails} for d in drafts]
        + [m.model_dump(mode="json") for m in messages],
        ensure_ascii=False,
    )


def test_an_opted_out_event_is_redacted_from_drafts_and_chat_messages(tmp_path: Path):
    from assistant.demo.org import DEMO_DATA_DIR

    coach = make_coach(tmp_path / "data")
    ingest_files(coach, [DEMO_DATA_DIR / "people.jsonl", DEMO_DATA_DIR / "events.jsonl"])
    engine = ChatEngine(coach, today=date(2026, 11, 26))
    reply = engine.reply("alice-chen", "Feedback for Carla Mendes for 2026H1")
    draft = reply.draft
    cited = draft["statements"][0]["event_ids"][0]
    source = next(
        json.loads(line)
        for line in (DEMO_DATA_DIR / "events.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["id"] == cited
    )
    sources = engine.reply("alice-chen", "sources", session_id=reply.session_id)
    assert any(e["id"] == cited for e in sources.sources)
    before = _stored_text(coach, reply.session_id, "alice-chen", engine)
    assert source["title"] in before and cited in before

    opted_out = tmp_path / "optout.jsonl"
    opted_out.write_text(json.dumps(source | {"visibility": "excluded_from_ai"}) + "\n", encoding="utf-8")
    report = ingest_files(coach, [opted_out])
    assert report.files[0].updated == 1

    after = _stored_text(coach, reply.session_id, "alice-chen", engine)
    assert source["title"] not in after
    if len(source.get("description") or "") > 8:
        assert source["description"] not in after
    stored = coach.sql.get_draft(draft["id"])
    assert cited not in stored.event_ids and cited not in stored.result["cited_event_ids"]
    assert all(e["id"] != cited for e in stored.result["evidence"])
    assert "withdrawn from AI use" in stored.text
    DraftResult.model_validate(stored.result)  # `coach history ID` still shows it
    # the rest of the draft is still there
    other = [s for s in stored.result["statements"] if cited not in s["event_ids"] and s["event_ids"]]
    assert other and all(s["text"] in stored.text for s in other)
    # and the conversation still reads: the reply's draft is the redacted one
    resumed = engine.sessions.messages("alice-chen", reply.session_id)
    assert any("withdrawn from AI use" in m.text for m in resumed if m.role == "assistant")
