"""Disputes and receipts: who may open, see and resolve a dispute; a disputed event is never used silently."""

from __future__ import annotations

import pytest

from assistant.chat.engine import ChatEngine
from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, BadInput, NotFound
from assistant.drafting.chain import DraftRequest, draft_feedback
from assistant.drafting.receipt import build_receipt
from retrieval import list_disputes, open_dispute, resolve_dispute

# small org: director -> mgr -> (ann, bob); director -> mgr2 -> carl; hr. ann-3 is private, ann-4 opted out.


def _draft(coach: Coach, requester: str = "mgr"):  # type: ignore[no-untyped-def]
    return draft_feedback(
        coach, DraftRequest(task="feedback_draft", requester=requester, subject="ann", period="2026H1")
    )


def test_only_the_person_opens_a_dispute_on_their_own_event(small_org: Coach) -> None:
    with pytest.raises(AccessDenied):  # the direct manager sees the event but it is not theirs to dispute
        open_dispute(small_org, "mgr", "ann-1", "wrong")
    for outsider in ("bob", "carl", "mgr2"):
        with pytest.raises(NotFound):  # not visible: the same answer as an unknown event
            open_dispute(small_org, outsider, "ann-1", "wrong")
    with pytest.raises(NotFound):
        open_dispute(small_org, "ann", "ann-4", "opted out events are never used anyway")
    with pytest.raises(BadInput):
        open_dispute(small_org, "ann", "ann-1", "   ")
    dispute = open_dispute(small_org, "ann", "ann-1", "The 12 minutes were measured on a test dataset")
    assert (dispute.status, dispute.person_id, dispute.opened_by) == ("open", "ann", "ann")
    with pytest.raises(BadInput, match="already disputed"):
        open_dispute(small_org, "ann", "ann-1", "again")
    rows = [r for r in small_org.sql.audit_log(50) if r.action == "dispute_open"]
    assert {(r.requester_id, r.decision) for r in rows} >= {("ann", "allowed"), ("mgr", "denied")}


def test_who_sees_which_disputes(small_org: Coach) -> None:
    open_dispute(small_org, "ann", "ann-1", "missing context")
    open_dispute(small_org, "ann", "ann-3", "this 1:1 note is not what we agreed")  # a private event
    ids = lambda user, subject=None: sorted(v.dispute.event_id for v in list_disputes(small_org, user, subject))  # noqa: E731
    assert ids("ann") == ["ann-1", "ann-3"]
    assert ids("mgr") == ["ann-1", "ann-3"]  # the direct manager sees private events
    assert ids("director") == ["ann-1"]  # the indirect manager does not
    assert ids("hr") == ["ann-1"]  # HR sees normal events only
    assert ids("bob") == [] and ids("mgr2") == []
    for outsider in ("bob", "mgr2", "carl"):
        with pytest.raises(AccessDenied):
            list_disputes(small_org, outsider, "ann")
    view = next(v for v in list_disputes(small_org, "mgr", "ann") if v.dispute.event_id == "ann-1")
    assert view.title == "Shipped the billing export" and view.person_name == "Ann"


def test_only_the_direct_manager_or_hr_resolves(small_org: Coach) -> None:
    open_dispute(small_org, "ann", "ann-1", "missing context")
    for who, error in (
        ("ann", AccessDenied),
        ("bob", AccessDenied),
        ("director", AccessDenied),
        ("mgr2", AccessDenied),
    ):
        with pytest.raises(error):
            resolve_dispute(small_org, who, "ann-1", "dismissed", "checked")
    with pytest.raises(BadInput):
        resolve_dispute(small_org, "mgr", "ann-1", "maybe", "checked")  # type: ignore[arg-type]
    done = resolve_dispute(small_org, "mgr", "ann-1", "dismissed", "Checked with the data team: the figure stands")
    assert (done.status, done.resolved_by) == ("dismissed", "mgr")
    with pytest.raises(NotFound):
        resolve_dispute(small_org, "hr", "ann-1", "upheld", "again")
    open_dispute(small_org, "ann", "ann-1", "and again")
    assert resolve_dispute(small_org, "hr", "ann-1", "upheld", "HR: corrected").status == "upheld"
    denied = [r for r in small_org.sql.audit_log(100) if r.action == "dispute_resolve" and r.decision == "denied"]
    assert {r.requester_id for r in denied} >= {"ann", "bob", "director", "mgr2"}


def test_a_disputed_event_is_left_out_of_drafts_and_the_notes_say_so(small_org: Coach) -> None:
    before = _draft(small_org)
    assert "ann-1" in {e["id"] for e in before.evidence}
    open_dispute(small_org, "ann", "ann-1", "measured on a test dataset")
    for requester in ("mgr", "director", "hr"):
        draft = _draft(small_org, requester)
        assert "ann-1" not in {e["id"] for e in draft.evidence}
        assert "ann-1" not in draft.cited_event_ids
        assert any("ann-1" in n and "disputed" in n for n in draft.notes), draft.notes
    resolve_dispute(small_org, "mgr", "ann-1", "dismissed", "the figure stands")
    after = _draft(small_org)
    assert "ann-1" in {e["id"] for e in after.evidence}
    assert not any("ann-1" in n for n in after.notes)
    open_dispute(small_org, "ann", "ann-1", "new information")
    resolve_dispute(small_org, "mgr", "ann-1", "upheld", "the export figure was wrong")
    upheld = _draft(small_org)
    assert "ann-1" not in {e["id"] for e in upheld.evidence}
    assert any("ann-1" in n and "upheld" in n for n in upheld.notes)


def test_a_revision_never_brings_a_disputed_event_back(small_org: Coach) -> None:
    first = _draft(small_org)
    open_dispute(small_org, "ann", "ann-1", "wrong")
    revised = draft_feedback(
        small_org,
        DraftRequest(
            task="feedback_draft", requester="mgr", subject="ann", period="2026H1", include_event_ids=["ann-1"]
        ),
    )
    assert "ann-1" not in revised.cited_event_ids and first.id != revised.id


def test_receipt_access_and_contents(small_org: Coach) -> None:
    engine = ChatEngine(small_org, router=False)
    reply = engine.reply("mgr", "feedback for Ann for 2026H1")
    assert reply.draft is not None
    engine.accept("mgr", reply.session_id, reply.draft["id"])
    open_dispute(small_org, "ann", "ann-2", "that migration was led by SRE")
    receipt = build_receipt(small_org, "ann")
    item = next(i for i in receipt.items if i.id == reply.draft["id"])
    assert (item.status, item.by, item.kind) == ("accepted", "mgr", "feedback_draft")
    assert item.event_ids and all(e.title for e in item.events if e.id != "ann-4")
    assert [d.dispute.event_id for d in receipt.disputes] == ["ann-2"]
    assert any(e.disputed == "open" for e in item.events) == ("ann-2" in item.event_ids)
    assert build_receipt(small_org, "hr", "ann").person_id == "ann"  # HR, audited
    for other in ("mgr", "director", "bob", "mgr2"):
        with pytest.raises(AccessDenied):
            build_receipt(small_org, other, "ann")
    assert any(r.action == "receipt" and r.decision == "denied" for r in small_org.sql.audit_log(100))
