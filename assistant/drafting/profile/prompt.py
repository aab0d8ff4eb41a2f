"""The evidence profile as a prompt sees it: compact JSON, labels instead of keys, ids to cite."""

from __future__ import annotations

import json
from collections.abc import Collection

from assistant.drafting.profile.model import EvidenceProfile, ThemeSummary

__all__ = ["prompt_profile"]


def _theme(theme: ThemeSummary) -> dict[str, object]:
    return {
        "said": [
            {"text": r.text, "by": r.speaker, "date": r.date.isoformat(), "event_id": r.event_id} for r in theme.remarks
        ],
        "recurring": theme.recurring,
        "about": theme.topic,
    }


def prompt_profile(profile: EvidenceProfile, leave_out: Collection[str] = ()) -> str:
    """The profile as JSON for a prompt (events in ``leave_out``, e.g. instruction-like ones, are dropped)."""
    skip = set(leave_out)
    data = {
        "quarters": profile.quarters,
        "events_by_kind": profile.by_kind,
        "outcomes": [
            {
                "event_id": f.event_id,
                "date": f.date.isoformat(),
                "label": f.label,
                "unit": f.unit.strip(),
                "higher_is_better": f.higher_is_better,
                "value": f.value,
                "baseline": f.baseline,
                "target": f.target,
                "met_target": f.met_target,
                "material_miss": f.material_miss,
            }
            for f in profile.outcomes
            if f.event_id not in skip
        ],
        "activities": [
            {
                "activity": a.activity,
                "events": len(a.event_ids),
                "event_ids": [i for i in a.event_ids if i not in skip],
                "months": a.months,
                "totals": {a.labels.get(k, k): v for k, v in a.totals.items()},
                "people": a.people,
            }
            for a in [*profile.collaboration, *profile.development]
        ],
        "praise": [_theme(t) for t in profile.praise[:6]],
        "critique": [_theme(t) for t in profile.critique[:6]],
        "context": [
            {"event_id": c.event_id, "date": c.date.isoformat(), "what": c.category, "title": c.title}
            for c in profile.context
        ],
        "missing": profile.missing,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
