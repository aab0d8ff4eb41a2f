"""The receipt page's API: an employee's receipt, opening a dispute, and the disputes a user may see.

Identity is the bearer token, as everywhere; who may see or do what is decided below the server
(``assistant.drafting.receipt``, ``retrieval.disputes``), so the page and the CLI give the same answers.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.core.errors import CoachError
from assistant.server.errors import error_for
from assistant.server.state import Auth, server_state

__all__ = ["page_router", "router"]

router = APIRouter(prefix="/api")
page_router = APIRouter()


class DisputeRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    event_id: str = Field(min_length=1, max_length=128)
    reason: str = Field(min_length=1, max_length=2000)


class ResolveRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    event_id: str = Field(min_length=1, max_length=128)
    outcome: str = Field(min_length=1)
    note: str = Field(min_length=1, max_length=2000)


async def _call(fn: Any, *args: Any) -> Any:
    try:
        return await run_in_threadpool(fn, *args)
    except CoachError as exc:
        raise error_for(exc) from exc


@router.get("/receipt")
async def receipt(request: Request, principal: Auth) -> dict[str, Any]:
    from assistant.drafting.receipt import build_receipt

    coach = server_state(request).coach
    result = await _call(build_receipt, coach, principal.user.id, None)
    return result.model_dump(mode="json")


@router.get("/disputes")
async def disputes(request: Request, principal: Auth) -> list[dict[str, Any]]:
    from retrieval import list_disputes

    coach = server_state(request).coach
    views = await _call(list_disputes, coach, principal.user.id, None)
    return [v.model_dump(mode="json") for v in views]


@router.post("/disputes", status_code=201)
async def open_(request: Request, body: DisputeRequest, principal: Auth) -> dict[str, Any]:
    from retrieval import open_dispute

    coach = server_state(request).coach
    dispute = await _call(open_dispute, coach, principal.user.id, body.event_id, body.reason)
    return dispute.model_dump(mode="json")


@router.post("/disputes/resolve")
async def resolve(request: Request, body: ResolveRequest, principal: Auth) -> dict[str, Any]:
    from retrieval import resolve_dispute

    coach = server_state(request).coach
    dispute = await _call(resolve_dispute, coach, principal.user.id, body.event_id, body.outcome, body.note)
    return dispute.model_dump(mode="json")


def add_page(router_: APIRouter, static_dir: Any, headers: dict[str, str]) -> None:
    """``/receipt``: the receipt page (static; it signs in with the chat's token)."""

    @router_.api_route("/receipt", methods=["GET", "HEAD"], include_in_schema=False)
    async def receipt_page() -> FileResponse:
        return FileResponse(static_dir / "receipt.html", headers=headers)
