"""``coach eval serve-report``: one run's report on loopback, where a label made in the page is saved at once.

The page is the same self-contained report as ``report.html``; served here it carries the save address and
a per-session token, so its Save button posts the label instead of keeping it for a download. Every request
needs the token (in the query for the page, in the ``X-Coach-Review-Token`` header for saving): another
local user, or a web page in the analyst's browser posting across origins, cannot read or write labels.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from assistant.core.errors import BadInput

if TYPE_CHECKING:
    from assistant.core.container import Coach

__all__ = ["create_review_app"]

_MAX_BODY = 1_000_000


def create_review_app(coach: Coach, run_id: str, token: str) -> FastAPI:
    """The review app of run ``run_id``: its report, and ``POST /labels`` that saves labels with the run."""
    from evals.compare import load_run
    from evals.labels import parse_labels, read_labels
    from evals.outputs import attach_labels, save_run_labels
    from evals.report import report_html

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    def allowed(given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given or "", token)

    def current() -> dict[str, Any]:
        doc = load_run(run_id, coach.settings.data_dir)
        return attach_labels(doc, read_labels(coach.settings.data_dir, suite=doc["suite"]["name"], sql=coach.sql))

    @app.get("/", response_class=HTMLResponse)
    def page(request: Request) -> HTMLResponse:
        if not allowed(request.query_params.get("token")):
            return HTMLResponse("Open the address `coach eval serve-report` printed (it carries a token).", 403)
        html = report_html(current(), review={"endpoint": "/labels", "token": token})
        return HTMLResponse(html, headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"})

    @app.post("/labels")
    async def labels(request: Request) -> JSONResponse:
        if not allowed(request.headers.get("x-coach-review-token")):
            return JSONResponse({"error": "missing or wrong review token"}, 403)
        body = await request.body()
        if len(body) > _MAX_BODY:
            return JSONResponse({"error": f"labels larger than {_MAX_BODY} bytes"}, 413)
        try:
            import json

            data = json.loads(body)
            items = data if isinstance(data, list) else [data]
            made = parse_labels(items, "request")
            if any(lb.run_id != run_id for lb in made):
                raise BadInput(f"this page reviews run {run_id}; a label names another run")
            doc = load_run(run_id, coach.settings.data_dir)
            save_run_labels(coach, doc, made)
        except (ValueError, BadInput) as exc:
            return JSONResponse({"error": str(exc)}, 400)
        summary = current()["labels"]
        return JSONResponse(
            {"saved": [lb.id for lb in made], "reviewed": summary["reviewed"], "flipped": len(summary["flipped"])}
        )

    return app
