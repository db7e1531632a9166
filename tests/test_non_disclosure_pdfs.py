# SPDX-License-Identifier: MPL-2.0
"""The parents' PDFs of a § 105 case name no place identifier, whatever the free texts say."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from placematch.children import services_voice
from placematch.children.models import Conversation
from placematch.children.services_disclosure import non_disclosure_decide
from placematch.core.disclosure import found
from placematch.decisions.disclosure import place_identifiers
from placematch.decisions.services import decision_make
from placematch.decisions.tests.conftest import _plain_shortlist, decide_kwargs, world

pytestmark = pytest.mark.django_db

# The decisions tests' world: a case in matching, two places, a run and a match meeting; its
# runs hold no real place index, so their ranking is read plainly.
__all__ = ["_plain_shortlist", "world"]
# The fixtures mark every made-up name "(fiktiv)": not a word that names one place.
FIXTURE_MARK = {"fiktiv"}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_parents_letters_and_basis_copy_name_no_place_identifier(world, client_for):
    place = world["other_place"]
    provider = place.provider
    provider.address, provider.contact_name = "Lyngvej 7", "Søren Kragh"
    provider.contact_phone, provider.contact_email = "97 12 34 56", "post@lyngly.dk"
    provider.save()
    seed = (
        "Lyngly og Lynglys afdeling A på Lyngvej 7, 7400 Herning: ring til Søren Kragh på "
        "+45 97 12 34 56 eller skriv til post@lyngly.dk."
    )
    caseworker, mother, case = world["caseworker"], world["mother"], world["case"]
    # Every free text of the case names the place before non-disclosure is decided.
    Conversation.objects.create(
        organisation=case.organisation, case=case, held_on=timezone.localdate(), present=seed,
        child_words=seed, agreed=seed, created_by=caseworker,
    )  # fmt: skip
    services_voice.parent_view_save(
        actor=caseworker, case=case, person=mother, views=seed, wishes=seed, worries=seed,
        contact_wishes=seed, consent="given", consent_date=timezone.localdate(),
        consent_form="written",
    )  # fmt: skip
    decision = decision_make(
        **decide_kwargs(
            world, place=place, reasons=seed, reasons_for_other_than_top=seed,
            reasons_for_parents="Vilja får faste voksne omkring sig og ro til skolen.",
        )
    )  # fmt: skip
    non_disclosure_decide(
        actor=caseworker, case=case, decided_on=timezone.localdate(), all_parents=True,
        reason=seed,
    )  # fmt: skip
    terms = place_identifiers(place)
    assert {w.lower() for w in found(seed, terms)} >= {"lyngly", "lynglys", "7400", "herning"}
    client = client_for(caseworker)
    urls = [
        reverse("decisions:decision_letter", args=[decision.pk, mother.pk]),
        reverse("decisions:decision_basis_parents", args=[decision.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = pdf_text(response.content)
        assert "Vilja" in text
        revealing = [w for w in found(text, terms) if w.lower() not in FIXTURE_MARK]
        assert revealing == [], (url, revealing)


def test_a_decision_towards_one_parent_hides_the_place_only_from_that_parent(world, client_for):
    from placematch.decisions.tests.conftest import consenting_custody_holder

    father, heard = consenting_custody_holder(world, "Bjarke Fiktivholm")
    kwargs = decide_kwargs(world)
    decision = decision_make(**{**kwargs, "hearings": [*kwargs["hearings"], heard]})
    non_disclosure_decide(
        actor=world["caseworker"], case=world["case"], decided_on=timezone.localdate(),
        persons=[father], reason="Udvalget har besluttet, at faren ikke får stedet oplyst.",
    )  # fmt: skip
    place, client = world["place"], client_for(world["caseworker"])
    terms = place_identifiers(place)

    def revealing(url: str) -> list[str]:
        text = pdf_text(client.get(url).content)
        return [w for w in found(text, terms) if w.lower() not in FIXTURE_MARK]

    letter = "decisions:decision_letter"
    assert revealing(reverse(letter, args=[decision.pk, father.pk])) == []
    assert revealing(reverse(letter, args=[decision.pk, world["mother"].pk]))  # she may know
    # The parents' copy of the basis may reach either parent: it leaves the place out.
    assert revealing(reverse("decisions:decision_basis_parents", args=[decision.pk])) == []
