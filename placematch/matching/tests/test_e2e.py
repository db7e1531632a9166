# SPDX-License-Identifier: MPL-2.0
"""Browser journey: a caseworker asks two places; one says no with a reason, the other sees only
the first-stage profile and says yes with support; the caseworker shares more and the place sees
the second stage. Every page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from matchengine.vocab import Dimension
from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.matching.models import Inquiry
from tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def journey(transactional_db, world):
    return world


def logout(page: Page) -> None:
    page.context.clear_cookies()


def test_inquiry_journey(page, phone_page, login, journey):
    world = journey
    child = world["child"]
    login(page, world["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/matching/cases/{world['case'].pk}/inquiries/")
    assert_accessible(page, "Forespørgsler til anbringelsessteder")

    # Bad input first: nothing chosen, nothing ticked → clear messages, nothing sent.
    page.get_by_role("button", name="Send forespørgslen").click()
    assert_accessible(page, "Forespørgsler til anbringelsessteder")
    expect(page.get_by_text("Intet blev gemt. Ret venligst følgende:")).to_be_visible()
    expect(page.get_by_text("Vælg mindst ét anbringelsessted").first).to_be_visible()
    expect(page.get_by_text("Sæt kryds, når forældrene har fået besked").first).to_be_visible()
    assert not Inquiry.objects.exists()

    page.get_by_label("Søg efter anbringelsessteder").fill("Prøvesen")
    page.get_by_role("button", name="Søg", exact=True).click()
    assert_accessible(page, "Forespørgsler til anbringelsessteder")
    expect(page.get_by_label("Opholdsstedet Lyngly (fiktiv): Lyngly afdeling A")).to_have_count(0)
    page.goto(f"/matching/cases/{world['case'].pk}/inquiries/")
    page.get_by_label("Plejefamilien Prøvesen (fiktiv): Plejefamilie Prøvesen").check()
    page.get_by_label("Opholdsstedet Lyngly (fiktiv): Lyngly afdeling A").check()
    page.get_by_label("Hjemmel for at sende profilen").select_option("necessary")
    page.get_by_label("Forældrene har fået besked om, at vi spørger disse steder").check()
    page.get_by_label("Dato hvor forældrene fik besked").fill("2026-01-05")
    page.get_by_label("Barnet har fået besked om, at vi spørger disse steder").check()
    page.get_by_label("Dato hvor barnet fik besked").fill("2026-01-06")
    screenshot(page, "matching-send")
    page.get_by_role("button", name="Send forespørgslen").click()
    expect(page.get_by_text("Forespørgslen er sendt til 2 steder.")).to_be_visible()
    assert_accessible(page, "Forespørgsler til anbringelsessteder")
    family_inquiry = Inquiry.objects.get(place=world["place"])
    home_inquiry = Inquiry.objects.get(place=world["other_place"])

    # The residential home says no, with a reason code.
    logout(page)
    login(page, world["other_staff"].username, TEST_PASSWORD)
    page.goto("/matching/provider/inquiries/")
    assert_accessible(page, "Forespørgsler fra kommuner")
    page.get_by_role("link", name=f"Forespørgsel {home_inquiry.pk}").click()
    assert_accessible(page, f"Forespørgsel {home_inquiry.pk}")
    page.get_by_label("Nej", exact=True).check()
    page.get_by_role("button", name="Send svaret").click()
    assert_accessible(page, f"Forespørgsel {home_inquiry.pk}")  # the error page too
    expect(page.get_by_text("Vælg, hvorfor I siger nej").first).to_be_visible()
    page.get_by_label("Hvorfor ikke?").select_option("no_capacity")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Tak. Jeres svar er sendt til kommunen.")).to_be_visible()
    assert_accessible(page, f"Forespørgsel {home_inquiry.pk}")

    # The foster family sees only the first stage and says yes, with support.
    logout(page)
    login(page, world["staff"].username, TEST_PASSWORD)
    page.goto(f"/matching/provider/inquiries/{family_inquiry.pk}/")
    assert_accessible(page, f"Forespørgsel {family_inquiry.pk}")
    content = page.content()
    for text in (child.first_name, child.last_name, child.case_number, child.school_name):
        assert text not in content
    expect(page.get_by_text("Brandstiftelse")).to_be_visible()
    expect(page.get_by_role("heading", name="Mere om barnet (andet trin)")).to_have_count(0)
    screenshot(page, "matching-provider-stage1")
    for dimension in Dimension:
        choice = 1 if dimension is Dimension.SAFE_CARE else 0
        page.locator(f"label[for='id_dim_{dimension.value}_{choice}']").click()
    page.get_by_label("Støtte I har brug for").fill("Supervision fra en døgninstitution hver uge")
    page.get_by_label("Jeres vurdering af matchet").fill("Vi har erfaring med ADHD.")
    page.get_by_label("Ja, med støtte").check()
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Tak. Jeres svar er sendt til kommunen.")).to_be_visible()
    assert_accessible(page, f"Forespørgsel {family_inquiry.pk}")

    # The caseworker reads the answers and chooses to share more with the family.
    logout(page)
    login(page, world["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/matching/cases/{world['case'].pk}/inquiries/")
    expect(page.get_by_text("Afslået")).to_be_visible()
    page.get_by_role("link", name="Plejefamilien Prøvesen (fiktiv): Plejefamilie Prøvesen").click()
    assert_accessible(page, "Forespørgsel til Plejefamilie Prøvesen")
    expect(page.locator("td[data-answer-dimension='safe_care']")).to_have_text("Med støtte")
    screenshot(page, "matching-caseworker-answer")
    page.get_by_role("button", name="Del mere med stedet").click()
    expect(page.get_by_text("Stedet kan nu se mere om barnet (andet trin).")).to_be_visible()
    assert_accessible(page, "Forespørgsel til Plejefamilie Prøvesen")
    page.goto("/matching/inquiries/")
    assert_accessible(page, "Forespørgsler til anbringelsessteder")

    # The family now sees the second stage, also on a phone.
    logout(page)
    login(phone_page, world["staff"].username, TEST_PASSWORD)
    phone_page.goto(f"/matching/provider/inquiries/{family_inquiry.pk}/")
    assert_accessible(phone_page, f"Forespørgsel {family_inquiry.pk}")
    expect(phone_page.locator("[data-field='first_name']")).to_have_text(child.first_name)
    expect(phone_page.get_by_text("Balder")).to_be_visible()
    assert child.last_name not in phone_page.content()
    assert child.case_number not in phone_page.content()
    screenshot(phone_page, "matching-provider-stage2-phone")
    phone_page.goto("/matching/provider/figures/")
    assert_accessible(phone_page, "Tal om vores svar")


def test_figures_page_for_a_team_leader_is_accessible(page, login, journey):
    login(page, journey["team_leader"].username, TEST_PASSWORD)
    page.goto("/matching/inquiries/figures/")
    assert_accessible(page, "Tal om forespørgsler")
    screenshot(page, "matching-figures")
