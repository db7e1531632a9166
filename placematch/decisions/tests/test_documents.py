# SPDX-License-Identifier: MPL-2.0
"""The decision's PDFs: the frozen basis, the parents' versions, and one letter per recipient."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from placematch.audit.models import AccessLogEntry
from placematch.children.models import PersonKind
from placematch.children.tests.factories import PersonFactory
from placematch.core.pdf import render_pdf
from placematch.decisions import letters
from placematch.decisions.basis import basis_data, canonical, content_hash
from placematch.decisions.documents import Audience, document_html
from placematch.decisions.models import DecisionBasis
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import consenting_custody_holder, decide_kwargs
from placematch.involvement.tests.test_plain_language import lix

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def letter_url(decision, person=None) -> str:
    if person is None:
        return reverse("decisions:child_letter", args=[decision.pk])
    return reverse("decisions:decision_letter", args=[decision.pk, person.pk])


@pytest.fixture
def decision(world):
    return decision_make(
        **decide_kwargs(
            world,
            place=world["other_place"],
            reasons="Lyngly afdeling A i Herning har faste voksne og plads til Vilja.",
            reasons_for_other_than_top="Vilja vil gerne bo med andre unge i 7400 Herning.",
            reasons_for_parents="Vilja får faste voksne omkring sig og ro til skolen.",
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


def test_the_basis_is_written_once_with_the_hash_of_its_canonical_content(decision):
    basis = DecisionBasis.objects.get(decision=decision)
    assert basis.sha256 == content_hash(basis.content)
    data = basis_data(basis)
    assert canonical(data) == basis.content
    assert data["decision"]["reasons"].startswith("Lyngly afdeling A")
    assert data["meeting"]["checklist"][0]["answer"] == "met"
    assert [h["name"] for h in data["hearings"]] == ["Hanne Fiktivholm", "Vilja Fiktivholm"]
    assert any("Lyngly afdeling A" in c["place"] for c in data["candidates"])
    assert not basis.recorded_late


def test_a_changed_basis_row_is_refused_not_rendered(decision):
    basis = DecisionBasis.objects.get(decision=decision)
    DecisionBasis.objects.filter(pk=basis.pk).update(content=basis.content.replace("Vilja", "X"))
    with pytest.raises(ValueError, match="does not match its hash"):
        document_html(decision, "basis", Audience.CASEWORKER)


def test_two_renders_give_the_same_bytes(decision):
    first = render_pdf(document_html(decision, "basis", Audience.CASEWORKER))
    second = render_pdf(document_html(decision, "basis", Audience.CASEWORKER))
    assert first == second
    created = PdfReader(io.BytesIO(first)).metadata.creation_date
    assert created == DecisionBasis.objects.get(decision=decision).recorded_at.replace(
        microsecond=0
    )


def test_a_decision_without_a_basis_gets_one_on_first_download(world, decision, client_for):
    DecisionBasis.objects.filter(decision=decision).delete()  # queryset delete: as before 0004
    client = client_for(world["caseworker"])
    first = client.get(reverse("decisions:decision_basis", args=[decision.pk])).content
    basis = DecisionBasis.objects.get(decision=decision)
    assert basis.recorded_late
    assert "efter afgørelsen" in pdf_text(first)
    assert client.get(reverse("decisions:decision_basis", args=[decision.pk])).content == first


def test_the_letters_are_listed_one_per_recipient_and_each_download_is_logged(
    world, decision, client_for, settings
):
    settings.DECISION_DOCUMENTS_GRACE_SECONDS = 0  # as for a decision made before stored PDFs
    client = client_for(world["caseworker"])
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert letter_url(decision, world["mother"]) in page
    assert letter_url(decision) in page
    assert client.get(letter_url(decision, world["mother"])).status_code == 200
    assert AccessLogEntry.objects.filter(
        action="export", detail__document="letter", detail__recipient=f"person-{world['mother'].pk}"
    ).exists()


def test_one_letter_per_custody_holder_and_the_childs_letter_for_a_party_of_12(world, client_for):
    father, heard = consenting_custody_holder(world, "Jens Fiktivholm")
    no_custody = PersonFactory(child=world["child"], kind=PersonKind.PARENT, name="Ole Fiktiv")
    kwargs = decide_kwargs(world)
    decision = decision_make(**kwargs | {"hearings": [*kwargs["hearings"], heard]})
    assert world["child"].age_on(timezone.localdate()) == 12
    names = [r.name for r in letters.recipients(basis_data(decision.basis))]
    assert names == ["Hanne Fiktivholm", "Jens Fiktivholm", "Vilja Fiktivholm"]
    client = client_for(world["caseworker"])
    for person in (world["mother"], father):
        text = pdf_text(client.get(letter_url(decision, person)).content)
        assert f"Til: {person.name}" in text
        assert "Vilja Fiktivholm" not in text.split("Til:")[1].splitlines()[0]
    assert client.get(letter_url(decision, no_custody)).status_code == 404
    child_text = pdf_text(client.get(letter_url(decision)).content)
    assert "Til: Vilja Fiktivholm" in child_text


def test_no_childs_letter_for_an_8_year_old(world, client_for):
    child = world["child"]
    child.birth_date = timezone.localdate() - datetime.timedelta(days=8 * 365 + 30)
    child.save()
    decision = decision_make(**decide_kwargs(world, hearings=decide_kwargs(world)["hearings"][:1]))
    assert [r.is_child for r in letters.recipients(basis_data(decision.basis))] == [False]
    client = client_for(world["caseworker"])
    assert client.get(letter_url(decision)).status_code == 404
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert letter_url(decision) not in page


@pytest.mark.parametrize(
    ("case_type", "legal_basis", "committee_on", "cited", "straight_to_ast"),
    [
        ("first_placement", "s46_consent", None, "§ 46, stk. 1", False),
        ("first_placement", "s47_without_consent", -5, "§ 47, stk. 1", True),
        ("change_of_placement", "s46_consent", None, "§ 98, stk. 1", False),
        ("change_of_placement", "s46_consent", -5, "§ 98, stk. 4", True),
    ],
)
def test_each_letter_cites_the_legal_basis_and_the_right_appeal_route(
    world, client_for, case_type, legal_basis, committee_on, cited, straight_to_ast
):
    case = world["case"]
    case.case_type, case.legal_basis = case_type, legal_basis
    case.save()
    extra = {}
    if committee_on is not None:
        extra["committee_decided_on"] = timezone.localdate() + datetime.timedelta(committee_on)
    if case_type == "change_of_placement":
        extra["current_placement_statement"] = "Stedet støtter skiftet."
        extra["custody_consent_on"] = timezone.localdate()
        extra["child_consent_on"] = timezone.localdate()
    decision = decision_make(**decide_kwargs(world, **extra))
    client = client_for(world["caseworker"])
    for url in (letter_url(decision, world["mother"]), letter_url(decision)):
        text = " ".join(pdf_text(client.get(url).content).split())
        assert "§ 52, stk. 1" in text
        assert cited in text, url
        assert "4 uger" in text
        assert "Teglholmsgade 3" in text and "33 41 12 00" in text and "ast@ast.dk" in text
        if straight_to_ast:
            assert "direkte til Ankestyrelsen" in text, text
        else:
            assert "§§ 66–67" in text or "§ 66 og § 67" in text, text


def test_the_parents_letter_uses_only_the_reasons_written_for_the_parents(
    world, decision, client_for
):
    text = pdf_text(
        client_for(world["caseworker"]).get(letter_url(decision, world["mother"])).content
    )
    flat = " ".join(text.split())
    assert "Vilja får faste voksne omkring sig og ro til skolen." in flat
    assert "har faste voksne og plads til Vilja" not in flat  # the caseworker's reasons
    assert "forvaltningsloven § 25" in flat
    assert "Vilja kan også selv klage" in flat


def test_the_childs_letter_reads_at_lix_25_says_du_and_never_plural_you(
    world, decision, client_for
):
    text = pdf_text(client_for(world["caseworker"]).get(letter_url(decision)).content)
    flat = " ".join(text.split())
    # The footer and the contact block are not prose.
    prose = flat.split("Ankestyrelsen Teglholmsgade")[0]
    prose = re.sub(r"Fortroligt:.*?Side \d+ af \d+", " ", prose)
    assert lix(prose) <= 25, (lix(prose), prose)
    assert re.search(r"\bdu\b", prose, re.IGNORECASE)
    assert not re.search(r"\bI\b|\bjer\b|\bjeres\b", flat), flat
    assert "Du må klage" in flat or "Du kan klage" in flat
    # The caseworker's purpose speaks of the child in the third person: not in the child's letter.
    assert "At Vilja får en stabil hverdag" not in flat


def test_a_parent_letter_and_copy_on_a_protected_case_name_neither_place_nor_area(
    world, decision, client_for
):
    case = world["case"]
    case.non_disclosure = True
    case.save()
    place = world["other_place"]
    forbidden = [place.name, place.provider.name, "Lyngly", "Herning", "7400"]
    client = client_for(world["caseworker"])
    for url in (
        letter_url(decision, world["mother"]),
        reverse("decisions:decision_basis_parents", args=[decision.pk]),
    ):
        text = pdf_text(client.get(url).content)
        assert "Vilja" in text
        for word in forbidden:
            assert word not in text, (url, word)


def test_without_non_disclosure_the_parents_letter_names_the_place(world, decision):
    html = document_html(decision, "letter", Audience.PARENTS)
    assert "Lyngly afdeling A" in html and "7400 Herning" in html


def test_parents_copies_leave_out_the_childs_words_and_the_caseworkers_texts(world, decision):
    html = document_html(decision, "basis", Audience.PARENTS)
    assert "Balder" not in html and "lillebror Storm" not in html
    assert "ikke har sagt ja til at dele dem" in html
    assert "Lyngly afdeling A i Herning har faste voksne" not in html  # caseworker's reasons
    assert "Vilja vil gerne bo med andre unge" not in html  # why not the first-ranked


def test_the_location_letter_names_the_place(world, decision, client_for):
    client = client_for(world["caseworker"])
    location = pdf_text(
        client.get(reverse("decisions:location_letter", args=[decision.pk])).content
    )
    assert "§ 52, stk. 5" in location and "Lyngly afdeling A" in location
    assert "Skanderborg Kommune" in location
    # The schooling as decided, which the receiving municipality acts on, not a bare "yes".
    assert "Vilja fortsætter i Skovbrynets Fiktivskole." in location
    assert "Barnet bliver i sin skole" in location
    assessed = timezone.localdate() - datetime.timedelta(days=14)
    words = " ".join(location.split())  # the label wraps in its column
    assert f"Behovet for specialundervisning vurderet den {assessed:%d.%m.%Y}" in words


def test_rendering_works_without_a_meeting(world):
    kwargs = decide_kwargs(world, kind="temporary", meeting=None)
    decision = decision_make(**kwargs)
    assert pdf_text(render_pdf(document_html(decision, "basis", Audience.CASEWORKER)))


def test_a_lasting_decision_needs_the_reasons_for_the_parents_and_the_child(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        decision_make(**decide_kwargs(world, reasons_for_parents=" ", reasons_for_child=""))
    assert set(caught.value.message_dict) >= {"reasons_for_parents", "reasons_for_child"}
    assert not DecisionBasis.objects.exists()
