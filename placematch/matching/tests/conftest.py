# SPDX-License-Identifier: MPL-2.0
"""Shared set-up for the matching tests: a case in the own team and two places."""

from __future__ import annotations

import datetime

import pytest

from matchengine.vocab import Dimension, PlaceType
from placematch.accounts.models import Role
from placematch.children.models import Assessment, AssessmentNeed, Sibling, Wish
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.matching.tests.factories import matchable_place
from placematch.providers.tests.factories import InstitutionFactory, PlaceFactory, ProviderFactory


@pytest.fixture
def world(db, users, municipality, provider_org, other_provider_org):
    caseworker = users[("own", Role.CASEWORKER)]
    child = ChildFactory(
        organisation=municipality,
        first_name="Vilja",
        last_name="Fiktivholm",
        birth_date=datetime.date(2014, 3, 9),
        case_number="SAG-77123",
        address_postcode="8600",
        school_name="Skovbrynets Fiktivskole",
        school_postcode="8600",
    )
    case = CaseFactory(
        child=child, team=caseworker.team, caseworkers=[caseworker], status="matching"
    )
    assessment = Assessment.objects.create(
        organisation=municipality,
        case=case,
        version=1,
        created_by=caseworker,
        resources="Glad for at tegne",
        need_tags=["adhd", "fire_setting"],
    )
    AssessmentNeed.objects.create(
        assessment=assessment, dimension="safe_care", level="high", note="Brug for faste voksne"
    )
    AssessmentNeed.objects.create(assessment=assessment, dimension="schooling", level="moderate")
    Wish.objects.create(
        organisation=municipality,
        case=case,
        kind="animals",
        text="Jeg vil gerne bo sammen med en hund der hedder Balder",
        importance="high",
    )
    sibling = ChildFactory(organisation=municipality)
    Sibling.objects.create(
        organisation=municipality, child=child, sibling_child=sibling, placed_together=True
    )
    family = ProviderFactory(organisation=provider_org, name="Plejefamilien Prøvesen (fiktiv)")
    place = PlaceFactory(
        provider=family, name="Plejefamilie Prøvesen", place_type=PlaceType.FOSTER_FAMILY_REINFORCED
    )
    home = InstitutionFactory(organisation=other_provider_org, name="Opholdsstedet Lyngly (fiktiv)")
    other_place = PlaceFactory(
        provider=home, name="Lyngly afdeling A", place_type=PlaceType.SMALL_RESIDENTIAL_HOME
    )
    return {
        "case": case,
        "child": child,
        "caseworker": caseworker,
        "team_leader": users[("own", Role.TEAM_LEADER)],
        "place": place,
        "other_place": other_place,
        "staff": users[("provider", Role.PROVIDER_STAFF)],
        "other_staff": users[("other_provider", Role.PROVIDER_STAFF)],
        "users": users,
    }


HIGH = {d.value: "high" for d in Dimension}


def capacities(**levels: str) -> dict[str, str]:
    """Every dimension high, except those named."""
    return {**HIGH, **levels}


@pytest.fixture
def ranked(world):
    """Three places the world's child can use, with different capacities and distances."""
    return {
        "near": matchable_place(
            name="Afdeling Nærheden", postcode="8600", target_groups=["fire_setting"]
        ),
        "far": matchable_place(
            name="Afdeling Fjernvej", postcode="8000", target_groups=["fire_setting"]
        ),
        "short": matchable_place(
            name="Afdeling Kortbo",
            postcode="8600",
            target_groups=["fire_setting"],
            capacities=capacities(safe_care="light"),
        ),
    }
