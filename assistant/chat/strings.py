"""Every sentence the chat says, in English and Simplified Chinese."""

from __future__ import annotations

from assistant.core.i18n import Strings

__all__ = ["say"]

_S: Strings[str] = Strings(
    {
        # -- status lines ------------------------------------------------------------------------------------------
        "status.understand": {"en": "Reading your request…", "zh": "正在理解你的请求…"},
        "status.evidence": {
            "en": "Finding evidence for {name} ({period})…",
            "zh": "正在查找{name}的工作证据（{period}）…",
        },
        "status.drafting": {"en": "Drafting…", "zh": "正在起草…"},
        "status.revising": {"en": "Revising the current draft…", "zh": "正在修改当前草稿…"},
        "status.checking": {"en": "Checking specificity, balance and bias…", "zh": "正在检查具体性、平衡性与偏见…"},
        "status.reviewing": {"en": "Checking your draft against the evidence…", "zh": "正在对照工作证据检查你的草稿…"},
        "status.goals": {"en": "Brainstorming goals for {period}…", "zh": "正在为{period}构思目标…"},
        "status.sources": {"en": "Looking up the cited events…", "zh": "正在查找引用的事件…"},
        "status.matching": {"en": "Looking for the event you mean…", "zh": "正在查找你提到的事件…"},
        # -- headings --------------------------------------------------------------------------------------------
        "head.feedback": {"en": "Feedback draft for {name} — {period}", "zh": "{name}的反馈草稿 — {period}"},
        "note.unchanged": {
            "en": "No change: the draft already does what “{instruction}” asks (it is already in that tone or length).",
            "zh": "没有改动：草稿已经符合“{instruction}”的要求（语气或篇幅已是如此）。",
        },
        "head.revision": {"en": "Revised draft for {name} — {period}", "zh": "{name}的修改稿 — {period}"},
        "head.goals": {"en": "Goal proposals for {name} — {period}", "zh": "{name}的目标建议 — {period}"},
        "head.review": {
            "en": "Review of your draft about {name} — {period}",
            "zh": "你关于{name}的草稿检查 — {period}",
        },
        "head.sources": {"en": "Sources of statement {n}", "zh": "第{n}条的依据"},
        "head.sources_all": {"en": "Sources of the current draft", "zh": "当前草稿的全部依据"},
        "section.strength": {"en": "Strengths", "zh": "优势"},
        "section.development": {"en": "Development areas", "zh": "待发展方面"},
        "section.next_step": {"en": "Next steps", "zh": "下一步行动"},
        "section.on_record": {"en": "On record", "zh": "已有记录"},
        "section.to_collect": {"en": "To collect before a full review", "zh": "完整评估前需要补充"},
        "section.question": {"en": "Questions for the next check-in", "zh": "下次沟通可以聊的问题"},
        "line.guardrails": {"en": "Guardrails: {verdict} — {scores}", "zh": "护栏检查：{verdict} — {scores}"},
        "line.findings": {"en": "Findings:", "zh": "发现的问题："},
        "line.no_findings": {"en": "No findings.", "zh": "未发现问题。"},
        "line.coverage": {
            "en": "Evidence by month (used/available): {months}",
            "zh": "按月证据（选用/可用）：{months}",
        },
        "line.notes": {"en": "Notes:", "zh": "注意："},
        "line.missing": {"en": "Key events your draft leaves out:", "zh": "草稿未提及的关键事件："},
        "line.draft_id": {"en": "Draft {id} · engine {engine}", "zh": "草稿 {id} · 引擎 {engine}"},
        "line.withheld": {
            "en": "The draft was withheld by the guardrails; the findings say why.",
            "zh": "草稿被护栏拦截，原因见下方问题列表。",
        },
        "line.statement": {"en": "Statement {n}: {text}", "zh": "第{n}条：{text}"},
        "line.no_citations": {"en": "This statement cites no events.", "zh": "这一条没有引用事件。"},
        "verdict.pass": {"en": "pass", "zh": "通过"},
        "verdict.revise": {"en": "needs revision", "zh": "需修改"},
        "verdict.block": {"en": "blocked", "zh": "已拦截"},
        "score.specificity": {"en": "specificity", "zh": "具体性"},
        "score.balance": {"en": "balance", "zh": "平衡性"},
        "score.bias": {"en": "bias", "zh": "偏见"},
        "score.grounding": {"en": "grounding", "zh": "有据性"},
        "score.privacy": {"en": "privacy", "zh": "隐私"},
        "score.recency": {"en": "recency", "zh": "近因"},
        "score.injection": {"en": "injection", "zh": "注入"},
        # -- actions ---------------------------------------------------------------------------------------------
        "action.accept": {"en": "Accept", "zh": "采纳"},
        "action.shorter": {"en": "Shorter", "zh": "更简短"},
        "action.direct": {"en": "More direct", "zh": "更直接"},
        "action.warmer": {"en": "Warmer", "zh": "更温和"},
        "action.sources": {"en": "Show sources", "zh": "查看依据"},
        "action.help": {"en": "What can I ask?", "zh": "我可以问什么？"},
        "msg.accept": {"en": "accept", "zh": "采纳"},
        "msg.shorter": {"en": "make it shorter", "zh": "更简短一些"},
        "msg.direct": {"en": "make it more direct", "zh": "更直接一些"},
        "msg.warmer": {"en": "make it warmer", "zh": "语气温和一点"},
        "msg.sources": {"en": "show the sources of statement 1", "zh": "第1条的依据"},
        "msg.help": {"en": "help", "zh": "帮助"},
        # -- replies ---------------------------------------------------------------------------------------------
        "refuse.employee": {
            "en": "I can't help with that: you can ask only about your own work and feedback.",
            "zh": "无法处理这个请求：你只能查看和询问你本人的工作与反馈。",
        },
        "refuse.line": {
            "en": "I can't help with that person: you can ask only about yourself and the people in "
            "your reporting line.",
            "zh": "无法处理关于这个人的请求：你只能询问你本人以及你汇报线内的人员。",
        },
        "refuse.hr": {
            "en": "I can't find that person: nobody in the organisation matches that name.",
            "zh": "找不到这个人：组织中没有与该名字匹配的人员。",
        },
        "thanks": {
            "en": "You're welcome. Ask for another draft, a revision or goal ideas whenever you like.",
            "zh": "不客气。需要新的草稿、修改或目标建议时随时告诉我。",
        },
        "refuse.options": {"en": "People you can ask about:\n{options}", "zh": "你可以询问的人员：\n{options}"},
        "clarify.ambiguous": {
            "en": "More than one person matches “{mention}”. Which one do you mean?\n{options}",
            "zh": "有多人与“{mention}”匹配，你指的是哪一位？\n{options}",
        },
        "clarify.one_person": {
            "en": "A draft is about one person. Whom first?\n{options}",
            "zh": "一份草稿只针对一个人，先写哪一位？\n{options}",
        },
        "clarify.subject": {
            "en": "Who is the feedback for? You can ask about:\n{options}",
            "zh": "这份反馈是写给谁的？你可以询问：\n{options}",
        },
        "clarify.review_subject": {
            "en": "Who is your draft about? Name the person, e.g. “check my draft for {example}: …”.",
            "zh": "你的草稿是关于谁的？请写明人名，例如“帮我检查给{example}的反馈：……”。",
        },
        "clarify.need_draft": {
            "en": "There is no draft in this conversation yet. Ask for one first, e.g. “Q3 feedback for {example}”.",
            "zh": "本次对话还没有草稿。请先让我起草一份，例如“给{example}写一份第三季度的反馈”。",
        },
        "clarify.need_feedback_draft": {
            "en": "I can revise feedback drafts only; the current draft is not one. Ask for a feedback draft first.",
            "zh": "我只能修改反馈草稿，当前草稿不是反馈草稿。请先让我起草一份反馈。",
        },
        "clarify.need_text": {
            "en": "Paste the draft after your request (on the next lines, or after a colon), e.g. "
            "“check this draft: …”.",
            "zh": "请把草稿粘贴在请求之后（换行或冒号之后），例如“帮我检查这段反馈：……”。",
        },
        "clarify.goals_self": {
            "en": "Goals are brainstormed by each person for themself. Ask “help me brainstorm my goals”, or ask "
            "for feedback for {name} instead.",
            "zh": "目标由每个人为自己制定。你可以说“帮我制定我的目标”，或改为请求为{name}写反馈。",
        },
        "clarify.no_statement": {
            "en": "The current draft has {count} statements; ask for one between 1 and {count}.",
            "zh": "当前草稿共有 {count} 条，请指定 1 到 {count} 之间的编号。",
        },
        "clarify.add_none": {
            "en": "I found no {what} event for {name} in {month} among the events you may see. Events on record "
            "in {month}:\n{options}",
            "zh": "在你可见的事件中，没有找到{name}在{month}的{what}事件。{month}的记录有：\n{options}",
        },
        "clarify.add_empty": {
            "en": "There are no events you may see for {name} in {month}.",
            "zh": "在你可见的事件中，{name}在{month}没有记录。",
        },
        "clarify.add_which": {
            "en": "Several events match; which one should I add? Say “add <event id>”.\n{options}",
            "zh": "有多个事件匹配，要加入哪一个？请说“加上 <事件编号>”。\n{options}",
        },
        "clarify.add_what": {
            "en": "Which event should I add? Name a month and what happened, e.g. “add the May "
            "incident”, or an event id.",
            "zh": "要加入哪个事件？请说明月份和事件，例如“加上5月的故障”，或给出事件编号。",
        },
        "clarify.unknown": {
            "en": "I'm not sure what you need. {help}",
            "zh": "我没有理解你的需求。{help}",
        },
        "accepted": {
            "en": "Accepted draft {id} for {name} ({period}). It is stored with its evidence; the final wording is "
            "yours to edit and deliver.",
            "zh": "已采纳{name}（{period}）的草稿 {id}，并与其证据一起保存；最终措辞由你修改和传达。",
        },
        "already_accepted": {
            "en": "Draft {id} was already accepted.",
            "zh": "草稿 {id} 已经采纳过了。",
        },
        "help": {
            "en": "Here is what you can ask:\n"
            "- Draft feedback: “Q3 feedback for Li Na, focus on collaboration”, “draft feedback for Ben for H1, "
            "warm tone”, “feedback on Priya for last quarter in Chinese”\n"
            "- Revise the current draft: “shorter”, “make it more direct”, “warmer”, “add the May incident”\n"
            "- Check your own draft: “is my draft for Daniel specific enough?” followed by the text\n"
            "- Brainstorm your goals: “help me brainstorm my goals for next half, I'm interested in mentoring”\n"
            "- Evidence: “show the sources of statement 2”, “sources”\n"
            "- “accept” to accept the current draft\n"
            "Periods: Q3, H1, May, last quarter, this year, 2026Q3, 2026-05; with none, feedback covers the "
            "current half-year and goals the next half.",
            "zh": "你可以这样问：\n"
            "- 起草反馈：“给李娜写一份第三季度的反馈，重点是协作”、“张伟上半年的反馈，语气温和一点”\n"
            "- 修改当前草稿：“更简短一些”、“更直接”、“语气温和一点”、“加上5月的故障”\n"
            "- 检查你自己写的草稿：“帮我检查这段反馈：……”（在后面粘贴正文）\n"
            "- 制定你的目标：“帮我制定下半年的目标，我对性能优化感兴趣”\n"
            "- 查看依据：“第2条的依据”、“依据”\n"
            "- 说“采纳”即可采纳当前草稿\n"
            "时间段：三季度、上半年、5月、上季度、今年、2026Q3、2026-05；未指定时，反馈默认本半年，目标默认下一个半年。",
        },
        # -- terminal chat -------------------------------------------------------------------------------------------
        "cli.session": {
            "en": "conversation {id} — resume with: coach chat --as {user} --session {id}",
            "zh": "对话 {id} — 继续对话：coach chat --as {user} --session {id}",
        },
        "cli.welcome": {
            "en": "Coach chat as {user}. Type a request, /help for commands, /quit to leave.",
            "zh": "以 {user} 身份对话。直接输入请求，/help 查看命令，/quit 退出。",
        },
        "cli.new": {"en": "A new conversation starts with your next message.", "zh": "下一条消息将开始新的对话。"},
        "cli.resumed": {"en": "Resumed conversation {id}: {title}", "zh": "已恢复对话 {id}：{title}"},
        "cli.no_sessions": {"en": "No conversations yet.", "zh": "还没有对话。"},
        "cli.no_draft": {"en": "There is no draft to accept yet.", "zh": "还没有可以采纳的草稿。"},
        "cli.actions": {"en": "Reply with a number:", "zh": "输入编号即可："},
        "cli.unknown_command": {"en": "Unknown command {cmd}; try /help.", "zh": "未知命令 {cmd}；输入 /help 查看。"},
        "cli.usage": {"en": "Usage: {usage}", "zh": "用法：{usage}"},
        "cli.commands": {
            "en": "Commands:\n"
            "  /new             start a new conversation\n"
            "  /sessions        list your conversations\n"
            "  /resume ID       continue a conversation (its messages are shown again)\n"
            "  /sources N       the events statement N cites (/sources: all)\n"
            "  /open EVENT_ID   read one cited event\n"
            "  /accept          accept the current draft\n"
            "  /help            this help\n"
            "  /quit            leave\n"
            "A number alone picks one of the suggested actions. To paste a multi-line draft, end the request "
            'line with three quotes (""") and close the text with a line of three quotes.',
            "zh": "命令：\n"
            "  /new             开始新对话\n"
            "  /sessions        列出你的对话\n"
            "  /resume ID       继续某个对话（会重新显示其消息）\n"
            "  /sources N       第N条引用的事件（/sources：全部）\n"
            "  /open EVENT_ID   查看一条引用的事件\n"
            "  /accept          采纳当前草稿\n"
            "  /help            显示本帮助\n"
            "  /quit            退出\n"
            '只输入编号即可选择建议的操作。粘贴多行草稿时，请在请求行末尾加三引号（"""），正文结束后再单独输入一行三引号。',
        },
        # -- errors ----------------------------------------------------------------------------------------------
        "error.bad_input": {"en": "I couldn't do that: {detail}", "zh": "无法完成：{detail}"},
        "error.not_found": {"en": "Not found: {detail}", "zh": "未找到：{detail}"},
        "error.denied": {"en": "Refused: {detail}", "zh": "已拒绝：{detail}"},
        "error.provider": {
            "en": "The language model failed and no fallback was possible: {detail}",
            "zh": "语言模型调用失败，且无法回退：{detail}",
        },
        "error.cancelled": {
            "en": "This request was stopped before it finished: the connection closed or its time ran out.",
            "zh": "该请求在完成前已停止：连接已关闭或已超时。",
        },
        "error.internal": {
            "en": "Something went wrong on our side and the request was not completed. Please try again; if it "
            "keeps happening, tell your administrator.",
            "zh": "系统内部出错，请求未完成。请重试；如果反复出现，请联系管理员。",
        },
        "error.no_session": {
            "en": "There is no conversation {id!r} of yours; start a new one or list yours.",
            "zh": "没有属于你的对话 {id!r}；请新建对话或查看你的对话列表。",
        },
        "error.no_user": {"en": "Unknown user {id!r}.", "zh": "未知用户 {id!r}。"},
        "error.interrupted": {
            "en": "This answer was interrupted before it was finished (the connection closed or the server "
            "restarted). Send your message again.",
            "zh": "这条回答在完成前被中断了（连接已关闭或服务器已重启）。请重新发送你的消息。",
        },
        "error.too_long": {
            "en": "The message is too long ({size} characters); the limit is {limit}.",
            "zh": "消息过长（{size} 个字符），上限为 {limit}。",
        },
        "error.no_event": {
            "en": "There is no event {id!r} that you may see.",
            "zh": "没有你可以查看的事件 {id!r}。",
        },
    }
)


def say(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` (en or zh), formatted with ``values``."""
    return _S.say(key, lang, **values)
