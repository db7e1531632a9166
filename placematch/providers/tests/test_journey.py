# SPDX-License-Identifier: MPL-2.0
"""Browser journey: a provider updates a capacity level and declares a vacancy; a caseworker
sees the change. Every page visited passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime
import io

import pytest
from playwright.sync_api import expect

from matchengine.vocab import PlaceType
from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.providers.models import Authority, SupportArrangement
from placematch.providers.tests.factories import (
    ApprovalFactory,
    InstitutionFactory,
    PlaceFactory,
    ProviderFactory,
)
from tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def world(transactional_db, municipality, provider_org, make_user):
    family = ProviderFactory(
        organisation=provider_org,
        name="Plejefamilien Testesen (fiktiv)",
        responsible_municipality=municipality,
        postcode="8600",
        contact_name="Ida Testesen",
    )
    place = PlaceFactory(
        provider=family, name="Plejefamilie", place_type=PlaceType.FOSTER_FAMILY_REINFORCED
    )
    ApprovalFactory(place=place, authority=Authority.MIDT, places=2, target_groups=["adhd"])
    SupportArrangement.objects.create(
        family=family,
        supporter=InstitutionFactory(name="Opholdsstedet Solsikken (fiktiv)"),
        kind="institution_supervision",
        dimensions=["development_behaviour"],
        hours_per_month=6,
        valid_from=datetime.date(2026, 1, 1),
    )
    return {
        "place": place,
        "family": family,
        "staff": make_user(provider_org, Role.PROVIDER_STAFF),
        "caseworker": make_user(municipality, Role.CASEWORKER),
        "consultant": make_user(municipality, Role.FAMILY_CARE_CONSULTANT),
        "admin": make_user(municipality, Role.ADMIN),
    }


def test_provider_updates_capacity_and_vacancy_and_a_caseworker_sees_it(page, login, world):
    login(page, world["staff"].username, TEST_PASSWORD)
    page.goto("/providers/portal/")
    assert_accessible(page, "Vores pladser")
    expect(page.get_by_text("Ledigmeldinger der skal fornyes")).to_be_visible()
    screenshot(page, "providers-portal")

    page.get_by_role("link", name="Kapacitetsprofil Plejefamilie").click()
    assert_accessible(page, "Opdatér kapacitetsprofil")
    page.get_by_label("Trygt omsorgsmiljø", exact=True).select_option(label="Fuld")
    page.get_by_label("Hvad er ændret og hvorfor").fill("Ny uddannelse i traumebevidst omsorg")
    screenshot(page, "providers-profile-form")
    page.get_by_role("button", name="Gem ny version").click()
    expect(page.get_by_text("Kapacitetsprofilen er gemt som en ny version.")).to_be_visible()

    page.get_by_role("link", name="Meld ledighed Plejefamilie").click()
    assert_accessible(page, "Meld ledighed")
    page.get_by_label("Ledige pladser").fill("9")
    page.get_by_role("button", name="Meld ledighed").click()
    assert_accessible(page, "Meld ledighed")  # the error page is accessible too
    expect(page.get_by_text("Meld højst 2 ledige pladser.").first).to_be_visible()
    page.get_by_label("Ledige pladser").fill("1")
    page.get_by_role("button", name="Meld ledighed").click()
    expect(page.get_by_text("Ledigmeldingen er gemt")).to_be_visible()
    assert_accessible(page, "Vores pladser")

    page.context.clear_cookies()
    login(page, world["caseworker"].username, TEST_PASSWORD)
    page.goto("/providers/?fresh_only=on")
    assert_accessible(page, "Register over anbringelsessteder")
    screenshot(page, "providers-registry")
    page.get_by_role("link", name="Plejefamilie", exact=True).click()
    assert_accessible(page, "Plejefamilie")
    expect(page.locator("td[data-dimension='safe_care']")).to_have_text("Fuld")
    expect(page.get_by_text("Aktuel").first).to_be_visible()
    expect(page.get_by_text("Forstærket plejefamilie").first).to_be_visible()
    expect(page.get_by_text("Opholdsstedet Solsikken (fiktiv)")).to_be_visible()
    screenshot(page, "providers-place")
    page.get_by_role("link", name="Se alle versioner og hvad der er ændret").click()
    assert_accessible(page, "Versioner af kapacitetsprofilen")
    expect(page.locator("ins", has_text="Fuld")).to_be_visible()
    page.goto(f"/providers/{world['family'].pk}/")
    assert_accessible(page, "Plejefamilien Testesen (fiktiv)")

    page.context.clear_cookies()
    login(page, world["staff"].username, TEST_PASSWORD)
    page.goto("/providers/portal/viewers/")
    assert_accessible(page, "Hvem har set vores profil")
    expect(page.get_by_role("cell", name="Ådalen Kommune (fiktiv)").first).to_be_visible()
    assert world["caseworker"].last_name not in page.content()
    assert page.goto("/providers/import/").status == 404


def test_consultant_and_admin_pages_are_accessible(page, login, world):
    login(page, world["consultant"].username, TEST_PASSWORD)
    page.goto("/providers/families/")
    assert_accessible(page, "Vores plejefamilier")
    page.get_by_role(
        "link", name="Kapacitetsprofil: Plejefamilie (Forstærket plejefamilie)"
    ).click()
    assert_accessible(page, "Opdatér kapacitetsprofil")

    page.context.clear_cookies()
    login(page, world["admin"].username, TEST_PASSWORD)
    page.goto("/providers/import/")
    assert_accessible(page, "Importér tilbud og pladser")
    bad = b"tilbud_id,tilbud_navn\nT-1,Noget\n"
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(
        files=[{"name": "tilbud.csv", "mimeType": "text/csv", "buffer": io.BytesIO(bad).read()}]
    )
    page.get_by_role("button", name="Importér fil").click()
    expect(page.get_by_text("Filen kan ikke importeres")).to_be_visible()
    assert_accessible(page, "Importér tilbud og pladser")
    screenshot(page, "providers-import-error")


def test_the_registry_works_on_a_phone(phone_page, login, world):
    login(phone_page, world["caseworker"].username, TEST_PASSWORD)
    phone_page.goto("/providers/?postcode=8000&distance=50")
    assert_accessible(phone_page, "Register over anbringelsessteder")
    screenshot(phone_page, "providers-registry-phone")
    phone_page.goto(f"/providers/places/{world['place'].pk}/")
    assert_accessible(phone_page, "Plejefamilie")
    screenshot(phone_page, "providers-place-phone")
