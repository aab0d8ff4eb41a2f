"""Per-statement features that specificity and balance share: SBI anchors, polarity, next steps, hedges.

The lexicons are word families (stems with inflections, Chinese verbs and their contexts), not lists of
benchmark phrases. None of them mention names, pronouns or gendered terms, which is what keeps the
specificity and balance scores invariant when those are swapped (see ``tests/test_guardrails_counterfactual.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from guardrails.patterns import LazyPattern
from guardrails.text import Doc, Span

__all__ = ["StatementFeatures", "features"]

# English patterns are written in lower case and run on ASCII-lowered text (``Doc.lower``): much faster
# than IGNORECASE in Python's re, and lowering ASCII never moves an offset.
_I = 0


def _words(pattern: str, flags: int = 0) -> LazyPattern:
    """Compile an alternation whose every branch starts at a word: one leading check lets the engine skip
    mid-word positions instead of trying each branch there."""
    return LazyPattern(rf"(?<![a-z0-9_])(?:{pattern})", flags)


# --- English -------------------------------------------------------------------------------------------

# Observable work actions. Habitual present ("writes clean code") is deliberately absent: specific feedback
# reports what happened (past), what is happening (-ing) or what to do next (base form after to/modal).
_EN_STEMS = (
    r"ship|launch|releas|deliver|deploy|migrat|draft|document|design|implement|refactor|automat|fix|debug|"
    r"resolv|triag|review|benchmark|profil|instrument|patch|merg|prototyp|architect|configur|upgrad|integrat|"
    r"publish|present|demo|pitch|negotiat|clos|sign|onboard|mentor|coach|train|pair|organi[sz]|facilitat|host|"
    r"schedul|plann|prioriti[sz]|estimat|scop|escalat|interrupt|dismiss|ignor|skipp|miss|cancel|postpon|"
    r"answer|respond|repli|call|email|ask|flagg|propos|recommend|submitt|own|rolled|rewrot|analy[sz]|investigat|"
    r"research|interview|hir|recruit|survey|audit|consolidat|standardi[sz]|introduc|creat|start|complet|finish|"
    r"check|explain|walk|shar|post|updat|coordinat|handl|cover|volunteer|attend|join|contribut|add|remov|"
    r"replac|optimi[sz]|tun|cach|index|translat|moderat|renew|forecast|reconcil|invoic|quot|commit|push|spott|"
    r"discover|detect|test|measur|track|label|block|unblock|redesign|rebuil|chair|lead|overs|secur|book|"
    r"compil|captur|collect|convert|negotiat|outlin|prepar|produc|record|rehears|reorganiz|restor|rotat|"
    r"sketch|summari[sz]|support|teach|upsell|upsold|verif|wrap|assign|delegat|appl|sav|reduc|lower|"
    r"increas|rais|boost|doubl|halv|shorten|eliminat|prevent|avoid|enabl|cut|speed|spe"
)
_EN_IRREGULAR = (
    r"wrote|written|built|led|ran|drove|driven|took|taken|gave|sent|spoke|spoken|taught|caught|found|won|"
    r"sold|began|begun|brought|held|met|kept|told|spent|broke|broken|chose|fell|lost|paid|rewrote|"
    r"rebuilt|oversaw|undertook|stood up|set up|sped up|cut|shut down|split|hit|beat"
)
_EN_PAST = LazyPattern(
    rf"(?<![\w-])(?:(?:{_EN_STEMS})\w*?(?:ed|ing)|(?:{_EN_IRREGULAR}))(?![\w-])",
    _I,
)
# Base forms count after to / a modal / let's, or as an imperative opening the statement.
_EN_BASE = LazyPattern(
    rf"(?:\b(?:to|will|should|must|please|let's|'ll|and|(?:suggest|recommend|like|want|encourage|"
    rf"ask)(?: that)? you)\s+(?:also\s+|then\s+|first\s+)?|^|[,;:]\s*)"
    rf"(?:{_EN_STEMS}|plan|skip|flag|submit|reply|verify|apply|spend)(?:e|y)?(?![\w-])",
    _I,
)
# "-ed"/"-ing" words that are adjectives ("is very organized", "detail-oriented and organized") or gerunds
# after a preposition ("when presenting") are not reported actions.
_EN_ADJECTIVAL = LazyPattern(
    r"\b(?:is|was|are|were|be|been|being|very|so|too|really|highly|extremely|more|less|quite|seems?|feels?)\s+"
    r"(?:[\w-]*[\s,]+(?:and|or)\s+)?$|\b(?:when|while|at|about|of|for|on|in|his|her|their|your|my|our|its|the|a|"
    r"an)\s+$",
    _I,
)
# "not be able to handle", "hard to follow": a base form after these speculates about ability.
_EN_ABILITY = LazyPattern(
    r"\b(?:able|unable|ability|capacity|afford|struggles?|hard|difficult|enough|ready|fit)\s+to\s+\w*$", _I
)
_EN_IMPACT = _words(
    r"\b(?:(?:reduc|decreas|increas|rais|sav|halv|doubl|tripl|eliminat|accelerat)(?:ed|ing|es)|"
    r"(?:lower|boost|shorten|prevent|avert|avoid|unblock)(?:ed|ing|s)|cut(?:s|ting)?|dropped|fell)\b|"
    r"\b(?:so that|which (?:meant|let|allowed|helped|cut|saved|reduced|led|gave|unblocked|freed|caused|cost)|"
    r"result(?:ed|ing)? in|as a result|led to|leading to|caus(?:ed|ing)|thanks to)\b|"
    r"\bimprov\w*\b(?=(?:\W+\w+){0,5}?\W+(?:by|from|to)\W)|\bsped up\b|\bspeed(?:ed)? up\b",
    _I,
)
_EN_NUMBER = LazyPattern(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|thousand|dozen|twice|half|million|billion)\b",
    _I,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_EN_TIME = _words(
    r"\b(?:(?:january|february|march|april|june|july|august|september|october|november|december)\b|"
    r"(?:in|since|by|during|until|early|late|mid-?) may\b|may \d|q[1-4]\b|h[12]\b|(?:last|this|next|previous|"
    r"past) (?:week|month|quarter|sprint|year|release|cycle)|"
    r"yesterday|monday|tuesday|wednesday|thursday|friday|weekend|"
    r"(?:in|during|at|after|before|since) (?:the |our |this |last |each |every )?(?:[\w-]+ )?"
    r"(?:sprint|retro|retrospective|standup|stand-up|review|meeting|offsite|all-hands|demo|launch|incident|"
    r"outage|postmortem|1:1|kickoff|kick-off|planning|release|migration|rollout|cutover|interview|workshop|"
    r"call|presentation|escalation|audit|quarter|on-call))",
)
# Concrete details: acronyms, identifiers, versions and quoted titles. Capitalised words alone do not count,
# so a person's name (swapped in counterfactual tests) never changes the score.
_EN_NAMED = LazyPattern(r"\b[A-Z][A-Z0-9]+s?\b|\b\w+[-_.]\w[\w-]*\b|\b[a-z]+\d+\b|[\"“][^\"”]{3,60}[\"”]|#\d+")

_EN_PRAISE = _words(
    r"\b(?:great|excellent|outstanding|strong(?:ly)?|impressive|impressed|good|well|thank\w*|appreciat\w*|"
    r"kudos|proud|stellar|exceptional|valuable|effective(?:ly)?|success\w*|fantastic|superb|solid|clear(?:ly)?|"
    r"thorough(?:ly)?|reliabl[ey]|dependable|helpful|creative|impactful|exceeded|ahead of|on time|praised|"
    r"recogni[sz]ed|amazing|awesome|terrific|wonderful|brilliant|best|nice|love[ds]?|enjoy\w*|pleasure|asset|"
    r"skilled|talented|dedicated|committed|smooth(?:ly)?|calm(?:ly)?|careful(?:ly)?|quick(?:ly)?|"
    r"consistent(?:ly)?|proactive(?:ly)?|resilient|rigorous(?:ly)?|insightful|precise(?:ly)?|positive)\b",
    _I,
)
_EN_CRITICISM = _words(
    r"\b(?:needs? (?:to|more)|need to|improv(?:e|ing|ement)|work on|struggl\w*|miss(?:ed|es|ing)?|late|"
    r"(?:fell |falls? )?short of|below (?:the |its |a )?target|"
    r"slipp\w*|delay\w*|did ?n[o']t|does ?n[o']t|was ?n[o']t|were ?n[o']t|has ?n[o']t|have ?n[o']t|is ?n[o']t|"
    r"ca ?n[o']t|won't|lack\w*|weak\w*|concern\w*|issues?|problems?|mistakes?|"
    r"(?:one |an |the )?(?:areas?|thing|opportunit(?:y|ies)) (?:to|for) (?:grow|growth|improve\w*|develop\w*|work on)|"
    r"growth areas?|development areas?|to work on next|"
    # metric names ("error rate", "failover") are not criticism
    r"errors?(?![- ](?:rates?|budgets?|counts?|ratios?|handling))|fail(?:ed|s|ing|ures?)?(?![- ](?:rates?|over|safe))|"
    r"too|not enough|"
    r"insufficient\w*|behind|rarely|seldom|interrupt\w*|dismiss\w*|ignor\w*|inconsistent\w*|"
    r"room for|areas? (?:for|of) (?:growth|development|improvement)|opportunity to|"
    r"frustrat\w*|complain\w*|broke|broken|regress\w*|gaps?|unclear|confus\w*|overrun|overdue|incomplete|"
    r"without|poor\w*|bad|worse|unprepared|derail\w*|blam\w*|sloppy|careless\w*|forgot\w*)\b",
    _I,
)
# "never missed a deadline", "zero incidents", "no regressions": a negated negative is praise.
_EN_NEGATED = _words(
    r"\b(?:never|no|zero|without|not once|not a single)\s+(?:\w+\s+){0,2}?"
    r"(?:miss\w*|late|slip\w*|delay\w*|issues?|problems?|incidents?|regress\w*|errors?|mistakes?|complaints?|"
    r"fail\w*|outages?|escalations?|defects?|bugs?)\b|"
    r"\b(?:fix|resolv|clos|solv|triag|reduc|cut|eliminat|caught|catch|prevent|handl|address|debugg|untangl|"
    r"investigat|spott|flagg|identif|surfac|found)\w*\s+(?:\w+\s+){0,3}?(?:issues?|problems?|errors?|bugs?|"
    r"incidents?|defects?|regressions?|failures?|gaps?|concerns?|outages?|delays?|risks?)\b",
    _I,
)
_EN_NEXT = LazyPattern(
    r"\b(?:next (?:quarter|half|year|sprint|cycle|month|review|time|step|steps|week|one-on-one|1:1|check-in|"
    r"design (?:doc|document|review)|draft|plan|proposal|report|release|retro|project|presentation)|"
    r"(?:discuss|agree) with|ask \w+ to|going forward|from now on|"
    r"in the coming|(?:i'd|i would|we'd|we would) (?:like|love|suggest|encourage)|i (?:suggest|recommend|"
    r"encourage)|recommend\w*|suggest\w*|consider\w*|try(?:ing)? to|try\b|should|could|plan to|aim to|goal|"
    r"by (?:the end of|end of|q[1-4]|"
    + _MONTHS
    + r")|let's|please|focus on|work on|practi[cs]e|start (?:by|with)|one way to|action items?|"
    r"i want (?:you|to see)|(?:you|they) (?:can|could|might) (?:also )?(?:try|start|set|book|ask|own|take))\b|"
    r"^(?:own|present|write|pair|schedule|ask|share|set|run|block|book|invite|draft|add|take|lead|prepare|"
    r"document|create|start|spend|join|volunteer|propose|review|reach out|sign up|shadow|keep a|make time)\b",
    re.MULTILINE,
)
_EN_HEDGE = _words(
    r"\b(?:a (?:little|bit|tiny bit)|slightly|maybe|perhaps|minor|small|just|somewhat|occasionally|sometimes|"
    r"a touch|kind of|sort of|possibly|might want to)\b",
    _I,
)
# Statements about the document itself ("Here is your Q3 feedback") are not feedback and are not scored.
_EN_META = LazyPattern(
    r"^(?:here (?:is|are)|this (?:review|feedback|summary|document|draft)|below (?:is|are)|summary|overview|"
    r"(?:strengths|development areas?|next steps|areas for growth)\b"
    # a statement about the record, not the person: "Nothing is on record for October to December."
    r"|(?:nothing|no (?:entries|events|records?|evidence|data)) (?:is |are |was |were )?(?:on record|recorded|logged)"
    r"\b[^.;,]*\.?$)",
    _I,
)
# Numbers that are not figures of the work: ages, dates and clock times, family sizes, school tiers.
_EN_NOT_FIGURE = _words(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|"
    r"\b(?:19|20)\d{2}\b|\b[qh][1-4]\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\bat \d{1,2}\b|"
    r"\b\d{2}[- ](?:years?|yrs?)[- ]old\b|\b(?:is|was|turned|turns|aged?|be) \d{2}\b(?![.,]\d| ?%)|"
    r"\b(?:mother|father|parent|mom|mum|dad) of \w+|\b(?:985|211)\b(?= (?:school|university|college|grad))",
    _I,
)

# --- Chinese ---------------------------------------------------------------------------------------------

_ZH_VERBS = (
    "完成|交付|上线|发布|部署|迁移|重构|修复|排查|定位|解决|编写|撰写|写了|起草|设计|实现|开发|搭建|优化|测试|评审|"
    "审阅|主导|牵头|组织|主持|带领|推动|推进|协调|对接|跟进|谈下|签下|签约|拿下|成交|回款|拜访|走访|调研|分析|整理|"
    "梳理|汇报|演示|讲解|分享|培训|带教|指导|辅导|面试|招聘|复盘|制定|规划|拆解|提出|打断|忽略|错过|遗漏|延误|推迟|"
    "取消|回复|答复|处理|接手|接管|承担|承接|沉淀|输出|录制|翻译|配置|升级|接入|集成|埋点|监控|值班|压测|替换|删除|"
    "合并|提交|引入|建立|落地|攻克|说服|协助|支援|补齐|核对|审核|盘点|统计|制作|策划|执行|召开|参加|参与|报名|提交了|"
    "否定|质疑|拒绝|顶撞|跳过|漏掉|发现|识别|预警|上报|搭档|带着|教会|讲了|写出|做了|做出|跑通|打通|砍掉|拆分|下线|"
    "改造|改写|改进了|补充|新增|增设|清理|归档|对齐|约了|发起|申请|争取到|促成|挽回|化解|安抚|接待|记录|记下|列出|"
    "准备|预留|写下|请教|确认|演练|评估"
)
_ZH_BEHAVIOUR = LazyPattern(
    rf"(?<![的这那个本该此难易好能])(?<!这次)(?<!那次)(?<!本次)(?<!此次)(?<!上次)(?<!每次)(?<!该次)(?<!适合)(?<!可能)"
    rf"(?<!不能)(?<!能否)(?:{_ZH_VERBS})(?![中时后前期得力性度者方率])"
)
_ZH_IMPACT = LazyPattern(
    r"降低|降到|降至|下降|减少|缩短|节省|节约|避免|使得|从而|带来|导致|减半|翻倍|翻了|超出|超额|提前|挽回|增长|"
    r"增加了|(?:提升|提高|改善|增加)(?=了|到|至|\d|百分之|[一二三四五六七八九十两]+[倍成])|由\S{0,12}?(?:降|升|缩|提)"
)
_ZH_NUMBER = LazyPattern(
    r"\d|[两三四五六七八九十百千万][几余多]?[次个家项条位份篇场轮周天月年倍名人件张页版套场单批]|一[次周天倍]"
)
_ZH_TIME = LazyPattern(
    r"\d{1,2}\s*月|\d{4}\s*年|第[一二三四1-4]季度|[上下本]个?(?:季度|月|周|星期)|Q[1-4]|H[12]|上半年|下半年|"
    r"[上这][一两]?次|周[一二三四五六日末]|昨天|前天|年初|年中|年底|年末|月初|月底|"
    r"(?:会议|评审|复盘|周会|例会|站会|晨会|发布|上线|事故|故障|大促|双十一|618|迭代|冲刺|演示|汇报|面试|培训|"
    r"迁移|切换|值班|谈判|答辩|项目)(?:上|中|时|期间|后|前|之后|之前)"
)
_ZH_NAMED = LazyPattern(r"《[^》]{1,40}》|“[^”]{1,40}”|「[^」]{1,40}」|[A-Z]{2,}|[A-Za-z]+[-_.]?\d[\w.]*")

_ZH_PRAISE = LazyPattern(
    r"出色|优秀|很好|不错|突出|亮眼|值得肯定|肯定|感谢|谢谢|赞|表扬|认可|高质量|扎实|稳定|积极|主动|超出|超额|提前|"
    r"达成|成功|顺利|高效|专业|细致|严谨|清晰|靠谱|可靠|出彩|贡献|进步|好评|漂亮地|圆满|称赞|欣赏|佩服|给力|"
    r"榜样|有力|及时|周到|用心|认真|踏实|很强|较强|能力强|良好|优异|卓越|完美|精彩"
)
_ZH_CRITICISM = LazyPattern(
    r"不足|有待|需要|应该|应当|欠缺|缺乏|没有|没能|未能|未|延期|延误|逾期|问题|错误|失误|遗漏|不够|较弱|偏弱|薄弱|"
    r"改进|提升空间|拖延|推迟|打断|忽视|投诉|差|不好|不佳|不理想|不到位|不清晰|不及时|混乱|返工|滞后|落后|偏低|"
    r"欠佳|过于|太|失败|漏|多次|屡次|再次出现|抱怨|不满|隐患|风险|短板|弱项|缺点|毛病"
)
_ZH_NEGATED = LazyPattern(
    r"(?:没有|未|零|无|从未|没|从没)(?:出现|发生|再出现|产生)?(?:过)?(?:任何|一起|一次)?"
    r"(?:故障|事故|延期|延误|问题|投诉|缺陷|差错|错误|失误|返工|回滚|逾期|遗漏|客诉)|"
    r"(?:解决|修复|处理|排查|定位|攻克|化解|消除|减少|降低|关闭|识别|发现|规避)(?:了)?\S{0,8}?"
    r"(?:问题|故障|缺陷|风险|隐患|投诉|错误|瓶颈|漏洞|延误)"
)
_ZH_NEXT = LazyPattern(
    r"建议|下季度|下个季度|下半年|下一步|接下来|今后|后续|希望(?:你|您|他|她|能|可以)?|可以尝试|尝试|争取|目标是|"
    r"计划|之前(?:完成|提交|准备)|请|下次|以后|需要(?:在|把|将|先|每|主动|提前|定期)|应该|不妨|可以(?:先|在|把|多|每)|"
    r"试着|鼓励|期待(?:你|您|他|她)"
)
_ZH_HEDGE = LazyPattern(r"稍微|稍|有一点|有点|可能|略|偶尔|小小的|一点点|些许|个别|少许|或许|也许")
_ZH_LEADING = frozenset("但而并且和与也还就都又很其在对把")
_ZH_META = LazyPattern(
    r"^(?:以下是|下面是|本次反馈|本反馈|总结|概述|优点|待改进|改进方向|下一步计划)"
    r"|^[^，。；]{0,16}没有任何记录。?$"  # a statement about the record, not the person: "10月至12月没有任何记录。"
)
_ZH_NOT_FIGURE = LazyPattern(
    r"\d{1,4}\s*年|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*[日号点时](?!\d)|\d{1,3}\s*(?:周)?岁|"
    r"(?<!\d)[0-9]{2}后|Q[1-4]|H[12]|(?<=学历)\S{0,3}?(?:985|211)|(?<!\d)(?:985|211)(?=\s*(?:/|、|或)?\s*(?:985|"
    r"211)?\s*(?:毕业|院校|高校|大学|学校|名校|本科|出身|的学生|学历))"
)

_PLATITUDES = {
    "en": _words(
        r"\b(?:(?:a |an )?(?:great|good|excellent|strong|real|true|solid|valuable|key) )?team[- ]player\b|"
        r"\bteam[- ](?:oriented|first)\b|\bhard[- ]?work(?:ing|er)\b|\bworks? (?:very |really |so )?hard\b|"
        r"\bworks? well (?:with others|in a team|under pressure|independently)\b|"
        r"\b(?:go|goes|went|going) (?:above and beyond|the extra mile)\b|"
        r"\b(?:good|great|nice|excellent|fantastic|amazing|awesome|solid|fine) (?:job|work|effort|stuff)\b|"
        r"\bkeep (?:up the )?(?:good|great) work\b|\bkeep it up\b|"
        r"\b(?:strong|good|great|excellent|solid|poor|weak|better|more) (?:communicat\w*|leadership|work ethic|"
        r"attitude|(?:people |soft |technical |communication |leadership )?skills?|performer|contributor|"
        r"results|ownership|initiative|presence|collaborat\w*|teamwork|judg(?:e)?ment|focus)\b|"
        r"\b(?:communication|leadership|technical|people|soft|interpersonal|presentation|organi[sz]ational) skills\b|"
        r"\b(?:be|become|being|get) (?:more |a bit more |much more )?(?:proactive|visible|strategic|confident|"
        r"assertive|engaged|detail[- ]oriented|organi[sz]ed|responsive|accountable|professional|collaborative)\b|"
        r"\b(?:detail|results|team|customer|growth)[- ](?:oriented|driven|focused|minded)\b|"
        r"\bself[- ]starter\b|\bgo[- ]getter\b|\bcan[- ]do attitude\b|\b(?:positive|great|good) attitude\b|"
        r"\b(?:takes?|took|shows?|showed|demonstrates?|demonstrated|displays?) (?:great |real |strong )?"
        r"(?:ownership|initiative|leadership|commitment|dedication|potential|passion|growth)\b|"
        r"\b(?:adds?|brings?|drives?|delivers?|delivered|drove|brought) (?:real |great |a lot of |lots of )?"
        r"(?:value|results|impact|energy|excellence|success)\b|\b(?:gets?|got) (?:things|stuff|it) done\b|"
        r"\b(?:an? )?(?:great |real |huge |valuable )?asset to (?:the|our) (?:team|company)\b|"
        r"\b(?:a )?pleasure to work with\b|\b(?:meets?|met|exceeds?|exceeded) (?:all )?expectations\b|"
        r"\b(?:room|areas?|opportunit(?:y|ies)) (?:for|to) (?:improve\w*|growth|grow|development|develop)\b|"
        r"\bneeds? to (?:improve|work on|develop|step up|grow|be more|communicate|collaborate)\b|"
        r"\b(?:does|did|doing) (?:a )?(?:good|great|fine|solid|decent|excellent) job\b|\bwell done\b|"
        r"\b\w+ed (?:the |it |this |that |things |everything )?(?:[\w-]+ )?(?:really |very |so )?"
        r"(?:well|nicely|poorly|badly|brilliantly|admirably|smoothly)\b(?! ahead| before| within| under| below| above)|"
        r"\b(?:keep|kept|keeps) (?:on )?(?:growing|learning|improving|developing|going)\b",
        _I,
    ),
    "zh": LazyPattern(
        r"表现(?:得)?(?:还|很|非常|比较|较为|总体|整体)?(?:不错|很好|良好|优秀|出色|突出|一般|尚可|还行|较好|稳定|积极)|"
        r"(?:工作|做事|办事)(?:非常|很|比较|十分|一向)?(?:认真|踏实|努力|积极|负责|主动|勤奋|用心|靠谱|细致)[\u4e00-\u9fff]{0,4}?(?=[，。、；！,.;!\s]|$)|"
        r"认真负责|踏实肯干|积极主动|吃苦耐劳|任劳任怨|兢兢业业|尽职尽责|勤勤恳恳|任劳任怨|"
        r"[\u4e00-\u9fff]{2,4}?(?:能力|意识|精神|态度|水平|素质|心态)(?:很|非常|比较|较|还)?"
        r"(?:强|较强|很强|突出|不错|一般|较弱|偏弱|不足|欠缺|良好|端正|积极|有待\S{2}|需要\S{2}|还需\S{2}|仍需\S{2})|"
        r"执行力\S{0,2}|团队(?:合作|协作)?精神|有待(?:提高|加强|提升|改进)|(?:需要|还需|仍需)(?:进一步)?(?:加强|提高|提升|改进)|"
        r"继续保持|再接再厉|值得表扬|有责任心|责任心(?:很|较)?强|有上进心|有潜力|整体(?:来说|而言|不错)|总体(?:来说|表现)|"
        r"(?:各方面|方方面面)(?:都)?(?:不错|很好)|(?:辛苦了|付出很多|很努力)"
    ),
}


@dataclass
class StatementFeatures:
    """What one statement contains, for specificity and balance."""

    span: Span
    situation: bool
    behaviour: bool
    impact: bool
    number: bool
    concrete: bool
    praise: bool
    criticism: bool
    next_step: bool
    hedged: bool
    evaluative: bool
    platitudes: list[tuple[int, int]]
    """Offsets (in the whole text) of the platitudes in the statement."""

    @property
    def vague(self) -> bool:
        """An evaluative statement that names no behaviour, result or number (SBI B and I both missing)."""
        return self.evaluative and not (self.behaviour or self.impact or self.number)

    @cached_property
    def missing(self) -> list[str]:
        """The SBI parts the statement lacks, for the message."""
        out = [] if self.situation else ["situation"]
        if not self.behaviour:
            out.append("behaviour")
        if not (self.impact or self.number):
            out.append("impact")
        return out

    @property
    def actionable(self) -> bool:
        """A next step that names a concrete action or a time frame."""
        return self.next_step and (self.behaviour or self.situation or self.number)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


# A dated critique that quotes what a named reviewer observed ("Carla (October) noted “light on failure
# modes”", "王磊在8月指出“报价部分逻辑跳跃”") is tied to an observation, though its verb is the reviewer's.
# Only with a time, a criticism and a non-empty quote: "people mentioned she is a team player" stays vague.
_EN_REPORTED = LazyPattern(
    r"\b(?:noted|pointed out|observed|mentioned|flagged|commented|remarked|wrote|said|raised)\b[^.;]{0,40}"
    r"[“\"]\s*[^\s”\"]",
    _I,
)
_ZH_REPORTED = LazyPattern(r"(?:指出|提到|注意到|观察到|写道|评论|反馈)[^。；]{0,8}[“「]\s*[^\s”」]")


def _en_behaviour(text: str) -> bool:
    for match in _EN_PAST.finditer(text):
        if not _EN_ADJECTIVAL.search(text, max(0, match.start() - 48), match.start()):
            return True
    for match in _EN_BASE.finditer(text):
        if not _EN_ABILITY.search(text, max(0, match.start() - 24), match.start() + 4):
            return True
    return False


def _statement_en(doc: Doc, span: Span) -> StatementFeatures:
    raw = span.text
    low = doc.lower[span.start : span.end]
    plat = [(m.start(), m.end()) for m in _PLATITUDES["en"].finditer(low)]
    body = _mask(low, plat)
    negated = [(m.start(), m.end()) for m in _EN_NEGATED.finditer(low)]
    polar = _mask(low, negated)  # platitudes stay: "needs to improve X" is still a development point
    # the figure-free copy is only needed when there is a number at all
    number = bool(_EN_NUMBER.search(body)) and bool(_EN_NUMBER.search(_EN_NOT_FIGURE.sub(" ", body)))
    praised = bool(_EN_PRAISE.search(low))  # searched once, used three times
    situation = bool(_EN_TIME.search(body))
    criticised = bool(_EN_CRITICISM.search(polar))
    return StatementFeatures(
        span=span,
        situation=situation,
        behaviour=_en_behaviour(body) or (situation and criticised and bool(_EN_REPORTED.search(body))),
        impact=bool(_EN_IMPACT.search(body)),
        number=number,
        concrete=number or bool(_EN_NAMED.search(_mask(raw, plat))),
        praise=bool(negated) or praised,
        criticism=criticised,
        next_step=bool(_EN_NEXT.search(low)),
        hedged=bool(_EN_HEDGE.search(low)),
        evaluative=not _EN_META.match(low)
        and not _is_heading(raw, plat, praise=praised, zh=False)
        and (len(raw.split()) >= 3 or bool(plat) or praised),
        platitudes=[(span.start + s, span.start + e) for s, e in plat],
    )


# "Strengths: March 2026: new-hire mentor." / "优势：2026年2月：新人入职导师。" — a label, a date and a title.
_LABEL = LazyPattern(r"^(?:[^:：。.!?！？]{1,24}[:：]\s*)+")


def _is_heading(raw: str, plat: list[tuple[int, int]], *, praise: bool, zh: bool) -> bool:
    """A labelled title line (``Label: date: title``) is structure, not a judgement to score."""
    label = _LABEL.match(raw)
    if label is None or plat or praise:
        return False
    rest = raw[label.end() :].strip().rstrip("。.!！")
    return len(rest) <= 16 if zh else len(rest.split()) <= 6


def _trim_zh(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading conjunction or adverb the generic "...能力..." pattern may have taken ("但沟通能力")."""
    while start < end - 2 and text[start] in _ZH_LEADING:
        start += 1
    return start, end


def _statement_zh(doc: Doc, span: Span) -> StatementFeatures:
    raw = span.text
    plat = [_trim_zh(raw, m.start(), m.end()) for m in _PLATITUDES["zh"].finditer(raw)]
    body = _mask(raw, plat)
    negated = [(m.start(), m.end()) for m in _ZH_NEGATED.finditer(raw)]
    polar = _mask(raw, negated)  # platitudes stay: "沟通能力有待提高" is still a development point
    number = bool(_ZH_NUMBER.search(body)) and bool(_ZH_NUMBER.search(_ZH_NOT_FIGURE.sub(" ", body)))
    praised = bool(_ZH_PRAISE.search(raw))
    criticised = bool(_ZH_CRITICISM.search(polar))
    situation = bool(_ZH_TIME.search(body))
    return StatementFeatures(
        span=span,
        situation=situation,
        behaviour=bool(_ZH_BEHAVIOUR.search(body)) or (situation and criticised and bool(_ZH_REPORTED.search(body))),
        impact=bool(_ZH_IMPACT.search(body)),
        number=number,
        concrete=number or bool(_ZH_NAMED.search(body)),
        praise=bool(negated) or praised,
        criticism=criticised,
        next_step=bool(_ZH_NEXT.search(raw)),
        hedged=bool(_ZH_HEDGE.search(raw)),
        evaluative=not _ZH_META.match(raw)
        and not _is_heading(raw, plat, praise=praised or criticised or bool(_ZH_CRITICISM.search(raw)), zh=True)
        and (len(raw) >= 4 or bool(plat)),
        platitudes=[(span.start + s, span.start + e) for s, e in plat],
    )


def features(doc: Doc) -> list[StatementFeatures]:
    """Features of every statement of ``doc``, computed once and cached on it."""
    cached = doc.__dict__.get("_features")
    if cached is None:
        fn = _statement_zh if doc.lang == "zh" else _statement_en
        cached = [fn(doc, span) for span in doc.statements]
        doc.__dict__["_features"] = cached
    return cached
