# SPDX-License-Identifier: MPL-2.0
"""pytest fixtures every app's tests use: two municipalities, a provider, one user per role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from placematch.accounts.models import MUNICIPAL_ROLES, PROVIDER_ROLES, Organisation, Role, User
from placematch.accounts.tests.factories import (
    OrganisationFactory,
    ProviderOrganisationFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def municipality(db) -> Organisation:
    return OrganisationFactory(name="Ådalen Kommune (fiktiv)", municipality_code="901")


@pytest.fixture
def other_municipality(db) -> Organisation:
    return OrganisationFactory(name="Bakkeby Kommune (fiktiv)", municipality_code="902")


@pytest.fixture
def provider_org(db) -> Organisation:
    return ProviderOrganisationFactory(name="Solsikken Opholdssted (fiktiv)")


@pytest.fixture
def other_provider_org(db) -> Organisation:
    return ProviderOrganisationFactory(name="Plejefamilien Testesen (fiktiv)")


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    def make(organisation: Organisation, role: str, **kwargs: object) -> User:
        return UserFactory(organisation=organisation, role=role, **kwargs)

    return make


@pytest.fixture
def users(municipality, other_municipality, provider_org, other_provider_org, make_user):
    """One user per role in each organisation: users[(org_key, role)]."""
    team = TeamFactory(organisation=municipality, name="Team A")
    result: dict[tuple[str, str], User] = {}
    for key, org in (("own", municipality), ("other", other_municipality)):
        for role in sorted(r.value for r in MUNICIPAL_ROLES):
            result[(key, role)] = make_user(
                org,
                role,
                team=team if key == "own" and role in {"caseworker", "team_leader"} else None,
            )
    for key, org in (("provider", provider_org), ("other_provider", other_provider_org)):
        for role in sorted(r.value for r in PROVIDER_ROLES):
            result[(key, role)] = make_user(org, role)
    result[("none", "superuser")] = UserFactory(
        organisation=None, role="", is_superuser=True, is_staff=True
    )
    return result


@pytest.fixture
def caseworker(users) -> User:
    return users[("own", Role.CASEWORKER)]


@pytest.fixture
def client_for(client: Client) -> Callable[[User | None], Client]:
    """A fresh test client logged in as the user (or anonymous for None)."""

    def make(user: User | None) -> Client:
        new = Client()
        if user is not None:
            new.force_login(user)
        return new

    return make
