# SPDX-License-Identifier: MPL-2.0
"""Factories for providers, places and approvals, with visibly fictitious names."""

from __future__ import annotations

import datetime

import factory

from matchengine.vocab import PlaceForm, PlaceType
from placematch.accounts.tests.factories import ProviderOrganisationFactory
from placematch.core.demo import SURNAMES
from placematch.providers.models import Approval, Authority, Place, Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    organisation = factory.SubFactory(ProviderOrganisationFactory)
    registry_id = factory.Sequence(lambda n: f"T-{n:05d}")
    name = factory.Sequence(lambda n: f"Plejefamilien {SURNAMES[n % len(SURNAMES)]} {n} (fiktiv)")
    form = PlaceForm.FOSTER_FAMILY
    postcode = "8000"


class InstitutionFactory(ProviderFactory):
    name = factory.Sequence(lambda n: f"Opholdsstedet Prøvelund {n} (fiktiv)")
    form = PlaceForm.RESIDENTIAL


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    provider = factory.SubFactory(ProviderFactory)
    registry_id = factory.Sequence(lambda n: f"P-{n:05d}")
    name = factory.Sequence(lambda n: f"Plads {n}")
    place_type = PlaceType.FOSTER_FAMILY_GENERAL
    capacity = 2


class ApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approval

    place = factory.SubFactory(PlaceFactory)
    authority = Authority.MIDT
    age_min = 0
    age_max = 17
    places = 2
    valid_from = datetime.date(2025, 1, 1)
