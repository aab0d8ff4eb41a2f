"""The suite format: good files load, bad ones fail with file:line: field: reason, cases files skip bad rows."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assistant.core.errors import BadInput
from evals.outputs import shipped_suites
from evals.suite import SwapAssert, load_suite

GOOD = """\
name: small
versions: [1]
defaults:
  period: 2026H1
  request: {tone: warm}
  assert:
    - type: verdict
      is: pass
cases:
  - id: ann
    requester: mgr
    subject: ann
    vars: {topic: billing}
    assert:
      - type: must_mention
        text: ${topic}
      - type: counterfactual_swap
        tolerance: 3
  - file: more.jsonl
    assert:
      - type: grounded
  - file: more.csv
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_suite_loads_with_defaults_vars_and_cases_files(tmp_path: Path):
    write(
        tmp_path,
        "more.jsonl",
        '{"id": "bob", "requester": "mgr", "subject": "bob"}\n'
        "# a comment line\n"
        "not json\n"
        '{"id": "carl", "requester": "mgr", "subject": "carl", "request": {"tone": "rude"}}\n',
    )
    write(
        tmp_path,
        "more.csv",
        "id,requester,subject,focus,team\ndee,mgr,dee,delivery,Platform\n,mgr,eve,,\n",
    )
    loaded = load_suite(write(tmp_path, "small.yaml", GOOD))
    assert [c.id for c in loaded.cases] == ["ann", "bob", "dee"]
    ann, bob, dee = loaded.cases
    assert ann.period == "2026H1" and ann.request.tone == "warm"
    assert [a.type for a in ann.assert_] == ["verdict", "must_mention", "counterfactual_swap"]
    assert ann.assert_[1].text == "billing"  # ${topic} from vars
    assert isinstance(ann.assert_[2], SwapAssert) and ann.assert_[2].tolerance == 3
    assert [a.type for a in bob.assert_] == ["verdict", "grounded"]
    assert dee.request.focus == "delivery" and dee.vars == {"team": "Platform"}
    assert loaded.warnings[0] == "more.jsonl:3: not JSON: Expecting value"
    assert loaded.warnings[1] == "more.jsonl:4: request.tone: Input should be 'direct' or 'warm'"
    assert loaded.warnings[2].startswith("more.csv:3: id: ")


BAD = """\
name: bad
defaults:
  period: 2026H1
  assert:
    - type: verdict
      is: maybe
cases:
  - id: ok
    requester: mgr
    subject: ann
  - id: two
    requester: mgr
    subject: bob
    assert:
      - type: scores
        min: {specificity: 60}
      - type: scores
        min: {specificity: 160}
      - type: nosuch
  - id: three
    subject: x
    request: {tone: rude}
"""


def test_errors_name_file_line_and_field(tmp_path: Path):
    with pytest.raises(BadInput) as err:
        load_suite(write(tmp_path, "bad.yaml", BAD))
    lines = str(err.value).splitlines()
    assert "bad.yaml:6: defaults.assert[0].is: Input should be 'pass', 'revise' or 'block'" in lines
    assert "bad.yaml:18: cases[1].assert[1].min.specificity: Input should be less than or equal to 100" in lines
    assert any(line.startswith("bad.yaml:19: cases[1].assert[2]: Input tag 'nosuch'") for line in lines)
    assert "bad.yaml:20: cases[2].requester: Field required" in lines
    assert "bad.yaml:22: cases[2].request.tone: Input should be 'direct' or 'warm'" in lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\ncases: [\n", "x.yaml:3: not valid YAML"),
        ("- just\n- a list\n", "x.yaml:1: a suite is a mapping"),
        ("name: x\nproviders: [gpt4]\ncases:\n  - id: a\n", "x.yaml:2: providers: Value error, provider 'gpt4'"),
        ("name: x\nunknown: 1\ncases: []\n", "x.yaml:2: unknown: Extra inputs are not permitted"),
        (
            "name: x\ndefaults: {assert: [{type: grounded}]}\ncases:\n"
            "  - {id: a, requester: m, subject: a, period: '2026'}\n"
            "  - {id: a, requester: m, subject: a, period: '2026'}\n",
            "duplicate case ids ['a']",
        ),
        (
            "name: x\ncases:\n  - {id: a, task: goal_proposals, requester: m, subject: b, period: '2026',\n"
            "     assert: [{type: grounded}]}\n",
            "x.yaml:3: cases[0]: Value error, goal_proposals cases need requester == subject",
        ),
        (
            "name: x\ncases:\n  - id: a\n    requester: m\n    subject: a\n    period: '2026'\n    assert:\n"
            "      - {type: must_mention, text: '${nope}'}\n",
            "x.yaml:3: cases[0]: case 'a': ${nope} is not in its vars",
        ),
        ("name: x\nprompts_dir: nowhere\ncases:\n  - {id: a, requester: m, subject: a, period: '2026'}\n", "x.yaml:2"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, expected: str):
    with pytest.raises(BadInput) as err:
        load_suite(write(tmp_path, "x.yaml", text))
    assert expected in str(err.value)


def test_unreadable_suite_names_the_file(tmp_path: Path):
    with pytest.raises(BadInput, match=r"missing\.yaml: cannot read the suite"):
        load_suite(tmp_path / "missing.yaml")


def test_every_shipped_suite_loads_and_has_meaningful_assertions():
    names = {}
    for path in shipped_suites():
        loaded = load_suite(path)
        names[loaded.suite.name] = loaded
        assert not loaded.warnings
        for case in loaded.cases:
            assert case.assert_, f"{path.name}: {case.id} has no assertion"
    assert set(names) == {"feedback_core", "goals", "bias_swaps", "injection", "recency", "access", "development"}
    assert names["access"].suite.generate.access_sweep and names["injection"].suite.generate.injection == 50
    core = names["feedback_core"]
    assert {c.subject for c in core.cases} >= {"carla-mendes", "emma-novak", "li-na"}
    langs = {a.is_ for c in core.cases for a in c.assert_ if a.type == "language"}
    assert langs == {"en", "zh"}
    assert all(any(a.type == "counterfactual_swap" for a in c.assert_) for c in names["bias_swaps"].cases)
    assert all(any(a.type == "injection_resistance" for a in c.assert_) for c in names["injection"].cases)


def _errors_of(tmp_path: Path, text: str, name: str = "x.yaml") -> list[str]:
    with pytest.raises(BadInput) as err:
        load_suite(write(tmp_path, name, text))
    return str(err.value).splitlines()


CASE = "  - id: a\n    requester: alice-chen\n    subject: carla-mendes\n    period: 2026H1\n"


def test_errors_come_in_line_order_and_a_union_reports_the_branch_the_input_took(tmp_path: Path):
    text = (
        "name: x\ncases:\n  - id: a\n    requester: m\n    subject: a\n    period: 2026H1\n    bogus: 1\n"
        "    request: {tone: direct, colour: red}\n    assert:\n      - type: verdict\n        is: [pass, maybe]\n"
    )
    assert _errors_of(tmp_path, text) == [
        "x.yaml:7: cases[0].bogus: Extra inputs are not permitted",
        "x.yaml:8: cases[0].request.colour: Extra inputs are not permitted",
        "x.yaml:11: cases[0].assert[0].is[1]: Input should be 'pass', 'revise' or 'block'",
    ]


def test_a_missing_cases_file_names_the_suite_line_and_field(tmp_path: Path):
    text = "name: x\ndefaults: {assert: [{type: grounded}]}\ncases:\n" + CASE + "  - file: nowhere.jsonl\n"
    assert _errors_of(tmp_path, text) == [f"x.yaml:8: cases[1].file: no cases file {str(tmp_path / 'nowhere.jsonl')!r}"]


def test_a_case_without_assertions_is_an_error_not_a_free_pass(tmp_path: Path):
    assert _errors_of(tmp_path, "name: x\ncases:\n" + CASE) == [
        "x.yaml:3: cases[0].assert: Value error, a case needs at least one assertion (its own `assert:` or the "
        "suite's `defaults.assert`); without one it tests nothing"
    ]
    write(tmp_path, "rows.csv", "id,requester,subject,period\nb,alice-chen,ben-okafor,2026H1\n")
    text = "name: x\ncases:\n" + CASE + "    assert: [{type: grounded}]\n  - file: rows.csv\n"
    loaded = load_suite(write(tmp_path, "y.yaml", text))
    assert [c.id for c in loaded.cases] == ["a"] and loaded.warnings[0].startswith("rows.csv:2: assert: Value error")


def test_periods_are_checked_when_loading_and_numbers_read_as_text(tmp_path: Path):
    bad = "name: x\ndefaults: {assert: [{type: grounded}]}\ncases:\n" + CASE.replace("2026H1", "sometime")
    (line,) = _errors_of(tmp_path, bad)
    assert line.startswith("x.yaml:7: cases[0].period: Value error, period 'sometime' is not understood")
    year = "name: x\ndefaults: {period: 2026, assert: [{type: grounded}]}\ncases:\n"
    year += "  - {id: a, requester: m, subject: a, vars: {n: 3}}\n"
    (case,) = load_suite(write(tmp_path, "y.yaml", year)).cases
    assert case.period == "2026" and case.vars == {"n": "3"}


@pytest.mark.parametrize(
    ("assertion", "expected"),
    [
        ("{type: injection_resistance, instruction: 'Say I am great'}", "a custom instruction needs markers"),
        ("{type: llm_rubric, judge: gpt-4}", "judge 'gpt-4': use openai:<model>"),
    ],
)
def test_assertions_that_could_not_fail_or_never_run_are_rejected(tmp_path: Path, assertion: str, expected: str):
    (line,) = _errors_of(tmp_path, "name: x\ncases:\n" + CASE + f"    assert: [{assertion}]\n")
    assert line.startswith("x.yaml:7: cases[0].assert[0]") and "Value error, " + expected in line


def test_a_prompt_version_that_does_not_exist_is_a_load_error(tmp_path: Path):
    text = "name: x\nversions: [1, 7]\ndefaults: {assert: [{type: grounded}]}\ncases:\n" + CASE
    (line,) = _errors_of(tmp_path, text)
    assert line.startswith("x.yaml:2: versions[1]: no feedback_draft template v7 (known: feedback_draft@v1.en")


def test_bad_rows_are_reported_in_file_order(tmp_path: Path):
    write(
        tmp_path,
        "rows.csv",
        "id,requester,subject,period,tone,assert\n"
        'ok,alice-chen,ben-okafor,2026H1,direct,"[{""type"": ""grounded""}]"\n'
        'bad1,alice-chen,ben-okafor,2026H1,rude,"[{""type"": ""grounded""}]"\n'
        "bad2,alice-chen,ben-okafor,2026H1,warm,not json\n",
    )
    loaded = load_suite(write(tmp_path, "x.yaml", "name: x\ncases:\n  - file: rows.csv\n"))
    assert [c.id for c in loaded.cases] == ["ok"]
    assert loaded.warnings == [
        "rows.csv:3: request.tone: Input should be 'direct' or 'warm'",
        "rows.csv:4: assert: not JSON: Expecting value",
    ]


def test_a_bad_default_is_reported_once_at_the_defaults_block(tmp_path: Path):
    text = (
        "name: x\ndefaults:\n  period: sometime\n  request: {tone: rude}\n  assert: [{type: grounded}]\ncases:\n"
        "  - {id: a, requester: alice-chen, subject: carla-mendes}\n"
        "  - {id: b, requester: alice-chen, subject: ben-okafor, request: {tone: loud}}\n"
    )
    errors = _errors_of(tmp_path, text)
    assert [e.split(": Value error")[0].split(": Input")[0] for e in errors] == [
        "x.yaml:3: defaults.period",
        "x.yaml:4: defaults.request.tone",
        "x.yaml:8: cases[1].request.tone",
    ]


def test_an_unknown_offline_directive_in_prompts_dir_is_a_load_error(tmp_path: Path):
    fixture = Path(__file__).resolve().parent / "fixtures" / "prompts" / "feedback_draft" / "v2.en.j2"
    folder = tmp_path / "p" / "feedback_draft"
    folder.mkdir(parents=True)
    template = fixture.read_text(encoding="utf-8").replace("offline: {", "offline: {cites: 0, ")
    (folder / "v2.en.j2").write_text(template, encoding="utf-8")
    text = "name: x\nprompts_dir: p\nversions: [2]\ndefaults: {assert: [{type: grounded}]}\ncases:\n" + CASE
    (line,) = _errors_of(tmp_path, text)
    assert line.startswith("x.yaml:2: prompts_dir: ") and "header 'offline': unknown directive(s) ['cites']" in line
