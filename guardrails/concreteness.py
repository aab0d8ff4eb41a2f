"""Concreteness of a statement: how much checkable, particular content it carries.

Named things (proper nouns, systems, identifiers, acronyms), numbers, dates, places and objects, and the
amount of informative content all add to it; an action verb is not required. It complements SBI
completeness in the specificity score, so "The 9:15 train to Leeds was cancelled near York" counts as
specific although it reports no one's behaviour.

Symmetric by construction: a run of capitalised words counts once whatever the name ("Tom", "Aisha Khan"),
pronouns and gendered words are not content words, and Chinese content is counted from concrete markers,
never from a name's length.
"""

from __future__ import annotations

import math

from guardrails.gender import en_terms
from guardrails.patterns import LazyPattern

__all__ = ["concreteness", "concreteness_of"]

_EN_STOP = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "the and for but not you your yours are was were been being have has had with this that these those "
        "from into onto over under about after before than then them they their there here what which who whom "
        "whose when where why how all any both each few more most other some such only own same too very can "
        "could should would will just also really quite rather lot lots much many thing things something "
        "anything everything nothing someone anyone everyone way ways well good great nice bad better best "
        "always never often sometimes maybe perhaps it's its is our ours out off again further once does did "
        "doing done make made get got getting keep kept like likes need needs needed want wants overall generally "
        "pretty seems seemed able really truly"
    ).split()
) | frozenset(w for w in en_terms() if w.isalpha())
_ZH_NUMBER = LazyPattern(
    r"\d+(?:\.\d+)?\s*(?:%|万|亿|千|百|毫秒|秒|分钟|小时|天|周|个月|年|元|人|次|个|项|条|倍)?|"
    r"[两三四五六七八九十百千万]+[次个家项条位份篇场轮周天月年倍名人件张页版套单批]"
)
_ZH_DATE = LazyPattern(
    r"\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{4}\s*年|第[一二三四1-4]季度|周[一二三四五六日]|上半年|下半年|Q[1-4]"
)
_ZH_NAMED = LazyPattern(r"《[^》]{1,40}》|“[^”]{1,40}”|「[^」]{1,40}」|[A-Za-z][\w.-]*\d?[\w.-]*")
# Objects, systems, places and events that make a Chinese statement particular.
_ZH_OBJECT = LazyPattern(
    r"系统|平台|服务|接口|数据库|版本|文档|方案|代码|模块|页面|报表|看板|脚本|工单|需求|缺陷|故障|事故|客户|合同|订单|"
    r"会议|评审|复盘|例会|发布会|上线|迁移|项目|产品|功能|流程|手册|模板|培训|面试|新人|团队|部门|办公室|机房|门店|"
    r"仓库|城市|北京|上海|深圳|广州|杭州|成都|车站|机场|医院|学校|大学|地铁|公司|银行|延迟|成本|预算|收入|销售额|"
    r"用户|测试|集群|服务器|网关|缓存|队列|日志|告警|监控"
)


def concreteness_of(text: str, lang: str, spans: list[tuple[int, int]], masked: list[tuple[int, int]]) -> list[float]:
    """:func:`concreteness` of each ``[start, end)`` span of ``text``; ``masked`` spans (platitudes) are blanked
    first, since a platitude is not content."""
    out = []
    for start, end in spans:
        body = text[start:end]
        for a, b in masked:
            if start <= a < end:
                body = body[: a - start] + " " * (b - a) + body[b - start :]
        out.append(concreteness(body, lang))
    return out


_EN_NUMBER = LazyPattern(r"\d[\d,.:]*")
# A maximal run of capitalised words: one named thing, however many words ("Tom", "Aisha Khan").
_EN_PROPER = LazyPattern(r"(?<![\w'.&-])[A-Z][\w'.&-]*(?:\s+[A-Z][\w'.&-]*)*")
_OPENS_CAPITALISED = LazyPattern(r"^[\s\"'“‘(\[-]*[A-Z]")
# Lower-case words only: capitalised ones are names, counted once per run above whatever their length.
_EN_WORD = LazyPattern(r"(?<![\w'-])[a-z][a-z'-]{2,}")


def _en_units(text: str) -> float:
    """Concrete units of an English statement (see the module docstring)."""
    # the run that opens the statement is its first word, capitalised by grammar, not a name; month and
    # day names are capitalised, so they count here as dates
    runs = len(_EN_PROPER.findall(text)) - bool(_OPENS_CAPITALISED.match(text))
    words = _EN_WORD.findall(text)
    content = sum(w not in _EN_STOP for w in words)
    identifiers = sum(1 for w in words if "-" in w) + text.count("_") + text.count("/")
    return 1.0 * len(_EN_NUMBER.findall(text)) + 0.8 * runs + 0.3 * identifiers + 0.3 * content


def concreteness(text: str, lang: str) -> float:
    """0-1: how much concrete, checkable content ``text`` carries (saturating in the amount)."""
    if lang == "zh":
        units = (
            1.0 * len(_ZH_NUMBER.findall(text))
            + 0.8 * len(_ZH_DATE.findall(text))
            + 0.8 * len(_ZH_NAMED.findall(text))
            + 0.5 * len(_ZH_OBJECT.findall(text))
        )
    else:
        units = _en_units(text)
    return 1.0 - math.exp(-units / 3.0)
