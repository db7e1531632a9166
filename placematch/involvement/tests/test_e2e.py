# SPDX-License-Identifier: MPL-2.0
"""In a real browser: the caseworker prints a link, a child opens it on a 375 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.involvement.tests import specs
from tests.browser import assert_accessible, screenshot

# Interactive elements a thumb must hit: at least 44 by 44 CSS pixels (WCAG 2.5.5).
SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
    'main a, main button, main input:not([type=hidden]), header a, header button'))
  .filter(el => el.offsetParent !== null)
  .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
  .filter(([html, r]) => r.height < 44 || r.width < 44)
  .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def assert_fits_a_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate(SMALL_TARGETS) == []


@pytest.mark.e2e
def test_a_caseworker_prints_a_link_and_a_child_opens_it_on_a_phone(
    page, phone_page, login, municipality, make_user
):
    caseworker = make_user(municipality, Role.CASEWORKER)
    subject = f"{municipality.pk}-1"
    login(page, caseworker.username, TEST_PASSWORD)
    page.goto(f"/l/issue/{specs.KEY}/{subject}/?recipient_label=Ida")
    assert_accessible(page, "Send et link: Dine svar")
    page.get_by_role("textbox", name="Pinkode (frivilligt)").fill("12")
    page.get_by_role("button", name="Lav linket").click()
    expect(page.locator(".form-error-message")).to_contain_text("4 til 8 cifre")
    page.get_by_role("textbox", name="Pinkode (frivilligt)").fill("4711")
    page.get_by_role("button", name="Lav linket").click()
    assert_accessible(page, "Dine svar")
    expect(page.locator(".involvement-qr svg")).to_have_count(1)
    screenshot(page, "involvement-handover")
    url = page.locator(".involvement-url").inner_text().strip()
    page.emulate_media(media="print")
    expect(page.locator(".header")).to_be_hidden()
    expect(page.locator(".involvement-no-print").first).to_be_hidden()
    screenshot(page, "involvement-handover-print")

    phone_page.goto(url)
    assert phone_page.url.endswith("/l/pin/")
    assert_accessible(phone_page, "Skriv din kode")
    assert_fits_a_phone(phone_page)
    phone_page.get_by_label("Kode").fill("1111")
    phone_page.get_by_role("button", name="Videre").click()
    expect(phone_page.locator(".form-error-message")).to_contain_text("Du kan prøve 4 gange mere")
    assert_accessible(phone_page, "Skriv din kode")
    screenshot(phone_page, "involvement-pin-phone")
    phone_page.get_by_label("Kode").fill("4711")
    phone_page.get_by_role("button", name="Videre").click()

    assert phone_page.url.endswith("/l/form/")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert token not in phone_page.url
    assert_accessible(phone_page, "Dine svar")
    assert_fits_a_phone(phone_page)
    screenshot(phone_page, "involvement-form-phone")
    phone_page.get_by_label("Dit svar").fill("Jeg vil bo tæt på min skole")
    phone_page.get_by_role("button", name="Gem").click()
    expect(phone_page.get_by_text("Det hørte vi.")).to_be_visible()
    assert specs.saved == [(specs.KEY, subject, "Jeg vil bo tæt på min skole")]

    phone_page.goto("/l/" + "A" * 43 + "/")
    assert_accessible(phone_page, "Linket virker ikke")
    assert_fits_a_phone(phone_page)
    expect(phone_page.locator("main")).to_contain_text("Spørg den voksne")
    screenshot(phone_page, "involvement-refused-phone")
