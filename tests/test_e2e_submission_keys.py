# SPDX-License-Identifier: MPL-2.0
"""In a real browser: a wish sent, the back button and the same wish sent again is one wish."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TEST_PASSWORD, TeamFactory
from placematch.children.models import Wish
from placematch.children.tests.factories import CaseFactory
from placematch.core.idempotency import FIELD
from tests.browser import DESKTOP, wait_for_htmx

NOTICE = "Det er allerede gemt."
KEY = f"form[hx-post] input[name={FIELD}]"


@pytest.fixture
def case_url(municipality, make_user):
    caseworker = make_user(
        municipality, Role.CASEWORKER, team=TeamFactory(organisation=municipality)
    )
    case = CaseFactory(child__organisation=municipality, caseworkers=[caseworker])
    return caseworker, f"/children/cases/{case.pk}/wishes/"


@pytest.fixture
def no_script_page(browser: Browser, live_server) -> Iterator[Page]:
    """A browser without JavaScript: the wish form is a plain POST and a redirect."""
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server.url, locale="da-DK", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def fill_wish(page: Page) -> None:
    page.locator("[name=kind]").select_option("animals")
    page.locator("[name=text]").fill("En hund")
    page.locator("input[name=importance][value=high]").check()


@pytest.mark.e2e
def test_back_and_the_same_wish_again_is_one_wish(page, login, case_url):
    caseworker, url = case_url
    login(page, caseworker.username, TEST_PASSWORD)
    page.goto(url.replace("wishes/", ""))
    page.goto(url)
    first_key = page.locator(KEY).input_value()
    fill_wish(page)
    page.get_by_role("button", name="Gem ønsket").click()
    wait_for_htmx(page)
    expect(page.locator("#panel")).to_contain_text("En hund")
    # htmx saved without a navigation: back leaves the page, forward loads it again.
    page.go_back()
    page.go_forward()
    wait_for_htmx(page)
    # The page is fetched again with a new key and an empty form; the same wish typed again
    # is answered by the same-content rule.
    assert page.locator(KEY).input_value() != first_key
    fill_wish(page)
    page.get_by_role("button", name="Gem ønsket").click()
    wait_for_htmx(page)
    expect(page.locator("#panel")).to_contain_text(NOTICE)
    assert Wish.objects.filter(text="En hund").count() == 1


@pytest.mark.e2e
def test_without_javascript_back_and_resubmit_is_one_wish(no_script_page, login, case_url):
    page = no_script_page
    caseworker, url = case_url
    login(page, caseworker.username, TEST_PASSWORD)
    page.goto(url)
    first_key = page.locator(f"input[name={FIELD}]").input_value()
    fill_wish(page)
    page.get_by_role("button", name="Gem ønsket").click()
    page.wait_for_load_state()
    assert Wish.objects.filter(text="En hund").count() == 1
    page.go_back()
    page.wait_for_load_state()
    # Chromium fetches the form again (a new key) but puts the typed text back, so one more
    # click sends the same wish with a new key: the same-content rule answers it.
    assert page.locator(f"input[name={FIELD}]").input_value() != first_key
    assert page.locator("[name=text]").input_value() == "En hund"
    page.get_by_role("button", name="Gem ønsket").click()
    page.wait_for_load_state()
    expect(page.locator(".app-messages")).to_contain_text(NOTICE)
    assert Wish.objects.filter(text="En hund").count() == 1
