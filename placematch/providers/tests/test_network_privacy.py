# SPDX-License-Identifier: MPL-2.0
"""A network foster family is private to the municipality responsible for its child.

The rule (access.network_family_view) as a table, one row per case, then the selectors every
registry page, search and picker uses.
"""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace

import pytest

from matchengine.vocab import PlaceType
from placematch.accounts.models import Role
from placematch.providers import access, selectors
from placematch.providers.access import FamilyView
from placematch.providers.models import Authority
from placematch.providers.tests.factories import ApprovalFactory, PlaceFactory, ProviderFactory

OWN, OTHER, FAMILY_ORG, OTHER_PROVIDER_ORG = 1, 2, 10, 11


def _user(org: int, role: str, *, municipal: bool = True, signed_in: bool = True) -> object:
    return SimpleNamespace(
        is_authenticated=signed_in,
        is_municipal=municipal,
        is_provider_user=not municipal,
        role=role,
        organisation_id=org,
    )


CW, TL, FCC, ADMIN = Role.CASEWORKER, Role.TEAM_LEADER, Role.FAMILY_CARE_CONSULTANT, Role.ADMIN
HIDDEN, NO_CONTACT, FULL = FamilyView.HIDDEN, FamilyView.NO_CONTACT, FamilyView.FULL
STAFF = _user(FAMILY_ORG, Role.PROVIDER_STAFF, municipal=False)
ELSEWHERE = _user(OTHER_PROVIDER_ORG, Role.PROVIDER_ADMIN, municipal=False)

# (case, user, the child's case is theirs, expected view)
RULES = [
    ("anonymous", _user(OWN, CW, signed_in=False), False, HIDDEN),
    ("the family itself", STAFF, False, FULL),
    ("another provider", ELSEWHERE, False, HIDDEN),
    ("other municipality: caseworker", _user(OTHER, CW), False, HIDDEN),
    ("other municipality: team leader", _user(OTHER, TL), False, HIDDEN),
    ("other municipality: consultant", _user(OTHER, FCC), False, HIDDEN),
    ("other municipality: admin", _user(OTHER, ADMIN), False, HIDDEN),
    ("own municipality: analyst", _user(OWN, Role.ANALYST), False, HIDDEN),
    ("own: caseworker on the child's case", _user(OWN, CW), True, FULL),
    ("own: team leader, who sees every case", _user(OWN, TL), True, FULL),
    ("own: caseworker, not on the case", _user(OWN, CW), False, NO_CONTACT),
    ("own: consultant, who supervises the family", _user(OWN, FCC), False, FULL),
    ("own: admin", _user(OWN, ADMIN), False, NO_CONTACT),
]


@pytest.mark.parametrize(("case", "user", "theirs", "expected"), RULES, ids=[r[0] for r in RULES])
def test_who_sees_a_network_foster_family(case, user, theirs, expected):
    family = SimpleNamespace(organisation_id=FAMILY_ORG)
    seen = access.network_family_view(
        user, provider=family, owners=frozenset({OWN}), case_is_theirs=theirs
    )
    assert seen is expected


@pytest.fixture
def network_family(municipality):
    family = ProviderFactory(name="Plejefamilien Netværksen (fiktiv)", address="Hemmelig Vej 3")
    place = PlaceFactory(provider=family, place_type=PlaceType.FOSTER_FAMILY_NETWORK, capacity=1)
    ApprovalFactory(
        place=place,
        authority=Authority.MUNICIPALITY,
        approving_municipality=municipality,
        child_ref=uuid.uuid4(),
        places=1,
        valid_from=datetime.date(2025, 1, 1),
    )
    return family


def test_the_registry_scope_leaves_a_network_family_to_its_childs_municipality(
    users, network_family
):
    general = PlaceFactory(place_type=PlaceType.FOSTER_FAMILY_GENERAL).provider
    own = users[("own", Role.CASEWORKER)]
    other = users[("other", Role.TEAM_LEADER)]
    assert set(selectors.visible_providers(own)) >= {network_family, general}
    assert network_family not in selectors.visible_providers(other)
    assert general in selectors.visible_providers(other)
    place = network_family.places.get()
    assert place not in selectors.visible_places(other)
    assert selectors.hidden_place_ids(other) == {place.pk}
    assert selectors.hidden_place_ids(own) == frozenset()


def test_the_responsible_municipality_alone_also_owns_the_family(users, municipality):
    # Imported without an approval yet: the family's responsible municipality still owns it.
    family = ProviderFactory(responsible_municipality=municipality)
    PlaceFactory(provider=family, place_type=PlaceType.FOSTER_FAMILY_NETWORK, capacity=1)
    assert family in selectors.visible_providers(users[("own", Role.ADMIN)])
    assert family not in selectors.visible_providers(users[("other", Role.ADMIN)])
    assert selectors.provider_view(users[("own", Role.ADMIN)], family) is FamilyView.NO_CONTACT
