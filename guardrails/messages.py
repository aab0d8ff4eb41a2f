"""Finding messages and rewrite hints in English and Chinese, by kind (and, for some kinds, by topic).

Each entry is ``(message, suggestion)``; ``{term}`` is the flagged text and other fields are filled by
the scorer. Both languages are first-class: a Chinese text gets Chinese messages.
"""

from __future__ import annotations

from assistant.core.i18n import Strings

__all__ = ["say"]

_M: Strings[tuple[str, str]] = Strings(
    {
        "vague": {
            "en": (
                "Vague: {missing}. A general judgement gives the reader nothing to repeat or change.",
                "Rewrite '{term}' around one occasion: add {missing_parts}, in your own words from what happened.",
            ),
            "zh": (
                "表述笼统：{missing}。泛泛的评价让对方不知道该保持什么、改进什么。",
                "把“{term}”改写成一次具体的经历：补上{missing_parts}，用当时实际发生的事来写。",
            ),
        },
        "vague_event": {
            "en": ("", " The event '{title}' ({date}) is the kind of occasion to name."),
            "zh": ("", "可以写明证据中的“{title}”（{date}）这件事。"),
        },
        "no_strength": {
            "en": (
                "No strength is named: the draft reads as criticism only.",
                "Add one concrete thing they did well, with its impact, before the development points.",
            ),
            "zh": ("没有提到任何优点，读起来只有批评。", "先补充一件对方做得好的具体事情及其效果，再谈改进点。"),
        },
        "no_development_area": {
            "en": (
                "No development area: praise alone gives no direction for growth.",
                "Add one area to grow in, tied to a behaviour you observed in this period, and what to try next time.",
            ),
            "zh": (
                "没有指出发展方向：只有表扬，对方不知道下一步往哪里成长。",
                "补充一个与本期观察到的具体行为相关的改进方向，以及下次可以怎么做。",
            ),
        },
        "no_next_step": {
            "en": (
                "No actionable next step.",
                "End with one concrete next step that builds on the work named above, with who does what by when.",
            ),
            "zh": (
                "没有可执行的下一步行动。",
                "结尾给出一个具体、有时间点的下一步，最好接着上文提到的工作：谁、在什么时候之前、做什么。",
            ),
        },
        "criticism_without_suggestion": {
            "en": (
                "Criticism {why}.",
                "Say what happened in '{term}' (when, what was said or done) and add what to do differently next time.",
            ),
            "zh": (
                "批评{why}。",
                "说清楚“{term}”指的是哪一次、具体说了或做了什么，再补上下次可以怎么做。",
            ),
        },
        "excessive_buffering": {
            "en": (
                "This criticism sits between two compliments and is softened, so it may be missed.",
                "State the development point plainly in its own paragraph, with the behaviour and a next step; "
                "keep the praise specific and separate.",
            ),
            "zh": (
                "这条批评夹在两段表扬之间且语气被弱化，对方可能意识不到问题。",
                "把改进点单独、直接地写出来，说明具体行为和下一步；表扬也要具体，和批评分开写。",
            ),
        },
        "personality": {
            "en": (
                "'{term}' judges personality, not behaviour; such labels are given far more often to women "
                "(Snyder 2014, Textio) and cannot be acted on.",
                "Replace '{term}' with one occasion: what they said or did, when, and the effect it had on the work "
                "or the team.",
            ),
            "zh": (
                "“{term}”评价的是性格而不是行为，这类标签更容易落在女性身上，也无法据此改进。",
                "把“{term}”换成一次具体经历：在什么场合、说了或做了什么、对工作或团队有什么影响。",
            ),
        },
        "gendered_language": {
            "en": (
                "'{term}' is gender-coded or 'standout' wording, used unevenly between men and women (Textio; "
                "Gaucher, Friesen & Kay 2011).",
                "Replace it with the evidence behind it: what they built or solved, and the measurable result.",
            ),
            "zh": (
                "“{term}”带有性别色彩或“天赋型”评价，这类用语在男女之间使用并不均衡。",
                "换成背后的事实：做成了什么、解决了什么问题、结果如何。",
            ),
        },
        "stereotype": {
            "en": (
                "'{term}' generalises about a group (a trait, ability, role or prescription tied to gender, age or "
                "family): it judges people by the group, not by what they did.",
                "Remove the generalisation; if there is a point about this person, state what they did, when, and "
                "its effect.",
            ),
            "zh": (
                "“{term}”是对群体的概括或刻板印象（把性格、能力、角色或“应该怎样”与性别、年龄、家庭挂钩），是以群体评判个人。",
                "删除这类概括；如果想说的是某个人，写清楚他/她在什么场合做了什么、带来了什么影响。",
            ),
        },
        "slur": {
            "en": ("'{term}' is a slur or abusive term.", "Remove it; describe the behaviour and its effect instead."),
            "zh": ("“{term}”是侮辱性或歧视性用语。", "删除该用语，改为描述具体行为及其影响。"),
        },
        "decision": {
            "en": (
                "'{term}' sets or recommends a rating, promotion, pay figure or ranking: those decisions belong "
                "to people, not to a draft.",
                "Remove the decision; keep the evidence that a reviewer can weigh (what they did, its impact).",
            ),
            "zh": (
                "“{term}”给出或建议了评级、晋升、薪酬或排名：这些决定应由人来做，草稿不应替人决定。",
                "删除这一结论，只保留评审人可以参考的事实（做了什么、带来了什么影响）。",
            ),
        },
        "personal_life": {
            "en": (
                "'{term}' is about their personal life, which has no place in a performance review.",
                "Remove it; keep to work behaviour and results in the review period.",
            ),
            "zh": ("“{term}”涉及个人生活，不应出现在绩效反馈中。", "删除这部分，只写评估期内的工作行为和结果。"),
        },
        "absolute": {
            "en": (
                "'{term}' is an absolute; one counter-example discredits the whole point.",
                "Replace '{term}' with the occasions you saw: how many times, and when.",
            ),
            "zh": (
                "“{term}”是绝对化表述，只要有一次例外，整条反馈就站不住。",
                "把“{term}”换成实际观察到的次数和场合。",
            ),
        },
        "unsupported": {
            "en": (
                "'{term}' ({what}) does not appear in {where}.",
                "Use only what the cited events say: correct it to the evidence, cite the event that supports it, "
                "or remove it.",
            ),
            "zh": (
                "“{term}”（{what}）在{where}中找不到依据。",
                "只写引用事件里有的内容：按证据更正、补充引用对应事件，或删除。",
            ),
        },
        "inaccessible_citation": {
            "en": (
                "The statement cites event {event!r}, which {why}.",
                "Cite only events the requester may see, or remove the statement.",
            ),
            "zh": ("该句引用了事件 {event}，但{why}。", "只引用请求人有权查看的事件，或删除该句。"),
        },
        "contact_data": {
            "en": ("Contact details ({what}) do not belong in feedback.", "Remove the {what}."),
            "zh": ("反馈中不应包含联系方式（{what}）。", "删除该{what}。"),
        },
        "id_number": {
            "en": ("An identity or account number ({what}) is personal data.", "Remove the {what} entirely."),
            "zh": ("身份或账户号码（{what}）属于个人敏感信息。", "彻底删除该{what}。"),
        },
        "other_person_detail": {
            "en": (
                "This shares {what} about {who}; other people's private details must not appear in someone's feedback.",
                "Remove the detail about {who}; describe only the reviewee's own work.",
            ),
            "zh": (
                "这里透露了{who}的{what}；他人的隐私不应出现在别人的反馈里。",
                "删除关于{who}的细节，只写被评估人自己的工作。",
            ),
        },
        "recency_bias": {
            "en": (
                "{share:.0%} of the cited evidence falls in the last {weeks} weeks of {period} (expected about "
                "{expected:.0%}): the draft over-weights recent work.",
                "Add evidence from earlier in the period, or say how the evidence is spread.",
            ),
            "zh": (
                "引用的证据中有 {share:.0%} 集中在{period}的最后 {weeks} 周（均匀分布约为 {expected:.0%}），"
                "存在近因偏差。",
                "补充评估期前段的证据，或说明证据的时间分布。",
            ),
        },
        "recency_relative": {
            "en": (
                "{count} of the {total} dated examples are dated only relative to now ('last week', 'recently'): "
                "the draft shows the last few weeks, not the whole period.",
                "Add examples from earlier in the period with their month or quarter, or say how the evidence is "
                "spread over the period.",
            ),
            "zh": (
                "{total} 个带时间的例子中有 {count} 个只用了“上周”“最近”这类相对时间："
                "草稿只反映了最近几周，而不是整个评估期。",
                "补充评估期前段的例子并写明月份或季度，或说明证据在整个评估期内的分布。",
            ),
        },
        "prompt_injection": {
            "en": (
                "Instruction-like text ('{term}') tries to steer the assistant.",
                "Treat it as data, not an instruction: remove it from the draft; in evidence it is fenced off "
                "before prompting.",
            ),
            "zh": (
                "疑似指令注入（“{term}”），试图操控助手。",
                "把它当作数据而非指令：从草稿中删除；证据中的此类内容会在提示前被隔离。",
            ),
        },
    }
)

#: Protected-attribute topics: (English, Chinese) names and a topic-specific hint.
_PROTECTED: Strings[tuple[str, str]] = Strings(
    {
        "gender": {
            "en": ("gender", "Remove the reference to gender; the same sentence should read the same for anyone."),
            "zh": ("性别", "删除与性别有关的表述；同样的话换成任何人都应成立。"),
        },
        "age": {
            "en": (
                "age",
                "Remove the age reference (including 'young and energetic'-type proxies); describe the work.",
            ),
            "zh": ("年龄", "删除年龄相关表述（包括“35岁”“年轻有活力”等），只写工作表现。"),
        },
        "family": {
            "en": (
                "marital or family status",
                "Remove marriage, pregnancy, children or caring duties; judge only the work and agreed availability.",
            ),
            "zh": (
                "婚育或家庭状况",
                "删除婚姻、生育、子女等家庭情况（2019年人社部等九部门通知明确禁止婚育歧视），只评价工作。",
            ),
        },
        "ethnicity": {
            "en": ("ethnicity, nationality, religion or orientation", "Remove it; it is irrelevant to the work."),
            "zh": ("民族、国籍、宗教等", "删除该表述，它与工作表现无关。"),
        },
        "region": {
            "en": ("regional origin", "Remove where they come from; it is a proxy for protected traits."),
            "zh": ("地域或户籍", "删除户籍、籍贯、城乡出身等表述，这是常见的歧视代理变量。"),
        },
        "school": {
            "en": ("school tier", "Remove school prestige; cite skills shown in the review period instead."),
            "zh": ("学校层次（985/211/第一学历）", "删除学校层次，改写评估期内展现出的具体能力。"),
        },
        "health": {
            "en": (
                "health or disability",
                "Remove health information; if availability matters, HR handles it separately from feedback.",
            ),
            "zh": ("健康或残障状况", "删除健康信息；如涉及出勤安排，应由HR另行处理，不写入反馈。"),
        },
        "appearance": {
            "en": ("appearance", "Remove comments on looks or dress; describe work behaviour instead."),
            "zh": ("外貌", "删除对外貌、穿着的评价，改写工作行为。"),
        },
    }
)
_PROTECTED_MSG = {
    "en": "'{term}' refers to {topic}, a protected attribute or its proxy; it must not shape a review.",
    "zh": "“{term}”涉及{topic}，属于受保护特征或其代理变量，不能影响评价。",
}

#: Missing SBI parts, for the ``vague`` message.
_MISSING = {
    "en": {"behaviour": "no observable behaviour", "impact": "no result or number", "situation": "no situation"},
    "zh": {"behaviour": "没有可观察的具体行为", "impact": "没有结果或数据", "situation": "没有具体情境"},
}


#: What to add for each missing SBI part, for the ``vague`` hint.
_PARTS = {
    "en": {
        "situation": "when and where it happened",
        "behaviour": "what they actually did",
        "impact": "what changed because of it (a result or a number)",
    },
    "zh": {"situation": "时间和场合", "behaviour": "对方具体做了什么", "impact": "带来了什么变化（结果或数据）"},
}


def say(kind: str, lang: str, **fields: object) -> tuple[str, str]:
    """The ``(message, suggestion)`` for a finding ``kind`` in ``lang``, with ``fields`` filled in."""
    lang = "zh" if lang == "zh" else "en"
    if kind == "protected_attribute":
        topic, hint = _PROTECTED.entry(str(fields.get("topic", "gender")), lang)
        return _PROTECTED_MSG[lang].format(term=fields.get("term", ""), topic=topic), hint
    if kind == "vague" and "missing" in fields:
        sep = ", " if lang == "en" else "、"
        missing = list(fields["missing"])  # type: ignore[call-overload]
        parts = sep.join(_PARTS[lang][m] for m in missing) or _PARTS[lang]["impact"]
        fields = {**fields, "missing": sep.join(_MISSING[lang][m] for m in missing), "missing_parts": parts}
    message, suggestion = _M.entry(kind, lang)
    return message.format(**fields), suggestion.format(**fields)
