"""Every sentence of a goal proposal, in English and Simplified Chinese."""

from __future__ import annotations

from assistant.core.i18n import Strings

__all__ = ["NUMBER_WORDS", "ZH_NUMBERS", "say"]

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
ZH_NUMBERS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八"}

_S: Strings[str] = Strings(
    {
        # -- objectives ------------------------------------------------------------------------------------------
        "objective.raise": {
            "en": "Raise {label} in your own scope, in support of “{title}”",
            "zh": "提升你负责范围内的{label}，支撑团队目标“{title}”",
        },
        "objective.lower": {
            "en": "Bring down {label} in your own scope, in support of “{title}”",
            "zh": "降低你负责范围内的{label}，支撑团队目标“{title}”",
        },
        "objective.contribute": {
            "en": "Contribute to the team objective “{title}” with a part you own",
            "zh": "参与团队目标“{title}”，明确并完成你负责的部分",
        },
        # -- derivations -----------------------------------------------------------------------------------------
        "basis.single": {
            "en": "baseline {baseline} = your one result on record ({values})",
            "zh": "基线 {baseline} = 记录中你唯一的一次结果（{values}）",
        },
        "basis.median_of_2": {
            "en": "baseline {baseline} = median of your 2 results on record ({values}), i.e. their mean",
            "zh": "基线 {baseline} = 你记录中 2 次结果（{values}）的中位数，即两者的平均",
        },
        "basis.median_of_3": {
            "en": "baseline {baseline} = median of your last 3 results ({values})",
            "zh": "基线 {baseline} = 你最近 3 次结果（{values}）的中位数",
        },
        "floor.hold": {"en": "floor {floor} = hold the baseline", "zh": "保底 {floor} = 保持基线"},
        "target.halfway": {
            "en": "target {target} = halfway from the baseline to the team's target {team_target}",
            "zh": "目标 {target} = 基线到团队目标 {team_target} 的一半",
        },
        "target.team_target": {
            "en": "target {target} = the team's target",
            "zh": "目标 {target} = 团队目标值",
        },
        "target.best": {
            "en": "target {target} = your best result on record ({best_date})",
            "zh": "目标 {target} = 你记录中的最好成绩（{best_date}）",
        },
        "target.step": {
            "en": "target {target} = 5% better than the baseline",
            "zh": "目标 {target} = 比基线改善 5%",
        },
        "target.step_gap": {
            "en": "target {target} = a quarter of the gap to 100% closed",
            "zh": "目标 {target} = 把与 100% 的差距缩小四分之一",
        },
        "target.team_change": {
            "en": "target {target} = the team's planned change ({change}) applied to your baseline",
            "zh": "目标 {target} = 把团队计划的变化幅度（{change}）用在你的基线上",
        },
        "stretch.team_target": {
            "en": "stretch {stretch} = the team's target",
            "zh": "挑战 {stretch} = 团队目标值",
        },
        "stretch.best": {
            "en": "stretch {stretch} = your best result on record ({best_date})",
            "zh": "挑战 {stretch} = 你记录中的最好成绩（{best_date}）",
        },
        "stretch.step": {
            "en": "stretch {stretch} = a further 5% of the baseline",
            "zh": "挑战 {stretch} = 在此基础上再改善基线的 5%",
        },
        "stretch.step_gap": {
            "en": "stretch {stretch} = half of the gap to 100% closed",
            "zh": "挑战 {stretch} = 把与 100% 的差距缩小一半",
        },
        "stretch.team_change": {
            "en": "stretch {stretch} = half as much change again",
            "zh": "挑战 {stretch} = 再多一半的变化幅度",
        },
        "team.context": {
            "en": "a team-level number: the team plans {team_baseline} → {team_target}; your key result above is "
            "your contribution to it, not a share of the team's number",
            "zh": "这是团队层面的数字：团队计划从 {team_baseline} 到 {team_target}；上面的关键结果是你对它的贡献，"
            "不是团队数字的个人分摊",
        },
        "team.only": {
            "en": "a team-level number: the team plans {team_baseline} → {team_target}; no result of yours on this "
            "metric is on record, so agree with your manager which part you own — it is not a personal target",
            "zh": "这是团队层面的数字：团队计划从 {team_baseline} 到 {team_target}；记录中还没有你在这个指标上的结果，"
            "请与经理约定你负责的部分——它不是个人目标",
        },
        "count.pace": {
            "en": "baseline {count} = earlier examples on record in the six months before {until}; "
            "floor {floor}, target {target}, stretch {stretch}",
            "zh": "基线 {count} = {until}之前六个月记录中的同类先例数；保底 {floor}，目标 {target}，挑战 {stretch}",
        },
        "count.commit": {
            "en": "a new commitment: floor {floor}, target {target}, stretch {stretch}; the earlier work listed below "
            "shows where you start from",
            "zh": "新的承诺：保底 {floor}，目标 {target}，挑战 {stretch}；下面列出的以往工作说明了你的起点",
        },
        "count.none": {
            "en": "no earlier example in the six months before {until}: floor {floor}, target {target}, "
            "stretch {stretch}",
            "zh": "{until}之前六个月没有同类先例：保底 {floor}，目标 {target}，挑战 {stretch}",
        },
        "adjusted": {
            "en": " Adjusted by {actor}: {changes}{reason}.",
            "zh": "（{actor}调整：{changes}{reason}）",
        },
        "count.first": {
            "en": "no earlier example in the six months before {until}: floor {floor} is a first one; "
            "target {target}, stretch {stretch}",
            "zh": "{until}之前六个月没有同类先例：保底 {floor} 即完成第一次；目标 {target}，挑战 {stretch}",
        },
        "count.ahead": {
            "en": "baseline {count} = earlier examples on record in the six months before {until}: floor = keep "
            "that pace, target and stretch one and two more",
            "zh": "基线 {count} = {until}之前六个月记录中的同类先例数：保底 = 保持这一节奏，目标和挑战各再多一次和两次",
        },
        # -- why it fits -----------------------------------------------------------------------------------------
        "why.team": {
            "en": "The team's {period} objective “{title}”: {team_baseline} → {team_target}.",
            "zh": "团队{period}目标“{title}”：{team_baseline} → {team_target}。",
        },
        "why.results": {
            "en": "Your {label} on record: {values}.",
            "zh": "你记录中的{label}：{values}。",
        },
        "why.miss": {
            "en": "In {month} your {label} was {value} against a target of {target}.",
            "zh": "{month}你的{label}为 {value}，目标是 {target}。",
        },
        "why.interest": {
            "en": "You asked for goals in {name}.",
            "zh": "你希望在{name}方面成长。",
        },
        "why.aspiration": {
            "en": "Your 1:1 note of {date}: “{text}”.",
            "zh": "{date}的1:1记录：“{text}”。",
        },
        "why.gap": {
            "en": "A gap named in feedback: “{text}” ({who}{date}).",
            "zh": "反馈指出的差距：“{text}”（{who}{date}）。",
        },
        "why.praise": {
            "en": "A strength to build on: “{text}” ({who}{date}).",
            "zh": "可以依托的优势：“{text}”（{who}{date}）。",
        },
        "why.examples": {
            "en": "Related work already on record, the latest “{title}” ({date}).",
            "zh": "记录中已有相关经历，最近一次是“{title}”（{date}）。",
        },
        "why.role": {
            "en": "A usual next step in {job_family} work.",
            "zh": "这是{job_family}岗位常见的下一步。",
        },
        # -- reference paths -------------------------------------------------------------------------------------
        "ref.improved": {
            "en": "In “{title}” ({date}) you moved {label} from {baseline} to {value}.",
            "zh": "在“{title}”（{date}）中，你把{label}从 {baseline} 做到了 {value}。",
        },
        "ref.best": {
            "en": "Your best result so far: {value} in “{title}” ({date}).",
            "zh": "你目前的最好成绩：“{title}”（{date}）中的 {value}。",
        },
        "ref.team": {
            "en": "No result of yours on this metric yet: the reference is the team's own plan, {team_baseline} → "
            "{team_target}.",
            "zh": "你在这个指标上还没有记录：参照团队自身的计划，{team_baseline} → {team_target}。",
        },
        "ref.example": {
            "en": "Earlier: “{title}” ({date}).",
            "zh": "此前：“{title}”（{date}）。",
        },
        "ref.first_step": {
            "en": "No earlier example on record; a first step: {step}.",
            "zh": "记录中还没有先例；第一步：{step}。",
        },
        # -- the set ---------------------------------------------------------------------------------------------
        "summary": {
            "en": "{n} goals for {name} for {period}: {outcomes} tied to the team's objectives, {growth} to grow "
            "capabilities. Each key result's range starts from {name}'s own record; team-level numbers are marked "
            "as contributions.",
            "zh": "为{name}提出{period}的{n}个目标：{outcomes}个对齐团队目标，{growth}个用于能力成长。每个关键结果的"
            "区间都从{name}本人的记录出发；团队层面的数字标注为贡献。",
        },
        "note.carried": {
            "en": "No {team} team objectives for {period} yet: the goals carry forward the {previous} objectives "
            "({ids}); align them again when the new ones are set.",
            "zh": "{team}团队尚未制定{period}的目标：沿用{previous}的团队目标（{ids}），新目标确定后请重新对齐。",
        },
        "note.no_objectives": {
            "en": "The {team} team has no objectives on record: the goals are capability goals only.",
            "zh": "{team}团队还没有登记团队目标：以下只有能力成长目标。",
        },
        "note.unmatched_interest": {
            "en": "Part of what you said you want matched no capability the assistant knows; talk it through with "
            "your manager and add it as your own goal.",
            "zh": "你提到的部分意向没有对应到助手已知的能力方向；建议与经理讨论后自行补充为目标。",
        },
        "kr.team_label": {"en": "{label} (team)", "zh": "{label}（团队）"},
        "who": {"en": "{who}, ", "zh": "{who}，"},
    }
)


def say(key: str, lang: str, **values: object) -> str:
    """The goal sentence ``key`` in ``lang``."""
    return _S.say(key, lang, **values)
