# SPDX-License-Identifier: MPL-2.0
"""In a real browser, one story from the match meeting to the move.

A real match run ranks a foster family that said yes; the caseworker holds the match meeting
with the § 52 checklist; the team leader decides with reasons and downloads the decision basis;
the preparation runs through its meetings while the child and the mother answer on their
phones; the family's consultant and the family's own staff do their part; the daily command
moves the child on the move date. Every page visited passes axe.
"""

from __future__ import annotations

import datetime
import io
import re
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from matchengine.vocab import Dimension, SupportLevel
from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.children.models import CaseStatus
from placematch.decisions.models import ChecklistPoint, Decision, DecisionDocument, MatchMeeting
from placematch.decisions.tests.conftest import world
from placematch.matching.models import Answer, InquiryStatus
from placematch.matching.tests.factories import InquiryFactory, make_run
from placematch.preparation.models import ChecklistItem, Party, StartedPlacement
from placematch.preparation.tests.test_e2e import (
    add_meeting,
    answer_yes,
    child_answers,
    parent_answers,
    send_link,
)
from placematch.providers.models import CapacityProfile
from placematch.providers.services import data_version_bump
from placematch.providers.tests.factories import ApprovalFactory
from tests.browser import DESKTOP, HEAVY_MS, PHONE, assert_accessible, download, screenshot

__all__ = ["world"]  # the decisions tests' world: Vilja, her mother and two places

pytestmark = [pytest.mark.e2e]

FAMILY_PLACE = "Plejefamilie Prøvesen"


@pytest.fixture
def story(transactional_db, world, municipality):
    """The decisions world with a real match run: the foster family can be matched, our
    municipality supervises it, and it has answered yes."""
    MatchMeeting.objects.all().delete()  # the story holds its own meeting
    place = world["place"]
    place.provider.responsible_municipality = municipality
    place.provider.save(update_fields=["responsible_municipality"])
    ApprovalFactory(place=place, places=1, age_min=0, age_max=17)
    CapacityProfile.objects.create(
        place=place, version=1, setting="town",
        capacities={d.value: SupportLevel.HIGH.value for d in Dimension},
    )  # fmt: skip
    data_version_bump()
    InquiryFactory(
        case=world["case"], place=place, sent_by=world["caseworker"],
        status=InquiryStatus.ANSWERED, answer=Answer.YES, answered_at=timezone.now(),
        answered_by=world["staff"], view="Vi har en rolig hund og plads til Vilja.",
    )  # fmt: skip
    world["run"] = make_run(world["case"], world["caseworker"])
    world["consultant"] = world["users"][("own", Role.FAMILY_CARE_CONSULTANT)]
    return world


def switch_user(page: Page, login, user) -> None:
    page.context.clear_cookies()
    login(page, user.username, TEST_PASSWORD)


def hold_match_meeting(page: Page, today: datetime.date) -> None:
    page.get_by_role("link", name="Afgørelse", exact=True).click()
    assert_accessible(page, "Afgørelse")
    page.get_by_role("link", name="Hold et matchmøde").click()
    assert_accessible(page, "Matchmøde")
    expect(page.locator("main")).to_contain_text(FAMILY_PLACE)  # ranked by the real run
    expect(page.get_by_text("Vi har en rolig hund og plads til Vilja.")).to_be_visible()
    for point in ChecklistPoint.values:
        page.locator(f"#id_answer_{point}_0").check()
    # § 52, stk. 2: the ranked foster family is the form the meeting finds best.
    page.get_by_label("En plejefamilie vil være bedst for barnet", exact=True).check()
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_text("Matchmødet er gemt.")).to_be_visible()
    assert_accessible(page, f"Matchmøde den {today:%d-%m-%Y}")


def decide(page: Page, story, today: datetime.date) -> None:
    page.get_by_role("link", name="Træf afgørelsen").click()
    assert_accessible(page, "Træf afgørelsen")
    page.get_by_label("Anbringelsessted", exact=True).select_option(str(story["place"].pk))
    heard = (today - datetime.timedelta(days=6)).isoformat()
    page.get_by_label("Hanne Fiktivholm (Forældremyndighedsindehaver) partshørt den").fill(heard)
    page.get_by_label("Svaret fra Hanne Fiktivholm").fill("Jeg er enig.")
    page.get_by_label("Vilja Fiktivholm (Barnet (part fra 10 år)) partshørt den").fill(heard)
    page.get_by_label("Begrundelse for afgørelsen").fill(
        "Familien kan give Vilja faste voksne og en hund, og hun kan blive i sin skole."
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
    started = time.monotonic()
    page.get_by_role("button", name="Træf afgørelsen og reservér pladsen").click(timeout=HEAVY_MS)
    expect(page.get_by_text("Afgørelsen er truffet, og pladsen er reserveret")).to_be_visible(
        timeout=HEAVY_MS
    )
    print(f"the decision page answered {time.monotonic() - started:.2f} s after the click")
    assert_accessible(page, f"Afgørelse om {FAMILY_PLACE}")
    decision = Decision.objects.get()
    assert decision.meeting.run == story["run"] and decision.chosen_rank == 1
    # The PDFs are rendered by the task worker after the decision, not in its request: the
    # page shows them as being prepared and turns each into a link once it is stored.
    expect(page.get_by_role("link", name="Beslutningsgrundlag (PDF)")).to_be_visible(
        timeout=HEAVY_MS
    )
    stored = DecisionDocument.objects.get(
        decision=decision, document="basis", audience="caseworker"
    )
    ready = (stored.rendered_at - decision.decided_at).total_seconds()
    print(f"the decision basis PDF was stored {ready:.2f} s after the decision")


def basis_text(page: Page) -> str:
    reader = PdfReader(io.BytesIO(download(page, "Beslutningsgrundlag (PDF)")))
    return "\n".join(p.extract_text() for p in reader.pages)


def prepare(page: Page, phone: Page, case_pk: int, today: datetime.date) -> datetime.date:
    """Start the plan, hold the steps with feedback from child and mother, agree, set the day."""
    page.goto(f"/children/cases/{case_pk}/")
    page.get_by_role("link", name="Forberedelse").click()
    page.get_by_role("button", name="Start forberedelsen").click()
    expect(page.locator(".alert-success")).to_contain_text("Forberedelsen er startet")
    assert_accessible(page, "Forberedelse")
    add_meeting(page, "Første møde", today)
    assert_accessible(page, "Forberedelse")
    child_answers(phone, send_link(page, "Vilja"))
    page.goto(f"/preparation/cases/{case_pk}/")
    parent_answers(phone, send_link(page, "Mor"))
    page.goto(f"/preparation/cases/{case_pk}/")
    expect(page.locator("main")).to_contain_text("Hunden var sød")
    expect(page.locator("main")).to_contain_text("Det gik for hurtigt")
    add_meeting(page, "Matchsamtale", today)
    add_meeting(page, "Matchbesøg", today)
    page.get_by_role("link", name="Registrér det gensidige ja").click()
    assert_accessible(page, "Gensidigt ja")
    answer_yes(page)
    page.get_by_label("Barnets syn").fill("Vilja glæder sig til hunden")
    page.get_by_role("button", name="Registrér svaret").click()
    expect(page.locator(".alert-success")).to_contain_text("Det gensidige ja er registreret")
    move = today + datetime.timedelta(days=3)
    page.get_by_label("Flyttedato").fill(move.isoformat())
    page.get_by_role("button", name="Gem flyttedatoen").click()
    expect(page.locator(".alert-success")).to_contain_text("Flyttedatoen er gemt")
    assert_accessible(page, "Forberedelse")
    return move


def consultant_marks_an_item(page: Page, item: ChecklistItem) -> None:
    page.get_by_role("link", name="Flytninger til familier").click()
    assert_accessible(page, "Flytninger til vores plejefamilier")
    page.get_by_role("link", name="Vilja").click()
    assert_accessible(page, "Forberedelse af flytningen for Vilja")
    main = page.locator("main")
    expect(main).not_to_contain_text("Fiktivholm")  # the placement side only, never the case
    expect(main).not_to_contain_text("Balder")
    page.get_by_role(
        "button", name=re.compile(f"^Markér som klaret.*{re.escape(item.text)}")
    ).click()
    expect(page.locator(".alert-success")).to_contain_text("Punktet er markeret som klaret")
    assert_accessible(page, "Forberedelse af flytningen for Vilja")
    screenshot(page, "match-to-move-consultant")
    page.set_viewport_size(PHONE)
    screenshot(page, "match-to-move-consultant-phone")
    page.set_viewport_size(DESKTOP)


def test_from_match_meeting_to_move(page, phone_page, login, story):
    case, today = story["case"], timezone.localdate()
    login(page, story["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/children/cases/{case.pk}/")
    hold_match_meeting(page, today)
    meeting_url = page.url

    # The team leader, who sees every case in the municipality, makes the decision.
    switch_user(page, login, story["team_leader"])
    page.goto(meeting_url)
    assert_accessible(page, f"Matchmøde den {today:%d-%m-%Y}")
    decide(page, story, today)
    assert Decision.objects.get().decided_by == story["team_leader"]
    text = basis_text(page)
    assert "Vilja Fiktivholm" in text and FAMILY_PLACE in text

    switch_user(page, login, story["caseworker"])
    move = prepare(page, phone_page, case.pk, today)
    moved_on = date_format(move, "SHORT_DATE_FORMAT")

    # The family's consultant marks the first of the placement's items done.
    item = ChecklistItem.objects.filter(party=Party.PLACEMENT).order_by("due_on", "pk")[0]
    switch_user(page, login, story["consultant"])
    consultant_marks_an_item(page, item)
    item.refresh_from_db()
    assert item.done_by == story["consultant"]

    # The family's own staff see the move date and the item the consultant marked.
    switch_user(page, login, story["staff"])
    page.goto("/preparation/placement/")
    assert_accessible(page, "Børn, der skal flytte hos jer")
    expect(page.locator("main")).to_contain_text(moved_on)
    page.get_by_role("link", name="Vilja").click()
    assert_accessible(page, "Forberedelse af flytningen for Vilja")
    expect(page.locator("main")).to_contain_text(re.compile(r"Klaret \d"))

    # The daily command, at five past midnight on the move date, places the child.
    moment = datetime.datetime.combine(move, datetime.time(0, 5), ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False):
        call_command("preparation_move")
    case.refresh_from_db()
    assert case.status == CaseStatus.PLACED
    assert StartedPlacement.objects.get(case=case).place == story["place"]
    switch_user(page, login, story["caseworker"])
    page.goto(f"/preparation/cases/{case.pk}/")
    assert_accessible(page, "Forberedelse")
    expect(page.locator("main")).to_contain_text("Barnet flyttede den")
    screenshot(page, "match-to-move-placed")
