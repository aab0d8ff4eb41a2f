"""Stance-aware bias (issue 12): stereotypes and slurs are flagged, neutral, pro-equality, negated, quoted and
legal mentions are not; protected attributes of the person in feedback are; decisions are their own kind."""

from __future__ import annotations

import pytest

from guardrails import check_text


def bias(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    report = check_text(text, lang=lang)  # type: ignore[arg-type]
    return [(f.kind, f.text) for f in report.findings if f.dimension == "bias"]


@pytest.mark.parametrize(
    "text",
    [
        "Gender equality is good for companies.",
        "There is no good reason a woman cannot achieve as much as a man.",
        "Men and women should be paid the same for the same work.",
        "It is a myth that girls are worse at physics.",
        "Our policy forbids asking candidates whether they are married.",
        "Is it legal to turn down a candidate because she is pregnant?",
        "The survey found women were interrupted more often in design reviews.",
        'She was told that "boys are better engineers" and shipped the launch anyway.',
        "Nobody should be told they run like a girl.",
        "她的父亲和母亲都是工程师。",
        "请问离婚诉讼期间公司能否以此为由调岗？",
        "独立女性这个话题最近讨论很多。",
        "男女平等是我们的基本原则。",
        "谁说女生不能写代码？",
        "公司规定不得询问候选人的婚育情况。",
    ],
)
def test_neutral_and_pro_equality_mentions_are_not_bias(text):
    assert bias(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Leave running the company up to men.", "stereotype"),
        ("Women are too serious.", "stereotype"),
        ("Sucking at math is a requirement for being a woman.", "stereotype"),
        ("Put the guys on the server work; ladies should stick to the slides.", "stereotype"),
        ("She is pretty good at SQL for a girl.", "stereotype"),
        ("Real men never ask for help.", "stereotype"),
        ("Don't listen to that bitch in finance.", "slur"),
        ("女生就是学不好编程。", "stereotype"),
        ("他做事像个女人。", "stereotype"),
        ("这种活还是交给男人吧。", "stereotype"),
        ("那帮女拳又在带节奏。", "slur"),
    ],
)
def test_generalisations_and_slurs_are_flagged_and_block(text, kind):
    report = check_text(text)
    assert kind in {f.kind for f in report.findings}, [(f.kind, f.text) for f in report.findings]
    assert report.verdict == "block"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("He is now 52 and keeps up with the juniors.", "He is now 52"),
        ("At 58, she still ships every sprint.", "At 58, she"),
        ("She has a young family, so travel is hard.", "young family"),
        ("He can't commit to on-call because of the kids.", "because of the kids"),
        ("As the only woman on the team, she ran the retro.", "As the only woman"),
        ("他今年都52了，精力还跟得上。", "今年都52了"),
        ("她因为要接送孩子，不能参加值班。", "要接送孩子"),
    ],
)
def test_protected_attributes_of_the_person_in_feedback_block(text, span):
    report = check_text(text)
    assert ("protected_attribute", span) in [(f.kind, f.text) for f in report.findings]
    assert report.verdict == "block"


def test_a_protected_attribute_mentioned_about_a_group_in_general_is_not_feedback_bias():
    assert bias("Parents of young children can request flexible hours under the policy.") == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("她在客户面前不够强势。", "不够强势"),
        ("He is not assertive enough with customers.", "is not assertive enough"),
        ("She needs to be more likeable in meetings.", "needs to be more likeable"),
    ],
)
def test_gendered_expectations_are_personality_judgements(text, span):
    assert ("personality", span) in bias(text)


@pytest.mark.parametrize(
    "text",
    [
        "I recommend promoting her to senior engineer this cycle.",
        "Rating: exceeds expectations.",
        "He should get a 10% raise for this work.",
        "She ranks first among the six engineers on the team.",
        "Put him forward for promotion to staff level.",
        "建议下个周期把她晋升为高级工程师。",
        "绩效评级：优秀。",
        "他应该加薪15%。",
        "在组里六个人中，他排名第一。",
    ],
)
def test_decisions_on_rating_pay_promotion_or_rank_are_findings_that_block(text):
    report = check_text(text)
    assert "decision" in {f.kind for f in report.findings if f.dimension == "bias"}
    assert report.verdict == "block"


@pytest.mark.parametrize(
    "text",
    [
        "She was promoted in March and took over the billing team.",
        "He asked how the promotion process works.",
        "上次调薪后她接手了计费团队。",
    ],
)
def test_facts_about_past_decisions_are_not_decisions(text):
    assert "decision" not in {k for k, _ in bias(text)}
