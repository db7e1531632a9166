# SPDX-License-Identifier: MPL-2.0
"""Factories for inquiries and match runs (built on the children and providers factories)."""

from __future__ import annotations

import datetime
from typing import Any, cast

import factory
from django.utils import timezone

from matchengine.vocab import Dimension, PlaceType, SupportLevel
from placematch.accounts.tests.factories import UserFactory
from placematch.children.tests.factories import CaseFactory
from placematch.matching.adapter import RunOptions
from placematch.matching.models import DisclosureBasis, Inquiry, MatchRun, Urgency
from placematch.matching.services import answer_deadline
from placematch.matching.services_runs import match_run_create
from placematch.providers.models import CapacityProfile, Place, VacancyDeclaration
from placematch.providers.services import data_version_bump
from placematch.providers.tests.factories import ApprovalFactory, PlaceFactory


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    place = factory.SubFactory(PlaceFactory)
    urgency = Urgency.NORMAL
    sent_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: answer_deadline(o.sent_at, o.urgency))
    sent_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))
    disclosure_basis = DisclosureBasis.NECESSARY
    parents_informed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=1)
    )
    child_informed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=1)
    )


def matchable_place(
    *,
    provider: Any = None,
    name: str = "",
    place_type: str = PlaceType.SMALL_RESIDENTIAL_HOME,
    capacity: int = 2,
    postcode: str = "8000",
    capacities: dict[str, str] | None = None,
    target_groups: list[str] | None = None,
    age_min: int = 0,
    age_max: int = 17,
    fresh: bool = True,
) -> Place:
    """A place the engine can use: approval, capacity profile and (by default) a fresh vacancy."""
    today = timezone.localdate()
    kwargs: dict[str, Any] = {"place_type": place_type, "capacity": capacity, "postcode": postcode}
    if provider is not None:
        kwargs["provider"] = provider
    if name:
        kwargs["name"] = name
    place = cast(Place, PlaceFactory(**kwargs))
    ApprovalFactory(
        place=place,
        places=capacity,
        age_min=age_min,
        age_max=age_max,
        target_groups=target_groups or [],
    )
    CapacityProfile.objects.create(
        place=place,
        version=1,
        capacities=capacities or {d.value: SupportLevel.HIGH.value for d in Dimension},
        setting="town",
    )
    declared = today if fresh else today - datetime.timedelta(days=90)
    VacancyDeclaration.objects.create(
        place=place,
        declared_on=declared,
        expires_on=declared + datetime.timedelta(days=30),
        free_places=capacity,
    )
    data_version_bump()
    return place


def make_run(case: Any, user: Any, options: RunOptions | None = None) -> MatchRun:
    """A real match run on the places in the database (through the service)."""
    return match_run_create(request=None, user=user, case=case, options=options or RunOptions())
