# SPDX-License-Identifier: MPL-2.0
"""In a real browser: the caseworker sends the child's link by e-mail, the child opens it from
the captured message on a phone."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from placematch.accounts.models import Role
from placematch.accounts.tests.factories import TEST_PASSWORD, TeamFactory
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.outbox.services import outbox_deliver
from tests.browser import HEAVY_MS, assert_accessible, screenshot

URL_IN_TEXT = re.compile(r"https?://\S+/l/[A-Za-z0-9_-]{43}/")


@pytest.mark.e2e
def test_the_caseworker_e_mails_the_childs_link_and_the_child_opens_it_on_a_phone(
    page, phone_page, login, municipality, make_user
):
    team = TeamFactory(organisation=municipality)
    caseworker = make_user(municipality, Role.CASEWORKER, team=team)
    child = ChildFactory(organisation=municipality, first_name="Alma", last_name="Eksempelsen")
    case = CaseFactory(child=child, team=team, caseworkers=[caseworker])
    login(page, caseworker.username, TEST_PASSWORD)
    page.goto(f"/children/cases/{case.pk}/")
    wishes = page.locator("section[aria-labelledby=wishes-h]")
    wishes.get_by_role("link", name="Send på e-mail, sms eller med pinkode").click()
    assert_accessible(page, "Send et link: Dine ønsker")
    page.get_by_label("Send det på e-mail").check()
    page.get_by_label("E-mailadresse").fill("alma@example")
    page.get_by_role("button", name="Lav linket").click()
    expect(page.locator(".form-error-message")).to_contain_text("gyldig e-mailadresse")
    page.get_by_label("E-mailadresse").fill("alma@example.dk")
    page.get_by_role("button", name="Lav linket").click()
    assert_accessible(page, "Alma Eksempelsen")
    expect(page.locator("main")).to_contain_text("Linket er på vej på e-mail til alma@example.dk.")
    # Queued with the link; the task worker beside the server may already have sent it.
    expect(page.locator(".outbox-messages")).to_contain_text(
        re.compile("Venter på at blive sendt|Sendt")
    )
    assert page.locator(".involvement-url").count() == 0  # sent, never shown

    # The worker sends it: wait for the captured message (an event, with the heavy ceiling).
    deadline = time.monotonic() + HEAVY_MS / 1000
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert outbox_deliver().sent == 0  # nothing left for a second sender: it went once
    [message] = mail.outbox
    assert message.to == ["alma@example.dk"]
    assert "Alma" not in message.body
    url = URL_IN_TEXT.findall(message.body)[0]
    page.reload()
    expect(page.locator(".outbox-messages .badge")).to_have_text("Sendt")
    screenshot(page, "outbox-case-messages")

    phone_page.goto(url)
    assert phone_page.url.endswith("/l/form/")
    assert_accessible(phone_page, "Dine ønsker")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "outbox-link-from-mail-phone")
