# SPDX-License-Identifier: MPL-2.0
"""In a real browser, one story from the move to the next case after a breakdown.

Vilja has moved to the foster family (the move service opened the placement record). The
caseworker writes the child's plan, whose levels at placement come from the needs; the child,
the mother and the placement answer before the first follow-up on a phone; the follow-up
records the level reached per goal; a supervision visit follows the child's answer to the link
before it; the placement breaks down, and the change-of-placement case starts prefilled with
the earlier placement and the needs the match left open. Every page visited passes axe.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.children.models import Case, CaseStatus
from placematch.followup.models import FollowUp, SupervisionVisit
from placematch.followup.models_ending import Breakdown, NextCase
from placematch.followup.models_voice import Respondent
from placematch.followup.tests.conftest import (
    SUGGESTED,
    _plain_shortlist,
    decided,
    move,
    needs,
    plan,
    world,
)
from placematch.followup.tests.test_e2e_voices import adult_answers, child_answers, link_url
from placematch.matching.models import MatchRun
from placematch.matching.models.runs import pack
from tests.browser import assert_accessible, screenshot

# The followup tests' world: Vilja, her parents, her brother Storm and two places.
__all__ = ["_plain_shortlist", "decided", "plan", "world"]

pytestmark = [pytest.mark.e2e]

PLACE = "Plejefamilie Prøvesen"
SCHOOL = "Dagtilbud, skoleforhold og læring"
LEISURE = "Fritidsforhold og venskaber"
# The chosen place's gap at the match: school needs high, the family reaches moderate.
GAP = {"dimension": "schooling", "need": "high", "capacity": "moderate", "open_levels": 1}


@pytest.fixture
def moved(decided: dict[str, Any], plan: Any) -> dict[str, Any]:
    """The decided case with the child's needs assessed, moved today by the move service."""
    needs(decided, schooling="high", leisure_friendships="light")
    run: MatchRun = decided["run"]
    result = run.result()
    result["top"][0].update(gaps=[GAP], suggested_support=[SUGGESTED])
    MatchRun.objects.filter(pk=run.pk).update(result_data=pack(result))
    decided["record"] = move(decided, plan)
    return decided


def goal(page: Page, dimension: str) -> Locator:
    return page.get_by_role("group", name=dimension)


def write_the_plan(page: Page, today: datetime.date) -> None:
    """The levels at placement are the assessed needs; two goals and the child's own."""
    page.get_by_role("link", name="Skriv barnets plan").click()
    assert_accessible(page, "Barnets plan")
    expect(goal(page, SCHOOL)).to_contain_text("Niveau ved anbringelsen: Høj")
    expect(goal(page, LEISURE)).to_contain_text("Niveau ved anbringelsen: Let")
    by = (today + datetime.timedelta(days=180)).isoformat()
    for dimension, text, level in (
        (SCHOOL, "Vilja går i skole hver dag", "Let"),
        (LEISURE, "Vilja har en fritidsaktivitet", "Moderat"),
    ):
        group = goal(page, dimension)
        group.get_by_label(re.compile(r"^Mål( \(|$)")).fill(text)
        group.get_by_label("Målniveau").select_option(label=level)
        group.get_by_label("Måldato").fill(by)
    goal(page, SCHOOL).get_by_label("Indsatser").fill("Støtte i skolen")
    screenshot(page, "followup-plan-form")
    page.get_by_label("Barnets egne mål, med barnets egne ord").fill("Jeg vil gerne gå til fodbold")
    page.get_by_role("button", name="Gem planen som en ny version").click()
    expect(page.locator(".alert-success")).to_contain_text("Barnets plan er gemt.")
    assert_accessible(page, "Opfølgning")
    row = page.locator("#plan-h ~ div table tbody tr").filter(has_text=SCHOOL)
    expect(row).to_contain_text(re.compile("Vilja går i skole hver dag.*Høj.*Let"))


def hold_the_follow_up(page: Page) -> None:
    """The answers stand beside the goals; the level reached is recorded per goal."""
    page.get_by_role("link", name=re.compile("^Registrér opfølgningen")).click()
    assert_accessible(page, "Opfølgning")
    expect(page.locator("section.followup-said")).to_contain_text("Hun savner sin bror")
    school = goal(page, SCHOOL)
    expect(school).to_contain_text("Matematik er svært")  # the child's words, by the goal
    school.get_by_label("Niveau nu").select_option(label="Moderat")
    goal(page, LEISURE).get_by_label("Niveau nu").select_option(label="Moderat")
    page.get_by_label("Noter fra opfølgningen").fill("Vilja er faldet godt til.")
    screenshot(page, "followup-hold-form")
    page.get_by_role("button", name="Gem opfølgningen").click()
    expect(page.locator(".alert-success")).to_contain_text("Opfølgningen er registreret.")
    assert_accessible(page, "Opfølgning")
    table = page.locator("#progress-h ~ div table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").nth(0)).to_contain_text(
        re.compile(r"\(ved anbringelsen\)\s*Høj\s*Let")
    )
    expect(table.locator("tbody tr").nth(1)).to_contain_text(
        re.compile(r"\(opfølgning\)\s*Moderat\s*Moderat")
    )


def the_child_says_before_the_visit(page: Page, phone: Page) -> None:
    """The caseworker hands the child the visit link; the child asks to talk alone."""
    visit_links = page.locator("h4:has-text('Før det næste tilsynsbesøg') + .involvement-links")
    visit_links.get_by_role("button", name=re.compile("^Send et link")).click()
    assert_accessible(page, "Før besøget")
    url = page.locator(".involvement-url").inner_text().strip()
    page.get_by_role("link", name="Tilbage til sagen").click()
    phone.goto(url)
    assert_accessible(phone, "Før besøget")
    phone.get_by_label("Ja", exact=True).check()
    phone.get_by_label("Hvad handler det om?").fill("Jeg savner Storm")
    screenshot(phone, "followup-visit-wish-phone")
    phone.get_by_role("button", name="Send").click()
    assert_accessible(phone, "Tak")


def record_the_visit(page: Page, today: datetime.date) -> None:
    page.reload()
    assert_accessible(page, "Opfølgning")
    expect(page.locator(".followup-wish")).to_contain_text(
        "Før det næste besøg svarede barnet: Vil gerne tale om noget alene. “Jeg savner Storm”"
    )
    page.get_by_label("Dato for besøget").fill(today.isoformat())
    page.get_by_label("Hvem var til stede").fill("Vilja, plejemor og sagsbehandler")
    alone = page.get_by_role("group", name=re.compile("^Blev der holdt en samtale med barnet"))
    alone.get_by_label("Ja", exact=True).check()
    page.get_by_label("Noter fra besøget").fill("Vi talte alene om Storm.")
    page.get_by_role("button", name="Registrér besøget").click()
    expect(page.locator(".alert-success")).to_contain_text("Besøget er registreret.")
    assert_accessible(page, "Opfølgning")
    visit = page.locator("#visits-h ~ ul li")
    expect(visit).to_contain_text("Samtalen med barnet alene blev holdt.")
    expect(visit).to_contain_text("Før besøget svarede barnet: Vil gerne tale om noget alene.")
    screenshot(page, "followup-tab-after-the-visit")


def register_the_breakdown(page: Page, today: datetime.date) -> None:
    page.get_by_role("button", name="Registrér sammenbruddet").click()
    # Nothing chosen: the causes and who ended it are asked for, and nothing is saved.
    expect(page.locator('form[action$="/breakdown/"]')).to_contain_text("Vælg mindst én årsag.")
    assert_accessible(page, "Opfølgning")
    page.get_by_role("group", name="Hvem afsluttede opholdet?").get_by_label(
        "Anbringelsesstedet", exact=True
    ).check()
    causes = page.get_by_role("group", name=re.compile("^Årsager"))
    causes.get_by_label("Barnets adfærd (vold, at stikke af)").check()
    causes.get_by_label("Lovet støtte kom ikke eller var for lidt").check()
    page.get_by_label("Om årsagerne").fill("Plejefamilien kunne ikke mere.")
    page.get_by_role("group", name="Blev der set tegn på forhånd?").get_by_label(
        "Ja", exact=True
    ).check()
    page.get_by_label("Hvis ja: hvornår blev tegnene set første gang?").fill(today.isoformat())
    page.get_by_role("group", name="Hvad skal der ske nu for barnet?").get_by_label(
        re.compile("^Barnet forbliver anbragt")
    ).check()
    page.get_by_role("button", name="Registrér sammenbruddet").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Sammenbruddet er registreret, og en ny sag er startet for barnet."
    )


def the_next_case_is_prefilled(page: Page) -> None:
    """The new case shows the earlier placement, what ended it and the gaps left open."""
    assert_accessible(page, "Opfølgning")
    earlier = page.locator("section[aria-labelledby=earlier-h]")
    expect(earlier).to_contain_text(PLACE)
    expect(earlier).to_contain_text("Anbringelsesstedet")
    expect(earlier).to_contain_text("Barnets adfærd (vold, at stikke af)")
    expect(earlier).to_contain_text(f"{SCHOOL}: behov høj, stedet moderat")
    expect(earlier).to_contain_text("støtte i skolen (Aldrig tjekket)")  # promised, never came
    screenshot(page, "followup-next-case")
    page.get_by_role("navigation", name="Sagens dele").get_by_role("link", name="Overblik").click()
    assert_accessible(page, "Vilja Fiktivholm")
    main = page.locator("main")
    expect(main).to_contain_text("Skift af anbringelsessted")
    for prefilled in ("Hanne Fiktivholm", "Bjarke Fiktivholm", "Storm Fiktivholm", "Balder"):
        expect(main).to_contain_text(prefilled)
    expect(page.locator("section[aria-labelledby=needs-h]")).to_contain_text("Høj")
    screenshot(page, "followup-next-case-overview")


def test_from_the_move_to_the_next_case_after_a_breakdown(
    page, phone_page, live_server, login, moved
):
    case, today = moved["case"], timezone.localdate()
    login(page, moved["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/followup/cases/{case.pk}/")
    assert_accessible(page, "Opfølgning")
    placement = page.locator("section[aria-labelledby=placement-h]")
    expect(placement).to_contain_text(PLACE)
    write_the_plan(page, today)

    # The voices journey walks these pages one by one; here they run through in one go.
    child_answers(phone_page, link_url(live_server, moved, Respondent.CHILD))
    mother = str(moved["mother"].pk)
    adult_answers(
        phone_page, link_url(live_server, moved, Respondent.PARENT, mother),
        {"Er der andet, du vil sige?": "Hun savner sin bror"},
    )  # fmt: skip
    adult_answers(
        phone_page, link_url(live_server, moved, Respondent.PLACEMENT),
        {"Er der andet, du vil sige?": "Hun mangler støtte i skolen"},
    )  # fmt: skip
    hold_the_follow_up(page)
    assert FollowUp.objects.get(record=moved["record"]).held_on == today

    the_child_says_before_the_visit(page, phone_page)
    record_the_visit(page, today)
    assert SupervisionVisit.objects.get().talked_alone is True

    register_the_breakdown(page, today)
    new = NextCase.objects.get(record=moved["record"]).case
    assert Breakdown.objects.get().initiator == "placement"
    assert new.case_type == "change_of_placement" and new.status == CaseStatus.INVESTIGATION
    assert Case.objects.get(pk=case.pk).status == CaseStatus.PLACED  # until the next move
    expect(page).to_have_url(re.compile(f"/followup/cases/{new.pk}/"))
    the_next_case_is_prefilled(page)
