# SPDX-License-Identifier: MPL-2.0
"""In a real browser, the order practice uses: hold, prepare, agree, decide, write to each.

The match meeting holds the chosen foster family; the preparation's first meeting, interview
and visit happen on the hold, with the child and the mother answering on their phones; the
mutual yes comes before the formal decision; the decision turns the hold into the reservation
and its basis keeps what was prepared; then one letter goes to each custody holder and one to
the child, the child's in plain Danish. The case is under non-disclosure (§ 105) towards both
parents, so no page reached through a parent's link and no PDF for the parents names the place.
Every page visited passes axe.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from placematch.accounts.tests.factories import TEST_PASSWORD
from placematch.children.services_disclosure import non_disclosure_decide
from placematch.core.disclosure import found
from placematch.decisions.disclosure import place_identifiers
from placematch.decisions.models import Decision, DecisionBasis
from placematch.decisions.tests.conftest import consenting_custody_holder, world
from placematch.involvement.tests.test_plain_language import lix
from placematch.preparation.models import PlanStatus, PreparationPlan
from placematch.preparation.tests.test_e2e import (
    add_meeting,
    answer_yes,
    child_answers,
    parent_answers,
    send_link,
)
from tests.browser import HEAVY_MS, PHONE, assert_accessible, download, screenshot
from tests.test_e2e_match_to_move import FAMILY_PLACE, hold_match_meeting, story, switch_user

__all__ = ["story", "world"]

pytestmark = [pytest.mark.e2e]

# The fixtures mark every made-up name "(fiktiv)": not a word that names one place.
FIXTURE_MARK = {"fiktiv"}


@pytest.fixture
def protected(story):
    """The story's case with both parents custody holders and § 105 towards them both."""
    place = story["place"]
    provider = place.provider
    provider.address, provider.contact_name = "Lyngvej 7", "Søren Kragh"
    provider.contact_phone, provider.contact_email = "97 12 34 56", "post@proevesen.dk"
    provider.save()
    story["father"], _ = consenting_custody_holder(story, "Bjarke Fiktivholm")
    non_disclosure_decide(
        actor=story["team_leader"], case=story["case"], decided_on=timezone.localdate(),
        all_parents=True, reason="Børne- og ungeudvalget har besluttet ikke at oplyse stedet.",
    )  # fmt: skip
    story["terms"] = place_identifiers(place)
    return story


def revealing(text: str, terms) -> list[str]:
    return [w for w in found(text, terms) if w.lower() not in FIXTURE_MARK]


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def hold_the_place(page: Page, story, today: datetime.date) -> None:
    section = page.locator("section[aria-labelledby=hold-h]")
    section.get_by_label("Plads, der skal holdes").select_option(str(story["place"].pk))
    section.get_by_label("Pladsen holdes ikke længere fra").fill(
        (today + datetime.timedelta(days=21)).isoformat()
    )
    section.get_by_role("button", name="Hold pladsen").click()
    expect(page.locator("section[aria-labelledby=hold-h]")).to_contain_text("holdes til barnet")
    assert_accessible(page, f"Matchmøde den {today:%d-%m-%Y}")


def prepare_on_hold(page: Page, phone: Page, story, today: datetime.date) -> None:
    """The steps and the mutual yes on the hold, with the child and the mother answering."""
    case_pk = story["case"].pk
    page.goto(f"/preparation/cases/{case_pk}/")
    expect(page.locator("main")).to_contain_text("Matchmødet holder")
    assert_accessible(page, "Forberedelse")
    page.get_by_role("button", name="Start forberedelsen").click()
    expect(page.locator(".alert-success")).to_contain_text("Forberedelsen er startet")
    expect(page.locator("main")).to_contain_text("Ikke truffet endnu. Pladsen er holdt")
    add_meeting(page, "Første møde", today)
    child_answers(phone, send_link(page, "Vilja"))
    page.goto(f"/preparation/cases/{case_pk}/")
    url = send_link(page, "Mor")
    parent_answers(phone, url)
    # The mother's link pages, start to thanks, name nothing of the place.
    phone.goto(url)
    assert revealing(phone.locator("body").inner_text(), story["terms"]) == []
    page.goto(f"/preparation/cases/{case_pk}/")
    add_meeting(page, "Matchsamtale", today)
    add_meeting(page, "Matchbesøg", today)
    page.get_by_role("link", name="Registrér det gensidige ja").click()
    answer_yes(page)
    page.get_by_label("Barnets syn").fill("Vilja glæder sig til hunden")
    page.get_by_role("button", name="Registrér svaret").click()
    expect(page.locator(".alert-success")).to_contain_text("Det gensidige ja er registreret")
    # The move waits for the decision.
    expect(page.locator("main")).to_contain_text("Barnet flytter aldrig på en holdt plads")
    assert_accessible(page, "Forberedelse")


def decide(page: Page, story, today: datetime.date) -> Decision:
    page.goto(f"/decisions/cases/{story['case'].pk}/")
    page.get_by_role("link", name="Træf afgørelsen").click()
    assert_accessible(page, "Træf afgørelsen")
    page.get_by_label("Anbringelsessted", exact=True).select_option(str(story["place"].pk))
    heard = (today - datetime.timedelta(days=6)).isoformat()
    for name in ("Hanne Fiktivholm", "Bjarke Fiktivholm"):
        page.get_by_label(f"{name} (Forældremyndighedsindehaver) partshørt den").fill(heard)
        page.get_by_label(f"Svaret fra {name}").fill("Jeg er enig.")
    page.get_by_label("Vilja Fiktivholm (Barnet (part fra 10 år)) partshørt den").fill(heard)
    page.get_by_label("Begrundelse for afgørelsen").fill(
        "Familien kan give Vilja faste voksne og en hund, og hun kan blive i sin skole."
    )
    page.locator("#id_location_municipality").fill("Skanderborg Kommune")
    page.locator("#id_purpose").fill("At Vilja får en stabil hverdag med faste voksne.")
    page.locator("#id_expected_duration").fill("Cirka to år")
    page.get_by_label("Valget af anbringelsessted følger barnets plan").check()
    page.get_by_label("Barnet bliver i sin skole").check()
    page.locator("#id_schooling").fill("Vilja fortsætter i sin skole.")
    page.locator("#id_location_informed_on").fill(today.isoformat())
    page.locator("#id_reasons_for_parents").fill("Vilja får faste voksne og kan blive i sin skole.")
    page.locator("#id_reasons_for_child").fill("Du får faste voksne. Du kan gå i din skole.")
    page.get_by_role("button", name="Træf afgørelsen og reservér pladsen").click(timeout=HEAVY_MS)
    expect(page.get_by_text("Afgørelsen er truffet, og pladsen er reserveret")).to_be_visible(
        timeout=HEAVY_MS
    )
    assert_accessible(page, f"Afgørelse om {FAMILY_PLACE}")
    return Decision.objects.get()


def test_hold_prepare_decide_and_write_to_each_recipient(page, phone_page, login, protected):
    story, today = protected, timezone.localdate()
    phone_page.set_viewport_size(PHONE)
    login(page, story["caseworker"].username, TEST_PASSWORD)
    page.goto(f"/children/cases/{story['case'].pk}/")
    hold_match_meeting(page, today)
    hold_the_place(page, story, today)

    prepare_on_hold(page, phone_page, story, today)
    plan = PreparationPlan.objects.get()
    assert plan.decision is None and plan.status == PlanStatus.AGREED

    switch_user(page, login, story["team_leader"])
    decision = decide(page, story, today)
    plan.refresh_from_db()
    assert plan.decision == decision and decision.reservation_id == plan.reservation_id
    screenshot(page, "hold-to-letters-decision")

    # The caseworker's basis keeps what was prepared on the hold, frozen with the decision.
    basis = " ".join(pdf_text(download(page, "Beslutningsgrundlag (PDF)")).split())
    assert "Forberedelse før afgørelsen" in basis and "Hunden var sød" in basis
    assert "Det gik for hurtigt" in basis and "Gensidigt ja" in basis
    assert DecisionBasis.objects.get(decision=decision).sha256

    # One letter to each custody holder and one to the child, every parent PDF without the place.
    # The worker stores the PDFs one by one; the panel stops being busy when all are links.
    expect(page.locator("#decision-documents[aria-busy]")).to_have_count(0, timeout=HEAVY_MS)
    links = page.locator("a[download]")
    names = [links.nth(i).inner_text() for i in range(links.count())]
    letters = [n for n in names if n.startswith("Brev til")]
    assert sorted(letters) == sorted(
        [
            "Brev til Hanne Fiktivholm, forældremyndighedsindehaver (PDF)",
            "Brev til Bjarke Fiktivholm, forældremyndighedsindehaver (PDF)",
            "Brev til Vilja Fiktivholm, skrevet til barnet (PDF)",
            "Brev til beliggenhedskommunen (PDF)",
        ]
    ), names
    for name in (
        "Beslutningsgrundlag, forældrenes kopi (PDF)",
        "Brev til Hanne Fiktivholm, forældremyndighedsindehaver (PDF)",
        "Brev til Bjarke Fiktivholm, forældremyndighedsindehaver (PDF)",
    ):
        text = pdf_text(download(page, name))
        assert "Vilja" in text, name
        assert revealing(text, story["terms"]) == [], (name, revealing(text, story["terms"]))
        assert "Hunden var sød" not in text  # the child's words stay out of the parents' copies

    child = " ".join(
        pdf_text(download(page, "Brev til Vilja Fiktivholm, skrevet til barnet (PDF)")).split()
    )
    prose = re.sub(
        r"Fortroligt:.*?Side \d+ af \d+", " ", child.split("Ankestyrelsen Teglholmsgade")[0]
    )
    assert lix(prose) <= 25, (lix(prose), prose)
    assert re.search(r"\bdu\b", prose, re.IGNORECASE) and "Du får faste voksne" in prose
