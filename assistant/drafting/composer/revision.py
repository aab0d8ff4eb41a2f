"""The offline composer's revisions: edits of the draft the user has, so revisions are cumulative.

It drops statements with blocking findings, then applies what the user asked: remove statement N, more on
a theme, less about something, add a named event, shorter, more direct or warmer. New statements come from
the evidence profile, written in the draft's voice; the summary is written again when the statements change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.core.models import WorkEvent
from assistant.drafting.composer.feedback import (
    Item,
    development_statement,
    development_words,
    gap_words,
    plan_items,
    strength_statement,
    strength_words,
    warm_leads,
)
from assistant.drafting.composer.voice import Voice
from assistant.drafting.composer.write import result_text
from assistant.drafting.composer.write_dev import summary_text, with_thanks, without_thanks
from assistant.drafting.profile import EvidenceProfile
from assistant.drafting.schemas import FeedbackDraft, Statement
from guardrails import Finding

__all__ = ["parse_edits", "revise_offline"]

_BLOCKING_KINDS = {
    "unsupported",
    "inaccessible_citation",
    "protected_attribute",
    "personality",
    "id_number",
    "contact_data",
    "other_person_detail",
    "personal_life",
    "prompt_injection",
    "decision",
    "stereotype",
    "slur",
}
_SHORTER = re.compile(r"short|concise|brief|too long|简短|精简|短一|短[点些]|更短|太长", re.IGNORECASE)
_DIRECT = re.compile(r"direct|blunt|straight|直接|直白", re.IGNORECASE)
_WARM = re.compile(r"warm|softer|gentle|kind|温和|委婉|亲切|温暖", re.IGNORECASE)
_ZH_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_REMOVE = re.compile(
    r"\b(?:remove|delete|drop|cut|take out|get rid of|lose)\s+(?:the\s+)?(?:statement|item|point|bullet|line|number|"
    r"no\.?|#)?\s*#?(\d+)"
    r"|\b(?:remove|delete|drop|cut|take out|get rid of|lose)\s+the\s+(first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|1st|2nd|3rd|[4-9]th|10th|last)\s+(?:statement|item|point|bullet|line|one|sentence)"
    r"|(?:删掉|删除|去掉|拿掉|不要)第?\s*(\d+|[一二两三四五六七八九十])\s*(?:条|点|项|句)",
    re.IGNORECASE,
)
_ORDINALS = {
    w: n
    for n, w in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"), 1
    )
}
_MORE = re.compile(
    r"\bmore (?:on|about)\s+([^,.;!?\n]+)|\bexpand (?:on\s+)?([^,.;!?\n]+)|\bemphasi[sz]e\s+([^,.;!?\n]+)"
    r"|多写(?:一些|一点|点)?([^，。；！？\n]+)|多讲讲?([^，。；！？\n]+)|多提(?:一些|一点)?([^，。；！？\n]+)"
    r"|([^，。；！？\n]{2,8})(?:方面)?多写(?:一些|一点|点)",
    re.IGNORECASE,
)
_LESS = re.compile(
    r"\bless (?:on|about)\s+(?:the\s+)?([^,.;!?\n]+)|\bdon'?t mention\s+(?:the\s+)?([^,.;!?\n]+)"
    r"|\bleave out\s+(?:the\s+)?([^,.;!?\n]+)|少写(?:一些|一点|点)?([^，。；！？\n]+)"
    r"|少提(?:一些|一点)?([^，。；！？\n]+)"
    r"|不要(?:再)?提([^，。；！？\n]+)|别(?:再)?(?:提|写)([^，。；！？\n]+)",
    re.IGNORECASE,
)
#: English and Chinese words that point at the same kind of evidence, so "less about the incident" also
#: finds events that say 故障, and "多写一些协作" finds code reviews and mentoring.
_SYNONYMS = {
    "incident": ("incident", "outage", "sev", "on-call", "postmortem", "故障", "事故", "值班"),
    "collaboration": (
        "collaboration",
        "review",
        "mentor",
        "help",
        "talk",
        "pair",
        "协作",
        "评审",
        "带教",
        "答疑",
        "分享",
    ),
    "mentoring": ("mentor", "coach", "onboarding", "带教", "辅导", "导师"),
    "learning": ("course", "certif", "conference", "learning", "课程", "认证", "学习", "大会"),
    "customers": ("customer", "client", "客户"),
}


#: The words that name a whole family (a theme), in both languages: only these widen to the family, so
#: "less about code review" stays about code review and does not take every "design review" with it.
_FAMILY_NAMES = {
    "incident": ("incident", "incidents", "outage", "on-call", "故障", "事故"),
    "collaboration": ("collaboration", "collaborating", "teamwork", "协作", "合作"),
    "mentoring": ("mentoring", "mentorship", "coaching", "带教", "辅导"),
    "learning": ("learning", "training", "courses", "学习", "培训"),
    "customers": ("customers", "customer", "clients", "客户"),
}


def _words(phrase: str) -> list[str]:
    """What to look for: the phrase itself (a few words at most), widened to its family when it names one."""
    phrase = re.sub(r"\b(?:the|a|an|her|his|their|your|my|on|about)\b|方面|部分|的|一下|一些|一点", " ", phrase.strip(),
                    flags=re.I).strip()  # fmt: skip
    phrase = re.sub(r"\s+", " ", phrase)
    if len(phrase) < 2:
        return []
    out = [phrase]
    words = [w.lower() for w in re.split(r"[\s,，、/]+", phrase) if w]
    for key, names in _FAMILY_NAMES.items():
        if any(w in names for w in words) or phrase.lower() in names:
            out += [key, *_SYNONYMS[key]]
    return list(dict.fromkeys(out))


def parse_edits(instruction: str | None) -> dict[str, object]:
    """What a plain instruction asks for: ``remove`` (1-based), ``more``/``less`` words, tone, shorter."""
    text = instruction or ""
    remove = []
    for m in _REMOVE.finditer(text):
        raw = (m.group(1) or m.group(2) or m.group(3)).lower()
        digits = re.match(r"\d+", raw)
        remove.append(
            int(digits.group(0)) if digits else _ORDINALS.get(raw, -1 if raw == "last" else _ZH_NUMERALS.get(raw, 0))
        )
    more = next((g for m in _MORE.finditer(text) for g in m.groups() if g), None)
    less = next((g for m in _LESS.finditer(text) for g in m.groups() if g), None)
    return {
        "remove": [n for n in remove if n > 0 or n == -1],  # -1: the last statement
        "more": _words(more) if more else [],
        "less": _words(less) if less else [],
        "shorter": bool(_SHORTER.search(text)),
        "tone": "direct" if _DIRECT.search(text) else "warm" if _WARM.search(text) else None,
    }


def _mentions(statement: Statement, by_id: dict[str, WorkEvent], words: Sequence[str]) -> bool:
    texts = [statement.text.lower()] + [
        f"{by_id[i].title} {by_id[i].description}".lower() for i in statement.event_ids if i in by_id
    ]
    return any(w.lower() in t for w in words for t in texts)


def revise_offline(
    previous: FeedbackDraft,
    findings: Sequence[Finding],
    events: Sequence[WorkEvent],
    *,
    voice: Voice,
    profile: EvidenceProfile | None = None,
    scores: dict[str, float] | None = None,
    instruction: str | None = None,
    add_event_ids: Sequence[str] = (),
) -> FeedbackDraft:
    """``previous`` with flagged statements dropped and the instruction applied (see the module docstring)."""
    by_id = {e.id: e for e in events if e.visibility != "excluded_from_ai"}
    edits = parse_edits(instruction)
    flagged = {f.statement_index for f in findings if f.kind in _BLOCKING_KINDS}
    last = len(previous.statements)
    removed = {(last if n == -1 else n) - 1 for n in edits["remove"]}  # type: ignore[attr-defined]
    statements = [s for i, s in enumerate(previous.statements) if i not in flagged and i not in removed]
    if edits["less"]:
        kept = [s for s in statements if not (s.section != "next_step" and _mentions(s, by_id, edits["less"]))]  # type: ignore[arg-type]
        gone = {i for s in statements if s not in kept for i in s.event_ids}
        statements = [s for s in kept if not (s.section == "next_step" and set(s.event_ids) <= gone and s.event_ids)]
    if profile is not None and (edits["more"] or edits["less"]):
        statements = _refill(statements, profile, by_id, scores or {}, voice, edits)
    statements = _with_added(statements, by_id, profile, add_event_ids, voice)
    if edits["shorter"]:
        keep: list[Statement] = []
        for section in ("strength", "development", "next_step", "on_record", "to_collect", "question"):
            keep.extend([s for s in statements if s.section == section][: 2 if section == "strength" else 1])
        statements = keep
    tone = edits["tone"]
    if tone:
        statements = warm_leads(statements, replace(voice, tone=str(tone)))
    if not statements:
        return previous
    summary = previous.summary
    if [s.event_ids for s in statements] != [s.event_ids for s in previous.statements] and profile is not None:
        summary = _summary(statements, profile, by_id, voice, previous.summary)
    if tone or summary != previous.summary:
        summary = _retone_summary(summary, str(tone or voice.tone), voice)
    return FeedbackDraft(summary=summary, statements=statements)


def _refill(
    statements: list[Statement],
    profile: EvidenceProfile,
    by_id: dict[str, WorkEvent],
    scores: dict[str, float],
    voice: Voice,
    edits: dict[str, object],
) -> list[Statement]:
    """New strengths for "more on X" (up to two, on X) and to replace what "less about Y" removed."""
    cited = {i for s in statements for i in s.event_ids}
    more: list[str] = edits["more"]  # type: ignore[assignment]
    less: list[str] = edits["less"]  # type: ignore[assignment]
    strengths, _ = plan_items(profile, list(by_id.values()), scores, length="long", focus=" ".join(more) or None,
                              exclude_words=less)  # fmt: skip
    fresh = [i for i in strengths if not set(i.event_ids) <= cited]
    if more:
        fresh = [i for i in fresh if _item_mentions(i, by_id, more)] or fresh[:0]
        wanted = 2
    else:
        before = sum(s.section == "strength" for s in statements)
        wanted = max(0, 2 - before)
    added = [strength_statement(i, by_id, voice) for i in fresh[:wanted]]
    at = max((n for n, s in enumerate(statements) if s.section == "strength"), default=-1) + 1
    return statements[:at] + added + statements[at:]


def _item_mentions(item: Item, by_id: dict[str, WorkEvent], words: Sequence[str]) -> bool:
    texts = [
        f"{by_id[i].title} {by_id[i].description} {' '.join(by_id[i].tags)}".lower()
        for i in item.event_ids
        if i in by_id
    ]
    activity = getattr(item.payload, "activity", "") or " ".join(
        getattr(p, "activity", "") for p in item.payload or [] if hasattr(item.payload, "__iter__")
    )  # type: ignore[union-attr]
    return any(w.lower() in t for w in words for t in [*texts, str(activity)])


def _with_added(
    statements: list[Statement],
    by_id: dict[str, WorkEvent],
    profile: EvidenceProfile | None,
    add_ids: Sequence[str],
    voice: Voice,
) -> list[Statement]:
    """``statements`` plus one statement for each event in ``add_ids`` that no statement cites yet."""
    cited = {i for s in statements for i in s.event_ids}
    out = list(statements)
    for event_id in add_ids:
        event = by_id.get(event_id)
        if event is None or event_id in cited:
            continue
        facts = [f for f in (profile.outcomes if profile else []) if f.event_id == event_id]
        miss = next((f for f in facts if f.met_target is False), None)
        if miss is not None:
            added = development_statement(Item("miss", 0, [event_id], "outcome", miss), by_id, voice)
        else:
            added = Statement(section="strength", text=result_text(event, facts, voice), event_ids=[event_id])
        order = {"strength": 0, "development": 1, "next_step": 2}
        at = max((i for i, s in enumerate(out) if order.get(s.section, 0) <= order[added.section]), default=-1)
        out.insert(at + 1, added)
        cited.add(event_id)
    return out


def _retone_summary(summary: str, tone: str, voice: Voice) -> str:
    """The summary with the thank-you of a warm draft to the person, and without it otherwise."""
    summary = without_thanks(summary)
    return with_thanks(summary, voice) if tone == "warm" and voice.to_employee else summary


def _kept(statements: Sequence[Statement], profile: EvidenceProfile, by_id: dict[str, WorkEvent]) -> list[Item]:
    strengths, _ = plan_items(profile, list(by_id.values()), {}, length="long")
    cited = [set(s.event_ids) for s in statements if s.section == "strength"]
    return [i for i in strengths if set(i.event_ids) in cited]


def _summary(
    statements: Sequence[Statement], profile: EvidenceProfile, by_id: dict[str, WorkEvent], voice: Voice, old: str
) -> str:
    """The summary again, so it names only what the revised draft still says (the gaps sentence is kept)."""
    _, development = plan_items(profile, list(by_id.values()), {}, length="long")
    kept = _kept(statements, profile, by_id)
    collaboration, results, praise, praise_many = strength_words(kept, voice.lang)
    dev_ids = [set(s.event_ids) for s in statements if s.section == "development"]
    dev = next((d for d in development if set(d.event_ids) in dev_ids), None)
    return (
        summary_text(
            voice,
            collaboration=collaboration,
            results=results,
            praise=praise,
            praise_many=praise_many,
            development=development_words(dev, voice),
            gaps=gap_words(profile, voice),
        )
        if (kept or dev)
        else old
    )
