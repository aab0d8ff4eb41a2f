"""Access control, decided before anything is read.

An employee sees only themself; a manager their whole reporting line (direct and indirect reports);
an HR user anyone, always audited. Private events are visible only to the subject and their direct
manager; ``excluded_from_ai`` events are never retrieved for anyone. Denial is an explicit error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from assistant.core.errors import AccessDenied, NotFound
from assistant.core.models import Person, User, Visibility

if TYPE_CHECKING:
    from assistant.core.storage import SqlStore

__all__ = ["AccessDecision", "Relation", "check_access", "reporting_line"]

Relation = Literal["self", "direct_manager", "indirect_manager", "hr"]


class AccessDecision(BaseModel):
    """Who may see whom, how they are related, and which visibilities that opens."""

    requester: User
    subject: Person
    relation: Relation
    visibilities: list[Visibility]
    """Event visibilities this requester may retrieve for this subject (never ``excluded_from_ai``)."""


def reporting_line(manager_of: Callable[[str], str | None], person_id: str) -> list[str]:
    """The chain of managers above ``person_id``, nearest first (stops on a cycle)."""
    chain: list[str] = []
    seen = {person_id}
    current = manager_of(person_id)
    while current and current not in seen:
        chain.append(current)
        seen.add(current)
        current = manager_of(current)
    return chain


def check_access(sql: SqlStore, requester_id: str, subject_id: str) -> AccessDecision:
    """Decide whether ``requester_id`` may see ``subject_id``'s work events.

    Raises:
        NotFound: the requester is not a user (or, for HR, the subject does not exist).
        AccessDenied: the subject is outside the requester's reach; the message says why.
    """
    requester = sql.get_user(requester_id)
    if requester is None:
        raise NotFound(f"no user {requester_id!r}; list users with `coach people`")
    subject = sql.get_person(subject_id)
    if requester.person_id == subject_id and subject is not None:
        return AccessDecision(requester=requester, subject=subject, relation="self", visibilities=["normal", "private"])
    chain = reporting_line(sql.manager_of, subject_id) if subject is not None else []
    if subject is not None and requester.person_id in chain:
        direct = chain[0] == requester.person_id
        return AccessDecision(
            requester=requester,
            subject=subject,
            relation="direct_manager" if direct else "indirect_manager",
            visibilities=["normal", "private"] if direct else ["normal"],
        )
    if requester.role == "hr":
        if subject is None:
            raise NotFound(f"no person {subject_id!r}")
        return AccessDecision(requester=requester, subject=subject, relation="hr", visibilities=["normal"])
    # Same answer whether or not the subject exists: a refusal names no data about that person.
    if requester.role == "employee":
        raise AccessDenied(
            f"access denied: {requester_id!r} is an employee and may see only their own data, not {subject_id!r}"
        )
    raise AccessDenied(
        f"access denied: {subject_id!r} is not in the reporting line of {requester_id!r}; "
        "managers see their direct and indirect reports only"
    )
