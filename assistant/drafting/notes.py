"""Notes for the requester about the evidence itself: what is missing, what is bunched, what was raised.

They go beside the draft (``DraftResult.notes``), never into it: a lack of data is something for the
manager to fix, not a weakness of the person.
"""

from __future__ import annotations

from assistant.core.i18n import Strings
from assistant.drafting.profile import EvidenceProfile

__all__ = ["dispute_note", "profile_notes"]

_S: Strings[str] = Strings(
    {
        "outcomes": {
            "en": "No measured results are on record for {name} this period: ask for the figures behind the main "
            "pieces of work before the review.",
            "zh": "本期没有{name}可衡量的成果记录：评估前请补充主要工作的结果数据。",
        },
        "feedback": {
            "en": "No feedback from colleagues is on record: ask two or three people who work closely with {name}.",
            "zh": "没有来自同事的反馈记录：可以请两三位与{name}合作最多的同事提供反馈。",
        },
        "development": {
            "en": "No learning or development activity is on record for {name} this period.",
            "zh": "本期没有{name}的学习与成长记录。",
        },
        "recent": {
            "en": "Nothing is on record for the last quarter of the period: check that recent work has been logged.",
            "zh": "评估期最后一个季度没有任何记录：请确认近期工作已经录入。",
        },
        "early": {
            "en": "Nothing is on record for the first quarter of the period.",
            "zh": "评估期第一个季度没有任何记录。",
        },
        "bunched": {
            "en": "{share} of the record falls in the last quarter ({quarter}): the draft cites every quarter that "
            "has evidence, but the earlier months are thin.",
            "zh": "{share}的记录集中在最后一个季度（{quarter}）：草稿引用了每个有记录的季度，但前期记录偏少。",
        },
        "concern": {
            "en": "{name} raised in a one-on-one ({date}): “{text}” — worth following up before the review.",
            "zh": "{name}在一对一沟通中提到（{date}）：“{text}”，评估前值得跟进。",
        },
        "disputed_open": {
            "en": "Left out: {ids} — {name} disputed {them} (wrong or missing context). It returns to drafts once "
            "the direct manager or HR resolves the dispute (`coach dispute list`).",
            "zh": "未使用：{ids}——{name}对{them}提出了异议（有误或缺少背景）。直属经理或 HR 处理该异议后才会"
            "重新用于起草（`coach dispute list`）。",
        },
        "disputed_upheld": {
            "en": "Left out: {ids} — a dispute by {name} was upheld, so {them_zh_en} no longer used.",
            "zh": "未使用：{ids}——{name}的异议已被确认，相关事件不再使用。",
        },
        "aspiration": {
            "en": "A wish {name} expressed ({date}): “{text}” — a growth goal to discuss.",
            "zh": "{name}表达过意愿（{date}）：“{text}”，可以作为成长目标讨论。",
        },
    }
)


def profile_notes(profile: EvidenceProfile, lang: str, name: str) -> list[str]:
    """The notes a profile calls for, in ``lang``."""
    notes = []
    for gap in profile.missing:
        if not (profile.thin and gap in ("early", "recent")):  # a new joiner's empty early months are no news
            notes.append(_S.say(gap, lang, name=name))
    total = profile.events_total
    last = list(profile.quarters)[-1] if profile.quarters else None
    if last and total >= 8 and len(profile.quarters) >= 2 and profile.quarters[last] / total > 0.5:
        share = f"{profile.quarters[last] / total:.0%}"
        notes.append(_S.say("bunched", lang, share=share, quarter=last))
    for theme in profile.concerns[:2]:
        remark = theme.remarks[-1]
        notes.append(_S.say("concern", lang, name=name, date=remark.date.isoformat(), text=remark.text))
    for theme in profile.aspirations[:2]:
        remark = theme.remarks[-1]
        notes.append(_S.say("aspiration", lang, name=name, date=remark.date.isoformat(), text=remark.text))
    return notes


def dispute_note(disputed: dict[str, str], lang: str, name: str) -> list[str]:
    """The notes that say which events a draft left out because ``name`` disputed them (never silent)."""
    notes = []
    for status in ("open", "upheld"):
        ids = sorted(i for i, s in disputed.items() if s == status)
        if ids:
            many = len(ids) > 1
            them = ("these events" if many else "this event") if lang != "zh" else ("这些事件" if many else "该事件")
            notes.append(
                _S.say(
                    f"disputed_{status}",
                    lang,
                    ids=", ".join(ids),
                    name=name,
                    them=them,
                    them_zh_en="they are" if many else "it is",
                )
            )
    return notes
