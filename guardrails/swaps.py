"""Gender-swapped sentence pairs, generated from templates and :func:`guardrails.gender.swap`.

Used by the symmetry property test and by the benchmark's swap-pair measure: each pair differs only in
its gendered terms, so any difference in scores, finding kinds or verdict is an asymmetry.
"""

from __future__ import annotations

import random

from guardrails.gender import swap

__all__ = ["EN_TEMPLATES", "ZH_TEMPLATES", "swap_pairs"]

# Written on the masculine side (he/him/his map one-to-one to she/her/her); {n}/{m} are numbers.
EN_TEMPLATES = (
    "{He} is a great team player.",
    "In the {month} release review, {name} walked the team through the rollback plan, and {he} cut the meeting "
    "to {n} minutes.",
    "{He} rewrote the retry logic and p95 latency fell from {m} ms to {n} ms.",
    "Men can't code.",
    "Boys are too emotional to lead a team.",
    "Leave running the company up to men.",
    "{He} codes like a man.",
    "As the only man on the team, {he} mentored {n} new hires.",
    "Gender equality is good for companies.",
    "There is no good reason a man cannot achieve as much as a woman.",
    "{His} father and mother both worked in the plant.",
    "{He} is now {age} and keeps up with the juniors.",
    "{He} can't commit to on-call because of the kids.",
    "{He} has a young family, so {he} may not want to travel.",
    "{He} is too aggressive with junior engineers.",
    "{He} needs to be more assertive in client meetings.",
    "Mr. {name} paired with {peer} on the failover and restored service in {n} minutes.",
    "{He} is a brilliant engineer.",
    "Men are natural leaders.",
    "{He} is pretty good at math for a boy.",
    "Our parental leave policy treats fathers and mothers the same.",
    "{He} deserves a promotion to senior engineer.",
    "The guys on the team closed {n} tickets in {month}.",
    "{He} told {his} brother about the offsite.",
    "{He} thanked {his} wife in the retro.",
    "Typical man, always late to stand-up.",
    "{He} was described as bossy in the survey; next time, ask {him} for one example.",
    "Next quarter, {he} should present the on-call runbook at the {month} ops review.",
    "Gentlemen, the deadline is Friday.",
    "The men's network hosts a talk on pay transparency.",
    "{He} behaves like a little boy when {his} code is reviewed.",
    "Dads can't handle babies.",
)
ZH_TEMPLATES = (
    "{he}工作认真负责，表现不错。",
    "{month}月的版本评审会上，{name}梳理了回滚方案，评审时间缩短到{n}分钟。",
    "{he}重写了重试逻辑，接口延迟从{m}毫秒降到{n}毫秒。",
    "男生学不好编程。",
    "男人太感性，不适合当领导。",
    "公司还是交给男人来管吧。",
    "{he}做事像个男人。",
    "作为团队里唯一的男同事，{he}带教了{n}名新人。",
    "男女平等对公司有好处。",
    "{he}的父亲和母亲都是工程师。",
    "{he}今年{age}岁了，精力还跟得上。",
    "{he}因为要接送孩子，不能参加值班。",
    "中年男人就爱斤斤计较。",
    "那男的一看就不靠谱。",
    "男人们都喜欢加班。",
    "{he}在客户面前不够强势。",
    "{name}先生和{peer}一起完成了数据库切换，{n}分钟内恢复服务。",
    "{he}是个天才。",
    "男生就是粗心。",
    "作为男生，{he}的代码写得算不错了。",
    "{he}应该晋升为高级工程师。",
    "{he}请了三天假照顾{he}的妈妈。",
    "男同事们这个月关闭了{n}个工单。",
    "{he}离婚后工作状态一直不好。",
)
_EN_NAMES = ("Tom", "Priya", "Kenji", "Maria", "Ahmed", "Olivia", "Wei", "Fatima")
_ZH_NAMES = ("李娜", "王伟", "张敏", "刘洋", "陈静", "赵磊", "周婷", "杨帆")
_MONTHS = ("March", "April", "May", "June", "September")


def _fill(template: str, lang: str, rng: random.Random) -> str:
    names = _ZH_NAMES if lang == "zh" else _EN_NAMES
    name, peer = rng.sample(names, 2)
    values = {
        "name": name,
        "peer": peer,
        "n": rng.randint(2, 60),
        "m": rng.randint(61, 900),
        "age": rng.choice([29, 35, 42, 52, 58]),
        "month": rng.randint(1, 12) if lang == "zh" else rng.choice(_MONTHS),
        "he": "他" if lang == "zh" else "he",
        "He": "He",
        "his": "his",
        "His": "His",
        "him": "him",
    }
    return template.format(**values)


def swap_pairs(lang: str, count: int, seed: int = 12) -> list[tuple[str, str]]:
    """``count`` pairs ``(text, swapped text)``: one to three template sentences joined, then swapped."""
    rng = random.Random(seed)
    templates = ZH_TEMPLATES if lang == "zh" else EN_TEMPLATES
    joiner = "" if lang == "zh" else " "
    out = []
    for _ in range(count):
        chosen = rng.sample(templates, rng.randint(1, 3))
        text = joiner.join(_fill(t, lang, rng) for t in chosen)
        out.append((text, swap(text, lang)))
    return out
