# SPDX-License-Identifier: MPL-2.0
"""Registry and portal pages: logging of profile reads, who sees what, edits through forms."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from matchengine.vocab import PlaceType
from placematch.audit.models import AccessLogEntry
from placematch.core.tests.page_forms import shown_version
from placematch.providers.models import CapacityProfile, Placement, VacancyDeclaration
from placematch.providers.tests.factories import InstitutionFactory, PlaceFactory, ProviderFactory


@pytest.fixture
def family(db, provider_org, municipality):
    provider = ProviderFactory(
        organisation=provider_org,
        name="Plejefamilien Testesen (fiktiv)",
        responsible_municipality=municipality,
    )
    PlaceFactory(provider=provider, place_type=PlaceType.FOSTER_FAMILY_SPECIALISED, name="Hjemmet")
    return provider


def test_each_read_of_a_foster_family_profile_is_logged(family, users, client_for):
    caseworker = users[("other", "caseworker")]
    place = family.places.get()
    for url in (
        reverse("providers:provider_detail", args=[family.pk]),
        reverse("providers:place_detail", args=[place.pk]),
        reverse("providers:place_history", args=[place.pk]),
    ):
        assert client_for(caseworker).get(url).status_code == 200
    rows = AccessLogEntry.objects.filter(
        subject_type="providers.provider", subject_id=str(family.pk)
    )
    assert rows.count() == 3
    assert set(rows.values_list("user", "action")) == {(caseworker.pk, "view")}


def test_a_refused_read_is_not_logged_as_a_read(family, users, client_for):
    other = users[("other_provider", "provider_staff")]
    url = reverse("providers:provider_detail", args=[family.pk])
    assert client_for(other).get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(subject_type="providers.provider").exists()


def test_foster_family_type_is_shown_only_to_municipal_users(family, users, client_for):
    place = family.places.get()
    url = reverse("providers:place_detail", args=[place.pk])
    municipal = client_for(users[("own", "caseworker")]).get(url).content.decode()
    own = client_for(users[("provider", "provider_staff")]).get(url).content.decode()
    assert "Specialiseret plejefamilie" in municipal
    assert "Specialiseret plejefamilie" not in own
    assert "Plejefamilie" in own
    listing = client_for(users[("provider", "provider_staff")]).get(reverse("providers:registry"))
    assert "Specialiseret" not in listing.content.decode()


def test_provider_users_see_only_their_own_provider_in_the_registry(family, users, client_for):
    InstitutionFactory(name="Opholdsstedet Solsikken (fiktiv)")
    other_place = PlaceFactory(name="Andetsteds")
    response = client_for(users[("provider", "provider_admin")]).get(reverse("providers:registry"))
    assert "Hjemmet" in response.content.decode()
    assert "Andetsteds" not in response.content.decode()
    url = reverse("providers:place_detail", args=[other_place.pk])
    assert client_for(users[("provider", "provider_admin")]).get(url).status_code == 404


def test_who_viewed_shows_the_municipality_and_never_the_person(family, users, client_for):
    caseworker = users[("other", "caseworker")]
    client_for(caseworker).get(reverse("providers:provider_detail", args=[family.pk]))
    client_for(users[("provider", "provider_staff")]).get(
        reverse("providers:provider_detail", args=[family.pk])
    )
    page = client_for(users[("provider", "provider_staff")]).get(
        reverse("providers:portal_viewers")
    )
    text = page.content.decode()
    assert "Bakkeby Kommune (fiktiv)" in text
    assert caseworker.get_full_name() not in text
    assert caseworker.username not in text
    assert text.count("<tr>") == 2  # header and one viewing: the provider's own read is left out


def test_registry_filters_by_free_places_fresh_vacancy_type_and_distance(db, users, client_for):
    full = PlaceFactory(name="Fuldt", capacity=1, provider=InstitutionFactory(postcode="8000"))
    Placement.objects.create(place=full, child_ref=uuid.uuid4(), start=datetime.date(2025, 1, 1))
    fresh = PlaceFactory(
        name="Frisk",
        capacity=2,
        place_type=PlaceType.SMALL_RESIDENTIAL_HOME,
        provider=InstitutionFactory(postcode="7100"),
    )
    VacancyDeclaration.objects.create(
        place=fresh,
        declared_on=datetime.date.today(),
        expires_on=datetime.date.today() + datetime.timedelta(days=30),
        free_places=2,
    )
    client = client_for(users[("own", "caseworker")])

    def names(**query):
        response = client.get(reverse("providers:registry"), query)
        assert response.status_code == 200
        return {row["place"].name for row in response.context["page"].object_list}

    assert names() == {"Fuldt", "Frisk"}
    assert names(free_only="on") == {"Frisk"}
    assert names(fresh_only="on") == {"Frisk"}
    assert names(place_type="small_residential_home") == {"Frisk"}
    assert names(postcode="8000", distance="20") == {"Fuldt"}
    bad = client.get(reverse("providers:registry"), {"postcode": "0000"})
    assert "0000 er ikke et dansk postnummer" in bad.content.decode()


def test_the_registry_is_paginated(db, users, client_for):
    for n in range(30):
        PlaceFactory(name=f"Plads {n:02d}")
    client = client_for(users[("own", "team_leader")])
    first = client.get(reverse("providers:registry"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("providers:registry"), {"page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert client.get(reverse("providers:registry"), {"page": "x"}).status_code == 200


def test_a_provider_updates_the_profile_and_declares_a_vacancy(family, users, client_for):
    place = family.places.get()
    client = client_for(users[("provider", "provider_staff")])
    data = {
        f"capacity_{d}": "moderate"
        for d in (
            "health",
            "development_behaviour",
            "schooling",
            "leisure_friendships",
            "safe_care",
            "stimulation_guidance",
            "relationships_support",
        )
    }
    data |= {"other_children_ages": "4, x", "specialities": ["adhd"]}
    profile_url = reverse("providers:portal_profile", args=[place.pk])
    data |= shown_version(client, profile_url)
    response = client.post(profile_url, data)
    assert response.status_code == 200
    assert "&#x27;x&#x27; er ikke en alder" in response.content.decode()
    assert not CapacityProfile.objects.exists()
    data["other_children_ages"] = "4"
    response = client.post(profile_url, data)
    assert response.status_code == 302
    assert CapacityProfile.objects.get().specialities == ["adhd"]
    vacancy_url = reverse("providers:portal_vacancy", args=[place.pk])
    shown = shown_version(client, vacancy_url)
    response = client.post(vacancy_url, {"free_places": "5"} | shown)
    assert "højst 2" in response.content.decode()
    response = client.post(vacancy_url, {"free_places": "1"} | shown)
    assert response.status_code == 302
    assert VacancyDeclaration.objects.get().free_places == 1


def test_a_responsible_consultant_edits_through_the_family_route(family, users, client_for):
    place = family.places.get()
    url = reverse("providers:family_profile", args=[place.pk])
    assert client_for(users[("own", "family_care_consultant")]).get(url).status_code == 200
    assert client_for(users[("other", "family_care_consultant")]).get(url).status_code == 404
    families = reverse("providers:families")
    page = client_for(users[("own", "family_care_consultant")]).get(families)
    assert "Plejefamilien Testesen (fiktiv)" in page.content.decode()
    # Another municipality's consultant sees its own (here empty) list, never this family.
    other = client_for(users[("other", "family_care_consultant")]).get(families)
    assert "Plejefamilien Testesen (fiktiv)" not in other.content.decode()


def test_the_portal_lists_declarations_to_renew(family, users, client_for):
    page = client_for(users[("provider", "provider_admin")]).get(reverse("providers:portal"))
    assert "Ledigmeldinger der skal fornyes" in page.content.decode()
    dashboard = client_for(users[("provider", "provider_admin")]).get(reverse("accounts:dashboard"))
    assert "Opdatér pladser og ledighed" in dashboard.content.decode()
