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
                "Anchor it in one situation: when and where, what they did, and what changed because of it, e.g. "
                "'In the March release review you walked the team through the rollback plan, which cut the "
                "go/no-go meeting to 20 minutes.'",
            ),
            "zh": (
                "表述笼统：{missing}。泛泛的评价让对方不知道该保持什么、改进什么。",
                "用一个具体情境来写：什么时候、在什么场合，做了什么，带来了什么结果。例如：“3月版本评审中，你提前"
                "梳理了回滚方案，评审会从1小时缩短到20分钟。”",
            ),
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
                "Add one area to grow in, "
                "tied to an observed behaviour, e.g. 'In design reviews, ask for feedback before the final draft.'",
            ),
            "zh": (
                "没有指出发展方向：只有表扬，对方不知道下一步往哪里成长。",
                "补充一个与具体行为相关的改进方向，例如：“在方案评审前，先请同事看一版初稿。”",
            ),
        },
        "no_next_step": {
            "en": (
                "No actionable next step.",
                "End with one concrete next step and a time frame, e.g. 'Next quarter, "
                "own the on-call runbook rewrite and present it at the April ops review.'",
            ),
            "zh": (
                "没有可执行的下一步行动。",
                "结尾给出一个具体、有时间点的下一步，例如：“下季度由你牵头重写值班手册，并在4月运维例会上分享。”",
            ),
        },
        "criticism_without_suggestion": {
            "en": (
                "Criticism {why}.",
                "Name the behaviour you saw and pair it with a suggestion, e.g. 'In Tuesday's "
                "planning you interrupted two speakers; next time, note your point and raise it when they finish.'",
            ),
            "zh": (
                "批评{why}。",
                "说清楚观察到的具体行为，并给出改进建议，例如：“周二的规划会上你两次打断同事发言；"
                "下次可以先记下观点，等对方说完再提出。”",
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
                "Describe what they did and its effect instead, e.g. 'In the 3 May review you dismissed two "
                "proposals before they were finished; the team stopped offering ideas.'",
            ),
            "zh": (
                "“{term}”评价的是性格而不是行为，这类标签更容易落在女性身上，也无法据此改进。",
                "改为描述具体行为及其影响，例如：“5月3日的评审会上，你在同事讲完前两次否定了方案，之后大家不再提建议。”",
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
                "Cite the specific occasions instead, e.g. 'in 3 of the last 5 sprint reviews'.",
            ),
            "zh": (
                "“{term}”是绝对化表述，只要有一次例外，整条反馈就站不住。",
                "改为具体的次数和场合，例如：“最近5次迭代评审中有3次”。",
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
                "引用的证据中有 {share:.0%} 集中在{period}的最后 {weeks} 周（均匀分布约为 "
                "{expected:.0%}），存在近因偏差。",
                "补充评估期前段的证据，或说明证据的时间分布。",
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


def say(kind: str, lang: str, **fields: object) -> tuple[str, str]:
    """The ``(message, suggestion)`` for a finding ``kind`` in ``lang``, with ``fields`` filled in."""
    lang = "zh" if lang == "zh" else "en"
    if kind == "protected_attribute":
        topic, hint = _PROTECTED.entry(str(fields.get("topic", "gender")), lang)
        return _PROTECTED_MSG[lang].format(term=fields.get("term", ""), topic=topic), hint
    if kind == "vague" and "missing" in fields:
        sep = ", " if lang == "en" else "、"
        fields = {**fields, "missing": sep.join(_MISSING[lang][m] for m in fields["missing"])}  # type: ignore[union-attr]
    message, suggestion = _M.entry(kind, lang)
    return message.format(**fields), suggestion.format(**fields)
