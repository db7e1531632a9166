# SPDX-License-Identifier: MPL-2.0
"""The decision's PDFs: contents, the parents' versions, and non-disclosure (§ 105)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from placematch.audit.models import AccessLogEntry
from placematch.decisions.documents import Audience, document_html, render_pdf
from placematch.decisions.rules import default_appeal_guidance
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import decide_kwargs
from placematch.involvement.tests.test_plain_language import lix

pytestmark = pytest.mark.django_db

PARENT_URLS = ("decisions:decision_basis_parents", "decisions:decision_letter")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def decision(world):
    return decision_make(
        **decide_kwargs(
            world,
            place=world["other_place"],
            reasons="Lyngly afdeling A i Herning har faste voksne og plads til Vilja.",
            reasons_for_other_than_top="Vilja vil gerne bo med andre unge i 7400 Herning.",
        )
    )


def test_the_decision_basis_pdf_has_the_child_the_place_and_page_numbers(
    world, decision, client_for
):
    client = client_for(world["caseworker"])
    response = client.get(reverse("decisions:decision_basis", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Vilja Fiktivholm" in text
    assert "Lyngly afdeling A" in text
    assert "Side 1 af" in text
    assert "Fortroligt" in text
    assert "Tjekliste (§ 52)" in text
    assert "Balder" in text  # the caseworker's copy has the child's own wish
    assert AccessLogEntry.objects.filter(
        action="export", subject_id=str(world["child"].pk), detail__document="basis"
    ).exists()


def test_the_letters_have_the_appeal_guidance(world, decision, client_for):
    client = client_for(world["caseworker"])
    letter = pdf_text(client.get(reverse("decisions:decision_letter", args=[decision.pk])).content)
    assert "Ankestyrelsen" in letter and "Vilja" in letter
    location = pdf_text(
        client.get(reverse("decisions:location_letter", args=[decision.pk])).content
    )
    assert "§ 52, stk. 5" in location and "Lyngly afdeling A" in location


def test_parents_copies_leave_out_the_childs_words_unless_the_child_agreed(world, decision):
    html = document_html(decision, "basis", Audience.PARENTS)
    assert "Balder" not in html and "lillebror Storm" not in html
    assert "ikke har sagt ja til at dele dem" in html
    decision.child_words_shared = True
    decision.save()
    html = document_html(decision, "basis", Audience.PARENTS)
    assert "Balder" in html and "lillebror Storm" in html


@pytest.mark.parametrize("url_name", PARENT_URLS)
def test_protected_case_parent_pdfs_reveal_neither_the_place_nor_its_area(
    world, decision, client_for, url_name
):
    case = world["case"]
    case.non_disclosure = True
    case.save()
    place = world["other_place"]
    forbidden = [
        place.name, place.provider.name, "Lyngly", "Herning", "7400", world["place"].name,
    ]  # fmt: skip
    response = client_for(world["caseworker"]).get(reverse(url_name, args=[decision.pk]))
    text = pdf_text(response.content)
    assert "Vilja" in text
    for word in forbidden:
        assert word not in text, word


@pytest.mark.parametrize("document", ["basis", "letter"])
def test_protected_case_parent_html_reveals_neither_the_place_nor_its_area(
    world, decision, document
):
    world["case"].non_disclosure = True
    world["case"].save()
    decision.case.refresh_from_db()
    html = document_html(decision, document, Audience.PARENTS)
    for word in ("Lyngly", "Herning", "7400", "Plejefamilie Prøvesen", "Opholdsstedet"):
        assert word not in html, word
    assert "[ikke oplyst]" in html  # the reasons mentioned the place, and are masked


def test_without_non_disclosure_the_parents_letter_names_the_place(world, decision):
    html = document_html(decision, "letter", Audience.PARENTS)
    assert "Lyngly afdeling A" in html and "7400 Herning" in html


def test_rendering_works_without_a_meeting(world):
    kwargs = decide_kwargs(world, kind="temporary", meeting=None, hearings=[])
    decision = decision_make(**kwargs)
    assert pdf_text(render_pdf(document_html(decision, "basis", Audience.CASEWORKER)))


@pytest.mark.parametrize("non_disclosure", [False, True])
def test_the_parents_letter_reads_at_lix_35_or_below(world, non_disclosure):
    world["case"].non_disclosure = non_disclosure
    world["case"].save()
    decision = decision_make(
        **decide_kwargs(
            world, reasons="Vilja får faste voksne. Hun kan gå i sin skole.",
            appeal_guidance=default_appeal_guidance(),
        )
    )  # fmt: skip
    html = document_html(decision, "letter", Audience.PARENTS)
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    assert lix(text) <= 35, (lix(text), text)
