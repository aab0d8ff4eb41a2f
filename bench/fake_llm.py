"""A local OpenAI-compatible chat endpoint that answers after a fixed latency: the stand-in for a slow LLM.

For ``bench/bench_chat.py --llm`` and the async-turn tests. It answers the chat's routing call with a
``route`` tool call (``kind: help``, so the deterministic parser decides, as with a weak model), and a
drafting call with a feedback draft (JSON) that cites the first events of the prompt. Every answer comes
after ``--latency`` seconds (awaited, so thousands can wait at once). ``GET /stats`` counts requests, and
how many clients went away before their answer (a cancelled call). Loopback only.

    .venv/bin/python bench/fake_llm.py --port 8766 --latency 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

_STATS = {"requests": 0, "route": 0, "draft": 0, "answered": 0, "cancelled": 0, "in_flight": 0, "max_in_flight": 0}


def _events(prompt: str) -> list[dict[str, Any]]:
    """The events the prompt quotes, one JSON object per line."""
    found = []
    for line in prompt.splitlines():
        line = line.strip()
        if line.startswith("{") and '"id"' in line:
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return found


def _draft(prompt: str, zh: bool) -> dict[str, Any]:
    """A draft that quotes the evidence: the first three events as strengths and a development area."""
    events = _events(prompt)
    picked = (events * 3)[:3] if events else [{"id": "", "title": "", "date": ""}] * 3
    cite = [[e["id"]] if e.get("id") else [] for e in picked]
    what = [f"{e.get('title', '').rstrip('.')}（{e.get('date', '')}）" if zh else
            f"{e.get('title', '').rstrip('.')} ({e.get('date', '')})" for e in picked]  # fmt: skip
    if zh:
        return {
            "summary": f"本期的代表性工作：{what[0]}。",
            "statements": [
                {"section": "strength", "text": f"{what[0]}，按时交付并同步了进展。", "event_ids": cite[0]},
                {"section": "strength", "text": f"{what[1]}，推动了跨团队的问题解决。", "event_ids": cite[1]},
                {"section": "development", "text": f"围绕{what[2]}，可以更早在评审中提出风险。", "event_ids": cite[2]},
                {
                    "section": "next_step",
                    "text": "下个季度主持一次复盘，并在团队周会上分享结论。",
                    "event_ids": cite[2],
                },
            ],
        }
    return {
        "summary": f"The strongest work this period: {what[0]}.",
        "statements": [
            {
                "section": "strength",
                "text": f"{what[0]}: delivered on time, with progress shared early.",
                "event_ids": cite[0],
            },
            {
                "section": "strength",
                "text": f"{what[1]}: unblocked the work by pairing with the owners.",
                "event_ids": cite[1],
            },
            {
                "section": "development",
                "text": f"{what[2]}: raise the risks earlier, in the design review.",
                "event_ids": cite[2],
            },
            {
                "section": "next_step",
                "text": "Next quarter, run one retrospective and share what changed in the team meeting.",
                "event_ids": cite[2],
            },
        ],
    }


async def completions(request: Request) -> JSONResponse:
    body = await request.json()
    _STATS["requests"] += 1
    _STATS["in_flight"] += 1
    _STATS["max_in_flight"] = max(_STATS["max_in_flight"], _STATS["in_flight"])
    latency: float = request.app.state.latency
    try:
        deadline = time.monotonic() + latency
        while (left := deadline - time.monotonic()) > 0:  # wait, noticing a client that goes away
            await asyncio.sleep(min(left, 0.05))
            if await request.is_disconnected():
                _STATS["cancelled"] += 1
                return JSONResponse({}, status_code=499)
    finally:
        _STATS["in_flight"] -= 1
    messages = body.get("messages") or []
    prompt = "\n".join(str(m.get("content") or "") for m in messages)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = "stop"
    if body.get("tools"):
        _STATS["route"] += 1
        name = body["tools"][0]["function"]["name"]
        args = {"kind": "help"} if name == "route" else _draft(prompt, _zh(prompt))
        message["tool_calls"] = [
            {
                "id": f"call_{uuid.uuid4().hex[:8]}",
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)},
            }
        ]
        finish = "tool_calls"
    else:
        _STATS["draft"] += 1
        message["content"] = json.dumps(_draft(prompt, _zh(prompt)), ensure_ascii=False)
    _STATS["answered"] += 1
    return JSONResponse(
        {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {
                "prompt_tokens": len(prompt) // 4,
                "completion_tokens": 120,
                "total_tokens": len(prompt) // 4 + 120,
            },
        }
    )


def _zh(prompt: str) -> bool:
    return "输出" in prompt or "反馈" in prompt[:400]


async def models(_request: Request) -> JSONResponse:
    return JSONResponse({"object": "list", "data": [{"id": "fake", "object": "model", "owned_by": "bench"}]})


async def stats(_request: Request) -> JSONResponse:
    return JSONResponse(_STATS)


def app(latency: float) -> Starlette:
    application = Starlette(
        routes=[
            Route("/v1/chat/completions", completions, methods=["POST"]),
            Route("/v1/models", models),
            Route("/stats", stats),
        ]
    )
    application.state.latency = latency
    return application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--latency", type=float, default=2.0, help="seconds before every answer")
    args = parser.parse_args()
    uvicorn.run(app(args.latency), host=args.host, port=args.port, log_level="warning", backlog=4096)


if __name__ == "__main__":
    main()
