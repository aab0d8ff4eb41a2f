"""Metric labels, units and directions: from the organisation's catalog, else a readable fallback.

A draft never shows a raw key (``trace_coverage_pct``, ``mttr_min``): it writes the catalog's label in the
draft's language, or a label rebuilt from the key (words split, common abbreviations expanded, a unit
suffix moved to the unit), translated word by word for a Chinese draft of an English key. The direction
(higher or lower is better) comes from the catalog, else from the event; describing a change uses the
word for what actually happened (a churn rate that went from 3.7% to 3.3% *fell*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from assistant.core.models import Metric, MetricDefinition, WorkEvent

E = TypeVar("E", bound=WorkEvent)

__all__ = ["MetricInfo", "format_value", "metric_info", "with_catalog"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Key suffixes that are units: the suffix moves to the unit and leaves the label.
_UNIT_SUFFIXES = {
    "pct": "%",
    "percent": "%",
    "ms": "ms",
    "s": "s",
    "sec": "s",
    "min": "min",
    "mins": "min",
    "h": "h",
    "hrs": "h",
    "hours": "h",
    "days": "days",
    "k_usd": "k USD",
    "usd": "USD",
    "eur": "EUR",
    "rps": "req/s",
}
_ABBREVIATIONS = {
    "prs": "PRs",
    "pr": "PR",
    "ci": "CI",
    "cd": "CD",
    "mttr": "MTTR",
    "mttd": "MTTD",
    "nps": "NPS",
    "csat": "CSAT",
    "arr": "ARR",
    "mrr": "MRR",
    "sla": "SLA",
    "slo": "SLO",
    "api": "API",
    "krs": "key results",
    "kr": "key result",
    "p95": "p95",
    "p99": "p99",
    "qa": "QA",
    "ui": "UI",
    "ux": "UX",
    "db": "DB",
}
#: Word-by-word Chinese for English key words (used only without a catalog label).
_ZH_WORDS = {
    "availability": "可用性",
    "latency": "延迟",
    "coverage": "覆盖率",
    "trace": "链路追踪",
    "error": "错误",
    "errors": "错误",
    "rate": "率",
    "cost": "成本",
    "cloud": "云",
    "pages": "告警",
    "questions": "问题",
    "answered": "解答",
    "reviewed": "评审",
    "review": "评审",
    "reviews": "评审",
    "comments": "意见",
    "PRs": "合并请求",
    "tickets": "工单",
    "closed": "关闭",
    "deploys": "部署",
    "per": "每",
    "week": "周",
    "month": "月",
    "tests": "测试",
    "fixed": "修复",
    "incidents": "故障",
    "attendees": "参会人数",
    "participants": "参与人数",
    "views": "查看次数",
    "interviews": "面试",
    "sessions": "次数",
    "mentoring": "辅导",
    "hours": "小时",
    "course": "课程",
    "score": "得分",
    "exam": "考试",
    "revenue": "收入",
    "bookings": "签约额",
    "churn": "流失率",
    "conversion": "转化率",
    "leads": "线索",
    "customers": "客户",
    "throughput": "吞吐量",
    "time": "时间",
    "to": "",
    "mitigate": "止损",
    "MTTR": "平均恢复时间",
    "NPS": "NPS",
    "CI": "CI",
    "pipeline": "流水线",
    "p95": "p95",
    "p99": "p99",
}
_DURATION_ONLY = re.compile(r"(?:milli)?seconds?|ms|s|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|分钟|秒|小时|天")
_LOWER_WORDS = re.compile(
    r"latency|lag|time_to|mttr|mttd|duration|cost|spend|error|failure|flaky|churn|attrition|defect|bug|"
    r"incident|outage|downtime|backlog|turnaround|wait|delay|"
    r"流失|周期|时长|耗时|成本|错误|故障|投诉|延迟|积压",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MetricInfo:
    """How a metric is named and judged in a draft."""

    key: str
    label: str
    """In the draft's language; never the raw key."""
    unit: str
    """As written after a number ("%", " ms", "万元"); empty when the metric is a plain count."""
    higher_is_better: bool
    from_catalog: bool


def metric_info(key: str, lang: str, catalog: dict[str, MetricDefinition], metric: Metric | None = None) -> MetricInfo:
    """Label, unit and direction of ``key`` in ``lang``: the catalog's, else rebuilt from the key."""
    definition = catalog.get(key)
    if definition is not None:
        unit = definition.unit if definition.unit is not None else (metric.unit if metric else None)
        return MetricInfo(
            key=key,
            label=definition.label(lang),
            unit=_unit_text(unit, lang),
            higher_is_better=definition.direction == "higher",
            from_catalog=True,
        )
    label, unit_from_key = _label_from_key(key)
    unit = (metric.unit if metric and metric.unit else None) or unit_from_key
    higher = metric.higher_is_better if metric is not None else True
    if metric is not None and higher and (_LOWER_WORDS.search(key) or _DURATION_ONLY.fullmatch(key.strip().lower())):
        higher = False  # a key that names a cost, a time or a failure rate: lower is better
    if lang == "zh" and not _CJK.search(label):
        label = _to_zh(label)
    return MetricInfo(key=key, label=label, unit=_unit_text(unit, lang), higher_is_better=higher, from_catalog=False)


def _label_from_key(key: str) -> tuple[str, str | None]:
    if _CJK.search(key):
        return key.replace("_", ""), None
    lowered = key.strip().lower()
    unit = None
    for suffix, unit_name in sorted(_UNIT_SUFFIXES.items(), key=lambda item: -len(item[0])):
        if lowered.endswith("_" + suffix):
            lowered, unit = lowered[: -len(suffix) - 1], unit_name
            break
    words = [_ABBREVIATIONS.get(w, w) for w in re.split(r"[_\-\s.]+", lowered) if w]
    label = " ".join(words) or key
    return label, unit


def _to_zh(label: str) -> str:
    words = label.split()
    if words and all(w in _ZH_WORDS for w in words):
        return "".join(_ZH_WORDS[w] for w in words) or f"「{label}」"
    return f"「{label}」"


#: Chinese units as an English draft writes them (counting words drop: "15 channels", not "15 个").
_ZH_UNITS_EN = {"小时": "h", "天": "days", "分钟": "min", "秒": "s", "元": "yuan", "万元": "万元", "分": "points",
                "个": "", "家": "", "条": "", "场": "", "次": "", "人": "", "份": "", "页": "", "项": "", "轮": "",
                "名": "", "位": "", "篇": "", "席": ""}  # fmt: skip


def _unit_text(unit: str | None, lang: str) -> str:
    if not unit or unit == "-":
        return ""
    if lang != "zh" and unit in _ZH_UNITS_EN:
        unit = _ZH_UNITS_EN[unit]
        if not unit:
            return ""
    if unit == "%" or lang == "zh" or unit.startswith("/"):
        return unit
    return f" {unit}"


def format_value(value: float, info: MetricInfo) -> str:
    """A number as a person writes it, with its unit: 99.91%, 40 min, 1,200, 3059元 (and in an English draft
    a 万元 amount as CNY: "CNY 3.32 million", "CNY 480k")."""
    if info.unit == " 万元":
        amount = value * 10_000
        if amount >= 1_000_000:
            return f"CNY {amount / 1_000_000:.3g} million"
        return f"CNY {amount / 1000:.4g}k"
    if abs(value - round(value)) < 1e-9:
        text = f"{round(value):,}" if abs(value) >= 10_000 and not _CJK.search(info.unit) else f"{round(value)}"
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 100 else f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{info.unit}"


def with_catalog(events: Sequence[E], catalog: dict[str, MetricDefinition]) -> list[E]:
    """``events`` with each catalogued metric's unit and direction set from the catalog (which overrides what
    an event says), so what the draft writes ("3.2%", "fell") and what the guardrails check agree."""
    if not catalog:
        return list(events)
    out: list[E] = []
    for event in events:
        changed = {}
        for key, metric in event.metrics.items():
            definition = catalog.get(key)
            if definition is None:
                continue
            update: dict[str, object] = {"higher_is_better": definition.direction == "higher"}
            if definition.unit:
                update["unit"] = definition.unit
            if any(getattr(metric, k) != v for k, v in update.items()):
                changed[key] = metric.model_copy(update=update)
        out.append(event.model_copy(update={"metrics": {**event.metrics, **changed}}) if changed else event)
    return out
