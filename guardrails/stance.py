"""Stance-aware bias rules: generalisations about a group, slurs, references to a person's gender, and the
neutral / pro-equality / negated / quoted mentions that are *not* bias.

A group term alone is not bias ("Gender equality is good for companies", "她的父亲和母亲都是工程师"). Bias
is a group term *with* a trait, ability, role or prescription ("women are too serious", "leave it to the
men", "for a girl", "像个女人", "女生就是..."), a slur, or a person's gender used as a reason ("as the only
woman", "作为女生"). A statement that negates or argues against a generalisation ("there is no reason a
woman cannot...", "谁说女生不能..."), states equality, asks a legal or policy question, or quotes someone
is left alone.

Every gender word comes from :mod:`guardrails.gender` (both sides of each pair), so each rule is
symmetric by construction. Chinese rules match characters, never jieba tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from guardrails.gender import canonical_pattern, en_terms, slots_of, trie_pattern, zh_terms
from guardrails.patterns import LazyPattern
from guardrails.text import Doc, Span, ascii_lower

__all__ = ["Hit", "gender_term_in", "neutral_stance", "quoted", "scan_stance"]

Hit = tuple[str, str, int, int]
"""``(kind, topic, start, end)`` in the checked text."""


def _canon(source: str, lang: str) -> str:
    """A pattern source with gendered words canonicalised: rules read canonical text."""
    return canonical_pattern(source, lang)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


# --- English ---------------------------------------------------------------------------------------------

_EN_GROUP_G = _alt(en_terms("group"))
_EN_PLURAL_G = _alt([w for w in en_terms("group") if w.endswith(("men", "s", "folk", "ies")) and w != "lass"])
_EN_SINGULAR_G = _alt([w for w in en_terms("group") if not w.endswith(("men", "s", "folk", "ies"))])
# Groups beyond gender: age, parenthood, origin.
_EN_OTHER_GROUPS = (
    r"old(?:er)? (?:people|folks|workers|engineers|employees|staff|guys|ones)|young (?:people|folks|workers|engineers|"
    r"employees|staff|guys|ones|hires|kids)|millennials|boomers|gen ?z(?:ers)?|zoomers|immigrants|foreigners|"
    r"working (?:mothers|moms|mums|fathers|dads|parents)|single (?:mothers|moms|mums|fathers|dads|parents)|"
    r"new (?:moms|mums|mothers|dads|fathers)|stay[- ]at[- ]home (?:moms|mums|dads|mothers|fathers|parents)|"
    r"parents|mothers|fathers|moms|mums|dads|wives|husbands"
)
_EN_ROLE_NOUN = (
    r"(?:engineers?|developers?|programmers?|coders?|bosses|boss|managers?|leaders?|nurses?|doctors?|surgeons?|"
    r"drivers?|scientists?|founders?|executives?|teachers?|colleagues?|employees?|workers?|staff|hires?|interns?|"
    r"coworkers?|co-workers?|candidates?|students?|athletes?|pilots?|ceos?|ctos?|salespeople|reps?)"
)
_EN_GROUP = (
    rf"(?:(?:all|most|many|typical|real|these|those|some|the average|every|no|any|your typical)\s+)?"
    rf"(?:(?:{_EN_GROUP_G})\s+{_EN_ROLE_NOUN}|{_EN_PLURAL_G}|{_EN_OTHER_GROUPS})"
)
# What turns a group term into a generalisation: a copula, modal or habitual verb right after it.
_EN_PREDICATE = (
    r"(?:are|aren't|are not|were|can't|cannot|can never|can only|could never|should|shouldn't|should not|must|"
    r"mustn't|need|needs|belong|don't|do not|never|always|just|only|tend to|make|lack|have no|get|love|hate|want|"
    r"think|cry|talk|nag|gossip|complain|take|will always|will never|'re|would rather|only care|can't handle|"
    r"suck|are naturally|naturally|by nature|deserve less|are better|are worse|are bad|are good)\b"
)
_EN_GENERAL = LazyPattern(
    _canon(rf"(?<![a-z'-])(?P<group>{_EN_GROUP})(?P<pred>\s+(?:(?:are|is|were)\s+)?{_EN_PREDICATE}[^.!?;]*)", "en")
)
# Stock constructions of stereotypes and prescriptions (each names its group slot from the pairs).
_EN_STOCK = LazyPattern(
    _canon(
        rf"(?<![a-z'-])(?:"
        rf"(?:for|like) an? (?:{_EN_SINGULAR_G}|little (?:{_EN_SINGULAR_G}))\b"
        rf"|(?:be|act|acts|acting|behave|behaves|behaving|throws?|runs?|codes?|talks?|cries|cry|fights?|think|thinks) "
        rf"like an? (?:{_EN_SINGULAR_G})\b"
        rf"|(?:leave|leaves|left|leaving)\b[^.!?;]{{0,60}}?\b(?:up )?to (?:the )?(?:{_EN_PLURAL_G})\b"
        rf"|(?:let|have) the (?:{_EN_PLURAL_G}) (?:handle|do|deal|take care)"
        rf"|(?:an?|the)? ?(?:{_EN_SINGULAR_G})'s (?:place|job|work|world|role|duty|career|brain)"
        rf"|(?:{_EN_SINGULAR_G})'s (?:job|work|world)|(?:a )?(?:job|work|place|career|field|world) for (?:a |the )?"
        rf"(?:{_EN_GROUP_G})\b|no place for an? (?:{_EN_SINGULAR_G})"
        rf"|(?:man|woman) up\b|be an? (?:{_EN_SINGULAR_G})\b(?! who)"
        rf"|real (?:{_EN_PLURAL_G}) (?:don't|do|never|always|can't)"
        rf"|typical (?:{_EN_GROUP_G})\b|(?:{_EN_PLURAL_G}) will be (?:{_EN_PLURAL_G})"
        rf"|(?:for|about) being an? (?:{_EN_SINGULAR_G})|because (?:she|he|they)(?:'s| is| are| was) an? "
        rf"(?:{_EN_SINGULAR_G})\b|(?:put|hire|hiring|promote|promoting|trust) an? (?:young |old |older )?"
        rf"(?:{_EN_SINGULAR_G}) (?:in charge|with|and|is risky|as)"
        rf"|an? (?:{_EN_SINGULAR_G}) (?:who|that) (?:cries|cry|complains|asks)|(?:{_EN_SINGULAR_G}) (?:can't|cannot|"
        rf"shouldn't|should never|can never|isn't able to) "
        rf"|(?:the|a) (?:new hire|candidate|new boss|manager) is an? (?:{_EN_SINGULAR_G}),? so"
        rf"|that time of (?:the|her|his|him) month|(?:on|during) (?:her|his|him) period\b|(?:his|her|him) hormones"
        rf")",
        "en",
    )
)
# The subject's gender as a reason or a frame in feedback about them.
_EN_SUBJECT_GENDER = LazyPattern(
    _canon(
        rf"(?<![a-z'-])(?:as (?:a|the only|one of the few|the first) (?:{_EN_GROUP_G})\b"
        rf"|(?:the only|only) (?:{_EN_SINGULAR_G}|{_EN_PLURAL_G}) (?:on|in) (?:the|our|this|his|her)"
        rf"|(?:she|he|they)(?:'s| is| was| are) an? (?:{_EN_SINGULAR_G})\b"
        rf"|(?:she|he)(?:'s| is| was) an? (?:strong |great |good |capable |talented )?(?:{_EN_SINGULAR_G}) "
        rf"{_EN_ROLE_NOUN}|(?:his|her|him|their) (?:gender|sex)\b)",
        "en",
    )
)
_EN_SLUR_WORDS = (  # noqa: SIM905 - a word list reads better as text
    "bitch bitches slut sluts slutty whore whores skank skanks cunt cunts sissy sissies bimbo bimbos hoes thot "
    "thots feminazi feminazis fag fags faggot faggots dyke dykes tranny trannies retard retards retarded"
).split()
# A trie of the words (one pass, first letters tried once), then the few phrases.
_EN_SLURS = LazyPattern(
    rf"(?<![a-z])(?:{trie_pattern(_EN_SLUR_WORDS)}|man[- ]haters?|make me a sandwich|"
    r"(?:all )?(?:men|women|males|females) are (?:trash|pigs|dogs|whores|sluts|idiots|useless))(?![a-z])"
)
_EN_NEUTRAL = LazyPattern(
    r"\b(?:no (?:good )?reason|not true|myth|stereotypes?|prejudice|sexis[mt]|bias(?:ed)?|debunk\w*|wrong to|"
    r"stop (?:assuming|saying|telling)|(?:don't|do not|never) (?:think|believe|assume|say)|should(?:n't| not) be "
    r"(?:told|called|judged)|nobody should|no one should|equal(?:ly|ity)?|the same (?:as|for|pay)|regardless of|"
    r"as (?:well|much|good|capable) as|just as|(?:too|also|as well)\s*[.!]?$|both (?:men|women|fathers|mothers|"
    r"boys|girls)|(?:men|women|fathers|mothers) and (?:men|women|fathers|mothers)|underrepresent\w*|"
    r"discriminat\w*|harass\w*|pay gaps?|gender gap|is it (?:legal|allowed|ok)|(?:legal|illegal|law|lawful|"
    r"policy|policies|forbids?|prohibit\w*)\b|welcome|can (?:apply|request|join)|diversity|inclusive|claims? that|"
    r"according to|studies|survey|report shows|\d+ ?%|percent)"
)

# --- Chinese ---------------------------------------------------------------------------------------------

_ZH_GROUP_G = _alt([w for w in zh_terms("group") if len(w) > 1] + ["宝妈", "宝爸", "妈妈们", "爸爸们"])
_ZH_OTHER_GROUPS = (
    r"老员工|老同志|年轻人|中年人|老年人|大龄\S{0,2}?|[0-9０-９]0后|外地人|农村人|乡下人|[\u4e00-\u9fff]{2}人(?=都|就)"
)
_ZH_GROUP = rf"(?:中年|老|小|年轻|大龄|这帮|那帮|这些|那些|一群)?(?:{_ZH_GROUP_G}|{_ZH_OTHER_GROUPS})(?:们)?"
_ZH_PREDICATE = (
    r"(?:就是|就该|就应该|本来就|天生|都是|都[^，。！？、]{0,2}(?:爱|喜欢|会|不|没|是|粗|懒|笨|差|这样)|都|不适合|适合|"
    r"不能|不会|干不了|做不来|做不好|学不好|学不会|比不上|不如|太|就爱|爱|就会|只会|只配|哪有|能有|懂什么|懂啥|"
    r"又|最好别|最好不要|最重要的|肯定|一看就|嘛|家家|头发长|的天下|就算了|还行|全靠|靠|扛不住|扛得住吗|"
    r"更年期|四十|过了三十|一到三十|一结婚|结了婚|生了孩子|不狠|有泪不轻弹|不能哭|心思|胆子小|脆弱|感性|"
    r"情绪化|啰嗦|事多|小心眼|矫情|八卦|没出息|是废物|是动物|下半身)"
)
_ZH_GENERAL = LazyPattern(_canon(rf"(?P<group>{_ZH_GROUP})(?P<pred>[，,]?{_ZH_PREDICATE}[^。！？；]*)", "zh"))
_ZH_STOCK = LazyPattern(
    _canon(
        rf"像个?(?:{_ZH_GROUP_G}|男子汉|娘们儿?|女孩子|小姑娘)"
        rf"|(?:作为|身为|以)(?:一个|一名|一位)?(?:{_ZH_GROUP_G})[^。！？；]{{0,20}}?(?:算|还算|已经|能|也算)(?:不错|可以|很好|难得)"
        rf"|(?:她|他)(?:一个|是个|是一个)(?:{_ZH_GROUP_G})(?:家|人家)?[，,]?(?:能|懂|当不了|干不了|压不住|哪|怎么)"
        rf"|(?:交给|让|还得是|还是得|得靠)(?:{_ZH_GROUP_G})(?:来|去)?(?:吧|做|干|管|处理)?"
        rf"|(?:{_ZH_GROUP_G})(?:家家|人家)|男主外|女主内|相夫教子|头发长见识短|娘娘腔|娘炮|男人婆|(?:女人|男人)[四三]十"
        rf"|一看就是个?(?:{_ZH_GROUP_G})|(?:那|这)(?:男的|女的)[^。！？；]{{0,6}}(?:废物|不靠谱|有病|神经|脑子)",
        "zh",
    )
)
_ZH_SUBJECT_GENDER = LazyPattern(
    _canon(
        rf"(?:作为|身为)(?:团队里|组里|部门里)?(?:唯一的|仅有的)?(?:一个|一名|一位)?(?:{_ZH_GROUP_G})"
        rf"|(?:唯一的|仅有的)(?:{_ZH_GROUP_G})|(?:她|他)是(?:个|一个|一名|一位)(?:{_ZH_GROUP_G})"
        rf"|(?:这个|那个|这|那)?(?:小伙子|小伙|小姑娘|姑娘)(?=很|挺|真|太|还|比较|特别|非常|能力|做事)"
        rf"|性别(?=原因|因素|问题上|上的劣势|优势)",
        "zh",
    )
)
_ZH_SLURS = LazyPattern(
    r"女拳|男拳|田园女权|田园女拳|母狗|婊子?|绿茶婊|小婊砸|骚货|骚逼|骚女人?|荡妇|贱人|贱货|贱女人?|贱男人?|贱婊|"
    r"娘炮|蝈蝻|普信(?:男|女)|直男癌|女权癌|男权癌|国男|郭楠|龟男|舔狗|屌丝女|捞女|拜金女|剩女|剩男|小仙女|"
    r"仙女们|女司机又|处女情结"
)
_ZH_NEUTRAL = LazyPattern(
    r"男女平等|性别平等|平等|同工同酬|谁说|并不|并非|不是所有|不一定|不应该?|不该|不能因为|不得|禁止|不允许|"
    r"无论男女|不分男女|不论性别|无论性别|所有性别|同样|也可以|也能|也有权|偏见|歧视|刻板印象|推翻|丢掉|早就被|"
    r"请问|是否|能否|可否|合法|违法|法律|规定|政策|诉讼|维权|比例|数据显示|报告显示|研究发现|调查|[0-9０-９]+%|"
    r"欢迎|反对|尊重|支持(?:女性|男性|女权|平权)"
)
_CJK = LazyPattern(r"[\u4e00-\u9fff]")
_ZH_OTHER_TRIGGER = LazyPattern(
    rf"{_ZH_OTHER_GROUPS}|男主外|女主内|相夫教子|头发长见识短|娘娘腔|娘炮|男人婆|男子汉|娘们|性别"
)
_QUOTES = LazyPattern(r"[\"“「『][^\"”」』]{2,200}[\"”」』]")


def quoted(doc: Doc) -> list[tuple[int, int]]:
    """Spans inside quotation marks: a quoted stereotype is reported speech, not the writer's stance."""
    return [(m.start(), m.end()) for m in _QUOTES.finditer(doc.text)]


def neutral_stance(doc: Doc, span: Span) -> bool:
    """Whether a statement negates or argues against a generalisation, states equality, reports data or
    asks a legal or policy question (then a group term in it is not bias)."""
    if (doc.lang == "zh" or doc.has_cjk) and _ZH_NEUTRAL.search(doc.text, span.start, span.end):
        return True
    return bool(_EN_NEUTRAL.search(doc.lower, span.start, span.end)) or span.text.rstrip().endswith(("?", "？"))


@lru_cache(maxsize=2)
def _zh_gender_any(groups_only: bool) -> re.Pattern[str]:
    slots = ("group",) if groups_only else ("group", "kin", "role", "quality")
    return re.compile(_alt(zh_terms(*slots)) + "|她们|他们")


@lru_cache(maxsize=2)
def _en_gender_any(groups_only: bool) -> re.Pattern[str]:
    terms = en_terms("group") if groups_only else en_terms("group", "kin", "role", "quality")
    words = _alt([w for w in terms if w.rstrip(".") not in ("mr", "ms", "mrs")])  # titles are not groups
    return re.compile(rf"(?<![a-z])(?:{words}|{_EN_OTHER_GROUPS})(?![a-z])")


_TITLES = ("mr", "ms", "mrs")
#: Substrings every match of ``_EN_OTHER`` contains: a cheap pre-check.
_EN_OTHER_KEYS = ("old", "young", "millennial", "boomer", "gen", "zoomer", "immigrant", "foreigner", "mother",
                  "father", "mom", "mum", "dad", "parent", "wives", "husband", "hormone", "period", "month", "man up",
                  "sex")  # fmt: skip
_EN_OTHER = LazyPattern(
    rf"(?<![a-z])(?:{_EN_OTHER_GROUPS}|hormones?|period|time of (?:the|his|him) month|man up|gender|sex)(?![a-z])"
)


def gender_term_in(text: str, lang: str, *, groups_only: bool = False) -> bool:
    """Whether ``text`` names a gender group (and, unless ``groups_only``, a relative or a gendered role);
    he/she alone never counts."""
    if (lang == "zh" or _CJK.search(text)) and _zh_gender_any(groups_only).search(text):
        return True
    return bool(_en_gender_any(groups_only).search(ascii_lower(text)))


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def confirm(text: str, lang: str) -> bool:
    """Whether the learned model leans towards a generalisation (a low bar: it only confirms a rule)."""
    from guardrails.learned import load_model

    model = load_model()
    return model is None or model.probability(text, lang) >= model.threshold * 0.6


def gender_terms(doc: Doc) -> tuple[tuple[int, int, str], ...]:
    """The gendered terms of a canonical doc, as its canonicalisation recorded them (found again if absent)."""
    terms = doc.__dict__.get("_gender_terms")
    if terms is None:
        terms = doc.canon.terms
        doc.__dict__["_gender_terms"] = terms
    return terms


def has_group_term(doc: Doc, start: int, end: int, *, groups_only: bool) -> bool:
    """Whether ``doc.text[start:end]`` names a gender group (or, unless ``groups_only``, a relative or a
    gendered role), from the recorded terms, or a group beyond gender."""
    for s, _, word in gender_terms(doc):
        if not start <= s < end:
            continue
        kinds = slots_of("zh" if _CJK.match(word) else "en").get(word, frozenset())
        if groups_only and "group" in kinds:
            return True
        if not groups_only and kinds - {"pronoun"} and word.rstrip(".") not in _TITLES:
            return True
    if doc.has_cjk and _ZH_OTHER_TRIGGER.search(doc.text, start, end):
        return True
    return any(start <= at < end for at in _other_groups(doc))


def _other_groups(doc: Doc) -> list[int]:
    """Offsets of the non-gender group words (older workers, parents...), found once per doc."""
    found = doc.__dict__.get("_other_groups")
    if found is None:
        lower = doc.lower
        found = [m.start() for m in _EN_OTHER.finditer(lower)] if any(key in lower for key in _EN_OTHER_KEYS) else []
        doc.__dict__["_other_groups"] = found
    return found


def _triggered(doc: Doc, lang: str, start: int, end: int) -> bool:
    return has_group_term(doc, start, end, groups_only=False)


def scan_stance(doc: Doc) -> list[Hit]:
    """Stereotypes, slurs and subject-gender references, minus neutral, negated and quoted statements."""
    hits: list[Hit] = []
    langs = ("zh", "en") if doc.has_cjk else ("en",)
    for lang in langs:
        slurs, text = (_ZH_SLURS, doc.text) if lang == "zh" else (_EN_SLURS, doc.lower)
        hits += [("slur", "", m.start(), m.end()) for m in slurs.finditer(text)]
    if not any(_triggered(doc, lang, 0, len(doc.text)) for lang in langs):
        return _dedupe(hits)  # no group term anywhere: no generalisation to look for
    quotes = quoted(doc)
    for span in doc.statements:
        active = [lang for lang in langs if _triggered(doc, lang, span.start, span.end)]
        if not active or neutral_stance(doc, span):
            continue
        for lang in active:
            text = span.text if lang == "zh" else doc.lower[span.start : span.end]
            rules = (_ZH_STOCK, _ZH_GENERAL) if lang == "zh" else (_EN_STOCK, _EN_GENERAL)
            for rule in rules:
                for m in rule.finditer(text):
                    start, end = (m.start("group"), m.end("group")) if "group" in rule.groupindex else m.span()
                    start, end = span.start + start, span.start + end
                    if _inside(quotes, start, end) or end <= start:
                        continue
                    # The broad Chinese pattern (a group term and 都/太/爱...) needs the learned model's
                    # agreement; the stock constructions stand on their own.
                    if rule is _ZH_GENERAL and not confirm(span.text, "zh"):
                        continue
                    hits.append(("stereotype", "gender", start, end))
            subject = _ZH_SUBJECT_GENDER if lang == "zh" else _EN_SUBJECT_GENDER
            for m in subject.finditer(text):
                start, end = span.start + m.start(), span.start + m.end()
                if not _inside(quotes, start, end):
                    hits.append(("protected_attribute", "gender", start, end))
    return _dedupe(hits)


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One hit per overlapping region, preferring slur, then stereotype, then a protected attribute."""
    order = {"slur": 0, "stereotype": 1, "protected_attribute": 2}
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (order[h[0]], h[2], -(h[3] - h[2]))):
        if not any(hit[2] < k[3] and k[2] < hit[3] for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h[2], h[3]))
