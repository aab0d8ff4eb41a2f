"""The employee's receipt: every draft, goal proposal, development path and team signal about them that was
shared or accepted — which events it used, who, when — beside their disputes.

Sources are a registry (``RECEIPT_SOURCES``), so a new kind of shared item (a goal set shared with the
manager) adds one function. The receipt is the person's own (HR may read it, audited); nobody else's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from assistant.core.container import Coach
from assistant.core.errors import AccessDenied, NotFound
from retrieval import DisputeView, list_disputes, visible_events

__all__ = ["RECEIPT_SOURCES", "Receipt", "ReceiptEvent", "ReceiptItem", "build_receipt", "register_receipt_source"]


class ReceiptEvent(BaseModel):
    id: str
    title: str | None = None
    """``None`` when the event has since been opted out of AI use (or removed)."""
    date: str | None = None
    disputed: str | None = None
    """The dispute's status, when the person disputed it: open, upheld or dismissed."""


class ReceiptItem(BaseModel):
    kind: str
    """``feedback_draft``, ``goal_proposals``, ``draft_review``, ``development_path``, ``signal``, ..."""
    id: str
    at: datetime
    by: str
    """Who asked for it (a user id)."""
    by_name: str | None = None
    status: str
    """``accepted`` (someone accepted the draft) or ``shown`` (shown to someone other than the person)."""
    summary: str = ""
    event_ids: list[str] = Field(default_factory=list)
    events: list[ReceiptEvent] = Field(default_factory=list)


class Receipt(BaseModel):
    person_id: str
    name: str
    items: list[ReceiptItem]
    disputes: list[DisputeView]


ReceiptSource = Callable[[Coach, str], list[ReceiptItem]]
RECEIPT_SOURCES: dict[str, ReceiptSource] = {}


def register_receipt_source(name: str) -> Callable[[ReceiptSource], ReceiptSource]:
    """Add a source of receipt items (``@register_receipt_source("goal_sets")``)."""

    def add(fn: ReceiptSource) -> ReceiptSource:
        RECEIPT_SOURCES[name] = fn
        return fn

    return add


@register_receipt_source("accepted_drafts")
def _accepted(coach: Coach, person_id: str) -> list[ReceiptItem]:
    return [
        ReceiptItem(
            kind=draft.task,
            id=draft.id,
            at=acceptance.at,
            by=draft.requester_id,
            status="accepted",
            summary=_short(str((draft.result or {}).get("summary") or "")),
            event_ids=list(draft.event_ids or []),
        )
        for draft, acceptance in coach.growth.accepted_drafts_about(person_id)
    ]


@register_receipt_source("development_paths")
def _paths(coach: Coach, person_id: str) -> list[ReceiptItem]:
    return [
        ReceiptItem(
            kind="development_path",
            id=row.id,
            at=row.created_at,
            by=row.requester_id,
            status="shown",
            summary=_short(str(row.body.get("summary") or "")),
            event_ids=list(row.event_ids or []),
        )
        for row in coach.growth.paths_about(person_id)
        if row.requester_id != person_id
    ]


@register_receipt_source("signals")
def _signals(coach: Coach, person_id: str) -> list[ReceiptItem]:
    return [
        ReceiptItem(
            kind="signal",
            id=f"signal-{row.id}",
            at=row.at,
            by=row.requester_id,
            status="shown",
            summary=_short(str(row.body.get("text", ""))),
            event_ids=list(row.event_ids or []),
        )
        for row in coach.growth.signals_about(person_id)
    ]


@register_receipt_source("goal_sets")
def _goal_sets(coach: Coach, person_id: str) -> list[ReceiptItem]:
    """Goal sets the person shared with their manager, or that were accepted: the events their goals cite."""
    from assistant.core.goalstore import GoalStore

    out = []
    for row in GoalStore(coach.sql).list([person_id]):
        if row.status not in ("shared", "accepted"):
            continue
        goals = row.body.get("goals", [])
        cited = list(dict.fromkeys(i for g in goals for i in g.get("event_ids", [])))
        accepted = row.status == "accepted" and row.accepted_at is not None
        out.append(
            ReceiptItem(
                kind="goal_set",
                id=row.id,
                at=(row.accepted_at if accepted else row.shared_at) or row.updated_at,  # type: ignore[arg-type]
                by=(row.accepted_by if accepted else row.created_by) or row.created_by,
                status="accepted" if accepted else "shared",
                summary=_short(f"{row.period}: " + "; ".join(str(g.get("objective", "")) for g in goals)),
                event_ids=cited,
            )
        )
    return out


def _short(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_receipt(coach: Coach, requester: str, subject: str | None = None) -> Receipt:
    """The receipt of ``subject`` (default: the requester themself), for the person or HR (audited).

    Raises:
        NotFound: unknown requester or person. AccessDenied: anyone but the person and HR.
    """
    user = coach.sql.get_user(requester)
    if user is None:
        raise NotFound(f"no user {requester!r}; list users with `coach people`")
    person_id = subject or user.person_id
    person = coach.sql.get_person(person_id)
    if person_id != user.person_id and user.role != "hr":
        coach.sql.audit(requester_id=requester, subject_id=person_id, action="receipt", decision="denied",
                        reason="not the person nor HR", details={})  # fmt: skip
        raise AccessDenied(f"access denied: a receipt is read by the person it is about or by HR, not by {requester!r}")
    if person is None:
        raise NotFound(f"no person {person_id!r}")
    items: list[ReceiptItem] = [item for source in RECEIPT_SOURCES.values() for item in source(coach, person_id)]
    disputes = list_disputes(coach, requester, person_id)
    status = {}
    for view in sorted(disputes, key=lambda v: v.dispute.opened_at):
        status[view.dispute.event_id] = view.dispute.status
    ids = sorted({i for item in items for i in item.event_ids})
    seen = {e.id: e for e in visible_events(coach, requester, person_id, ids=ids)} if ids else {}
    names = {p.id: p.name for p in coach.sql.list_people()}
    for item in items:
        item.by_name = names.get(item.by)
        item.events = [
            ReceiptEvent(
                id=i,
                title=seen[i].title if i in seen else None,
                date=f"{seen[i].occurred_at:%Y-%m-%d}" if i in seen else None,
                disputed=status.get(i),
            )
            for i in item.event_ids
        ]
    items.sort(key=lambda i: i.at, reverse=True)
    coach.sql.audit(
        requester_id=requester,
        subject_id=person_id,
        action="receipt",
        decision="allowed",
        reason="self" if person_id == user.person_id else "hr",
        details={"items": len(items)},
    )
    return Receipt(person_id=person_id, name=person.name, items=items, disputes=disputes)


def receipt_json(receipt: Receipt) -> dict[str, Any]:
    return receipt.model_dump(mode="json")
