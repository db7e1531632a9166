# SPDX-License-Identifier: MPL-2.0
"""In a real browser: log in through the login page, switch language, no axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from placematch.accounts.tests.factories import TEST_PASSWORD
from tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_language_switch_and_dashboard_are_accessible(page, login, caseworker):
    page.goto("/login/")
    assert_accessible(page, "Log ind")
    screenshot(page, "login-desktop")

    # A wrong password gives a clear message and keeps the user on the page.
    page.get_by_label("Brugernavn").fill(caseworker.username)
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text("Brugernavn eller adgangskode er forkert")
    assert_accessible(page, "Log ind")

    login(page, caseworker.username, TEST_PASSWORD)
    assert_accessible(page, f"Velkommen, {caseworker.first_name}")
    expect(page.locator("header")).to_contain_text("Ådalen Kommune (fiktiv)")
    screenshot(page, "dashboard-desktop")

    page.get_by_role("button", name="English").click()
    assert_accessible(page, f"Welcome, {caseworker.first_name}")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Dansk").click()
    assert_accessible(page, f"Velkommen, {caseworker.first_name}")

    page.get_by_role("button", name="Log ud").click()
    assert_accessible(page, "Log ind")
    expect(page.get_by_role("status")).to_contain_text("Du er logget ud")


def test_login_form_works_with_the_keyboard_alone(page, caseworker):
    page.goto("/login/")
    # The user-name field has focus on arrival; the focus ring is visible.
    assert page.evaluate("document.activeElement.id") == "id_username"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.type(caseworker.username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Velkommen, {caseworker.first_name}")
    # From the top of a page, the first Tab reaches the skip link.
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Gå til sidens indhold"


def test_phone_width_login_and_dashboard_fit_the_screen(phone_page, login, caseworker):
    phone_page.goto("/login/")
    assert_accessible(phone_page, "Log ind")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "login-phone")
    login(phone_page, caseworker.username, TEST_PASSWORD)
    assert_accessible(phone_page, f"Velkommen, {caseworker.first_name}")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "dashboard-phone")
