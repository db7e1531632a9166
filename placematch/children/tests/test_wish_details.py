# SPDX-License-Identifier: MPL-2.0
"""Wish details that matching can check: where, town or country, animals or not."""

from __future__ import annotations

import pytest

from placematch.children.models import Wish
from placematch.children.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(users, municipality):
    return CaseFactory(child__organisation=municipality, caseworkers=[users[("own", "caseworker")]])


def _post(client, case, **data):
    base = {"kind": "animals", "text": "Jeg vil gerne bo med en hund", "importance": "high"}
    return client.post(f"/children/cases/{case.pk}/wishes/", {**base, **data})


def test_the_detail_for_the_wish_kind_is_kept_and_shown(client_for, caseworker, case):
    client = client_for(caseworker)
    # A postcode given with an animals wish does not belong to it and is dropped.
    response = _post(client, case, animals="wants_animals", postcode="8600", setting="town")
    assert response.status_code == 302
    wish = Wish.objects.get(case=case)
    assert (wish.animals, wish.postcode, wish.setting) == ("wants_animals", "", "")
    page = client.get(f"/children/cases/{case.pk}/wishes/").content.decode()
    assert "Vil gerne have dyr" in page


def test_a_near_wish_keeps_its_postcode(client_for, caseworker, case):
    response = _post(client_for(caseworker), case, kind="live_near", postcode="8600")
    assert response.status_code == 302
    assert Wish.objects.get(case=case).postcode == "8600"


def test_an_unknown_postcode_is_refused_with_a_message_and_nothing_saved(
    client_for, caseworker, case
):
    response = _post(client_for(caseworker), case, kind="live_near", postcode="0000")
    assert response.status_code == 400
    assert "Vælg en by eller et postnummer fra listen" in response.content.decode()
    assert not Wish.objects.exists()


def test_a_wish_without_details_is_still_saved(client_for, caseworker, case):
    assert _post(client_for(caseworker), case, kind="town_or_country").status_code == 302
    assert Wish.objects.get(case=case).setting == ""


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        # A town picked from the list, by its name or as shown in the list.
        ("live_near", {"postcode": "Silkeborg"}, ("8600", "", "")),
        ("friends", {"postcode": "8600 Silkeborg", "answer": "yes"}, ("8600", "yes", "")),
        # Yes or no belongs to school, friends and siblings; which animals to animals.
        ("school", {"answer": "no", "which_animals": "Hest"}, ("", "no", "")),
        ("animals", {"animals": "wants_animals", "which_animals": "Hest", "answer": "no"},
         ("", "", "Hest")),
    ],
)  # fmt: skip
def test_where_is_picked_from_the_list_and_each_kind_keeps_its_own_details(
    client_for, caseworker, case, kind, extra, expected
):
    assert _post(client_for(caseworker), case, kind=kind, **extra).status_code == 302
    wish = Wish.objects.get(case=case)
    assert (wish.postcode, wish.answer, wish.which_animals) == expected


def test_a_town_with_the_wrong_postcode_is_refused(client_for, caseworker, case):
    response = _post(client_for(caseworker), case, kind="live_near", postcode="8600 Odense C")
    assert response.status_code == 400
    assert not Wish.objects.exists()
