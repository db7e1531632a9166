# SPDX-License-Identifier: MPL-2.0
"""Approval target groups for every need: the match page ranks and explains them."""

from __future__ import annotations

import datetime

import pytest

from matchengine.vocab import PlaceType
from placematch.children.models import Assessment, AssessmentNeed
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.matching.tests.factories import make_run, matchable_place
from placematch.matching.tests.pages import candidate_items, page, plain, ranked_names

HER_NEEDS = ["neglect_trauma", "anxiety_depression", "school_absence", "externalising_behaviour"]


@pytest.fixture
def girl(world):
    """A 13-year-old with trauma, anxiety, school absence and acting out, all moderate."""
    caseworker = world["caseworker"]
    child = ChildFactory(
        organisation=caseworker.organisation,
        first_name="Sigrid",
        last_name="Opdigtsen",
        birth_date=datetime.date(2013, 5, 2),
        school_postcode="8600",
    )
    case = CaseFactory(
        child=child, team=caseworker.team, caseworkers=[caseworker], status="matching"
    )
    assessment = Assessment.objects.create(
        organisation=case.organisation,
        case=case,
        version=1,
        created_by=caseworker,
        need_tags=HER_NEEDS,
    )
    for dimension in ("health", "development_behaviour", "schooling", "safe_care"):
        AssessmentNeed.objects.create(assessment=assessment, dimension=dimension, level="moderate")
    return case


def test_places_not_approved_for_her_needs_fall_below_one_that_is(world, girl, client_for):
    # The two that topped her list before: approved for other children, and nearer her school.
    matchable_place(
        name="Børnehjemmet Testrup",
        place_type=PlaceType.RESIDENTIAL_INSTITUTION,
        postcode="8600",
        target_groups=["sexualised_behaviour", "sensory_impairment", "unaccompanied_minor", "adhd"],
    )
    matchable_place(
        name="Plejefamilie Demosen",
        place_type=PlaceType.FOSTER_FAMILY_GENERAL,
        postcode="8600",
        target_groups=["intellectual_disability", "infant"],
    )
    matchable_place(name="Opholdsstedet Prøvegaard", postcode="8000", target_groups=HER_NEEDS)
    run = make_run(girl, world["caseworker"])

    status, html = page(client_for(world["caseworker"]), "matching:run_detail", run)

    assert status == 200
    assert ranked_names(html)[0] == "Opholdsstedet Prøvegaard"
    cards = dict(zip(ranked_names(html), candidate_items(html), strict=True))
    home = plain(cards["Børnehjemmet Testrup"])
    # The explanation says which of her needs the place is not approved for ...
    assert (
        "Stedet er ikke godkendt til: Udadreagerende adfærd, Omsorgssvigt og traumer, "
        "Angst og depression, Skolefravær." in home
    )
    # ... and the card shows the approval's target groups beside her needs.
    assert (
        "Godkendelsens målgrupper ADHD, Syns- eller hørenedsættelse, Seksuelt bekymrende adfærd, "
        "Uledsaget mindreårig" in home
    )
    assert "Angst og depression (ikke godkendt til)" in home
    fitting = plain(cards["Opholdsstedet Prøvegaard"])
    assert "ikke godkendt til" not in fitting
    assert "Godkendelsens målgrupper dækker barnets behov" in fitting
