"""The eval report in a real browser (Playwright + Debian's chromium): filters, search, drafts side by side,
and a label made in the page is saved and shows in the next run's report.

Skips without chromium unless ``COACH_TEST_REQUIRE_BROWSER=1`` (CI), like tests/test_browser.py.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evals.compare import runs_dir
from evals.labels import load_label_file, read_labels
from evals.outputs import save_run_labels, write_run
from evals.runner import RunOptions, run_suite
from evals.suite import load_suite

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
REGRESSION = REPO / "tests" / "fixtures" / "evals" / "regression.yaml"


def _unavailable(reason: str) -> None:
    if os.environ.get("COACH_TEST_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here (COACH_TEST_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        _unavailable("chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


def _run(coach: Any, cache: Path) -> dict[str, Any]:
    doc = run_suite(coach, load_suite(REGRESSION), RunOptions(cache_dir=cache))
    write_run(doc, coach.settings.data_dir, labels=read_labels(coach.settings.data_dir, suite=doc["suite"]["name"]))
    return doc


def test_filter_search_side_by_side_and_a_label_saved_shows_in_the_next_report(browser, demo_coach, tmp_path):
    from playwright.sync_api import expect

    from assistant.server.eval_review import create_review_app
    from assistant.server.runner import ServerThread

    first = _run(demo_coach, tmp_path / "cache")
    app = create_review_app(demo_coach, first["run_id"], "tok-123")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with ServerThread(app) as server:
        assert page.goto(server.url + "/?token=wrong").status == 403
        page.goto(server.url + "/?token=tok-123")
        results = page.locator("article.pane:not([data-baseline])")
        expect(results).to_have_count(6)
        expect(page.locator("#f-count")).to_contain_text("showing 6 of 6")
        # filter by status: only the three failing v2 drafts stay
        page.click("#status-filter [data-status=fail]")
        expect(page.locator("#f-count")).to_contain_text("showing 3 of 6")
        expect(page.locator("article.pane[data-status=pass]").first).to_be_hidden()
        expect(page.locator("tr.mrow")).to_have_count(3)
        page.click("#status-filter [data-status=all]")
        # by version, by provider, by case, by assertion (the rate row)
        page.select_option("#f-version", "1")
        expect(page.locator("#f-count")).to_contain_text("showing 3 of 6")
        page.select_option("#f-version", "")
        page.select_option("#f-case", "zh-li-na")
        expect(page.locator("#f-count")).to_contain_text("showing 2 of 6")
        expect(page.locator("section.case-block[data-case=en-daniel]")).to_be_hidden()
        page.select_option("#f-case", "")
        page.click("#status-filter [data-status=fail]")
        page.click("tr.rate-row[data-assertion='verdict is pass']")
        expect(page.locator("#f-count")).to_contain_text("showing 3 of 6")
        page.click("tr.rate-row[data-assertion='verdict is pass']")
        page.click("#status-filter [data-status=all]")
        # search the draft text (English and Chinese)
        page.fill("#f-search", "great team player")
        expect(page.locator("#f-count")).to_contain_text("showing 2 of 6")  # the hedged v2 drafts in English
        page.fill("#f-search", "沟通能力")
        expect(page.locator("#f-count")).to_contain_text("showing 1 of 6")
        page.fill("#f-search", "")
        # side by side: both versions of a case, the second's changes marked, findings at their spans
        daniel = page.locator("section.case-block[data-case=en-daniel] article.pane")
        expect(daniel).to_have_count(2)
        v2 = page.locator("article.pane[data-key='en-daniel|v2|offline|0']")
        assert v2.locator(".draft ins").count() > 0 and v2.locator(".draft del").count() > 0
        assert v2.locator(".draft mark").count() >= 3
        expect(v2.locator("header")).to_contain_text("differs from the first draft")
        # a failure links to its draft
        page.click("section.failure[data-key='en-daniel|v2|offline|0'] a.to-draft")
        assert page.evaluate("location.hash") == "#r-en-daniel-v2-offline-0"
        # label it: disagree, the first finding is a false alarm, a missed span, a comment; save
        v2.locator("[data-verdict=disagree]").click()
        v2.locator("ol.findings li[data-f='1'] [data-judge=wrong]").click()
        page.fill("#reviewer", "Wang HR")
        page.dispatch_event("#reviewer", "change")
        v2.locator("textarea").fill("v2 is vague, but this flag is wrong")
        v2.locator(".save-label").click()
        expect(v2.locator(".saved")).to_contain_text("saved")
    stored = read_labels(demo_coach.settings.data_dir, run_id=first["run_id"])
    assert len(stored) == 1 and stored[0].verdict == "disagree" and stored[0].reviewer == "Wang HR"
    assert stored[0].findings[0].judgement == "wrong"
    assert errors == []

    # the next run (all cached, same drafts) shows the label and counts the flipped verdict
    second = _run(demo_coach, tmp_path / "cache")
    assert second["summary"]["cache_hits"] == 6 and second["labels"]["reviewed"] == 1
    assert second["labels"]["flipped"][0]["human_status"] == "pass"
    report = runs_dir(demo_coach.settings.data_dir) / second["run_id"] / "report.html"
    page.goto(report.as_uri())
    pane = page.locator("article.pane[data-key='en-daniel|v2|offline|0']")
    expect(pane.locator(".label-existing")).to_contain_text("v2 is vague, but this flag is wrong")
    expect(pane.locator(".label-existing")).to_contain_text(f"labelled in run {first['run_id']}")
    expect(page.locator("#flipped")).to_contain_text("1")
    page.click("#status-filter [data-status=labelled]")
    expect(page.locator("#f-count")).to_contain_text("showing 1 of 6")
    page.click("#status-filter [data-status=all]")

    # the static file: a label is kept in the browser, downloaded, and imported with `coach eval label --import`
    carla = page.locator("article.pane[data-key='en-carla|v1|offline|0']")
    carla.locator("[data-verdict=agree]").click()
    carla.locator(".save-label").click()
    expect(page.locator("#download-labels")).to_be_visible()
    with page.expect_download() as info:
        page.click("#download-labels")
    path = tmp_path / "labels.json"
    info.value.save_as(path)
    labels = load_label_file(path)
    assert [(lb.case_id, lb.verdict, lb.run_id) for lb in labels] == [("en-carla", "agree", second["run_id"])]
    doc = json.loads((runs_dir(demo_coach.settings.data_dir) / second["run_id"] / "results.json").read_text())
    save_run_labels(demo_coach, doc, labels)
    assert len(read_labels(demo_coach.settings.data_dir, run_id=second["run_id"])) == 1
    assert errors == []
    context.close()
