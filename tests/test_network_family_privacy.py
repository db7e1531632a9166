# SPDX-License-Identifier: MPL-2.0
"""A network foster family shows on no page of another municipality, and matching keeps it
for its own child: the registry, its search, the inquiry picker and the "why not" list."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matchengine.vocab import Dimension, PlaceType
from placematch.accounts.models import Role
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.matching.tests.factories import make_run
from placematch.providers.models import Approval, Authority, CapacityProfile, VacancyDeclaration
from placematch.providers.services import data_version_bump
from placematch.providers.tests.factories import PlaceFactory, ProviderFactory

FAMILY = "Plejefamilien Slægtsen (fiktiv)"
STREET = "Lindevej 12"


@pytest.fixture
def network(db, users, municipality, other_municipality):
    today = timezone.localdate()
    own_caseworker = users[("own", Role.CASEWORKER)]
    child = ChildFactory(organisation=municipality, birth_date=datetime.date(2015, 2, 1))
    case = CaseFactory(child=child, caseworkers=[own_caseworker], status="matching")
    family = ProviderFactory(
        name=FAMILY, address=STREET, postcode="8600", contact_name="Karen Slægtsen"
    )
    place = PlaceFactory(
        provider=family, name="Plejefamilie", place_type=PlaceType.FOSTER_FAMILY_NETWORK, capacity=1
    )
    Approval.objects.create(
        place=place, authority=Authority.MUNICIPALITY, approving_municipality=municipality,
        child_ref=child.ref, age_min=0, age_max=17, places=1, valid_from=datetime.date(2025, 1, 1),
    )  # fmt: skip
    CapacityProfile.objects.create(
        place=place, version=1, capacities={d.value: "high" for d in Dimension}, setting="country"
    )
    VacancyDeclaration.objects.create(
        place=place, declared_on=today, expires_on=today + datetime.timedelta(days=30),
        free_places=1,
    )  # fmt: skip
    data_version_bump()
    other_caseworker = users[("other", Role.CASEWORKER)]
    other_child = ChildFactory(organisation=other_municipality)
    other_case = CaseFactory(child=other_child, caseworkers=[other_caseworker], status="matching")
    return {"case": case, "place": place, "family": family, "other_case": other_case}


def test_another_municipality_sees_the_family_on_no_page(network, users, client_for):
    place, family = network["place"], network["family"]
    run = make_run(network["other_case"], users[("other", Role.CASEWORKER)])
    # The engine still rules the family out for a child it is not approved for.
    excluded = {e["place_id"]: e for e in run.result()["excluded"]}
    assert [r["code"] for r in excluded[str(place.pk)]["reasons"]] == [
        "network_approval_other_child"
    ]
    assert str(place.pk) not in {r["place_id"] for r in run.result()["ranked"]}
    for role in (Role.CASEWORKER, Role.TEAM_LEADER, Role.FAMILY_CARE_CONSULTANT, Role.ADMIN):
        client = client_for(users[("other", role)])
        for url in (
            reverse("providers:registry"),
            reverse("providers:registry") + "?postcode=8600&distance=20",
            reverse("providers:registry") + f"?place_type={PlaceType.FOSTER_FAMILY_NETWORK}",
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert FAMILY not in response.content.decode(), (role, url)
        for name, pk in (
            ("providers:provider_detail", family.pk),
            ("providers:place_detail", place.pk),
            ("providers:place_history", place.pk),
        ):
            assert client.get(reverse(name, args=[pk])).status_code == 404, (role, name)
    client = client_for(users[("other", Role.CASEWORKER)])
    case_pk = network["other_case"].pk
    search = client.get(reverse("matching:case_inquiries", args=[case_pk]) + "?q=Slægtsen")
    assert search.status_code == 200 and FAMILY not in search.content.decode()
    why_not = client.get(reverse("matching:run_why_not", args=[run.pk]))
    text = why_not.content.decode()
    assert why_not.status_code == 200
    assert FAMILY not in text
    assert "godkendt til et andet" not in text.lower()


def test_the_childs_municipality_sees_it_and_its_address_only_on_the_case(
    network, users, make_user, municipality, client_for
):
    family = network["family"]
    detail = reverse("providers:provider_detail", args=[family.pk])
    on_case = client_for(users[("own", Role.CASEWORKER)]).get(detail).content.decode()
    assert FAMILY in on_case and STREET in on_case and "Karen Slægtsen" in on_case
    # A caseworker of the same municipality who is not on the case, and its admin.
    for user in (make_user(municipality, Role.CASEWORKER), users[("own", Role.ADMIN)]):
        client = client_for(user)
        assert FAMILY in client.get(reverse("providers:registry")).content.decode()
        text = client.get(detail).content.decode()
        assert FAMILY in text and STREET not in text and "Karen Slægtsen" not in text
        assert "vises kun for dem, der arbejder på barnets sag" in text
    # Matching keeps the family for the one child it is approved for.
    run = make_run(network["case"], users[("own", Role.CASEWORKER)])
    assert str(network["place"].pk) in {r["place_id"] for r in run.result()["ranked"]}
