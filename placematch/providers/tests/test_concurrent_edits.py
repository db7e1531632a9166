# SPDX-License-Identifier: MPL-2.0
"""Two users update the same place: a new profile or vacancy built on a stale one is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matchengine.vocab import PlaceType
from placematch.core.concurrency import StaleEditError
from placematch.core.tests.page_forms import form_data
from placematch.providers import services
from placematch.providers.models import CapacityProfile, VacancyDeclaration
from placematch.providers.tests.factories import PlaceFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(provider_org, municipality):
    provider = ProviderFactory(
        organisation=provider_org, name="Plejefamilien Samtidig (fiktiv)",
        responsible_municipality=municipality,
    )  # fmt: skip
    return PlaceFactory(provider=provider, place_type=PlaceType.FOSTER_FAMILY_SPECIALISED)


def test_profile_built_on_a_stale_version_is_refused(place, users, client_for):
    family = client_for(users[("provider", "provider_admin")])
    consultant = client_for(users[("own", "family_care_consultant")])
    mine_url = reverse("providers:portal_profile", args=[place.pk])
    theirs_url = reverse("providers:family_profile", args=[place.pk])
    mine = form_data(family.get(mine_url).content.decode())
    theirs = form_data(consultant.get(theirs_url).content.decode())
    before = CapacityProfile.objects.filter(place=place).count()
    mine.update(animals=["To katte"], change_note=["Ny kat"])
    assert family.post(mine_url, mine).status_code == 302
    theirs.update(methods=["Traumebevidst"])
    response = consultant.post(theirs_url, theirs)
    html = response.content.decode()
    assert "Ændret i mellemtiden:" in html and "Nu: To katte" in html
    assert "Traumebevidst" in html
    assert CapacityProfile.objects.filter(place=place).count() == before + 1
    assert CapacityProfile.objects.filter(place=place).order_by("-version")[0].animals == "To katte"


def test_vacancy_over_a_stale_declaration_is_refused(place, users, make_user, provider_org,
                                                     client_for):  # fmt: skip
    first = client_for(users[("provider", "provider_admin")])
    second = client_for(make_user(provider_org, "provider_admin", username="anden-admin"))
    url = reverse("providers:portal_vacancy", args=[place.pk])
    mine = form_data(first.get(url).content.decode())
    theirs = form_data(second.get(url).content.decode())
    mine.update(free_places=["1"], note=["Plads fra august"])
    assert first.post(url, mine).status_code == 302
    theirs.update(free_places=["0"])
    response = second.post(url, theirs)
    html = response.content.decode()
    assert "Ændret i mellemtiden:" in html and "Nu: Plads fra august" in html
    declared = VacancyDeclaration.objects.filter(place=place)
    assert list(declared.values_list("free_places", flat=True)) == [1]


def test_a_stale_profile_version_writes_nothing(place, users):
    actor = users[("provider", "provider_admin")]
    services.capacity_profile_create(actor=actor, place=place, capacities={}, expected_version=None)
    count = CapacityProfile.objects.filter(place=place).count()
    with pytest.raises(StaleEditError) as caught:
        services.capacity_profile_create(
            actor=actor, place=place, capacities={}, animals="Hund", expected_version=count - 1
        )
    assert caught.value.version == count
    assert CapacityProfile.objects.filter(place=place).count() == count
