"""Decision guard: statements that set or recommend a rating, a promotion, a pay figure or a ranking.

The product promises that the AI never sets ratings, pay or promotion; it drafts, a person decides. A draft
that states such a decision ("I recommend promoting her", "Rating: exceeds expectations", "他应该加薪15%",
"绩效评级：优秀", "在组里排名第一") gets a ``decision`` finding, which blocks by default policy. Facts about
the past ("she was promoted in March", "上次调薪后") are not decisions and are left alone.

Patterns run on the gender-canonical text (her -> his, 她 -> 他), so they list one side only.
"""

from __future__ import annotations

from guardrails.gender import canonical_pattern
from guardrails.patterns import LazyPattern
from guardrails.text import Doc

__all__ = ["scan_decisions"]


def _compile(source: str) -> LazyPattern:
    """Patterns run on gender-canonical text: their gendered words are canonicalised the same way."""
    return LazyPattern(canonical_pattern(canonical_pattern(source, "en"), "zh"))


_WHO = r"(?:him|his|them|you|this (?:person|employee|engineer)|the (?:employee|candidate)|[A-Z][a-z]+)"
_EN = _compile(
    r"(?<![a-z])(?:"
    # promotion: recommended, deserved, (not) ready, proposed
    rf"(?:recommend(?:ing)?|suggest(?:ing)?|propos(?:e|ing)|nominat(?:e|ing)|endors(?:e|ing)|support(?:ing)?)"
    rf"(?: that)? (?:(?:we|you) )?(?:promot\w*|(?:a |the |his |their )?promotion|put(?:ting)? {_WHO} forward)"
    rf"|(?:should|must|will|can|could|ought to)(?: now)? (?:be )?(?:get |receive |be put forward for )?"
    rf"(?:promot\w*|(?:a |the )?promotion)"
    rf"|(?:deserves?|earned|merits?|(?:is|are|isn't|is not|not) (?:yet )?(?:ready|eligible) for|(?:put|puts|putting) "
    rf"{_WHO} (?:forward|up) for|up for) (?:a |the |his |an )?(?:immediate )?(?:promotion|raise|bonus|pay rise|"
    rf"salary increase|top rating|highest rating|rating of)"
    rf"|promot(?:e|ing) {_WHO} to|promotion to (?:senior|staff|principal|lead|level|l\d|manager|director)"
    rf"|put {_WHO} forward for"
    # ratings
    rf"|(?:overall |final |performance |annual |year-end )?rating\s*(?:[:=]|of|is|should be|will be)\s*"
    r"(?:\"|')?(?:\w+ expectations|outstanding|exceptional|excellent|strong|solid|good|poor|unsatisfactory|"
    r"needs improvement|top|\d(?:\.\d)?(?:\s*/\s*\d| out of \d)?)"
    rf"|(?:give|giving|gave|rate|rating|rated|score|scoring|mark) {_WHO}? ?(?:as )?(?:an? |the )?(?:\"|')?"
    r"(?:(?:exceeds|meets|below|does not meet) expectations|outstanding|exceptional|top rating|highest rating|"
    r"lowest rating|\d(?:\.\d)?\s*(?:/|out of)\s*\d|[1-5] rating)"
    r"|(?:i'?d|i would|we should|we will) (?:give|rate) \w+ (?:an? )?(?:\"|')?[a-z ]{0,24}(?:expectations|rating|"
    r"score)"
    # pay
    r"|(?:should|must|will|deserves? to|ought to) (?:get|receive|be given|be paid) (?:an? |the )?(?:\d+(?:\.\d+)?\s*%"
    r" |\$[\d,.]+k? |[\d,.]+k? )?(?:raise|bonus|pay rise|salary|increase|equity|stock|merit increase)"
    r"|(?:his|their|the) (?:bonus|salary|pay|raise|compensation|equity grant|merit increase) (?:should|must|will|"
    r"ought to) (?:be|go|rise|increase)"
    r"|(?:raise|increase|cut|lower|set) (?:his|their) (?:salary|pay|bonus|compensation) (?:to|by)"
    r"|(?:salary|bonus|raise|pay) of \$[\d,.]+"
    # ranking
    r"|ranks? (?:first|second|third|last|top|bottom|#\d|\d+(?:st|nd|rd|th)|highest|lowest)|(?:is |was )?ranked "
    r"(?:first|second|third|last|top|bottom|#\d|\d+(?:st|nd|rd|th))|stack[- ]rank\w*|(?:top|bottom) \d+ ?%"
    rf"|(?:hold|keep|leave|level|move) {_WHO} (?:at|to) (?:level|l\d|p\d|grade)"
    r")"
)
_ZH = _compile(
    r"(?:建议|推荐|应该|应当|可以|值得|同意|支持|提议|申请)(?:把|将|给)?(?:他|该员工|其)?(?:晋升|升职|提拔|升级|升为|升到|加薪|涨薪|调薪)"
    r"|(?:晋升|升职|提拔)(?:为|到|至)(?:高级|资深|主管|经理|总监|专家|组长|P\d+|T\d+|M\d+)"
    r"|(?:不够|尚不够|还不够|暂缓|暂不|不予|不建议)(?:晋升|升职|提拔|加薪|调薪)"
    r"|(?:绩效|考核|考评|年度|综合)?(?:评级|等级|评分|打分|结果|评定)\s*(?:[:：为是]|定为|评为)\s*"
    r"(?:优秀|良好|合格|不合格|待改进|卓越|[SABCD][+＋]?|\d+分?)"
    r"|(?:评为|评成|定为|打成|评定为|给出)(?:优秀|良好|合格|不合格|卓越|[SABCD][+＋]?级?|满分|最高分|最低分)"
    r"|(?:给他|给其)?(?:打|评)(?:个)?(?:[SABCD][+＋]?|优秀|满分|最高分|\d+分)"
    r"|(?:加薪|涨薪|调薪|薪资上调|工资上调)\s*(?:\d+(?:\.\d+)?\s*%|百分之[一二三四五六七八九十\d]+)"
    r"|(?:年终奖|奖金|薪资|工资|年薪|月薪|薪水|期权)(?:建议|应该|应当|可以)?(?:定为|定在|设为|调到|涨到|加到|给到|是|为)"
    r"\s*(?:\d[\d,.]*\s*(?:万|千|k|元|%|个月)?|[一二三四五六七八九十两]+(?:个月|万|千)(?:工资)?)"
    r"|(?:在[^，。]{0,12}(?:人|员工|同事|工程师|成员|同学)(?:中|里|当中)[，,]?[^，。]{0,4}|他|其|该员工)"
    r"(?:排名|排在|排)(?:第[一二三四五六七八九十\d]+|前\d+|末位|倒数)|末位淘汰|"
    r"(?:前|后)\d+%|(?:维持|保持|定级为|定在)(?:P|T|M)\d+|(?:维持|保持)(?:现有)?职级"
)


# Substrings every match of the patterns above contains: a check far cheaper than the patterns themselves.
_EN_KEYS = ("promot", "rating", "rate", "raise ", "raise.", "raises", "bonus", "salar", "pay ", "paid", "rank",
            "expectations", "level", "grade", "scor", "mark", "compensation", "equity", "stock", "merit",
            "increase", "/5", "/4", "/10", "out of", "forward")  # fmt: skip
# "hold him at L3", "keep her at P6": a level code after at/to
_EN_LEVEL_KEY = LazyPattern(r"(?:at|to) [lptm]\d")
_ZH_KEYS = ("晋升", "升职", "提拔", "升级", "升为", "升到", "加薪", "涨薪", "调薪", "评级", "等级", "评分",
            "打分", "评定", "评为", "评成", "定为", "打成", "给出", "薪", "年终奖", "奖金", "工资", "期权", "末位",
            "维持", "保持")  # fmt: skip
# the branches whose words are too common for a substring check (打, 评, 前, 排...)
_ZH_KEY_RE = LazyPattern(r"[打评]个?(?:[SABCD]|优秀|满分|最高分|\d+分)|[前后]\d+%|排(?:名|在|第)")


def scan_decisions(doc: Doc) -> list[tuple[str, str, int, int]]:
    """``("decision", "", start, end)`` per statement that sets or recommends a rating, pay, promotion or rank."""
    out: list[tuple[str, str, int, int]] = []
    regexes = []
    if doc.has_cjk and (any(key in doc.text for key in _ZH_KEYS) or _ZH_KEY_RE.search(doc.text)):
        regexes.append((_ZH, doc.text))
    if (not doc.has_cjk or doc.has_latin_words) and (
        any(key in doc.lower for key in _EN_KEYS) or _EN_LEVEL_KEY.search(doc.lower)
    ):
        regexes.append((_EN, doc.lower))
    for regex, text in regexes:
        for m in regex.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in " ,，。.":
                end -= 1
            out.append(("decision", "", m.start(), end))
    return out
