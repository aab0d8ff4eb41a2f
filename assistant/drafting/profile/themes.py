"""Themes from what people said: praise and critique in feedback, 1:1 notes and review comments.

Each event's text is read sentence by sentence for reported judgements ("Priya noted the RFC was clear on
goals but light on failure modes", "王磊指出……扎实，但报价部分逻辑跳跃", quoted peer feedback, "gaps are ...").
A judgement is split at its contrast ("but", "但"), and each part is praise or critique by its wording.
Remarks that say the same thing, or criticise the same kind of work (RFCs and design docs, proposals and
pricing), are grouped into a theme; a theme carried by two or more events recurs. The subject's own
concerns and wishes ("Carla flagged that pages have been heavy", "李娜希望……") are not critique of them:
they are kept apart as concerns and aspirations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from assistant.core.models import WorkEvent

__all__ = ["Remark", "Theme", "remarks_in", "strip_critique", "themes_of"]

Polarity = Literal["praise", "critique", "aspiration", "concern"]

FEEDBACK_SOURCES = frozenset(
    {"peer_feedback", "one_on_one", "manager_feedback", "feedback", "review", "performance_review", "survey",
     "customer_feedback", "retro", "360"}
)  # fmt: skip
_FEEDBACK_CUE = re.compile(r"\bfeedback\b|\bkudos\b|\bshout-?out\b|反馈|评价|点评|表扬", re.IGNORECASE)
_REPORTING = re.compile(
    r"(?:\b(?:noted|said|says|wrote|writes|felt|feels|observed|commented|mentioned|pointed out|remarked|praised|"
    r"found|thought|flagged|raised|complained|added)(?: that)?|\bfeedback (?:was|is) that|\bthe feedback was|"
    r"\bgaps? (?:is|are|was|were)|\bconcerns? (?:is|are|was|were))[:,]?\s*"
    r"|(?:指出|认为|反馈|提到|表示|评价|称赞|夸|提醒|建议|觉得|说|反映|希望)[：:，,]?\s*",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[“\"「]([^”\"」]{6,400})[”\"」]")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|(?<=[。！？])")
_GAP_REPORT = re.compile(r"\bgaps? (?:is|are|was|were)|\bconcerns? (?:is|are|was|were)|差距[：:]|问题[：:]", re.I)
_ACTION = re.compile(r"^(?:agreed|we agreed|plan|decided|next step|约定|商定|计划|决定|同意)", re.IGNORECASE)
_CONTRAST = re.compile(
    r",?\s+\b(?:but|however|though|although|yet|except that)\b\s*|[，,]?\s*(?:但是|但|不过|然而|可是|只是)\s*",
    re.IGNORECASE,
)
_CRITIQUE = re.compile(
    r"\blight on\b|\bthin on\b|\black(?:s|ed|ing)?\b|\bmissing\b|\bmissed\b(?! (?:the|its|a) target)|"
    r"\bcame late\b|\btoo late\b|\blate\b|\bslow(?:er)?\b|\bunclear\b|\bconfus|\bvague\b|\bincomplete\b|"
    r"\brushed\b|\btoo (?:long|short|much|many|few|optimistic|vague|broad|narrow|detailed)\b|"
    r"\bover-?optimistic\b|\boverly\b|\bnot enough\b|\binsufficient\b|\bweak(?:er)?\b|\bneeds? (?:to|more)\b|"
    r"\bcould (?:be|have)\b|\bshould have\b|\bgaps?\b|\bstruggl|\binconsistent\b|\bhard to follow\b|"
    r"\bjump(?:s|ed)\b|\bdelay|\bbehind\b|\bforgot\b|\bwithout (?:a|any)\b|\bno (?:plan|owner|tests?)\b|"
    r"\brough\b|\bfell short\b|\bless clear\b|\binterrupt|"
    # a request after praise is a development point: "..., but asked for earlier headcount numbers"
    r"\basked (?:for|that)\b|\bwould (?:have )?(?:liked|prefer\w*)\b|\bwish(?:ed)? (?:for|that)\b|"
    r"偏弱|不足|欠缺|缺少|缺乏|跳跃|过于|太[^多]|不够|不清楚|不清晰|不明确|较慢|偏慢|滞后|拖延|有待|"
    r"需要加强|需要改进|薄弱|粗糙|混乱|遗漏|没有考虑|未能|差距|偏少|偏多|失误|问题在于",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"\bgreat\b|\bclear(?:ly)?\b|\bwell\b|\bhelp(?:ed|ful|s)\b|\bgenerous\b|\bthorough\b|\bcalm\b|\bfocused\b|"
    r"\bappreciat|\bthanks?\b|\blearn(?:ed|t)\b|\bbetter than\b|\bexcellent\b|\bstrong\b|\bsolid\b|"
    r"\breliable\b|\bquick(?:ly)?\b|\bsame day\b|\bexplain|\bprecise\b|\bunblock|"
    r"\bpatient\b|\bimpressive\b|\bcareful\b|\bmade time\b|\bmakes time\b|\bwent much better\b|\bsupportive\b|"
    r"\bmade [\w\s-]{1,30} (?:explicit|easier|faster|simpler|possible|visible)\b|\bcut (?:the )?(?:meeting|review|"
    r"wait|cycle|lead) time\b|\bsaved\b|\buseful\b|"
    r"扎实|清楚|清晰|很有帮助|帮助很大|帮了|感谢|及时|主动|耐心|专业|高效|细致|靠谱|出色|顺利|很好|到位|认真",
    re.IGNORECASE,
)
_WISH = re.compile(
    r"\bwants? to\b|\bwould like to\b|\bhopes? to\b|\baims? to\b|\binterested in\b|\basked for\b|"
    r"\bcareer goal\b|希望|想要|想转|打算|意向|有兴趣",
    re.IGNORECASE,
)
_CONCERN = re.compile(
    r"\bheavy\b|\bpulled\b|\boverloaded\b|\bworried\b|\bstretched\b|\btoo much\b|\bburn|\bstress|"
    r"\bconcern|\bunclear\b|\bfrustrat|负荷|偏多|跟进不过来|压力|担心|太多|忙不过来|焦虑|不清楚",
    re.IGNORECASE,
)
_TARGET_MISS = re.compile(r"short of the|未达到.{0,12}目标|missed (?:the|its|a) target", re.IGNORECASE)
#: Families of work product a critique is about; remarks about the same family form one theme.
_OBJECTS: Sequence[tuple[str, re.Pattern[str]]] = (
    ("design_docs", re.compile(r"\bRFCs?\b|design doc|design document|technical spec|设计文档|技术方案", re.I)),
    ("plans", re.compile(r"rollout plan|launch plan|project plan|timeline|roadmap|上线计划|排期|路线图", re.I)),
    ("estimates", re.compile(r"\bestimat|\bforecast|\bROI\b|pricing|\bquote\b|测算|报价|预测|预估|定价", re.I)),
    ("proposals", re.compile(r"\bproposals?\b|\bpitch|\bbid\b|\btender|提案|投标|标书|方案", re.I)),
    ("reports", re.compile(r"\breports?\b|postmortem|retrospective|write-?up|报告|复盘|周报|总结", re.I)),
    ("presentations", re.compile(r"presentation|\bslides?\b|\bdemo\b|汇报|演示|答辩", re.I)),
    ("code", re.compile(r"\btests?\b|\bcode\b|pull request|\bPRs?\b|代码|测试", re.I)),
    ("meetings", re.compile(r"\bmeetings?\b(?! (?:time|length|load|hours))|\bstand-?ups?\b|\bcalls?\b|会议", re.I)),
)
_EN_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "on",
        "in",
        "to",
        "for",
        "with",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "that",
        "this",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "them",
        "we",
        "our",
        "you",
        "your",
        "i",
        "my",
        "me",
        "as",
        "at",
        "by",
        "from",
        "but",
        "so",
        "very",
        "also",
        "just",
        "more",
        "most",
        "less",
        "than",
        "then",
        "after",
        "before",
        "into",
        "over",
        "about",
        "which",
        "who",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "some",
        "each",
        "both",
        "other",
        "next",
        "last",
    }
)
# A name in Latin script, or a Chinese name (2-3 characters, not the tail of a longer run) in English text:
# "Feedback from 王磊 on ...", "王磊 wrote that ...".
_EN_TEXT_NAME = r"(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}(?![\u4e00-\u9fff]))"
_NAME_EN = re.compile(rf"\b(?:from|by)\s+({_EN_TEXT_NAME})(?![a-z])")
_NAME_BEFORE_EN = re.compile(
    rf"({_EN_TEXT_NAME})\s+(?:noted|said|wrote|felt|observed|commented|"
    r"mentioned|pointed out|remarked|praised|found|thought|flagged|raised|complained)\b"
)
_NAME_BEFORE_ZH = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:指出|认为|反馈|提到|表示|评价|称赞|提醒|建议|觉得|反映|希望)")
_NOT_SPEAKERS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "feedback the manager team teams customers customer clients client stakeholders leadership management sales "
        "marketing engineering product design support finance operations ops growth platform hr legal people "
        "everyone peers colleagues reports directs"
    ).split()
)
_ZH_NOT_NAMES = frozenset({"主管", "经理", "同事", "客户", "团队", "对方", "大家", "我们", "他们", "本人", "领导"})


@dataclass(frozen=True)
class Remark:
    """One judgement someone made about the person, as written in one event."""

    event_id: str
    occurred_at: datetime
    polarity: Polarity
    text: str
    """The judgement itself, verbatim from the event (trimmed)."""
    speaker: str | None
    """Who said it, when the event names them."""
    label: str | None
    """The event title's own summary of the remark ("generous with time"), when it has one."""
    topic: str | None
    """The family of work product it is about (design_docs, proposals, estimates, ...)."""
    source: str
    quoted: bool = False
    """Written as a quotation (peer feedback in the giver's words)."""
    tempered: bool = False
    """Praise followed by a "but" in the same judgement: weaker evidence of a strength."""


@dataclass
class Theme:
    """Remarks that say the same thing, or judge the same kind of work."""

    polarity: Polarity
    remarks: list[Remark] = field(default_factory=list)

    @property
    def event_ids(self) -> list[str]:
        """The events that carry the theme, oldest first."""
        return list(dict.fromkeys(r.event_id for r in sorted(self.remarks, key=lambda r: (r.occurred_at, r.event_id))))

    @property
    def recurring(self) -> bool:
        """Said in two or more events."""
        return len(self.event_ids) >= 2

    @property
    def speakers(self) -> list[str]:
        """Who said it, in order, each once."""
        return list(dict.fromkeys(r.speaker for r in self.remarks if r.speaker))

    @property
    def topic(self) -> str | None:
        """The work product the remarks are about, when they share one."""
        topics = {r.topic for r in self.remarks if r.topic}
        return topics.pop() if len(topics) == 1 else None


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if s and s.strip()]


def _trim(text: str) -> str:
    text = text.strip().strip("，,;；:：").strip()
    text = re.sub(r"^(?:that|the feedback was that|feedback was that)\s+", "", text, flags=re.IGNORECASE)
    return text.rstrip("。.!！").strip()


def _topic(*texts: str) -> str | None:
    for text in texts:
        for name, pattern in _OBJECTS:
            if pattern.search(text):
                return name
    return None


def _speaker(sentence: str, title: str, groups: frozenset[str] = frozenset()) -> str | None:
    """Who made the remark: a name before "noted"/"指出" or after "from"/"by" ("Upward feedback from Growth"
    names a team, not a person: ``groups`` holds the organisation's team names, lower-cased)."""
    candidates = [
        m.group(1)
        for pattern, text in ((_NAME_BEFORE_EN, sentence), (_NAME_EN, title), (_NAME_BEFORE_ZH, sentence))
        if (m := pattern.search(text))
    ]
    zh_title = re.match(r"^([\u4e00-\u9fff]{2,3})(?:反馈|的反馈|评价)", title)
    candidates += [zh_title.group(1)] if zh_title else []
    for name in candidates:
        if name in _ZH_NOT_NAMES or name.lower() in _NOT_SPEAKERS or name.lower() in groups:
            continue
        return name
    return None


def _title_label(title: str) -> str | None:
    parts = re.split(r"[:：]\s*", title, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 and 2 <= len(parts[1].strip()) <= 60 else None


def _polarity(clause: str, after_contrast: bool, praised_before: bool, default: Polarity | None) -> Polarity | None:
    critique, praise = len(_CRITIQUE.findall(clause)), len(_PRAISE.findall(clause))
    if critique > praise or (critique and after_contrast):
        return "critique"
    if praise > critique:
        return "praise"
    if after_contrast and praised_before:
        return "critique"
    return default


def remarks_in(event: WorkEvent, subject_names: Sequence[str] = (), groups: Sequence[str] = ()) -> list[Remark]:
    """The judgements about the subject that ``event`` reports (none for plain work records).

    ``groups``: the organisation's team names, which are never a remark's speaker.
    """
    feedback = event.source in FEEDBACK_SOURCES or bool(_FEEDBACK_CUE.search(event.title))
    text = event.description or ""
    out: list[Remark] = []
    own = {n.split()[0].lower() for n in subject_names if n} | {n.lower() for n in subject_names if n}
    label = _title_label(event.title) if feedback else None
    groups_lower = frozenset(g.lower() for g in groups)
    # A quotation is one judgement however many sentences it has; it is read with its lead-in ("X wrote:").
    for m in _QUOTE.finditer(text):
        lead = re.split(r"[.。!！?？]", text[: m.start()])[-1]
        quote = lead + text[m.start() : m.end()]
        out.extend(_judgements(event, quote, feedback, label, own, subject_names, groups_lower))
    rest = _QUOTE.sub(" ", text)
    for whole in _sentences(rest):
        for sentence in (s for s in re.split(r"(?<=[;；])\s*", whole) if len(s.strip()) > 2):
            out.extend(_judgements(event, sentence, feedback, label, own, subject_names, groups_lower))
    return out


def _judgements(
    event: WorkEvent,
    sentence: str,
    feedback: bool,
    label: str | None,
    own: set[str],
    subject_names: Sequence[str],
    groups_lower: frozenset[str] = frozenset(),
) -> list[Remark]:
    out: list[Remark] = []
    if _TARGET_MISS.search(sentence):
        return out
    quote = _QUOTE.search(sentence)
    reported = _REPORTING.search(sentence)
    gap = bool(_GAP_REPORT.search(sentence))
    if quote:
        content, quoted = quote.group(1), True
    elif reported:
        content, quoted = sentence[reported.end() :], False
    elif (feedback or _FEEDBACK_CUE.search(sentence)) and not _ACTION.search(sentence.strip()):
        content, quoted = sentence, False
    else:
        return out
    if not quoted:
        content = re.split(r"[;；]", content, maxsplit=1)[0]
        pieces = re.split(r"[：:]", content, maxsplit=1)
        if (
            len(pieces) == 2
            and _CRITIQUE.search(pieces[1])
            and (not _CRITIQUE.search(pieces[0]) or _GAP_REPORT.search(pieces[0] + "："))
        ):
            content = pieces[1]
    speaker = _speaker(sentence, event.title, groups_lower)
    by_subject = bool(speaker and speaker.lower() in own) or any(sentence.startswith(n) for n in subject_names if n)
    if by_subject:
        if not (_WISH.search(sentence) or _CONCERN.search(sentence)):
            return out  # an agreed action or a plain note, not a wish or a worry
        kind: Polarity = "aspiration" if _WISH.search(sentence) else "concern"
        text = _wish_part(content) if kind == "aspiration" else _critique_part(content)
        out.append(_remark(event, kind, _trim(text), None, label, sentence))
        return out
    parts = _CONTRAST.split(content)
    praised = False
    for i, part in enumerate(parts):
        clause = _trim(part)
        if len(clause) < 3:
            continue
        default: Polarity | None = "praise" if quoted and event.source in FEEDBACK_SOURCES else None
        if gap:
            default = "critique"
        polarity = _polarity(clause, i > 0, praised, default if len(parts) == 1 else None)
        if polarity is None:
            continue
        if polarity == "critique" and not quoted:
            clause = _trim(_critique_part(clause))
        praised = praised or polarity == "praise"
        tempered = polarity == "praise" and len(parts) > i + 1
        remark = _remark(event, polarity, clause, speaker, label if quoted else None, f"{event.title} {sentence}")
        out.append(replace(remark, quoted=quoted, tempered=tempered))
    return out


def _wish_part(text: str) -> str:
    """The part of a sentence that states the wish ("asked for a bigger task", "希望下半年……")."""
    m = _WISH.search(text)
    if not m:
        return text
    start = max(text.rfind(sep, 0, m.start()) for sep in (",", "，", ";", "；", " and ")) + 1
    piece = text[start:].strip()
    piece = re.sub(r"^(?:and|but)\s+", "", piece)
    return re.split(r"[;；。]|[，,](?=约定|商定|计划|决定|同意)", piece)[0]


def _critique_part(text: str) -> str:
    """The comma-separated clauses of a Chinese judgement that carry it (not what was agreed afterwards)."""
    if not re.search(r"[\u4e00-\u9fff]", text) or "，" not in text:
        return text
    clauses = [c for c in text.split("，") if c.strip()]
    kept = [c for c in clauses if _CRITIQUE.search(c) or _WISH.search(c)] or clauses[:1]
    first = re.sub(r"^(?:讨论了|谈到|聊到|提到)", "", kept[0])
    return "，".join([first, *kept[1:]])


def _remark(event: WorkEvent, polarity: Polarity, text: str, speaker: str | None, label: str | None, context: str):
    return Remark(
        event_id=event.id,
        occurred_at=event.occurred_at,
        polarity=polarity,
        text=text,
        speaker=speaker,
        label=label if polarity == "praise" else None,
        topic=(_topic(text) or _topic(event.title) or _topic(context)) if polarity == "critique" else None,
        source=event.source,
    )


def strip_critique(text: str) -> str:
    """``text`` without the sentences and clauses that criticise (for quoting an event as a strength)."""
    kept = []
    for sentence in _sentences(text):
        if _CRITIQUE.search(sentence) and not _TARGET_MISS.search(sentence):
            parts = _CONTRAST.split(sentence)
            head = _trim(parts[0])
            if len(parts) > 1 and head and not _CRITIQUE.search(head):
                kept.append(head + ("。" if re.search(r"[\u4e00-\u9fff]$", head) else "."))
            continue
        kept.append(sentence)
    return " ".join(kept).replace("。 ", "。").strip()


def _tokens(text: str) -> set[str]:
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", text)
    if len(cjk) >= 2:
        return {cjk[i : i + 2] for i in range(len(cjk) - 1)}
    words = re.findall(r"[a-z][a-z'-]+", text.lower())
    return {w.rstrip("s") for w in words if w not in _EN_STOP and len(w) > 2}


def _same(a: Remark, b: Remark) -> bool:
    if a.polarity == "critique" and a.topic and a.topic == b.topic:
        return True
    if a.label and b.label and a.label.lower() == b.label.lower():
        return True
    ta, tb = _tokens(a.text), _tokens(b.text)
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.6 and len(ta & tb) / len(ta | tb) >= 0.4


def themes_of(remarks: Sequence[Remark]) -> list[Theme]:
    """Remarks grouped into themes (single link), strongest first: recurring, then by how many events."""
    themes: list[Theme] = []
    for remark in sorted(remarks, key=lambda r: (r.occurred_at, r.event_id)):
        home = next(
            (t for t in themes if t.polarity == remark.polarity and any(_same(remark, r) for r in t.remarks)), None
        )
        if home is None:
            themes.append(Theme(polarity=remark.polarity, remarks=[remark]))
        elif all(r.event_id != remark.event_id or r.text != remark.text for r in home.remarks):
            home.remarks.append(remark)
    return sorted(themes, key=lambda t: (-len(t.event_ids), t.remarks[0].occurred_at))
