# SPDX-License-Identifier: MPL-2.0
"""In a real browser: the caseworker builds the case, the child and a parent answer by link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TEST_PASSWORD, TeamFactory
from tests.browser import assert_accessible, screenshot, wait_for_htmx

SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
    'main a, main button, main input:not([type=hidden]), main textarea'))
  .filter(el => el.offsetParent !== null || el.type === 'radio')
  .map(el => [el.outerHTML.slice(0, 80),
              (el.type === 'radio' ? el.nextElementSibling : el).getBoundingClientRect()])
  .filter(([html, r]) => r.height < 44 || r.width < 44)
  .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def assert_fits_a_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate(SMALL_TARGETS) == []


def create_child_and_case(page: Page) -> str:
    page.goto("/children/")
    assert_accessible(page, "Børn og sager")
    page.get_by_role("link", name="Opret barn og sag").click()
    assert_accessible(page, "Nyt barn og ny sag")
    page.get_by_label("Fornavn").fill("Alma")
    page.get_by_label("Efternavn").fill("Eksempelsen")
    page.get_by_label("Fødselsdato").fill("2013-04-02")
    page.get_by_label("Kommunalt sagsnummer").fill("901-E2E")
    page.get_by_label("Postnummer for bopælen").fill("0999")
    page.get_by_label("Dato kommunen blev opmærksom på barnet").fill("2025-01-10")
    page.get_by_role("button", name="Opret barnet og sagen").click()
    expect(page.locator(".alert-error")).to_contain_text("0999 er ikke et dansk postnummer")
    assert_accessible(page, "Nyt barn og ny sag")
    page.get_by_label("Postnummer for bopælen").fill("8000")
    page.get_by_role("button", name="Opret barnet og sagen").click()
    assert_accessible(page, "Alma Eksempelsen")
    return page.url


def record_assessment_and_mother(page: Page, overview: str) -> None:
    page.get_by_role("link", name="Registrér en ny vurdering").click()
    assert_accessible(page, "Ny version af vurderingen")
    page.get_by_label("Sundhedsforhold").select_option("light")
    page.get_by_label("Udvikling og adfærd").select_option("high")
    page.get_by_label("ADHD").check()
    page.get_by_label("Barnets ressourcer").fill("Glad for at tegne")
    screenshot(page, "children-assessment-form")
    page.get_by_role("button", name="Gem som ny version").click()
    assert_accessible(page, "Versioner af vurderingen")
    page.get_by_role("link", name="Personer og søskende").click()
    assert_accessible(page, "Personer omkring barnet")
    page.get_by_label("Navn", exact=True).fill("Bodil Eksempelsen")
    page.get_by_label("Relation til barnet").fill("Mor")
    page.get_by_role("button", name="Tilføj personen").click()
    wait_for_htmx(page)
    expect(page.locator("#panel")).to_contain_text("Bodil Eksempelsen")
    page.get_by_role("button", name="Tilføj søskende").click()
    wait_for_htmx(page)
    expect(page.locator("#panel")).to_contain_text("Skriv begrundelsen for at adskille dem")
    assert_accessible(page, "Personer omkring barnet")
    page.goto(overview)
    assert_accessible(page, "Alma Eksempelsen")
    expect(page.locator(".children-chart svg")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Adfærdsproblemer")
    screenshot(page, "children-overview")


def send_link(page: Page, section: str, button: str) -> str:
    page.locator(section).get_by_role("button", name=button).click()
    url = page.locator(".involvement-url").inner_text().strip()
    assert "/l/" in url
    return url


@pytest.mark.e2e
def test_the_child_and_a_parent_answer_and_the_caseworker_sees_corrections(
    page, phone_page, login, municipality, make_user
):
    caseworker = make_user(
        municipality, Role.CASEWORKER, team=TeamFactory(organisation=municipality)
    )
    login(page, caseworker.username, TEST_PASSWORD)
    overview = create_child_and_case(page)
    record_assessment_and_mother(page, overview)

    # The child's link, on a 375 px phone.
    url = send_link(page, "section[aria-labelledby=wishes-h]", "Send et link")
    assert_accessible(page, "Dine ønsker")
    phone_page.goto(url)
    assert phone_page.url.endswith("/l/form/")
    assert_accessible(phone_page, "Dine ønsker")
    assert_fits_a_phone(phone_page)
    expect(phone_page.locator("main")).to_contain_text("Det er ikke en hemmelighed")
    screenshot(phone_page, "children-link-start-phone")
    phone_page.get_by_role("link", name="Start").click()
    assert_accessible(phone_page, "Hvad med skolen?")
    assert_fits_a_phone(phone_page)
    phone_page.get_by_role("group", name="Vil du blive på din skole?").get_by_text(
        "Ja, jeg vil blive"
    ).click()
    phone_page.locator("#id_text").fill("Jeg vil blive på min skole")
    phone_page.get_by_text("Meget vigtigt").click()
    screenshot(phone_page, "children-link-question-phone")
    phone_page.get_by_role("button", name="Næste").click()
    assert_accessible(phone_page, "Dine venner")
    phone_page.get_by_label("Hvem er dine venner?").fill("Sofus fra klassen")
    phone_page.get_by_role("button", name="Næste").click()
    for heading in ("Bror og søster", "Dyr", "By eller land", "Tæt på hvem?",
                    "Er der noget, du er bange for?", "Hvad er du god til?"):  # fmt: skip
        assert_accessible(phone_page, heading)
        phone_page.get_by_role("link", name="Spring over").click()
    assert_accessible(phone_page, "Det har vi hørt")
    assert_fits_a_phone(phone_page)
    first, second = phone_page.locator("fieldset.children-heard").all()
    first.get_by_text("Ja, det er rigtigt").click()
    second.get_by_text("Nej, det skal rettes").click()
    phone_page.get_by_role("button", name="Send").click()
    expect(phone_page.locator(".alert-error")).to_be_visible()
    assert_accessible(phone_page, "Det har vi hørt")
    second = phone_page.locator("fieldset.children-heard").nth(1)
    second.get_by_label("Skriv, hvad der er rigtigt").fill("Sofus og Asta fra klassen")
    screenshot(phone_page, "children-link-heard-phone")
    phone_page.get_by_role("button", name="Send").click()
    assert_accessible(phone_page, "Tak")

    # The parent's link.
    page.goto(overview)
    url = send_link(page, "section[aria-labelledby=parents-h]", "Send et link")
    phone_page.goto(url)
    assert_accessible(phone_page, "Dit syn på sagen")
    assert_fits_a_phone(phone_page)
    expect(phone_page.locator("main")).not_to_contain_text("Sofus")
    phone_page.get_by_role("link", name="Start").click()
    assert_accessible(phone_page, "Hvad mener du?")
    phone_page.get_by_label("Hvordan vil du gerne se dit barn").fill("Hver weekend")
    phone_page.get_by_role("button", name="Næste").click()
    assert_accessible(phone_page, "Det har vi hørt")
    expect(phone_page.locator("main")).not_to_contain_text("Sofus")
    phone_page.get_by_text("Nej, noget skal rettes").click()
    phone_page.get_by_label("Hvad skal vi rette?").fill("Hver anden weekend")
    screenshot(phone_page, "children-parent-heard-phone")
    phone_page.get_by_role("button", name="Send").click()
    assert_accessible(phone_page, "Tak")

    page.goto(overview)
    assert_accessible(page, "Alma Eksempelsen")
    main = page.locator("main")
    expect(main).to_contain_text("Sofus og Asta fra klassen")
    expect(main).to_contain_text("Hver anden weekend")
    screenshot(page, "children-overview-after")
