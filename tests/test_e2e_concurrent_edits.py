# SPDX-License-Identifier: MPL-2.0
"""In two real browsers, two users edit the same record: the second, stale save is refused.

For the case, an assessment version, a wish, the match meeting and the preparation plan: both
users open the form, the first saves, the second is told which fields changed meanwhile (with
their values now) and the first user's change survives.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.children.models import Assessment, Case, Wish
from placematch.children.services_disclosure import non_disclosure_decide
from placematch.children.tests.factories import WishFactory
from placematch.decisions.models import MatchMeeting
from placematch.decisions.tests.conftest import _plain_shortlist
from placematch.preparation.models import PreparationPlan
from placematch.preparation.tests.conftest import decided, plan, world
from tests.browser import DESKTOP

# The preparation tests' decided case and its plan; its stored run has no real place index.
__all__ = ["_plain_shortlist", "decided", "plan", "world"]

pytestmark = [pytest.mark.e2e]

SUBMIT = "form:has(input[name$='edit_version']) button[type=submit]"
STALE = "Ændret i mellemtiden:"


@pytest.fixture
def users_pages(
    browser: Browser, live_server, transactional_db, decided, plan
) -> Iterator[tuple[Page, Page]]:
    """Two browsers, the caseworker's and the team leader's, each logged in."""
    contexts, pages = [], []
    for user in (decided["caseworker"], decided["team_leader"]):
        context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="da-DK")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("Brugernavn").fill(user.username)
        page.get_by_label("Adgangskode").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        contexts.append(context)
        pages.append(page)
    yield pages[0], pages[1]
    for context in contexts:
        context.close()


def _save(page: Page, selector: str = SUBMIT) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _refused(page: Page, selector: str, *names: str) -> None:
    _save(page, selector)
    alert = page.locator(".alert-error").first
    expect(alert).to_contain_text(STALE)
    for name in names:
        expect(alert).to_contain_text(name)


def test_second_stale_saves_are_refused_for_every_record(users_pages, decided, plan):
    first, second = users_pages
    case = plan.case

    # The case under non-disclosure: the first user marks the child's request; the stale save is
    # refused, and non-disclosure (decided by the committee, not on this form) stays on.
    non_disclosure_decide(
        actor=decided["caseworker"], case=case, decided_on=timezone.localdate(),
        all_parents=True, reason="Risiko for bortførelse",
    )  # fmt: skip
    url = f"/children/cases/{case.pk}/edit/"
    first.goto(url)
    second.goto(url)
    assert first.locator("#id_non_disclosure").count() == 0
    first.locator("#id_child_requested").check()
    _save(first)
    second.locator("#id_safety_note").fill("Far har truet med at hente barnet")
    _refused(second, SUBMIT, "Barnet har selv bedt om at blive anbragt (§ 48)")
    expect(second.locator("#id_safety_note")).to_have_value("Far har truet med at hente barnet")
    expect(second.get_by_text("overført til formularen. Nu: Ja").first).to_be_visible()
    assert Case.objects.get(pk=case.pk).non_disclosure is True
    # The field only the first user changed was taken into the form: saving again keeps it.
    expect(second.locator("#id_child_requested")).to_be_checked()
    _save(second)
    case.refresh_from_db()
    assert case.non_disclosure is True and case.safety_note.startswith("Far har truet")

    # The assessment: a version built on a stale one is refused.
    url = f"/children/cases/{case.pk}/assessment/"
    first.goto(url)
    second.goto(url)
    first.locator("#id_level_health").select_option("high")
    first.locator("#id_note_health").fill("Astma, medicin dagligt")
    _save(first)
    second.locator("#id_level_schooling").select_option("moderate")
    _refused(second, SUBMIT, "Sundhedsforhold")
    assert Assessment.objects.filter(case=case).count() == 1
    assert Assessment.objects.get(case=case).needs.get(dimension="health").level == "high"

    # A wish.
    wish = WishFactory(case=case, text="En hund")
    url = f"/children/cases/{case.pk}/wishes/{wish.pk}/"
    first.goto(url)
    second.goto(url)
    first.locator("#id_text").fill("En hund og en kat")
    _save(first)
    second.locator("#id_text").fill("En hest")
    _refused(second, SUBMIT, "Ønsket")
    expect(second.get_by_text("Nu: En hund og en kat").first).to_be_visible()
    assert Wish.objects.get(pk=wish.pk).text == "En hund og en kat"

    # The match meeting and its notes.
    meeting = MatchMeeting.objects.filter(case=case).latest("pk")
    url = f"/decisions/meetings/{meeting.pk}/"
    first.goto(url)
    second.goto(url)
    first.locator("#id_notes").fill("Skolen er drøftet")
    _save(first)
    second.locator("#id_notes").fill("Mine egne noter")
    _refused(second, SUBMIT, "Referat fra mødet")
    # A decision rests on this meeting, so the first save made a new version and left it as it was.
    newest = MatchMeeting.objects.filter(case=case).latest("pk")
    assert newest.previous_id == meeting.pk and newest.notes == "Skolen er drøftet"
    assert MatchMeeting.objects.get(pk=meeting.pk).notes == meeting.notes

    # The preparation plan's move date.
    url = f"/preparation/cases/{case.pk}/"
    move = "form[action$='/move/'] button[type=submit]"
    soon = timezone.localdate() + datetime.timedelta(days=30)
    first.goto(url)
    second.goto(url)
    first.locator("#id_move-move_date").fill(soon.isoformat())
    _save(first, move)
    second.locator("#id_move-move_date").fill((soon + datetime.timedelta(days=7)).isoformat())
    _refused(second, move, "Flyttedato")
    expect(second.get_by_text(f"Nu: {soon:%d-%m-%Y}").first).to_be_visible()
    assert PreparationPlan.objects.get(pk=plan.pk).move_date == soon
