# SPDX-License-Identifier: MPL-2.0
"""In a real browser: from the decision to the move, with the child, a parent and the placement."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.children.models import CaseStatus
from placematch.preparation.models import StartedPlacement
from tests.browser import DESKTOP, assert_accessible, screenshot

FEEDBACK = "section[aria-labelledby=feedback-h]"


def send_link(page: Page, recipient: str) -> str:
    page.locator(FEEDBACK).get_by_role("button", name=f"Send et link {recipient}").click()
    url = page.locator(".involvement-url").inner_text().strip()
    assert "/l/" in url
    return url


def add_meeting(page: Page, step: str, day: datetime.date) -> None:
    page.get_by_role("combobox", name="Trin").select_option(label=step)
    page.get_by_label("Mødedato").fill(day.isoformat())
    page.get_by_label("Hanne Fiktivholm (Mor)").check()
    page.get_by_role("button", name="Tilføj mødet").click()
    expect(page.locator(".alert-success")).to_contain_text("Mødet er tilføjet")
    page.get_by_role("button", name=re.compile("^Markér som holdt")).first.click()
    expect(page.locator(".alert-success")).to_contain_text("Mødet er markeret som holdt")


def answer_yes(page: Page) -> None:
    for question in ("Er der et gensidigt ja?", "Siger anbringelsesstedet ja?"):
        page.get_by_role("group", name=question).get_by_label("Ja", exact=True).check()


def child_answers(phone: Page, url: str) -> None:
    phone.goto(url)
    assert_accessible(phone, "Hvordan var mødet?")
    screenshot(phone, "preparation-child-start-phone")
    phone.get_by_role("link", name="Start").click()
    assert_accessible(phone, "Hvordan var mødet?")
    phone.get_by_role("button", name="Næste").click()
    expect(phone.locator(".alert-error")).to_contain_text("Vælg et svar")
    assert_accessible(phone, "Hvordan var mødet?")
    phone.get_by_text("Godt", exact=True).click()
    screenshot(phone, "preparation-child-rate-phone")
    phone.get_by_role("button", name="Næste").click()
    assert_accessible(phone, "Er der noget, du gerne vil sige?")
    phone.get_by_label("Skriv det her.").fill("Hunden var sød")
    phone.get_by_role("button", name="Send").click()
    assert_accessible(phone, "Tak")


def parent_answers(phone: Page, url: str) -> None:
    phone.goto(url)
    assert_accessible(phone, "Din mening om mødet")
    expect(phone.locator("main")).not_to_contain_text("Prøvesen")
    phone.get_by_role("link", name="Start").click()
    assert_accessible(phone, "Din mening om mødet")
    phone.get_by_text("Både godt og skidt").click()
    phone.get_by_label("Er der noget, du gerne vil sige?").fill("Det gik for hurtigt")
    screenshot(phone, "preparation-parent-form-phone")
    phone.get_by_role("button", name="Send").click()
    assert_accessible(phone, "Tak")


def placement_looks(browser: Browser, live_server, username: str) -> None:
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto("/preparation/placement/")
    assert_accessible(page, "Børn, der skal flytte hos jer")
    page.get_by_role("link", name="Vilja").click()
    assert_accessible(page, "Forberedelse af flytningen for Vilja")
    expect(page.locator("main")).not_to_contain_text("Fiktivholm")
    page.get_by_role("button", name=re.compile("^Markér som klaret")).first.click()
    expect(page.locator(".alert-success")).to_contain_text("Punktet er markeret som klaret")
    assert_accessible(page, "Forberedelse af flytningen for Vilja")
    screenshot(page, "preparation-placement")
    context.close()


@pytest.mark.e2e
def test_from_decision_to_move(page, phone_page, browser, live_server, login, decided):
    today = timezone.localdate()
    case = decided["case"]
    login(page, decided["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/children/cases/{case.pk}/")
    page.get_by_role("link", name="Forberedelse").click()
    assert_accessible(page, "Forberedelse")
    page.get_by_role("button", name="Start forberedelsen").click()
    expect(page.locator(".alert-success")).to_contain_text("Forberedelsen er startet")
    assert_accessible(page, "Forberedelse")

    add_meeting(page, "Første møde", today)
    child_answers(phone_page, send_link(page, "Vilja"))
    page.goto(f"/preparation/cases/{case.pk}/")
    parent_answers(phone_page, send_link(page, "Mor"))
    page.goto(f"/preparation/cases/{case.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("Hunden var sød")
    expect(main).to_contain_text("Det gik for hurtigt")

    # The mutual yes waits for the match visit.
    page.get_by_role("link", name="Registrér det gensidige ja").click()
    assert_accessible(page, "Gensidigt ja")
    answer_yes(page)
    page.get_by_label("Barnets syn").fill("Vilja glæder sig til hunden")
    page.get_by_role("button", name="Registrér svaret").click()
    expect(page.locator(".alert-error")).to_contain_text("Hold matchbesøget først")
    assert_accessible(page, "Gensidigt ja")
    page.goto(f"/preparation/cases/{case.pk}/")
    add_meeting(page, "Matchsamtale", today)
    add_meeting(page, "Matchbesøg", today)
    page.get_by_role("link", name="Registrér det gensidige ja").click()
    answer_yes(page)
    page.get_by_label("Barnets syn").fill("Vilja glæder sig til hunden")
    page.get_by_role("button", name="Registrér svaret").click()
    expect(page.locator(".alert-success")).to_contain_text("Det gensidige ja er registreret")

    # A move date before the decision is refused, then the real one is saved.
    page.get_by_label("Flyttedato").fill((today - datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Gem flyttedatoen").click()
    expect(page.locator(".form-error-message")).to_contain_text("Flyttedatoen er før afgørelsen")
    assert_accessible(page, "Forberedelse")
    move = today + datetime.timedelta(days=3)
    page.get_by_label("Flyttedato").fill(move.isoformat())
    page.get_by_role("button", name="Gem flyttedatoen").click()
    expect(page.locator(".alert-success")).to_contain_text("Flyttedatoen er gemt")
    assert_accessible(page, "Forberedelse")
    screenshot(page, "preparation-plan")

    placement_looks(browser, live_server, decided["staff"].username)

    # The daily command, at five past midnight on the move date.
    moment = datetime.datetime.combine(
        move, datetime.time(0, 5), tzinfo=ZoneInfo("Europe/Copenhagen")
    )
    with time_machine.travel(moment, tick=False):
        call_command("preparation_move")
    case.refresh_from_db()
    assert case.status == CaseStatus.PLACED
    assert StartedPlacement.objects.get(case=case).started_on == move
    page.goto(f"/preparation/cases/{case.pk}/")
    assert_accessible(page, "Forberedelse")
    expect(page.locator("main")).to_contain_text("Barnet flyttede den")
    screenshot(page, "preparation-plan-placed")
