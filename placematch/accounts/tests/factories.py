# SPDX-License-Identifier: MPL-2.0
"""Factories for organisations and users, with visibly fictitious names."""

from __future__ import annotations

import factory

from placematch.accounts.models import Organisation, OrganisationKind, Role, Team, User

TEST_PASSWORD = "test-adgang-123"
STAFF_FIRST_NAMES = ("Testine", "Testolf", "Prøvine", "Demoline")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testkommune {n} (fiktiv)")
    kind = OrganisationKind.MUNICIPALITY
    municipality_code = factory.Sequence(lambda n: f"{900 + (n % 100):03d}")


class ProviderOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Testtilbud {n} (fiktiv)")
    kind = OrganisationKind.PROVIDER
    municipality_code = factory.Sequence(lambda n: "")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"test-user-{n}")
    # Staff names never come from the children's name list, so a test that asserts a child's
    # name is absent from a page cannot trip over the logged-in user's name in the header.
    first_name = factory.Sequence(lambda n: STAFF_FIRST_NAMES[n % len(STAFF_FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: f"Testmedarbejder {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
