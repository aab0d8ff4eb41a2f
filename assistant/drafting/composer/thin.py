"""The thin-data form: below the not-enough-data threshold there is no full review, only an honest note.

It says what is on record (each item cited), what to collect before a full review, and two or three
questions for the next check-in. Nothing is judged as a strength or a weakness, and the lack of data is
never written as the person's development area.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.models import WorkEvent
from assistant.drafting.composer.prose import count_words, months_phrase
from assistant.drafting.composer.voice import Voice
from assistant.drafting.composer.write import result_text
from assistant.drafting.profile import EvidenceProfile
from assistant.drafting.schemas import NoteStatement, ThinNote

__all__ = ["compose_thin"]

_COLLECT = {
    "outcomes": (
        "Measured results: what changed because of {possessive} work — a figure before and after, or someone who "
        "can say what it made possible.",
        "可衡量的成果：{possessive}工作带来了什么变化——前后对比的数据，或能说明其作用的同事或客户。",
    ),
    "feedback": (
        "Feedback from the people {subject} works with most, in their own words.",
        "与{subject}合作最多的同事的反馈，最好是他们的原话。",
    ),
    "development": (
        "What {subject} is learning and where it is being applied.",
        "{subject}正在学习什么，以及用在了哪些工作上。",
    ),
    "months": (
        "Evidence from the rest of the period: the record covers only {months}.",
        "本期其余时间的记录：目前只有{months}的记录。",
    ),
}
_QUESTIONS = (
    (
        "What {are_you} most proud of so far, and what made it work?",
        "到目前为止，{you}最满意的一件事是什么？是什么让它做成的？",
    ),
    ("Where {did_you} get stuck, and what would have helped?", "{you}在哪里卡住过？当时什么样的支持会有帮助？"),
    (
        "What should we measure next quarter, so the next review has evidence to go on?",
        "下个季度我们应该记录哪些结果，让下一次评估有据可依？",
    ),
)


def _grammar(v: Voice) -> dict[str, str]:
    if v.zh:
        return {"you": v.subject, "subject": v.subject, "possessive": v.possessive}
    if v.to_employee:
        return {"are_you": "are you", "did_you": "did you", "subject": "you", "possessive": "your"}
    return {"are_you": f"is {v.name}", "did_you": f"did {v.name}", "subject": v.name, "possessive": v.possessive}


def compose_thin(profile: EvidenceProfile, events: Sequence[WorkEvent], v: Voice) -> ThinNote:
    """The thin-data form for ``profile`` (``events``: the visible events of the period)."""
    usable = sorted((e for e in events if e.visibility != "excluded_from_ai"), key=lambda e: e.occurred_at)
    words = _grammar(v)
    span = months_phrase([e.occurred_at.date() for e in usable], v.lang, v.period)
    n = count_words(len(usable), v.lang, measure=True)
    if v.zh:
        lead = f"{v.name}，" if v.to_employee else f"关于{v.name}："
        summary = (
            f"{lead}目前的记录还不够写一份完整的评估：只有{n}条记录，集中在{span}。"
            if usable
            else f"{lead}本期没有任何记录，还无法写评估。"
        )
        summary += "下面列出已有的记录、还需要补充的内容，以及下次沟通可以聊的问题。"
    else:
        lead = f"{v.name}, there" if v.to_employee else f"For {v.name}, there"
        summary = (
            f"{lead} is not enough on record yet for a full review: {n} entries, {span}."
            if usable
            else f"{lead} is nothing on record for this period yet."
        )
        summary += " Below: what is on record, what to collect, and questions for the next check-in."
    statements: list[NoteStatement] = []
    ranked = sorted(usable, key=lambda e: (e.kind != "outcome", not e.metrics, e.occurred_at))[:4]
    for event in sorted(ranked, key=lambda e: e.occurred_at):
        facts = [f for f in profile.outcomes if f.event_id == event.id]
        statements.append(NoteStatement(section="on_record", text=result_text(event, facts, v), event_ids=[event.id]))
    gaps = [m for m in ("outcomes", "feedback", "development") if m in profile.missing or m == "outcomes"]
    gaps = gaps[:2] + (["months"] if usable else [])
    covered = span.removeprefix("in ").removeprefix("between ")
    for gap in gaps[:3]:
        en, zh = _COLLECT[gap]
        template = zh if v.zh else en
        text = template.format(months=covered, **{k: words[k] for k in ("subject", "possessive")})
        cites = [e.id for e in usable] if gap == "months" else []  # the months named are those events' months
        statements.append(NoteStatement(section="to_collect", text=_capital(text, v), event_ids=cites[:6]))
    for theme in profile.aspirations[:1]:
        remark = theme.remarks[-1]
        when = months_phrase([remark.date], v.lang, v.period)
        if v.zh:
            text = f"{when}的一对一沟通中提到“{remark.text}”：具体想承担什么？做成什么样算成功？"
        else:
            month = when.removeprefix("in ")
            text = (
                f"In {month}'s one-on-one: “{remark.text}”. What would that look like, and how will we know it "
                "went well?"
            )
        statements.append(NoteStatement(section="question", text=text, event_ids=list(theme.event_ids)))
    for en, zh in _QUESTIONS:
        if sum(s.section == "question" for s in statements) >= 3:
            break
        template = zh if v.zh else en
        text = template.format(**{k: words[k] for k in words if "{" + k + "}" in template})
        statements.append(NoteStatement(section="question", text=_capital(text, v), event_ids=[]))
    return ThinNote(summary=summary, statements=statements)


def _capital(text: str, v: Voice) -> str:
    return text if v.zh or not text else text[0].upper() + text[1:]
