"""What every offline composer job shares: month labels, numbers with units, SBI sentences from one event,
section prefixes by tone, and the competency words of the record's themes."""

from __future__ import annotations

import re
from datetime import datetime

from assistant.core.models import Metric, WorkEvent

__all__ = [
    "EN_MONTHS",
    "TAG_WORDS",
    "first_sentence",
    "impact",
    "metric_name",
    "missed_target",
    "month_label",
    "num",
    "prefix",
    "sbi",
    "strength_score",
    "unit_text",
]

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TAG_WORDS = {
    "en": {
        "collaboration": "collaboration",
        "communication": "communication",
        "delivery": "delivery",
        "quality": "quality",
        "reliability": "reliability",
        "customer": "customer work",
        "sales": "sales results",
        "leadership": "leadership",
        "mentoring": "mentoring",
        "knowledge_sharing": "knowledge sharing",
        "learning": "learning",
        "innovation": "new approaches",
        "planning": "planning",
    },
    "zh": {
        "collaboration": "协作",
        "communication": "沟通",
        "delivery": "交付",
        "quality": "质量",
        "reliability": "稳定性",
        "customer": "客户工作",
        "sales": "销售业绩",
        "leadership": "牵头推动",
        "mentoring": "带教",
        "knowledge_sharing": "知识分享",
        "learning": "学习成长",
        "innovation": "创新尝试",
        "planning": "规划",
    },
}


def month_label(moment: datetime, lang: str) -> str:
    """``March 2026`` / ``2026年3月``."""
    return f"{moment.year}年{moment.month}月" if lang == "zh" else f"{EN_MONTHS[moment.month - 1]} {moment.year}"


def num(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def metric_name(name: str) -> str:
    return name.replace("_", " ")


def unit_text(metric: Metric, lang: str) -> str:
    unit = metric.unit or ""
    return unit if unit in ("%", "") or lang == "zh" else f" {unit}"


def first_sentence(text: str, lang: str, limit: int = 220) -> str:
    text = text.strip()
    if not text:
        return ""
    parts = re.split(r"(?<=[。！？])" if lang == "zh" else r"(?<=[.!?])\s+", text, maxsplit=1)
    sentence = parts[0].strip().rstrip(";；,， ")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    end = "" if sentence.endswith(("。", "！", "？", ".", "!", "?", "…")) else ("。" if lang == "zh" else ".")
    return sentence + end


def impact(event: WorkEvent, lang: str) -> str:
    bits = []
    for name, m in list(event.metrics.items())[:2]:
        unit = unit_text(m, lang)
        if lang == "zh":
            extra = [
                f"基线{num(m.baseline)}{unit}" if m.baseline is not None else "",
                f"目标{num(m.target)}{unit}" if m.target is not None else "",
            ]
            extra_text = "，".join(x for x in extra if x)
            bits.append(f"{metric_name(name)}为{num(m.value)}{unit}" + (f"（{extra_text}）" if extra_text else ""))
        else:
            extra = [
                f"baseline {num(m.baseline)}{unit}" if m.baseline is not None else "",
                f"target {num(m.target)}{unit}" if m.target is not None else "",
            ]
            extra_text = ", ".join(x for x in extra if x)
            bits.append(f"{metric_name(name)} {num(m.value)}{unit}" + (f" ({extra_text})" if extra_text else ""))
    if not bits:
        return ""
    return ("结果：" + "；".join(bits) + "。") if lang == "zh" else ("Result: " + "; ".join(bits) + ".")


def sbi(event: WorkEvent, lang: str) -> str:
    """Situation (month, project) - Behaviour (title, description) - Impact (metrics)."""
    when = month_label(event.occurred_at, lang)
    title = event.title.rstrip("。.")
    detail = first_sentence(event.description, lang)
    result = impact(event, lang)
    if lang == "zh":
        where = f"，在「{event.project}」中" if event.project else ""
        return f"{when}{where}：{title}。{detail}{result}"
    where = f", on {event.project}" if event.project else ""
    return " ".join(x for x in (f"{when}{where}: {title}.", detail, result) if x)


def missed_target(event: WorkEvent) -> tuple[str, Metric] | None:
    for name, metric in event.metrics.items():
        if metric.met_target is False:
            return name, metric
    return None


def strength_score(event: WorkEvent, relevance: float) -> float:
    met = any(m.met_target for m in event.metrics.values())
    improved = any(
        m.baseline is not None and ((m.value > m.baseline) == m.higher_is_better) for m in event.metrics.values()
    )
    return (
        relevance
        + 0.3 * met
        + 0.2 * improved
        + 0.15 * bool(event.metrics)
        + {"high": 0.15, "medium": 0.05}.get(event.complexity or "", 0.0)
        + {"outcome": 0.1, "collaboration": 0.08, "development": 0.04}.get(event.kind, -0.2)
    )


def prefix(section: str, tone: str, lang: str) -> str:
    table = {
        ("strength", "direct", "en"): "Strength — ",
        ("strength", "warm", "en"): "Something to recognise: ",
        ("development", "direct", "en"): "To develop — ",
        ("development", "warm", "en"): "An area to grow: ",
        ("next_step", "direct", "en"): "Next step — ",
        ("next_step", "warm", "en"): "A suggestion: ",
        ("strength", "direct", "zh"): "优势：",
        ("strength", "warm", "zh"): "值得肯定：",
        ("development", "direct", "zh"): "待改进：",
        ("development", "warm", "zh"): "可以成长的方面：",
        ("next_step", "direct", "zh"): "下一步：",
        ("next_step", "warm", "zh"): "一个建议：",
    }
    return table[(section, tone, lang)]
