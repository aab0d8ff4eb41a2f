"""The web chat in a real browser: Playwright drives Debian's chromium against a real server on loopback.

Without chromium the tests skip, unless ``COACH_TEST_REQUIRE_BROWSER=1`` (CI) makes that a failure.
Screenshots of the main screens go to a temp dir, or to ``COACH_TEST_SCREENSHOTS_DIR`` (the README's are
made with ``COACH_TEST_SCREENSHOTS_DIR=docs/screenshots``; tests/conftest.py clears other ``COACH_*`` variables).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.chat.engine import ChatEngine
from assistant.core.container import Coach
from assistant.server.app import create_app
from assistant.server.limits import Limits
from assistant.server.runner import ServerThread
from assistant.server.signin import TokenStore
from assistant.server.testing import demo_coach

from conftest import database_for

pytestmark = pytest.mark.browser

DANIEL_Q3 = "Feedback for Daniel Park for 2026Q3, focus on collaboration"
LI_NA_ZH = "给李娜写一份第三季度的反馈，重点是协作"


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


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    return demo_coach(data_dir, database_url=database_for(data_dir))


@pytest.fixture(scope="module")
def tokens(coach: Coach) -> dict[str, str]:
    store = TokenStore(coach.sql)
    return {user: store.create(user, label="browser test")[1] for user in ("alice-chen", "wang-lei", "ben-okafor")}


@pytest.fixture(scope="module")
def server(coach: Coach) -> Iterator[ServerThread]:
    app = create_app(coach, engine=ChatEngine(coach), limits=Limits(rate_per_minute=60_000, burst=10_000))
    with ServerThread(app) as running:
        yield running


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("COACH_TEST_SCREENSHOTS_DIR")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser: Any, server: ServerThread) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="UTC")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(server.url)
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def sign_in(page: Any, token: str, name: str) -> None:
    from playwright.sync_api import expect

    page.fill("#token-input", token)
    page.click("#signin-button")
    expect(page.locator("#me")).to_contain_text(name)


def ask(page: Any, text: str) -> None:
    page.fill("#input", text)
    page.press("#input", "Enter")


def test_manager_drafts_in_english_opens_a_citation_revises_and_accepts(
    page: Any, tokens: dict[str, str], shots: Path
) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#signin-form")).to_be_visible()
    expect(page.locator("#signin-button")).to_have_text("Sign in")
    page.screenshot(path=str(shots / "chat-sign-in.png"))
    page.fill("#token-input", "coach_000000000000_wrong")
    page.click("#signin-button")
    expect(page.locator("#signin-error")).to_contain_text("not accepted")

    sign_in(page, tokens["alice-chen"], "Alice Chen")
    ask(page, DANIEL_Q3)
    card = page.locator(".draft-card.kind-draft")
    expect(card).to_be_visible()
    expect(card.locator(".card-head h3")).to_contain_text("Daniel Park")
    expect(card.locator(".verdict")).to_be_visible()
    for dimension in ("specificity", "balance", "bias", "grounding"):
        expect(card.locator(f'.score[data-dimension="{dimension}"]')).to_be_visible()
    expect(card.locator(".coverage .col")).to_have_count(3)
    assert card.locator(".statement .cite").count() >= 3

    page.locator("#messages").evaluate("el => { el.scrollTop = 0; }")
    page.screenshot(path=str(shots / "chat-english-draft.png"))

    card.locator(".statement .cite").first.click()
    expect(page.locator("#panel .event-title")).not_to_be_empty()
    expect(page.locator("#panel .event-description")).not_to_be_empty()
    page.screenshot(path=str(shots / "chat-cited-event.png"))
    page.click("#panel-close")
    expect(page.locator("#panel")).to_be_hidden()

    ask(page, "make it more direct")
    revision = page.locator(".draft-card.kind-revision")
    expect(revision).to_be_visible()
    expect(revision.locator(".card-head h3")).to_contain_text("Revised draft")
    revision.locator('.actions [data-action="accept"]').click()
    expect(page.locator(".notice.accepted")).to_be_visible()

    page.click("#new-chat")
    ask(page, "Feedback for 李娜 for 2026Q3")
    refusal = page.locator(".notice.refusal")
    expect(refusal).to_be_visible()
    expect(refusal).not_to_contain_text("李娜")
    page.screenshot(path=str(shots / "chat-refusal.png"))

    page.locator("#sessions li", has_text="Feedback for Daniel Park").first.locator("button").click()
    expect(page.locator(".draft-card.kind-revision")).to_be_visible()
    expect(page.locator(".msg.user").first).to_have_text(DANIEL_Q3)


def test_chinese_manager_gets_a_chinese_draft(page: Any, tokens: dict[str, str], shots: Path) -> None:
    from playwright.sync_api import expect

    sign_in(page, tokens["wang-lei"], "王磊")
    expect(page.locator("#new-chat")).to_have_text("+ 新对话")  # the UI follows the user's language
    ask(page, LI_NA_ZH)
    card = page.locator(".draft-card.kind-draft")
    expect(card).to_be_visible()
    expect(card).to_have_attribute("lang", "zh-CN")
    expect(card.locator(".card-head h3")).to_contain_text("李娜")
    expect(card.locator(".section h4").first).to_have_text("优势")
    assert card.locator(".statement .cite").count() >= 2
    page.locator("#messages").evaluate("el => { el.scrollTop = 0; }")
    page.screenshot(path=str(shots / "chat-chinese-draft.png"))

    page.click(".topbar .lang-toggle")
    expect(page.locator("#new-chat")).to_have_text("+ New chat")


def test_employee_sees_only_themself_and_is_refused_about_a_peer(
    page: Any, tokens: dict[str, str], shots: Path
) -> None:
    from playwright.sync_api import expect

    sign_in(page, tokens["ben-okafor"], "Ben Okafor")
    expect(page.locator("#people li")).to_have_count(1)
    expect(page.locator("#people li")).to_have_attribute("data-person-id", "ben-okafor")
    me = page.evaluate(
        "async (token) => (await fetch('/api/me', {headers: {Authorization: 'Bearer ' + token}})).json()",
        tokens["ben-okafor"],
    )
    assert [p["id"] for p in me["people"]] == ["ben-okafor"]

    ask(page, "Help me brainstorm my goals for 2026H2")
    goals = page.locator(".draft-card.kind-goals")
    expect(goals).to_be_visible()
    expect(goals.locator(".goal").first).to_be_visible()
    expect(goals.locator(".card-head h3")).to_contain_text("Ben Okafor")

    ask(page, "Feedback for Carla Mendes for 2026Q3")
    refusal = page.locator(".notice.refusal")
    expect(refusal).to_be_visible()
    expect(refusal).not_to_contain_text("Carla")
    page.screenshot(path=str(shots / "chat-employee-view.png"))


def test_employee_disputes_an_event_on_the_receipt_page_and_the_manager_sees_it_flagged(
    browser: Any, server: ServerThread, coach: Coach, tokens: dict[str, str], shots: Path
) -> None:
    from datetime import date

    from playwright.sync_api import expect

    from assistant.drafting.signals import team_signals

    team_signals(coach, "alice-chen", today=date(2026, 11, 30))  # shown to Alice: now on Carla's receipt
    store = TokenStore(coach.sql)
    carla_token = store.create("carla-mendes", label="browser test")[1]

    def open_page(token: str, name: str) -> tuple[Any, Any]:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="UTC")
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(server.url)
        sign_in(tab, token, name)
        tab.click("#receipt-link")
        expect(tab.locator("#me")).to_contain_text(name)
        return context, (tab, errors)

    context, (tab, errors) = open_page(carla_token, "Carla Mendes")
    item = tab.locator(".receipt-item").filter(has_text="signal")
    expect(item.first).to_contain_text("Alice Chen")
    row = tab.locator(".receipt-event[data-event='ev-carla-mendes-067']").first
    expect(row).to_contain_text("Wrote the on-call runbook for payments-api")
    row.locator(".dispute-button").click()
    tab.fill(".dispute-form .dispute-reason", "I co-wrote this runbook with Daniel; he did half of the alerts.")
    tab.click(".dispute-form button[type=submit]")
    expect(tab.locator(".receipt-event[data-event='ev-carla-mendes-067']").first).to_contain_text("Disputed: open")
    expect(tab.locator("#disputes .dispute[data-event='ev-carla-mendes-067']")).to_contain_text("co-wrote")
    tab.screenshot(path=str(shots / "receipt-employee.png"))
    context.close()
    assert errors == []

    context, (tab, errors) = open_page(tokens["alice-chen"], "Alice Chen")
    flagged = tab.locator("#disputes .dispute[data-event='ev-carla-mendes-067']")
    expect(flagged).to_contain_text("open")
    expect(flagged).to_contain_text("Carla Mendes")
    tab.screenshot(path=str(shots / "receipt-manager.png"))
    context.close()
    assert errors == []
    ids = [d.event_id for d in coach.growth.disputes(["carla-mendes"], status="open")]
    assert ids == ["ev-carla-mendes-067"]
