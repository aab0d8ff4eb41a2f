"""Prompt versions outside prompts/ (a suite's prompts_dir) and the offline directives that simulate them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.errors import BadInput, ProviderError
from assistant.drafting.providers.offline_directives import apply_directives
from assistant.drafting.schemas import FeedbackDraft, Statement
from prompts.renderer import get_template, list_templates

FIXTURE_PROMPTS = Path(__file__).resolve().parent / "fixtures" / "prompts"


def test_an_extra_prompts_dir_replaces_a_version_without_changing_the_default():
    shipped = get_template("feedback_draft", "en")
    assert shipped.version == 2 and shipped.inputs == "FeedbackProfileInputs"  # the newest built-in one
    v2 = get_template("feedback_draft", "en", prompts_dir=FIXTURE_PROMPTS)  # the suite's own v2 replaces it
    assert v2.version == 2 and v2.offline == {"cite": False, "hedge": True}
    assert Path(v2.path).is_absolute() and v2.sha256 != get_template("feedback_draft", "en").sha256
    assert get_template("feedback_draft", "en", 1, FIXTURE_PROMPTS).offline == {}
    assert "feedback_draft@v2.zh" in {t.ref for t in list_templates(FIXTURE_PROMPTS)}
    with pytest.raises(BadInput, match="does not exist"):
        get_template("feedback_draft", "en", prompts_dir=FIXTURE_PROMPTS / "nope")


DRAFT = FeedbackDraft(
    summary="Ann's work this period.",
    statements=[
        Statement(section="strength", text="In March Ann cut export time from 40 to 12 minutes.", event_ids=["e1"]),
        Statement(section="development", text="In May the migration slipped by a week.", event_ids=["e2"]),
        Statement(section="next_step", text="Plan the next migration with SRE by June.", event_ids=["e2"]),
    ],
)


def test_directives_change_the_composed_draft():
    assert apply_directives(DRAFT, {}, subject_name="Ann", lang="en") is DRAFT
    uncited = apply_directives(DRAFT, {"cite": False}, subject_name="Ann", lang="en")
    assert [s.event_ids for s in uncited.statements] == [[], [], []]
    strengths = apply_directives(DRAFT, {"sections": ["strength"]}, subject_name="Ann", lang="en")
    assert [s.section for s in strengths.statements] == ["strength"]
    hedged = apply_directives(DRAFT, {"hedge": True}, subject_name="李娜", lang="zh")
    assert hedged.statements[0].text == "李娜工作认真负责，表现不错。" and hedged.statements[0].event_ids == ["e1"]
    assert len(apply_directives(DRAFT, {"max_statements": 2}, subject_name="Ann", lang="en").statements) == 2
    with pytest.raises(ProviderError, match="unknown offline directive"):
        apply_directives(DRAFT, {"bogus": 1}, subject_name="Ann", lang="en")


def test_an_unknown_offline_directive_is_refused_when_the_template_is_read(tmp_path: Path):
    source = (FIXTURE_PROMPTS / "feedback_draft" / "v2.en.j2").read_text(encoding="utf-8")
    folder = tmp_path / "feedback_draft"
    folder.mkdir()
    (folder / "v3.en.j2").write_text(
        source.replace("version: 2", "version: 3").replace("hedge: true", "hedgy: true"), encoding="utf-8"
    )
    with pytest.raises(BadInput, match=r"v3\.en\.j2: header 'offline': unknown directive\(s\) \['hedgy'\]"):
        get_template("feedback_draft", "en", 3, tmp_path)
