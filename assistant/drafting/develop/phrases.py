"""The words of a development path, en + zh: concrete 90-day actions per competency and the sentences the
offline writer builds a path from."""

from __future__ import annotations

from assistant.core.i18n import Strings

__all__ = ["ACTIONS", "S"]

#: A measurable thing to do in 90 days, per competency.
ACTIONS: Strings[str] = Strings(
    {
        "leadership": {
            "en": "lead one piece of cross-team work end to end: write the plan, run the weekly sync, and close it "
            "with a written decision",
            "zh": "端到端主导一项跨团队工作：写计划、主持每周同步，最后形成书面结论",
        },
        "mentoring": {
            "en": "mentor one colleague with a written 90-day plan, reviewed together at days 30, 60 and 90",
            "zh": "带一名新人完成入职90天计划：写下书面计划，第30、60、90天一起复盘",
        },
        "communication": {
            "en": "write two documents others act on (a design doc, proposal or review) that state goals, trade-offs "
            "and failure modes, and have two readers comment in writing before each goes out",
            "zh": "完成两份他人可据此行动的文档（方案、提案或复盘），写明目标、取舍和风险，发出前请两位同事书面点评",
        },
        "planning": {
            "en": "plan one piece of work in milestones with written estimates and assumptions, publish the plan "
            "before the work starts, and compare it with the actuals every two weeks",
            "zh": "把一项工作拆成里程碑，写明估算与假设，开工前发布计划，并每两周对照实际进展",
        },
        "collaboration": {
            "en": "run one piece of work with another team: agree the goal with them up front and hold a joint "
            "review at the end",
            "zh": "与另一个部门合作完成一件事：事先共同确定目标，结束时一起复盘",
        },
        "knowledge_sharing": {
            "en": "turn one thing you know into a guide or talk the team uses, and check after 30 days how often "
            "it was used",
            "zh": "把一项经验整理成团队会用的指南或分享，30天后看实际使用情况",
        },
        "customer": {
            "en": "set up a monthly health review of your five riskiest accounts and act on each warning within a week",
            "zh": "为风险最高的5家客户建立月度健康度回顾，每个预警一周内跟进",
        },
        "sales": {
            "en": "build a written plan for your three largest open deals and review it weekly with your manager",
            "zh": "为金额最大的3个在跟商机写出推进计划，每周与主管过一次",
        },
        "delivery": {
            "en": "ship one scoped piece of work on the date you set at the start, saying early if it slips",
            "zh": "按开工时承诺的日期交付一项范围明确的工作，有延期风险时提前说明",
        },
        "quality": {
            "en": "add tests for the three riskiest paths of a service you own and track escaped defects for 90 days",
            "zh": "为自己负责的服务补齐风险最高的3条路径的测试，并跟踪90天内的漏测缺陷",
        },
        "reliability": {
            "en": "run one incident review end to end and close every follow-up action within 60 days",
            "zh": "完整主持一次故障复盘，并在60天内关闭全部改进项",
        },
        "learning": {
            "en": "finish one course from the plan and apply it to a piece of real work",
            "zh": "完成计划中的一门课程，并用在一项实际工作中",
        },
        "innovation": {
            "en": "run one small, time-boxed experiment and write up what it showed",
            "zh": "做一次有时限的小实验，并写下结论",
        },
    }
)

S: Strings[str] = Strings(
    {
        "heading": {
            "en": "Development path: {name} → {target} ({level})",
            "zh": "发展路径：{name} → {target}（{level}）",
        },
        "window": {
            "en": "Evidence: {window}{current}. Prepared for {reader}.",
            "zh": "证据范围：{window}{current}。阅读人：{reader}。",
        },
        "current": {"en": "; current role {title} ({level})", "zh": "；当前角色 {title}（{level}）"},
        "you": {"en": "you", "zh": "你"},
        "summary_you": {
            "en": "To grow from {current} into {target}, you already show {strengths}. The record does not yet show "
            "{gaps} at the {target} level; the plan below works on {focus} over the next 90 days.",
            "zh": "从{current}成长为{target}，你已经展现出{strengths}。记录中的{gaps}还没有达到{target}的"
            "要求；下面的计划在接下来的90天重点补{focus}。",
        },
        "summary_name": {
            "en": "To grow from {current} into {target}, {name} already shows {strengths}. The record does not yet "
            "show {gaps} at the {target} level; the plan below works on {focus} over the next 90 days.",
            "zh": "从{current}成长为{target}，{name}已经展现出{strengths}。记录中的{gaps}还没有达到"
            "{target}的要求；下面的计划在接下来的90天重点补{focus}。",
        },
        "summary_no_gaps": {
            "en": "The record already shows every expectation of {target} at its bar. The plan below keeps the "
            "evidence coming and prepares the conversation with the manager.",
            "zh": "记录已达到{target}每项期望的标准。下面的计划用于持续积累证据，并为与主管的沟通做准备。",
        },
        "no_current": {"en": "the current role", "zh": "当前角色"},
        "nothing_yet": {"en": "none of its expectations yet", "zh": "尚无达标的期望项"},
        "strengths": {"en": "Already shown", "zh": "已经展现"},
        "gaps": {"en": "Gaps to close", "zh": "需要补的差距"},
        "plan": {"en": "90-day plan", "zh": "90天计划"},
        "notes": {"en": "Notes", "zh": "说明"},
        "strength_line": {
            "en": "{label}: {n} pieces of evidence in the year (the bar is {bar}), e.g. {examples}",
            "zh": "{label}：一年内 {n} 条证据（标准为 {bar} 条），例如{examples}",
        },
        "improved": {
            "en": " — earlier feedback named this as a gap (“{text}”, {date}); later work answers it",
            "zh": "——早前反馈曾指出这一点（“{text}”，{date}），之后的工作已经回应",
        },
        "expected": {"en": "Expected of a {target}: {expectation}", "zh": "{target}的期望：{expectation}"},
        "why_critique_one": {"en": "{who} “{text}” ({date}) [{id}].", "zh": "{who}“{text}”（{date}）[{id}]。"},
        "why_critique_many": {
            "en": "Feedback said “{text}” {n} times: {refs}.",
            "zh": "反馈{n}次提到“{text}”：{refs}。",
        },
        "ref_speaker": {"en": "{speaker} on {title} ({date}) [{id}]", "zh": "{speaker}，关于“{title}”（{date}）[{id}]"},
        "ref_plain": {"en": "{title} ({date}) [{id}]", "zh": "“{title}”（{date}）[{id}]"},
        "said_by": {"en": "{speaker} said", "zh": "{speaker}指出"},
        "said_1on1": {"en": "The 1:1 notes name a gap:", "zh": "1:1记录指出的差距："},
        "said_feedback": {"en": "Feedback on “{title}” said", "zh": "关于“{title}”的反馈提到"},
        "why_support_enough": {
            "en": "There is work to build on ({n} pieces of evidence in the year{examples}); what stands between it "
            "and the bar is what the feedback names.",
            "zh": "已有可以依托的工作（一年内 {n} 条证据{examples}）；与标准之间的差距正是反馈指出的问题。",
        },
        "why": {"en": "Why", "zh": "依据"},
        "reader_name": {"en": "{name}", "zh": "{name}"},
        "why_support": {
            "en": "The record shows {n} of the {bar} pieces of evidence expected in a year{examples}.",
            "zh": "过去一年的记录中有 {n} 条相关证据，标准为 {bar} 条{examples}。",
        },
        "why_none": {
            "en": "Nothing in the last twelve months shows this yet — a gap in the record, not a judgement of the "
            "person.",
            "zh": "过去十二个月的记录里还没有相关证据——这是记录上的空白，不是对个人的评价。",
        },
        "examples": {"en": ", e.g. {items}", "zh": "，例如{items}"},
        "wanted_you": {
            "en": "You said you want this: “{text}” ({date}) [{id}].",
            "zh": "你表达过这个意愿：“{text}”（{date}）[{id}]。",
        },
        "wanted_name": {
            "en": "{name} said they want this: “{text}” ({date}) [{id}].",
            "zh": "{name}表达过这个意愿：“{text}”（{date}）[{id}]。",
        },
        "learn": {"en": "Learn", "zh": "学习"},
        "practise": {"en": "Practise", "zh": "实践"},
        "mentor": {"en": "Mentor", "zh": "导师"},
        "goal90": {"en": "In 90 days", "zh": "90天目标"},
        "no_course": {"en": "no course in the catalog covers this yet", "zh": "课程目录里暂无对应课程"},
        "no_opening": {
            "en": "no open stretch project or rotation covers this now; ask your manager about one",
            "zh": "目前没有对应的开放项目或轮岗，可以和主管商量",
        },
        "no_mentor": {
            "en": "no colleague who opted in to mentor shows strong evidence in this yet",
            "zh": "暂无报名担任导师且在这方面证据充分的同事",
        },
        "course": {"en": "“{title}” ({provider}{hours})", "zh": "《{title}》（{provider}{hours}）"},
        "hours": {"en": ", {h:g} h", "zh": "，{h:g} 小时"},
        "kind.stretch_project": {"en": "stretch project", "zh": "挑战项目"},
        "kind.rotation": {"en": "rotation", "zh": "轮岗"},
        "opening": {
            "en": "{title} — {kind}{weeks}{until}{contact}",
            "zh": "{title}——{kind}{weeks}{until}{contact}",
        },
        "weeks": {"en": ", {n} weeks", "zh": "，{n}周"},
        "until": {"en": ", join by {date}", "zh": "，{date}前报名"},
        "contact": {"en": "; talk to {name}", "zh": "；联系人：{name}"},
        "mentor_line": {"en": "{name} (strong in {label})", "zh": "{name}（擅长{label}）"},
        "step_head": {
            "en": "Days {start}–{day} → check-in on {date}",
            "zh": "第{start}–{day}天 → {date} 检查",
        },
        "checkin": {"en": "Check-in", "zh": "检查点"},
        "a.course": {"en": "Start {course} for {label}", "zh": "为补{label}开始学习{course}"},
        "a.mentor": {
            "en": "Ask {mentor} for a first mentoring conversation on {label} and agree how often to meet",
            "zh": "约{mentor}做第一次关于{label}的辅导交流，商定见面频率",
        },
        "a.opening": {
            "en": "Talk to {contact} about joining “{title}”{until}",
            "zh": "与{contact}沟通加入“{title}”{until}",
        },
        "a.opening_nocontact": {"en": "Ask to join “{title}”{until}", "zh": "申请加入“{title}”{until}"},
        "a.do": {"en": "For {label}: {action}", "zh": "{label}：{action}"},
        "a.finish_course": {"en": "Finish {course}", "zh": "完成{course}"},
        "a.feedback": {
            "en": "Ask two colleagues who saw the work for written feedback on {labels}",
            "zh": "请两位看到这些工作的同事就{labels}给出书面反馈",
        },
        "q.30": {
            "en": "Is the learning started and the stretch work agreed, with a date to begin?",
            "zh": "学习是否已经开始？挑战工作是否已经确定、有开始日期？",
        },
        "q.60": {
            "en": "Which piece of work now shows {labels}, and what did the mentor suggest?",
            "zh": "哪项工作已经体现出{labels}？导师给了什么建议？",
        },
        "q.90": {
            "en": "Compare the new evidence with the {target} expectations: which gaps are closed, which need the "
            "next 90 days?",
            "zh": "对照{target}的期望检查新证据：哪些差距已经补上，哪些需要下一个90天？",
        },
        "list_sep": {"en": ", ", "zh": "、"},
        "list_and": {"en": " and ", "zh": "和"},
        "note_thin": {
            "en": "The record holds only {n} events in the last twelve months: the gaps may reflect missing records "
            "more than missing skills.",
            "zh": "过去十二个月只有 {n} 条记录：差距可能更多反映记录缺失，而不是能力缺失。",
        },
        "note_more_gaps": {
            "en": "Also below the {target} bar, for a later plan: {labels}.",
            "zh": "另外还有待补的期望项，可留到下一个计划：{labels}。",
        },
        "note_mentor_privacy": {
            "en": "Mentors are colleagues who opted in; only their strength is shown, never their records.",
            "zh": "导师均为自愿报名的同事；这里只显示其擅长方向，不会展示其任何记录。",
        },
        "note_no_ai_decision": {
            "en": "This path is a starting point for a conversation with the manager; it does not decide a promotion.",
            "zh": "本路径是与主管沟通的起点，不代表任何晋升决定。",
        },
    }
)
