"""Strengths in prose: measured results, bodies of work by activity, what colleagues say, learning.

Each function turns one item of the evidence profile into one statement in the draft's language and voice.
Every number, name, month and title in a statement comes from the events it cites; a sum is the sum of one
metric over those events. A record written in the other language is summarised with its title quoted and
its figures labelled, never pasted half-translated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.core.models import WorkEvent
from assistant.drafting.composer.prose import clause, count_words, join, month_name, months_phrase, person_clause
from assistant.drafting.composer.voice import Voice
from assistant.drafting.profile import ActivitySummary, MetricFact, ThemeSummary, strip_critique
from assistant.drafting.profile.metrics import MetricInfo, format_value

__all__ = [
    "activity_phrase",
    "activity_text",
    "change_phrase",
    "learning_text",
    "praise_text",
    "quoted",
    "result_text",
    "rollup_text",
    "series_text",
    "value_phrase",
]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PEER_SOURCES = {"peer_feedback", "feedback", "customer_feedback", "360"}
FIRST_PERSON = re.compile(r"\b(?:me|my|I|we|us|our)\b|我|咱", re.IGNORECASE)


def _info(fact: MetricFact) -> MetricInfo:
    return MetricInfo(fact.key, fact.label, fact.unit, fact.higher_is_better, True)


def value_phrase(fact: MetricFact, lang: str) -> str:
    """A value with its label: "18 postmortem action items closed", "availability of 99.91%", "合同金额124万元"."""
    value = format_value(fact.value, _info(fact))
    if lang == "zh":
        return f"{fact.label}{value}"
    return f"{value} {fact.label}" if not fact.unit else f"{fact.label} of {value}"


def change_phrase(fact: MetricFact, lang: str) -> str:
    """How a metric moved, in the words its direction calls for, and how it compares with the target."""
    info = _info(fact)
    value = format_value(fact.value, info)
    if fact.baseline is None:
        text = value_phrase(fact, lang)
    else:
        base = format_value(fact.baseline, info)
        up = fact.value > fact.baseline
        if lang == "zh":
            verb = ("提升到" if fact.higher_is_better else "上升到") if up else "降到"
            text = f"{fact.label}从{base}{verb}{value}"
        else:
            verb = (
                ("rose" if fact.higher_is_better else "went up")
                if up
                else ("came down" if not fact.higher_is_better else "fell")
            )
            text = f"{fact.label} {verb} from {base} to {value}"
    if fact.target is None:
        return text
    target = format_value(fact.target, info)
    if lang == "zh":
        if fact.met_target:
            ahead = (fact.value - fact.target) * (1 if fact.higher_is_better else -1) > 1e-9
            return f"{text}，{'超过' if ahead else '达成'}{target}的目标"
        return f"{text}，未达到{target}的目标"
    if fact.met_target:
        ahead = (fact.value - fact.target) * (1 if fact.higher_is_better else -1) > 1e-9
        return f"{text}, {'ahead of' if ahead else 'meeting'} the {target} target"
    return f"{text}, short of the {target} target"


def series_text(facts: Sequence[MetricFact], v: Voice) -> str:
    """A metric reported again and again over the period, told once: from its first level to its latest."""
    first, last = facts[0], facts[-1]
    start = first.baseline if first.baseline is not None else first.value
    told = last.model_copy(update={"baseline": start})
    when = months_phrase([f.date for f in facts], v.lang, v.period)
    n = len(facts)
    if v.zh:
        return _sentence(f"{when}，{change_phrase(told, 'zh')}（期间共有{count_words(n, 'zh')}次记录）", v)
    return _sentence(
        f"{when[0].upper()}{when[1:]}, {change_phrase(told, 'en')} ({count_words(n, 'en')} updates on record)", v
    )


def _untold(text: str, facts: Sequence[MetricFact]) -> list[MetricFact]:
    """The facts whose figure ``text`` does not already state, compared as numbers ("0.40%" states 0.4), so a
    description that gives the change is not followed by the same change again under the metric's name."""
    found = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))} if text else set()
    return [f for f in facts if not any(abs(f.value - x) <= 1e-9 * max(1.0, abs(x)) for x in found)]


def _when(event: WorkEvent, v: Voice) -> str:
    return months_phrase([event.occurred_at.date()], v.lang, v.period)


def _sentence(text: str, v: Voice) -> str:
    text = text.strip()
    if not text:
        return text
    if v.zh:
        return text if text.endswith(("。", "！", "？", "”")) else text + "。"
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "”")) else text + "."


def result_text(event: WorkEvent, facts: Sequence[MetricFact], v: Voice) -> str:
    """One measured result (or one substantial piece of work) as a sentence about the person."""
    when = _when(event, v)
    title = event.title.rstrip("。.")
    same_language = (event.language == "zh") == v.zh
    detail = clause(strip_critique(event.description), v.lang) if same_language else ""
    ordered = sorted(facts, key=lambda f: (f.target is None, f.baseline is None))
    metrics = join([change_phrase(f, v.lang) for f in _untold(detail, ordered)[:2]], v.lang)
    if v.zh:
        if not same_language:
            return _sentence(f"{when}，{v.subject}完成了“{title}”" + (f"：{metrics}" if metrics else ""), v)
        body = person_clause(detail, "zh", v.subject) if detail else ""
        body = "，".join(x for x in (body, metrics) if x)
        return _sentence(f"{when}，{title}" + (f"：{body}" if body else ""), v)
    if not same_language:
        return _sentence(f"{when}, {v.subject} delivered “{title}”" + (f": {metrics}" if metrics else ""), v)
    lead = person_clause(title, "en", v.subject)
    if lead != title:  # the title is an action: "In January you raised the availability of payments-api: ..."
        if detail and _first_word(detail) == _first_word(title):
            rest = detail.split(" ", 1)[1] if " " in detail else ""
            body = "; ".join(x for x in (rest, metrics) if x)
            return _sentence(f"{when} {lead}" + (f" ({body})" if body else ""), v)
        body = "; ".join(x for x in (person_clause(detail, "en", v.subject) if detail else "", metrics) if x)
        return _sentence(f"{when} {lead}" + (f": {body}" if body else ""), v)
    body = "; ".join(x for x in (person_clause(detail, "en", v.subject) if detail else "", metrics) if x)
    return _sentence(f"{when}, “{title}”" + (f": {body}" if body else ""), v)


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0].lower().strip(",.:;")


_EN_ACTIVITY = {
    "code_review": ("did {n} rounds of code review", "did a round of code review"),
    "help": ("took {n} help-channel rotations", "took a help-channel rotation"),
    "mentoring": ("took on {n} mentoring and coaching commitments", "took on a mentoring commitment"),
    "talks": ("gave {n} talks and study groups", "gave a talk"),
    "documentation": ("wrote {n} guides, runbooks and shared documents", "wrote a shared guide"),
    "interviewing": ("sat on {n} interview panels", "sat on an interview panel"),
    "joint_work": ("worked on {n} pieces of joint work with colleagues and other teams", "worked with another team"),
    "other_collaboration": ("contributed to {n} other pieces of team work", "contributed to the team's work"),
    "learning": ("completed {n} courses, certifications and conferences", "completed a course"),
    "stretch": ("took on {n} stretch assignments", "took on a stretch assignment"),
    "goal_setting": ("set {n} personal learning goals", "set a personal learning goal"),
    "other_development": ("took {n} other steps to develop", "took another step to develop"),
}
_ZH_ACTIVITY = {
    "code_review": ("做了{n}轮代码评审", "做了一轮代码评审"),
    "help": ("承担了{n}次团队答疑轮值", "承担了一次团队答疑轮值"),
    "mentoring": ("承担了{n}项带教和辅导", "承担了一项带教工作"),
    "talks": ("做了{n}次内部分享和学习小组", "做了一次内部分享"),
    "documentation": ("编写了{n}份文档和共享资料", "编写了一份共享资料"),
    "interviewing": ("参加了{n}批招聘面试", "参加了一批招聘面试"),
    "joint_work": ("与同事和其他团队协作完成了{n}项工作", "与其他团队协作完成了一项工作"),
    "other_collaboration": ("参与了{n}项其他团队工作", "参与了一项团队工作"),
    "learning": ("完成了{n}项课程、认证和行业会议", "完成了一门课程"),
    "stretch": ("承担了{n}项挑战性任务", "承担了一项挑战性任务"),
    "goal_setting": ("设定了{n}个个人学习目标", "设定了一个个人学习目标"),
    "other_development": ("在个人成长上做了{n}件事", "在个人成长上做了一件事"),
}
_MEASURE_WORDS = ("轮", "次", "项", "份", "批", "个", "件")


def activity_phrase(summary: ActivitySummary, v: Voice, *, totals: bool = True, people: bool = True) -> str:
    """What the person did in one activity, counted, with the sums of its figures: "did six rounds of code
    review (99 pull requests reviewed, 169 review comments)" / "做了三次内部分享和学习小组（参与人数共40人）"."""
    n = len(summary.event_ids)
    table = _ZH_ACTIVITY if v.zh else _EN_ACTIVITY
    many, one = table.get(summary.activity, table["other_collaboration"])
    text = one if n == 1 else many.format(n=count_words(n, v.lang))
    if summary.activity == "mentoring" and summary.people:
        text = f"带教和辅导了{join(summary.people, 'zh')}" if v.zh else f"mentored {join(summary.people, 'en')}"
    parts = []
    for key, total in list(summary.totals.items())[:2] if totals else []:
        label = summary.labels.get(key, key)
        shown = f"{total:g}{summary.units.get(key, '')}"
        if v.zh:
            parts.append(f"{label}{'共' if summary.counts.get(key, 1) > 1 else ''}{shown}")
        else:
            parts.append(f"{shown} {label}")
    if parts:
        text += f"（{'，'.join(parts)}）" if v.zh else f" ({', '.join(parts)})"
    if people and summary.people and summary.activity in ("code_review", "joint_work", "help"):
        people = join(summary.people[:3], v.lang)
        text += (
            f"，对象包括{people}"
            if v.zh
            else f", for {people} among others"
            if summary.activity == "code_review"
            else f" with {people}"
        )
    return text


def activity_text(summary: ActivitySummary, events: Sequence[WorkEvent], v: Voice) -> str:
    """One body of work as a sentence: when, how much, for whom."""
    span = months_phrase([e.occurred_at.date() for e in events], v.lang, v.period)
    phrase = activity_phrase(summary, v)
    if v.zh:
        return _sentence(f"{span}，{v.subject}{phrase}", v)
    return _sentence(f"{span[0].upper()}{span[1:]}, {v.subject} {phrase}", v)


def rollup_text(summaries: Sequence[ActivitySummary], events: Sequence[WorkEvent], v: Voice) -> str:
    """Several bodies of collaboration in one sentence: the quiet contributor's year at a glance."""
    span = months_phrase([e.occurred_at.date() for e in events], v.lang, v.period)
    phrases = [activity_phrase(s, v, people=False) for s in summaries]
    if v.zh:
        body = "，".join(phrases[:-1]) + ("，还" if len(phrases) > 1 else "") + phrases[-1]
        return _sentence(f"{span}，{v.subject}{body}", v)
    lead = f"{span[0].upper()}{span[1:]}, {v.subject}"
    return _sentence(f"{lead} {join(phrases, 'en')}", v)


def _speakers_with_months(theme: ThemeSummary, v: Voice) -> list[str]:
    """ "Priya (March)", ...; the draft's author, writing to the person, as "I" / "我" and last."""
    out = []
    for speaker in sorted(theme.speakers, key=v.is_author):
        days = [r.date for r in theme.remarks if r.speaker == speaker]
        when = join([month_name(d, v.lang) for d in sorted(set(days))], v.lang)
        if v.is_author(speaker) and len(theme.speakers) == 1:  # only the author: "我在2月" / "In February I"
            out.append(f"我在{when}" if v.zh else f"In {when} I")
            continue
        name = ("我" if v.zh else "I") if v.is_author(speaker) else speaker
        out.append(f"{name}（{when}）" if v.zh else f"{name} ({when})")
    return out


def quoted(text: str, v: Voice, limit: int = 8) -> str:
    """A remark in quotation marks as the draft may quote it: whole in its own language; from the other
    language only its first few words, marked as the original wording (a quoted phrase, never a pasted
    sentence)."""
    if bool(_CJK.search(text)) == v.zh:
        return f"“{text}”"
    if v.zh:
        words = text.split()
        short = " ".join(words[:limit]) + ("…" if len(words) > limit else "")
        return f"“{short}”（英文原文）"
    short = text[: limit * 2] + ("…" if len(text) > limit * 2 else "")
    return f"“{short}” (in Chinese in the original)"


def _quote(text: str, lang: str, limit: int = 170) -> str:
    text = text.strip().strip('“”"')
    if len(text) > limit:
        text = clause(text, lang, limit)
    return text.rstrip("。.!！")


def praise_text(theme: ThemeSummary, v: Voice) -> str:
    """What colleagues keep saying about the person, with who said it and when, in their words."""
    remark = theme.remarks[0]
    quote = quoted(_quote(remark.text, "zh" if _CJK.search(remark.text) else "en"), v)
    label = next((r.label for r in theme.remarks if r.label and not FIRST_PERSON.search(r.label)), None)
    if label and bool(_CJK.search(remark.text)) != v.zh:
        quote = ""  # in the other language the label says it; a second foreign quotation adds nothing
    who = _speakers_with_months(theme, v)
    when = months_phrase([r.date for r in theme.remarks], v.lang, v.period)
    if v.zh:
        subject = join(who, "zh") if who else f"{when}的反馈"
        said = "都提到" if len(who) > 1 else "提到"
        if label:
            return _sentence(f"{subject}{said}{v.subject}{quoted(label, v)}" + (f"：{quote}" if quote else ""), v)
        return _sentence(f"{subject}{'都' if len(who) > 1 else ''}肯定了{v.subject}：{quote}", v)
    if who:
        subject = join(who, "en")
        if label:
            each = "each described" if len(who) > 1 else "described"
            return _sentence(f"{subject} {each} {v.subject} as {quoted(label, v)}" + (f": {quote}" if quote else ""), v)
        wrote = f"wrote about working with {v.subject}" if remark.source in _PEER_SOURCES else "noted"
        return _sentence(f"{subject} {'each ' if len(who) > 1 else ''}{wrote}: {quote}", v)
    return _sentence(f"Feedback {when}: {quote}", v)


def learning_text(summaries: Sequence[ActivitySummary], events: Sequence[WorkEvent], v: Voice) -> str:
    """Learning and stretch work in one sentence, with the most substantial example named."""
    span = months_phrase([e.occurred_at.date() for e in events], v.lang, v.period)
    phrases = [activity_phrase(s, v, totals=False) for s in summaries]
    example = next((e for e in events if e.metrics), events[-1] if events else None)
    tail = ""
    if example is not None:
        title = example.title.rstrip("。.")
        when = month_name(example.occurred_at.date(), v.lang)
        tail = f"，例如{when}的“{title}”" if v.zh else f", for example “{title}” in {when}"
    if v.zh:
        return _sentence(f"{span}，{v.subject}{'，'.join(phrases)}{tail}", v)
    return _sentence(f"{span[0].upper()}{span[1:]}, {v.subject} {join(phrases, 'en')}{tail}", v)
