"""The growth phrasings in the chat, English and Chinese: development paths, team signals and the receipt."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.chat.engine import ChatEngine
from assistant.core.container import Coach


@pytest.fixture(scope="module")
def engine(demo_coach: Coach) -> ChatEngine:
    return ChatEngine(demo_coach, router=False, today=date(2026, 11, 30))


@pytest.mark.parametrize(
    ("user", "message", "kind", "expect"),
    [
        ("carla-mendes", "what should I learn to become a tech lead", "development", "→ Tech Lead (L6)"),
        ("carla-mendes", "what courses should I take?", "development", "Learn:"),
        ("li-na", "我想转向客户成功管理，需要补什么", "development", "李娜 → 客户成功经理"),
        ("li-na", "我该学什么课？", "development", "学习："),
        ("alice-chen", "anything I should know about my team?", "signals", "Quiet contributor · Carla Mendes"),
        ("wang-lei", "我的团队有什么需要注意的吗", "signals", "负荷集中 · 刘洋"),
        ("alice-chen", "how is my team doing?", "signals", "**Goal at risk · Ben Okafor**"),
        ("wang-lei", "团队信号", "signals", "**目标有风险 · 李娜**"),
        ("daniel-park", "what was shared about me?", "receipt", "Your disputes: 1 (1 open)"),
        ("li-na", "我的数据回执", "receipt", "你的异议：1 条"),
    ],
)
def test_each_phrasing(engine: ChatEngine, user: str, message: str, kind: str, expect: str) -> None:
    reply = engine.reply(user, message)
    assert reply.kind == kind, reply.text
    assert expect in reply.text


def test_a_manager_asks_for_a_reports_path_and_not_for_someone_elses(engine: ChatEngine) -> None:
    mine = engine.reply("alice-chen", "development path for Carla")
    assert mine.kind == "development" and "Prepared for Alice Chen" in mine.text
    assert mine.sources and all(s["id"].startswith("ev-carla-mendes") for s in mine.sources)
    other = engine.reply("wang-lei", "what should I learn to become a tech lead for Carla")
    assert other.kind == "refusal" and "Carla" not in other.text.split("\n")[0]


def test_an_employee_asking_about_the_team_gets_only_their_own_signals(engine: ChatEngine) -> None:
    reply = engine.reply("zhang-wei", "我的团队有什么需要注意的吗")
    assert reply.kind == "signals" and "关于你的信号" in reply.text
    assert "刘洋" not in reply.text and "黄志强" not in reply.text.replace("黄志强反馈", "")


def test_a_goal_signal_cites_its_checkins_in_the_chat(engine: ChatEngine) -> None:
    reply = engine.reply("alice-chen", "anything I should know about my team?")
    line = next(x for x in reply.text.splitlines() if "gs-demo-ben-okafor-2026h2" in x)
    assert line.endswith("]") and "ci-" in line.rsplit("[", 1)[1] and "[]" not in line
    assert "goals_at_risk" not in reply.text
