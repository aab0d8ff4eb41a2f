"""Health of ``coach serve`` for load balancers and monitoring: liveness, readiness, metrics.

- ``GET /healthz``: the process answers (liveness; restart it when this fails).
- ``GET /readyz``: the database and the vector store answer, and the server is not shutting down
  (readiness; send it traffic only while this is 200). 503 names what failed.
- ``GET /metrics``: Prometheus metrics (see ``observability.Metrics``).

None of them needs a token or says anything about people; keep ``/metrics`` off the public proxy.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.core.errors import CoachError
from assistant.server.observability import CONTENT_TYPE_LATEST
from assistant.server.state import server_state

__all__ = ["router"]

router = APIRouter()
CHECK_TIMEOUT_S = 3.0
"""A store that has not answered within this long is reported as not ready."""


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _check(fn: Any) -> str:
    try:
        await asyncio.wait_for(run_in_threadpool(fn), timeout=CHECK_TIMEOUT_S)
    except TimeoutError:
        return f"no answer within {CHECK_TIMEOUT_S:g} s"
    except CoachError as exc:
        return str(exc)
    except Exception as exc:  # whatever the store raised: not ready, and say why
        return " ".join(str(exc).split())[:200] or type(exc).__name__
    return "ok"


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    state = server_state(request)
    database, vectors = await asyncio.gather(_check(state.coach.ping_database), _check(state.coach.ping_vectors))
    checks = {"database": database, "vectors": vectors}
    if state.draining:
        checks["server"] = "shutting down"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks}, status_code=200 if ready else 503
    )


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    return Response(server_state(request).metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
