# SPDX-License-Identifier: MPL-2.0
"""Browser journey: a caseworker makes a match, filters the list, reads why other places cannot
take the child, compares three candidates next to the child's wishes, and sends them an inquiry.
Every page passes axe (WCAG 2.1 AA), on a desktop and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from matchengine.vocab import PlaceType
from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.children.models import ParentView, PersonKind, RelatedPerson
from placematch.matching.models import Inquiry, MatchRun
from placematch.matching.tests.factories import matchable_place
from tests.browser import HEAVY_MS, assert_accessible, screenshot

pytestmark = [pytest.mark.e2e]

MATCH = "Match"


@pytest.fixture
def places(transactional_db, world):
    case = world["case"]
    parent = RelatedPerson.objects.create(
        organisation=case.organisation,
        child=case.child,
        kind=PersonKind.CUSTODY_HOLDER,
        name="Mette Fiktivholm",
        relation="Mor",
        postcode="8600",
    )
    ParentView.objects.create(
        organisation=case.organisation,
        case=case,
        person=parent,
        views="Vilja skal blive i sin skole, hvis det kan lade sig gøre.",
    )
    homes = [
        matchable_place(
            name=f"Lyngbo afdeling {letter}",
            place_type=PlaceType.SMALL_RESIDENTIAL_HOME,
            postcode=postcode,
            target_groups=["adhd", "fire_setting"],
        )
        for letter, postcode in (("A", "8600"), ("B", "8000"), ("C", "9000"))
    ]
    family = matchable_place(
        name="Plejefamilien Lundgaard",
        place_type=PlaceType.FOSTER_FAMILY_REINFORCED,
        postcode="8600",
        target_groups=["adhd", "fire_setting"],
        capacities={"safe_care": "moderate"},
    )
    too_young = matchable_place(name="Småbørnshuset", age_max=6)
    return {"homes": homes, "family": family, "too_young": too_young}


def test_match_journey(page: Page, phone_page: Page, login, world, places):
    case = world["case"]
    login(page, world["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/matching/cases/{case.pk}/match/")
    assert_accessible(page, MATCH)
    expect(page.get_by_text("Der er endnu ikke lavet et match for denne sag.")).to_be_visible()

    # Bad input first: a number out of range → a clear message, no run.
    page.get_by_label("Højst så mange andre børn kan barnet bo med").fill("99")
    page.get_by_role("button", name="Lav matchet").click()
    assert_accessible(page, MATCH)
    expect(page.get_by_text("Skriv et helt tal fra 0 til 30").first).to_be_visible()
    assert not MatchRun.objects.exists()

    page.get_by_label("Højst så mange andre børn kan barnet bo med").fill("")
    # The engine runs now: a heavy step.
    page.get_by_role("button", name="Lav matchet").click(timeout=HEAVY_MS)
    expect(page.get_by_text("Matchet er lavet. Stederne er rangeret nedenfor.")).to_be_visible(
        timeout=HEAVY_MS
    )
    assert_accessible(page, MATCH)
    run = MatchRun.objects.get()
    ranked = [r["place_id"] for r in run.result()["ranked"]]
    assert len(ranked) == 4
    # The page lists the places in the engine's order.
    headings = page.locator(".matching-candidate h3").all_inner_texts()
    names = {str(p.pk): p.name for p in [*places["homes"], places["family"]]}
    assert [h.split(". ", 1)[1].split(" · ")[0] for h in headings] == [names[i] for i in ranked]
    page.get_by_text("Hvorfor dette sted, og hvor det ikke slår til").first.click()
    expect(page.get_by_text("Behov og kapacitet", exact=True).first).to_be_visible()
    screenshot(page, "match-run")

    # Filter: only foster families.
    page.get_by_label("Type af sted").select_option(PlaceType.FOSTER_FAMILY_REINFORCED.value)
    page.get_by_role("button", name="Brug filteret").click()
    assert_accessible(page, MATCH)
    expect(page.locator(".matching-candidate")).to_have_count(1)
    expect(page.get_by_text("1 sted passer til filteret")).to_be_visible()
    page.get_by_role("link", name="Vis alle").click()
    expect(page.locator(".matching-candidate")).to_have_count(4)

    # Why not: the small children's home is out, with its reason in words.
    page.get_by_role("link", name="Hvorfor ikke de andre?").click()
    assert_accessible(page, "Hvorfor ikke disse steder")
    expect(page.get_by_text("Småbørnshuset")).to_be_visible()
    expect(page.get_by_text("godkendelsen dækker 0 til 6 år")).to_be_visible()
    screenshot(page, "match-why-not")
    page.get_by_role("link", name="Tilbage til de rangerede steder").click()

    # Compare three candidates next to the child's wishes and the parents' views.
    for place in places["homes"]:
        page.get_by_label(f"Vælg {place.name}").check()
    page.get_by_role("button", name="Sammenlign de valgte steder").click()
    assert_accessible(page, "Sammenlign steder")
    expect(page.get_by_text("3 steder side om side")).to_be_visible()
    expect(page.get_by_text("bo sammen med en hund der hedder Balder")).to_be_visible()
    expect(page.get_by_text("Vilja skal blive i sin skole")).to_be_visible()
    screenshot(page, "match-compare")

    # Send the inquiry: the compared places arrive ticked on the inquiry form.
    page.get_by_role("link", name="Send en forespørgsel til disse steder").click()
    assert_accessible(page, "Forespørgsler til anbringelsessteder")
    for place in places["homes"]:
        expect(page.locator(f"#place-{place.pk}")).to_be_checked()
    page.get_by_label("Hjemmel for at sende profilen").select_option("necessary")
    page.get_by_label("Forældrene har fået besked om, at vi spørger disse steder").check()
    page.get_by_label("Dato hvor forældrene fik besked").fill("2026-01-05")
    page.get_by_label("Barnet har fået besked om, at vi spørger disse steder").check()
    page.get_by_label("Dato hvor barnet fik besked").fill("2026-01-06")
    page.get_by_role("button", name="Send forespørgslen").click()
    expect(page.get_by_text("Forespørgslen er sendt til 3 steder.")).to_be_visible()
    assert set(Inquiry.objects.values_list("place_id", flat=True)) == {
        p.pk for p in places["homes"]
    }

    # The same run on a phone.
    login(phone_page, world["caseworker"].username, TEST_PASSWORD)
    phone_page.goto(f"/matching/runs/{run.pk}/")
    assert_accessible(phone_page, MATCH)
    screenshot(phone_page, "match-run-phone")


def test_team_leader_overview_and_weights(page: Page, login, world, places):
    login(page, world["team_leader"].username, TEST_PASSWORD)
    # The overview runs the engine for every child in matching: a heavy step.
    page.goto("/matching/overview/", timeout=HEAVY_MS)
    assert_accessible(page, "Kapacitetsoverblik", timeout=HEAVY_MS)
    expect(page.get_by_text("ikke et forslag til noget barn")).to_be_visible()
    expect(page.get_by_role("link", name=world["child"].name)).to_be_visible()
    screenshot(page, "match-overview")
    page.goto("/matching/weights/")
    assert_accessible(page, "Vægte i matchningen")
    page.get_by_label("Point der mistes, når den nuværende skole er uden for rækkevidde").fill("99")
    page.get_by_label("Hvad er ændret og hvorfor").fill("Skolen vægter mere hos os")
    page.get_by_role("button", name="Gem som ny version").click()
    assert_accessible(page, "Vægte i matchningen")
    expect(page.get_by_text("Skriv et helt tal fra 0 til 40.").first).to_be_visible()
    page.get_by_label("Point der mistes, når den nuværende skole er uden for rækkevidde").fill("20")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_text("Version 1 af vægtene er gemt. Nye match bruger den.")).to_be_visible()
    screenshot(page, "match-weights")
