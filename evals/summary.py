"""A run's summary and its pass/fail matrix, computed from the result records."""

from __future__ import annotations

from typing import Any

from guardrails import DIMENSIONS

__all__ = ["assertion_rates", "cells_of", "dimension_rates", "failed_case_ids", "pass_rate", "slug", "summary_of"]


def cells_of(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per ``case_id`` and column: the status over all repeats (fail if any fails), flakiness, mean scores."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in records:
        grouped.setdefault((r["case_id"], r["column"]), []).append(r)
    cells: dict[str, dict[str, Any]] = {}
    for (case_id, column), rs in grouped.items():
        statuses = [r["status"] for r in rs]
        status = next((st for st in ("error", "fail", "pass", "skipped") if st in statuses), "skipped")
        scored = [r["scores"] for r in rs if r["scores"]]
        mean = {d: round(sum(sc[d] for sc in scored) / len(scored), 1) for d in DIMENSIONS} if scored else {}
        verdicts = sorted({r["verdict"] for r in rs if r["verdict"]})
        asserts = [a for r in rs for a in r["assertions"]]
        cells.setdefault(case_id, {})[column] = {
            "status": status,
            "repeats": len(rs),
            "flaky": len(set(statuses)) > 1 or len(verdicts) > 1,
            "verdicts": verdicts,
            "scores": mean,
            "passed_assertions": sum(a["status"] == "pass" for a in asserts),
            "failed_assertions": sum(a["status"] in ("fail", "error") for a in asserts),
            "skipped_assertions": sum(a["status"] == "skipped" for a in asserts),
        }
    return cells


def pass_rate(passed: int, failed: int, errors: int) -> float | None:
    """Passed over passed + failed + errors (skipped results do not count), or None when nothing counted."""
    counted = passed + failed + errors
    return round(passed / counted, 4) if counted else None


def failed_case_ids(doc: dict[str, Any]) -> set[str]:
    """Ids of the cases of a run with a failed, errored or flaky cell: what ``--rerun-failed`` runs again."""
    return {
        case_id
        for case_id, cells in doc.get("cells", {}).items()
        if any(c["status"] in ("fail", "error") or c.get("flaky") for c in cells.values())
    }


def summary_of(
    records: list[dict[str, Any]],
    planned: int,
    duration: float,
    provider_calls: int,
    cells: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Counts by status, flaky cells, pass rate, cache hits, throughput, tokens and cost of a run's records."""
    count = {st: sum(r["status"] == st for r in records) for st in ("pass", "fail", "error", "skipped")}
    # Every draft counts, the swap / injection variants too: a swap case costs two drafts.
    drafts = [d for r in records for d in (r, *r["variants"].values())]
    costs = [d["cost_usd"] for d in drafts if d.get("cost_usd") is not None]
    spent = [d["cost_usd"] for d in drafts if d.get("cost_usd") is not None and not d.get("cached")]
    return {
        "planned": planned,
        "completed": len(records),
        "passed": count["pass"],
        "failed": count["fail"],
        "errors": count["error"],
        "skipped": count["skipped"],
        "flaky": sum(c["flaky"] for cs in (cells or {}).values() for c in cs.values()),
        "pass_rate": pass_rate(count["pass"], count["fail"], count["error"]),
        "cache_hits": sum(r["cached"] for r in records),
        "drafts_from_provider": provider_calls,
        "cases_per_s": round(len(records) / duration, 2) if duration > 0 else None,
        "prompt_tokens": sum(d["tokens"]["prompt"] for d in drafts if d.get("tokens")),
        "completion_tokens": sum(d["tokens"]["completion"] for d in drafts if d.get("tokens")),
        "cost_usd": round(sum(costs), 6),
        "cost_spent_usd": round(sum(spent), 6),
    }


def slug(name: str) -> str:
    """A file-name-safe form of a suite name, for run ids."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)[:40] or "suite"


def assertion_rates(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per assertion (by its report name, in first-seen order): passed, failed, errors, skipped and pass rate."""
    rows: dict[str, dict[str, Any]] = {}
    for r in records:
        for a in r["assertions"]:
            row = rows.setdefault(
                a["name"], {"name": a["name"], "type": a["type"], "pass": 0, "fail": 0, "error": 0, "skipped": 0}
            )
            row[a["status"]] = row.get(a["status"], 0) + 1
    for row in rows.values():
        row["rate"] = pass_rate(row["pass"], row["fail"], row["error"])
    return list(rows.values())


def dimension_rates(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per guardrail dimension: how many drafts scored at or above the policy's threshold, and the mean score."""
    out = []
    scored = [r for r in records if r.get("scores")]
    for d in DIMENSIONS:
        values = [r["scores"][d] for r in scored if d in r["scores"]]
        below = sum(d in (r.get("below_threshold") or []) for r in scored)
        out.append(
            {
                "dimension": d,
                "pass": len(values) - below,
                "fail": below,
                "rate": pass_rate(len(values) - below, below, 0),
                "mean": round(sum(values) / len(values), 1) if values else None,
            }
        )
    return out
