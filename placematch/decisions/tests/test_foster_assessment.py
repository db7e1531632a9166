# SPDX-License-Identifier: MPL-2.0
"""The § 52, stk. 2 assessment of whether a foster family would be best: asked at the match
meeting on the run's real options, reasoned when another form is concluded, frozen in the
decision basis and shown in its PDF (the parents' copy under § 105 without place names)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from placematch.decisions.basis import basis_data
from placematch.decisions.documents import Audience, document_html
from placematch.decisions.models import DecisionBasis, MatchMeeting
from placematch.decisions.services import decision_make
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import decide_kwargs, full_checklist
from placematch.matching.tests.pages import plain

pytestmark = pytest.mark.django_db

QUESTION = "Er det vurderet, om en plejefamilie vil være bedst for barnet?"


def test_the_meeting_asks_the_question_beside_the_foster_families_of_its_run(world, client_for):
    url = reverse("decisions:meeting_detail", args=[world["meeting"].pk])
    text = plain(client_for(world["caseworker"]).get(url).content.decode())
    assert QUESTION in text
    assert (
        "Matchningen har rangeret 1 plejefamilie, der kan tage barnet: "
        "Plejefamilien Prøvesen (fiktiv): Plejefamilie Prøvesen."
    ) in text


def test_concluding_for_a_home_without_reasons_is_refused_when_a_family_was_ranked(world):
    meetings = MatchMeeting.objects.count()
    with pytest.raises(ValidationError) as error:
        meeting_save(
            actor=world["caseworker"], case=world["case"], held_on=timezone.localdate(),
            run=world["run"], checklist=full_checklist(), foster_assessment="institution",
        )  # fmt: skip
    [message] = error.value.message_dict["foster_assessment_reasons"]
    assert "matchningen har rangeret en plejefamilie" in message
    assert MatchMeeting.objects.count() == meetings


def test_the_basis_records_the_assessment_and_its_pdf_shows_it(world):
    decision = decision_make(
        **decide_kwargs(
            world, place=world["other_place"], reasons_for_other_than_top="Lyngly kender Vilja."
        )
    )
    data = basis_data(DecisionBasis.objects.get(decision=decision))
    assessed = data["meeting"]["foster_assessment"]
    assert assessed["question"] == QUESTION
    assert assessed["answer"] == "no_preference"
    assert [(o["place"], o["type_label"]) for o in assessed["options"]] == [
        ("Plejefamilien Prøvesen (fiktiv): Plejefamilie Prøvesen", "Forstærket plejefamilie")
    ]
    full = plain(document_html(decision, "basis", Audience.CASEWORKER))
    assert f"{QUESTION} Ingen form foretrækkes" in full
    assert "Plejefamilie Prøvesen (forstærket plejefamilie)" in full
    assert "Plejefamilien og opholdsstedet kan begge give faste voksne." in full
    # Under § 105 the parents' copy shows the assessment and the families' types, no names.
    world["case"].non_disclosure = True
    world["case"].save()
    parents = plain(document_html(decision, "basis", Audience.PARENTS))
    assert f"{QUESTION} Ingen form foretrækkes" in parents
    assert "Plejefamilier, som matchningen rangerede: Forstærket plejefamilie." in parents
    assert "Prøvesen" not in parents
    assert "Plejefamilien og opholdsstedet" not in parents  # the caseworker's own reasons
