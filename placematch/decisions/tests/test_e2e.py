# SPDX-License-Identifier: MPL-2.0
"""Browser journey: the caseworker holds the match meeting with the § 52 checklist, decides with
reasons (after being told what is missing) and downloads the decision basis; the team leader
reads the decision. The places' answers are set up in data. Every page passes axe."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.decisions.models import ChecklistPoint, Decision, MatchMeeting
from placematch.matching.models import Answer, InquiryStatus
from placematch.matching.tests.factories import InquiryFactory
from placematch.providers.models import ReservationStatus
from tests.browser import HEAVY_MS, assert_accessible, download, screenshot

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def journey(transactional_db, world):
    MatchMeeting.objects.all().delete()  # the journey holds its own meeting
    now = timezone.now()
    InquiryFactory(
        case=world["case"], place=world["place"], sent_by=world["caseworker"],
        status=InquiryStatus.ANSWERED, answer=Answer.YES, answered_at=now,
        answered_by=world["staff"], view="Vi har en rolig hund og plads til Vilja.",
    )  # fmt: skip
    InquiryFactory(
        case=world["case"], place=world["other_place"], sent_by=world["caseworker"],
        status=InquiryStatus.ANSWERED, answer=Answer.YES_WITH_SUPPORT, answered_at=now,
        support_needed="Supervision om ADHD",
    )  # fmt: skip
    return world


def logout(page: Page) -> None:
    page.context.clear_cookies()


def test_meeting_decision_and_basis_journey(page, phone_page, login, journey):
    world = journey
    case = world["case"]
    today = timezone.localdate()
    login(page, world["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/children/cases/{case.pk}/")
    page.get_by_role("link", name="Afgørelse", exact=True).click()
    assert_accessible(page, "Afgørelse")

    # The match meeting: shortlist beside the child's wishes, parents' views and the answers.
    page.get_by_role("link", name="Hold et matchmøde").click()
    assert_accessible(page, "Matchmøde")
    expect(page.get_by_text("Vi har en rolig hund og plads til Vilja.")).to_be_visible()
    expect(page.get_by_text("hund der hedder Balder")).to_be_visible()
    page.get_by_label("Andre deltagere").fill("Bente Prøvesen, psykolog")
    for point in ChecklistPoint.values:
        page.locator(f"#id_answer_{point}_0").check()
    # § 52, stk. 2: the ranked foster family is the form the meeting finds best.
    page.get_by_label("En plejefamilie vil være bedst for barnet", exact=True).check()
    page.locator("#id_answer_school_change_1").check()  # not met, and no reason yet
    page.get_by_role("button", name="Gem mødet").click()
    assert_accessible(page, "Matchmøde")
    expect(page.get_by_text("Intet blev gemt. Ret venligst følgende:")).to_be_visible()
    assert not MatchMeeting.objects.exists()
    page.locator("#id_reason_school_change").fill("Ingen plads nær skolen; ny skole med støtte.")
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_text("Matchmødet er gemt.")).to_be_visible()
    assert_accessible(page, f"Matchmøde den {today:%d-%m-%Y}")
    screenshot(page, "decisions-meeting")
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(page.url)
    assert_accessible(phone_page, f"Matchmøde den {today:%d-%m-%Y}")
    screenshot(phone_page, "decisions-meeting-phone")

    # The decision: first without a place or reasons, then done properly.
    page.get_by_role("link", name="Træf afgørelsen").click()
    assert_accessible(page, "Træf afgørelsen")
    page.get_by_role("button", name="Træf afgørelsen og reservér pladsen").click()
    assert_accessible(page, "Træf afgørelsen")
    expect(page.get_by_text("Vælg det sted, barnet skal bo.").first).to_be_visible()
    expect(page.get_by_text("Skriv begrundelsen for afgørelsen (§ 52).").first).to_be_visible()
    assert not Decision.objects.exists()
    page.get_by_label("Anbringelsessted", exact=True).select_option(str(world["place"].pk))
    heard = (today - datetime.timedelta(days=6)).isoformat()
    page.get_by_label("Hanne Fiktivholm (Forældremyndighedsindehaver) partshørt den").fill(heard)
    page.get_by_label("Svaret fra Hanne Fiktivholm").fill("Jeg er enig.")
    page.get_by_label("Vilja Fiktivholm (Barnet (part fra 10 år)) partshørt den").fill(heard)
    page.get_by_label("Begrundelse for afgørelsen").fill(
        "Familien kan give Vilja faste voksne, og hun kan blive i sin skole."
    )
    page.locator("#id_location_municipality").fill("Skanderborg Kommune")
    # What the law asks of a lasting decision (decisions.gates): purpose, duration, plan, school.
    page.locator("#id_purpose").fill("At Vilja får en stabil hverdag med faste voksne.")
    page.locator("#id_expected_duration").fill("Cirka to år")
    page.get_by_label("Valget af anbringelsessted følger barnets plan").check()
    page.get_by_label("Barnet bliver i sin skole").check()
    page.locator("#id_schooling").fill("Vilja fortsætter i Skovbrynets Fiktivskole.")
    page.locator("#id_location_informed_on").fill(today.isoformat())
    page.locator("#id_reasons_for_parents").fill("Vilja får faste voksne og kan blive i sin skole.")
    page.locator("#id_reasons_for_child").fill("Du får faste voksne. Du kan gå i din skole.")
    screenshot(page, "decisions-decide")
    page.get_by_role("button", name="Træf afgørelsen og reservér pladsen").click(timeout=HEAVY_MS)
    expect(
        page.get_by_text("Afgørelsen er truffet, og pladsen er reserveret til barnet.")
    ).to_be_visible(timeout=HEAVY_MS)
    assert_accessible(page, "Afgørelse om Plejefamilie Prøvesen")
    screenshot(page, "decisions-decision")
    decision = Decision.objects.get()
    assert decision.reservation is not None
    assert decision.reservation.status == ReservationStatus.ACTIVE

    pdf = download(page, "Beslutningsgrundlag (PDF)")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Vilja Fiktivholm" in text
    assert "Plejefamilie Prøvesen" in text

    # The team leader reads the decision from the case's tab.
    logout(page)
    login(page, world["team_leader"].username, TEST_PASSWORD)
    page.goto(f"/decisions/cases/{case.pk}/")
    assert_accessible(page, "Afgørelse")
    page.get_by_role(
        "link", name="Plejefamilien Prøvesen (fiktiv): Plejefamilie Prøvesen"
    ).first.click()
    assert_accessible(page, "Afgørelse om Plejefamilie Prøvesen")
    expect(page.get_by_text("Familien kan give Vilja faste voksne")).to_be_visible()
