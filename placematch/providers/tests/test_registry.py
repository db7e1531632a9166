# SPDX-License-Identifier: MPL-2.0
"""Approvals, vacancies, profile versions and the provider-data version."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from matchengine.vocab import Dimension, PlaceType, SupportKind
from placematch.providers.models import Approval, Authority, CapacityProfile, ProviderDataChange
from placematch.providers.models.profiles import ImmutableError
from placematch.providers.selectors import (
    VacancyState,
    latest_profile,
    places_for_matching,
    profile_history,
    provider_data_version,
    vacancy_status,
)
from placematch.providers.services import (
    approval_create,
    capacity_profile_create,
    provider_contact_update,
    support_arrangement_create,
    vacancy_declare,
)
from placematch.providers.tests.factories import (
    ApprovalFactory,
    InstitutionFactory,
    PlaceFactory,
    ProviderFactory,
)


@pytest.fixture
def family_place(db, provider_org, municipality):
    provider = ProviderFactory(organisation=provider_org, responsible_municipality=municipality)
    return PlaceFactory(provider=provider, capacity=2)


@pytest.fixture
def staff(users):
    return users[("provider", "provider_staff")]


# Approvals --------------------------------------------------------------------------------------


def test_a_network_approval_carries_exactly_one_named_child(db, municipality, caseworker):
    place = PlaceFactory(place_type=PlaceType.FOSTER_FAMILY_NETWORK, capacity=0)
    child = uuid.uuid4()
    approval = approval_create(
        actor=caseworker,
        place=place,
        authority=Authority.MUNICIPALITY,
        approving_municipality=municipality,
        child_ref=child,
        age_min=5,
        age_max=9,
        places=1,
        valid_from=datetime.date(2026, 1, 1),
    )
    assert approval.child_ref == child
    assert place.capacity == 1
    # The reference is one value, never a list of children.
    assert isinstance(Approval._meta.get_field("child_ref").to_python(str(child)), uuid.UUID)


@pytest.mark.parametrize(
    ("child", "places", "field"),
    [(None, 1, "child_ref"), ("yes", 2, "places")],
)
def test_a_network_approval_without_its_child_or_for_two_is_refused(
    db, municipality, caseworker, child, places, field
):
    place = PlaceFactory(place_type=PlaceType.FOSTER_FAMILY_NETWORK)
    with pytest.raises(ValidationError) as caught:
        approval_create(
            actor=caseworker,
            place=place,
            authority=Authority.MUNICIPALITY,
            approving_municipality=municipality,
            child_ref=uuid.uuid4() if child else None,
            age_min=5,
            age_max=9,
            places=places,
            valid_from=datetime.date(2026, 1, 1),
        )
    assert field in caught.value.message_dict


def test_a_general_approval_names_no_child(db, caseworker):
    place = PlaceFactory()
    with pytest.raises(ValidationError) as caught:
        approval_create(
            actor=caseworker,
            place=place,
            authority=Authority.MIDT,
            child_ref=uuid.uuid4(),
            age_min=0,
            age_max=17,
            places=2,
            valid_from=datetime.date(2026, 1, 1),
        )
    assert "child_ref" in caught.value.message_dict


def test_the_database_also_refuses_a_network_approval_without_a_child(db):
    place = PlaceFactory(place_type=PlaceType.FOSTER_FAMILY_NETWORK)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalFactory(place=place, authority=Authority.MUNICIPALITY, child_ref=None)


def test_approval_age_boundaries_include_both_ends(db):
    approval = ApprovalFactory(age_min=6, age_max=12)
    assert not approval.covers_age(5)
    assert approval.covers_age(6)
    assert approval.covers_age(12)
    assert not approval.covers_age(13)


def test_approval_date_boundaries_include_both_ends(db):
    approval = ApprovalFactory(
        valid_from=datetime.date(2026, 2, 1), valid_to=datetime.date(2026, 2, 28)
    )
    assert not approval.is_valid_on(datetime.date(2026, 1, 31))
    assert approval.is_valid_on(datetime.date(2026, 2, 1))
    assert approval.is_valid_on(datetime.date(2026, 2, 28))
    assert not approval.is_valid_on(datetime.date(2026, 3, 1))
    open_ended = ApprovalFactory(valid_from=datetime.date(2026, 2, 1), valid_to=None)
    assert open_ended.is_valid_on(datetime.date(2040, 1, 1))


def test_reversed_ages_and_dates_are_refused(db, caseworker):
    with pytest.raises(ValidationError) as caught:
        approval_create(
            actor=caseworker,
            place=PlaceFactory(),
            authority=Authority.SOUTH,
            age_min=12,
            age_max=6,
            places=1,
            valid_from=datetime.date(2026, 3, 1),
            valid_to=datetime.date(2026, 2, 1),
        )
    assert set(caught.value.message_dict) == {"age_max", "valid_to"}


# Vacancies --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (datetime.date(2026, 3, 1), VacancyState.FRESH),
        (datetime.date(2026, 3, 31), VacancyState.FRESH),  # the expiry day itself is fresh
        (datetime.date(2026, 4, 1), VacancyState.STALE),
    ],
)
def test_a_declaration_is_fresh_through_its_expiry_day_and_stale_after(
    family_place, staff, day, state, settings
):
    settings.PROVIDERS_VACANCY_DAYS = 30
    declaration = vacancy_declare(
        actor=staff, place=family_place, free_places=1, today=datetime.date(2026, 3, 1)
    )
    assert declaration.expires_on == datetime.date(2026, 3, 31)
    assert vacancy_status(family_place, day).state is state


def test_no_declaration_is_missing_and_matching_leaves_stale_places_out(family_place, staff):
    day = datetime.date(2026, 5, 10)
    assert vacancy_status(family_place, day).state is VacancyState.MISSING
    fresh_place = PlaceFactory()
    vacancy_declare(actor=None, place=fresh_place, free_places=1, today=day, check_access=False)
    vacancy_declare(
        actor=staff, place=family_place, free_places=1, today=day - datetime.timedelta(days=31)
    )
    assert list(places_for_matching(day)) == [fresh_place]
    assert set(places_for_matching(day, include_stale=True)) == {fresh_place, family_place}


@time_machine.travel(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC))
def test_today_is_copenhagen_time_for_a_new_declaration(family_place, staff):
    # 23:30 UTC is already 1 April in Copenhagen (summer time).
    declaration = vacancy_declare(actor=staff, place=family_place, free_places=0)
    assert declaration.declared_on == datetime.date(2026, 4, 1)


def test_declaring_more_free_places_than_approved_is_refused(family_place, staff):
    with pytest.raises(ValidationError, match="højst 2"):
        vacancy_declare(actor=staff, place=family_place, free_places=3)


def test_other_providers_cannot_declare(family_place, users):
    with pytest.raises(PermissionError):
        vacancy_declare(
            actor=users[("other_provider", "provider_admin")], place=family_place, free_places=1
        )


# Profiles ---------------------------------------------------------------------------------------


def test_profiles_are_immutable_versions_with_a_readable_diff(family_place, staff):
    first = capacity_profile_create(
        actor=staff, place=family_place, capacities={"safe_care": "high"}, animals="en hund"
    )
    second = capacity_profile_create(
        actor=staff,
        place=family_place,
        capacities={"safe_care": "complete", "health": "light"},
        animals="en hund",
        other_children_ages=[9, 4],
    )
    assert (first.version, second.version) == (1, 2)
    assert latest_profile(family_place) == second
    assert second.level(Dimension.SCHOOLING).value == "not_assessed"
    changes = {label: (before, after) for label, before, after in second.diff(first)}
    assert changes == {
        "Kapacitet: Sundhedsforhold": ("Ikke vurderet", "Let"),
        "Kapacitet: Trygt omsorgsmiljø": ("Høj", "Fuld"),
        "Andre børns alder": ("", "4, 9"),
    }
    assert [p.version for p, _diff in profile_history(family_place)] == [2, 1]
    first.animals = "to katte"
    with pytest.raises(ImmutableError):
        first.save()
    assert CapacityProfile.objects.get(pk=first.pk).animals == "en hund"


def test_a_responsible_consultant_may_edit_and_others_may_not(family_place, users):
    capacity_profile_create(
        actor=users[("own", "family_care_consultant")],
        place=family_place,
        capacities={"health": "moderate"},
    )
    for key in [("other", "family_care_consultant"), ("own", "caseworker")]:
        with pytest.raises(PermissionError):
            capacity_profile_create(actor=users[key], place=family_place, capacities={})


def test_unknown_levels_are_refused(family_place, staff):
    with pytest.raises(ValidationError):
        capacity_profile_create(actor=staff, place=family_place, capacities={"health": "huge"})


# The provider-data version ----------------------------------------------------------------------


def test_every_kind_of_change_bumps_the_version_once(family_place, staff, municipality):
    version = provider_data_version()
    capacity_profile_create(actor=staff, place=family_place, capacities={})
    vacancy_declare(actor=staff, place=family_place, free_places=1)
    support_arrangement_create(
        actor=staff,
        family=family_place.provider,
        supporter=InstitutionFactory(),
        kind=SupportKind.INSTITUTION_SUPERVISION,
        dimensions=["development_behaviour"],
        hours_per_month=6,
        valid_from=datetime.date(2026, 1, 1),
        check_access=False,  # arranged by the municipality or the institution, not the family
    )
    approval_create(
        actor=staff,
        place=family_place,
        authority=Authority.MIDT,
        age_min=0,
        age_max=17,
        places=2,
        valid_from=datetime.date(2026, 1, 1),
    )
    assert provider_data_version() == version + 4
    # Each change names the places it touched (support: all the family's places).
    sibling_place = PlaceFactory(provider=family_place.provider)
    provider_contact_update(
        actor=staff,
        provider=family_place.provider,
        address="Fiktivvej 2",
        postcode="8000",
        contact_name="Karen Prøvesen",
        contact_email="karen@example.org",
        contact_phone="12345678",
    )
    logged = ProviderDataChange.objects.filter(version__gt=version).order_by("version")
    assert [row.places for row in logged] == [[family_place.pk]] * 4 + [
        sorted([family_place.pk, sibling_place.pk])
    ]
