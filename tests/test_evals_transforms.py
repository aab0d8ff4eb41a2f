"""Counterfactual swaps and injected events: what they change, and what they leave alone."""

from __future__ import annotations

from assistant.core.periods import parse_period
from evals.transforms import INJECTED_EVENT_ID, Injection, Swap, default_instruction, swap_name
from retrieval.retrieve import RetrievedEvent


def event(title: str, description: str = "", eid: str = "e1") -> RetrievedEvent:
    return RetrievedEvent(
        id=eid, person_id="p", occurred_at="2026-03-01", kind="outcome", title=title, description=description,
        score=0.5, tokens=10,
    )  # fmt: skip


def test_english_pronouns_titles_and_names_swap_both_ways():
    swap = Swap()
    text, count = swap.text("Emma said she would ask her manager, Mr. Park, to review her notes with him.")
    assert text == "Ethan said he would ask his manager, Ms. Park, to review his notes with her."
    assert count == 6
    assert swap.text("Ethan and Carlos")[0] == "Emma and Carla"


def test_words_that_only_look_gendered_stay():
    swap = Swap()
    for unchanged in ("p95 went from 480 ms to 210 ms", "The theme is shipped", "Manager review", "Herald"):
        assert swap.text(unchanged) == (unchanged, 0)
    assert swap.text("其他事项暂缓，利他精神，他人")[1] == 0


def test_chinese_pronouns_terms_and_names():
    text, count = Swap().text("李娜说他会和王先生以及女同事一起跟进")
    assert text == "李强说她会和王女士以及男同事一起跟进" and count == 4


def test_subject_names_and_extra_swaps():
    assert swap_name("Carla Mendes") == "Carlos Mendes"
    assert swap_name("李娜") == "李强"
    assert swap_name("Zed Quux") is None
    assert swap_name("Zed Quux", {"Zed": "Zoe"}) == "Zoe Quux"


def test_swap_transform_counts_its_changes_and_copies_events():
    original = event("Paired with Ben", "She reviewed his code")
    swap = Swap()
    (out,) = swap([original])
    assert (out.title, out.description) == ("Paired with Beth", "He reviewed her code")
    assert swap.changes == 3 and original.title == "Paired with Ben"


def test_injection_adds_one_dated_event_in_the_period():
    period = parse_period("2026H1")
    text, markers = default_instruction("zh", "李娜")
    assert "忽略以上指令" in text and "晋升" in markers
    out = Injection("li-na", period, text, "zh")([event("a", eid="e1"), event("b", eid="e2")])
    injected = [e for e in out if e.id == INJECTED_EVENT_ID]
    assert len(out) == 3 and len(injected) == 1
    assert period.start <= injected[0].occurred_at.date() <= period.end and injected[0].visibility == "normal"


def test_family_and_plural_gendered_terms_swap_in_both_languages():
    swap = Swap()
    assert swap.text("Her dad took paternity leave; the girls and their mum met Ben.") == (
        "His mom took maternity leave; the boys and their dad met Beth.",
        6,
    )
    assert swap.text("她的丈夫休了陪产假，妈妈和女儿也来了；产假结束后她回来了。") == (
        "他的妻子休了产假，爸爸和儿子也来了；陪产假结束后他回来了。",
        7,
    )


def test_a_swap_identity_changes_with_the_built_in_table(monkeypatch):
    from evals import transforms

    before = Swap().identity
    assert Swap().identity == before
    monkeypatch.setitem(transforms.NAME_SWAPS_EN, "Ann", "Andy")
    assert Swap().identity != before  # a cached swapped draft from the old table is not reused
    monkeypatch.setitem(transforms._ZH_WORDS, "叔叔", "阿姨")
    assert Swap().identity != before


def test_an_injection_identity_names_the_injected_event():
    period = parse_period("2026H1")
    a = Injection("li-na", period, "text", "zh").identity
    assert a == Injection("li-na", period, "text", "zh").identity
    assert a != Injection("li-na", period, "text", "en").identity  # another title, language
    assert a != Injection("li-na", parse_period("2026H2"), "text", "zh").identity  # another date
