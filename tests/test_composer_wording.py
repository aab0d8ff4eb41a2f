"""The offline composer's wording: a warm draft's thank-you joins its opening; a change is told once."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.core.models import WorkEvent
from assistant.core.periods import parse_period
from assistant.drafting.composer.voice import Voice
from assistant.drafting.composer.write import result_text
from assistant.drafting.composer.write_dev import next_for_critique, with_thanks, without_thanks
from assistant.drafting.profile import MetricFact, RemarkFact, ThemeSummary
from assistant.drafting.profile.themes import remarks_in
from guardrails import check_text


def _voice(lang: str, label: str = "2026H1") -> Voice:
    name = "Mei" if lang == "en" else "梅"
    return Voice(lang=lang, name=name, period=parse_period(label), tone="warm", audience="employee")


@pytest.mark.parametrize(
    ("lang", "plain", "warm"),
    [
        (
            "en",
            "Mei, in the first half you cut the release checklist from 40 to 12 steps. Next: estimates.",
            "Mei, thank you for your work in the first half: you cut the release checklist from 40 to 12 steps.",
        ),
        (
            "zh",
            "梅，上半年你把发布检查清单从40步精简到12步。接下来的重点是你的估算。",
            "梅，感谢你上半年的投入：你把发布检查清单从40步精简到12步。",
        ),
    ],
)
def test_thanks_join_the_opening_and_come_off_again(lang: str, plain: str, warm: str) -> None:
    voice = _voice(lang)
    thanked = with_thanks(plain, voice)
    assert thanked.startswith(warm)
    assert with_thanks(thanked, voice) == thanked  # once, however often it is asked for
    assert without_thanks(thanked) == plain
    opening = thanked.split(". ")[0] if lang == "en" else thanked.split("。")[0]
    vague = [f for f in check_text(thanked, lang=lang).findings if f.kind == "vague" and f.start < len(opening)]
    assert vague == []  # the thank-you is part of a sentence that names the work


def test_the_closing_sentence_of_earlier_versions_comes_off() -> None:
    assert (
        without_thanks("Mei, this period you shipped it. Thank you for all of this.")
        == "Mei, this period you shipped it."
    )
    assert without_thanks("梅，这段时间你上线了它。感谢你这段时间的投入。") == "梅，这段时间你上线了它。"


def test_an_opening_of_another_shape_is_left_alone() -> None:
    text = "Notes for Mei's review, H1 2026: in the first half she shipped it."
    assert with_thanks(text, _voice("en")) == text


def _fact(key: str, label: str, value: float, baseline: float, target: float) -> MetricFact:
    return MetricFact(event_id="ev-1", date=date(2026, 5, 12), key=key, label=label, unit="%", higher_is_better=False,
                      value=value, baseline=baseline, target=target, met_target=True, improved=True,
                      title="Cut the failed-payment rate")  # fmt: skip


def test_a_change_the_description_already_gives_is_not_repeated_under_the_metric_name() -> None:
    event = WorkEvent(
        id="ev-1", person_id="mei", occurred_at="2026-05-12", kind="outcome", title="Cut the failed-payment rate",
        description="Mei retried soft declines with backoff; failed payments fell from 2.50% to 1.10%.",
        metrics={"failed_payment_rate": 1.1, "refund_rate": 0.3},
    )  # fmt: skip
    told = _fact("failed_payment_rate", "failed payment rate", 1.1, 2.5, 1.5)
    other = _fact("refund_rate", "refund rate", 0.3, 0.6, 0.5)
    text = result_text(event, [told, other], _voice("en"))
    assert text.count("1.1") == 1  # "1.10%" in the description says it; "from 2.5% to 1.1%" would repeat it
    assert "refund rate" in text  # a figure the description does not give is still added


def test_a_chinese_colleague_named_in_an_english_record_is_the_speaker() -> None:
    event = WorkEvent(
        id="ev-7", person_id="mei", occurred_at="2026-04-20", kind="collaboration", source="peer_feedback",
        title="Feedback from 周倩 on the rollout checklist",
        description="周倩 wrote that the checklist saved her team a day, but asked for the go/no-go criteria earlier.",
    )  # fmt: skip
    remarks = remarks_in(event, ["Mei Lin"])
    assert remarks and {r.speaker for r in remarks} == {"周倩"}
    outsider = WorkEvent(
        id="ev-8", person_id="mei", occurred_at="2026-04-21", kind="collaboration", source="peer_feedback",
        title="Upward feedback from 增长团队成员", description="团队成员 said the plan was late.",
    )  # fmt: skip
    assert all(r.speaker is None for r in remarks_in(outsider, ["Mei Lin"]))  # a longer run is no name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_comment_on_a_way_of_working_gets_an_agreed_change_not_a_document_review(lang: str) -> None:
    remark = RemarkFact(event_id="ev-9", date=date(2026, 6, 3), text="hand-offs to support come too late",
                        source="one_on_one")  # fmt: skip
    theme = ThemeSummary(polarity="critique", remarks=[remark], event_ids=["ev-9"], recurring=False)
    text = next_for_critique(theme, _voice(lang))
    assert "goes out" not in text and "发出前" not in text  # nothing is "sent out" for a way of working
    assert ("one-on-one" in text and "agree" in text.lower()) if lang == "en" else ("一对一" in text and "制定" in text)
    assert not [f for f in check_text(text, lang=lang).findings if f.kind == "vague"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_author_speaks_of_their_own_remarks_in_the_first_person(demo_coach, lang: str) -> None:
    from assistant.drafting.chain import DraftRequest, draft_feedback

    def draft(audience: str):
        request = DraftRequest(task="feedback_draft", requester="wang-lei", subject="li-na", period="2026",
                               language=lang, audience=audience, store=False)  # fmt: skip
        return draft_feedback(demo_coach, request)

    to_her = draft("employee")
    text = " ".join([to_her.summary, *(s.text for s in to_her.statements)])
    assert "王磊" not in text  # 王磊 writes this draft: his own remarks are "I" / "我", not his name
    mine = "我在8月和9月" if lang == "zh" else "I noted in August and September"
    assert mine in text
    assert ("先发给我审阅" if lang == "zh" else "send it to me to check") in text
    notes = draft("manager")  # talking points for the manager keep the third person
    assert "王磊" in " ".join([notes.summary, *(s.text for s in notes.statements)])


def test_the_author_is_i_only_in_a_draft_to_the_person() -> None:
    voice = _voice("en")
    me = Voice(lang="en", name="Mei", period=voice.period, tone="direct", audience="employee", author="Wang Lei")
    assert me.is_author("Wang") and me.is_author("Wang Lei") and not me.is_author("Priya")
    assert me.who(["Wang Lei", "Priya"]) == ["Priya", "I"]
    notes = Voice(lang="en", name="Mei", period=voice.period, tone="direct", audience="manager", author="Wang Lei")
    assert not notes.is_author("Wang Lei") and notes.who(["Wang Lei"]) == ["Wang Lei"]
