# SPDX-License-Identifier: MPL-2.0
"""In a real browser: before the first follow-up the child, the mother and the placement answer
their questionnaires on a 375 px phone, and the caseworker reads them beside the plan's goals.

The case is under non-disclosure (§ 105): the mother's pages never name the place. Every page
visited passes axe.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.children.models import Case
from placematch.followup.link_forms import FORMS
from placematch.followup.models_voice import Occasion, Respondent
from placematch.followup.tests.conftest import a_plan
from placematch.involvement.services import link_issue
from tests.browser import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e]


def link_url(live_server, world, respondent: str, person_id: str = "") -> str:
    _link, token = link_issue(
        actor=world["caseworker"], form_key=FORMS[(Occasion.CHECK, respondent)],
        subject_id=str(world["child"].pk), person_id=person_id,
    )  # fmt: skip
    return f"{live_server.url}/l/{token}/"


def child_answers(phone: Page, url: str) -> None:
    phone.goto(url)
    assert_accessible(phone, "Hvordan går det?")
    screenshot(phone, "followup-child-start-phone")
    phone.get_by_role("link", name="Start").click()
    assert_accessible(phone, "Hvordan går det?")
    phone.get_by_role("button", name="Næste").click()
    expect(phone.locator(".alert-error")).to_contain_text("Vælg et svar")
    assert_accessible(phone, "Hvordan går det?")
    phone.get_by_text("Godt", exact=True).click()
    phone.get_by_role("button", name="Næste").click()
    assert_accessible(phone, "Hvordan går det i skolen?")
    phone.get_by_text("Ikke godt", exact=True).click()
    phone.get_by_label("Vil du sige mere?").fill("Matematik er svært")
    screenshot(phone, "followup-child-question-phone")
    phone.get_by_role("button", name="Næste").click()
    assert_accessible(phone, "Hvordan går det med venner og fritid?")
    phone.get_by_text("Både godt og skidt", exact=True).click()
    phone.get_by_role("button", name="Næste").click()
    assert_accessible(phone, "Er der andet, du vil sige?")
    phone.get_by_label("Skriv det her.").fill("Hunden er sød")
    phone.get_by_role("button", name="Send").click()
    assert_accessible(phone, "Tak")


def adult_answers(phone: Page, url: str, texts: dict[str, str], forbidden: str = "") -> None:
    phone.goto(url)
    assert_accessible(phone, "Hvordan går det for Vilja?")
    if forbidden:
        expect(phone.locator("main")).not_to_contain_text(forbidden)
    groups = phone.get_by_role("group")
    expect(groups).to_have_count(3)
    groups.nth(0).get_by_label("Godt", exact=True).check()
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".alert-error")).to_contain_text("Nogle svar mangler")
    assert_accessible(phone, "Hvordan går det for Vilja?")
    for index in range(3):
        phone.get_by_role("group").nth(index).get_by_label("Både godt og skidt").check()
    for label, text in texts.items():
        phone.get_by_label(label).fill(text)
    screenshot(phone, "followup-adult-form-phone")
    phone.get_by_role("button", name="Send").click()
    assert_accessible(phone, "Tak")
    if forbidden:
        expect(phone.locator("main")).not_to_contain_text(forbidden)


def test_child_parent_and_placement_answer_before_the_follow_up(
    page, phone_page, live_server, login, placed
):
    a_plan(placed)
    Case.objects.filter(pk=placed["case"].pk).update(non_disclosure=True)
    child_answers(phone_page, link_url(live_server, placed, Respondent.CHILD))
    mother = str(placed["mother"].pk)
    adult_answers(
        phone_page, link_url(live_server, placed, Respondent.PARENT, mother),
        {"Er der andet, du vil sige?": "Hun savner sin bror"}, forbidden="Prøvesen",
    )  # fmt: skip
    adult_answers(
        phone_page, link_url(live_server, placed, Respondent.PLACEMENT),
        {"Er der andet, du vil sige?": "Hun mangler støtte i skolen"},
    )  # fmt: skip

    login(page, placed["caseworker"].username, TEST_PASSWORD)
    followup = placed["record"].followups.get()
    page.goto(f"/followup/followups/{followup.pk}/")
    assert_accessible(page, "Opfølgning")
    said = page.locator("section.followup-said")
    expect(said).to_contain_text(
        re.compile("Vilja.*Hanne Fiktivholm \\(Mor\\).*Anbringelsesstedet")
    )
    expect(said).to_contain_text("Hun savner sin bror")
    school = page.get_by_role("group", name="Dagtilbud, skoleforhold og læring")
    expect(school).to_contain_text("Matematik er svært")
    screenshot(page, "followup-answers-beside-goals")
