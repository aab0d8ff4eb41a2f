"""Every access rule, allowed and denied, for all three roles; private and opted-out events; audit."""

from __future__ import annotations

import pytest

from assistant.core.errors import AccessDenied, NotFound
from retrieval.retrieve import retrieve

YEAR = "2026"


def ids(result) -> set[str]:
    return {e.id for e in result.events}


def test_employee_sees_self_including_private_but_never_excluded(small_org):
    result = retrieve(small_org, "ann", "ann", YEAR)
    assert result.relation == "self"
    assert ids(result) == {"ann-1", "ann-2", "ann-3", "ann-5"}


def test_employee_is_denied_a_colleague_with_a_reason(small_org):
    with pytest.raises(AccessDenied, match=r"'ann' is an employee and may see only their own data, not 'bob'"):
        retrieve(small_org, "ann", "bob", YEAR)


def test_employee_is_denied_their_manager(small_org):
    with pytest.raises(AccessDenied):
        retrieve(small_org, "ann", "mgr", YEAR)


def test_direct_manager_sees_report_with_private_notes(small_org):
    result = retrieve(small_org, "mgr", "ann", YEAR)
    assert result.relation == "direct_manager"
    assert ids(result) == {"ann-1", "ann-2", "ann-3", "ann-5"}


def test_indirect_manager_sees_report_but_not_private_notes(small_org):
    result = retrieve(small_org, "director", "ann", YEAR)
    assert result.relation == "indirect_manager"
    assert ids(result) == {"ann-1", "ann-2", "ann-5"}


def test_manager_outside_the_line_is_denied(small_org):
    with pytest.raises(AccessDenied, match=r"'carl' is not in the reporting line of 'mgr'"):
        retrieve(small_org, "mgr", "carl", YEAR)


def test_manager_cannot_see_peer_manager_or_own_manager(small_org):
    with pytest.raises(AccessDenied):
        retrieve(small_org, "mgr", "mgr2", YEAR)
    with pytest.raises(AccessDenied):
        retrieve(small_org, "mgr", "director", YEAR)


def test_hr_sees_anyone_without_private_or_excluded_and_is_audited(small_org):
    result = retrieve(small_org, "hr", "ann", YEAR)
    assert result.relation == "hr"
    assert ids(result) == {"ann-1", "ann-2", "ann-5"}
    assert ids(retrieve(small_org, "hr", "carl", YEAR)) == {"carl-1", "carl-2"}
    log = small_org.sql.audit_log(requester_id="hr")
    assert [(r.subject_id, r.decision, r.reason) for r in log] == [("carl", "allowed", "hr"), ("ann", "allowed", "hr")]
    assert log[1].details["event_ids"] == ["ann-1", "ann-2", "ann-5"]


def test_excluded_events_are_never_retrieved_for_anyone(small_org):
    for requester in ("ann", "mgr", "director", "hr"):
        assert "ann-4" not in ids(retrieve(small_org, requester, "ann", YEAR))


def test_excluded_events_never_reach_the_vector_store(small_org):
    assert "ann-4" not in small_org.vectors.ids()
    assert "ann-4" in small_org.sql.ledger_ids()


def test_denials_are_audited(small_org):
    with pytest.raises(AccessDenied):
        retrieve(small_org, "bob", "ann", YEAR)
    row = small_org.sql.audit_log(limit=1)[0]
    assert (row.requester_id, row.subject_id, row.decision) == ("bob", "ann", "denied")
    assert "may see only their own data" in row.reason


def test_unknown_requester_is_not_found(small_org):
    with pytest.raises(NotFound, match="no user 'ghost'"):
        retrieve(small_org, "ghost", "ann", YEAR)


def test_unknown_subject_is_a_refusal_for_managers_and_not_found_for_hr(small_org):
    # A manager learns nothing about whether the id exists.
    with pytest.raises(AccessDenied, match="not in the reporting line"):
        retrieve(small_org, "mgr", "ghost", YEAR)
    with pytest.raises(NotFound, match="no person 'ghost'"):
        retrieve(small_org, "hr", "ghost", YEAR)


def test_reporting_line_survives_a_cycle(coach):
    from retrieval.ingest import ingest_models

    from conftest import person

    ingest_models(coach, people=[person("x", "y"), person("y", "x"), person("z")])
    assert retrieve(coach, "y", "x", YEAR).relation == "direct_manager"
    with pytest.raises(AccessDenied):
        retrieve(coach, "z", "x", YEAR)
