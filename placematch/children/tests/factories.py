# SPDX-License-Identifier: MPL-2.0
"""Factories for children, cases and the voice records, with visibly fictitious names."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from placematch.accounts.tests.factories import OrganisationFactory
from placematch.children import course
from placematch.children.models import (
    Case,
    CaseStatus,
    Child,
    Conversation,
    ParentView,
    PersonKind,
    RelatedPerson,
    Wish,
)
from placematch.core.demo import FIRST_NAMES, SURNAMES


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: SURNAMES[n % len(SURNAMES)])
    birth_date = date(2013, 5, 17)
    case_number = factory.Sequence(lambda n: f"SAG-{n:05d}")
    address_postcode = "8000"
    school_name = "Eksempelskolen"
    school_postcode = "8000"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    organisation = factory.SelfAttribute("child.organisation")
    case_type = "first_placement"
    legal_basis = "s46_consent"
    aware_date = date(2024, 1, 15)

    @classmethod
    def _create(cls, model_class: type[Case], *args: Any, **kwargs: Any) -> Case:
        # A case wanted at a later status arrives through the course's import path.
        if kwargs.get("status", CaseStatus.INVESTIGATION) != CaseStatus.INVESTIGATION:
            return course.import_case(**kwargs)
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def caseworkers(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.caseworkers.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedPerson

    child = factory.SubFactory(ChildFactory)
    organisation = factory.SelfAttribute("child.organisation")
    kind = PersonKind.CUSTODY_HOLDER
    name = factory.Sequence(lambda n: f"{FIRST_NAMES[(n + 7) % len(FIRST_NAMES)]} Testesen")
    relation = "Mor"
    postcode = "8000"


class WishFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wish

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    kind = "animals"
    text = "Jeg vil gerne bo et sted med en hund"
    importance = "high"


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    held_on = date(2024, 2, 1)
    present = "Sagsbehandler og barnet"
    child_words = "Jeg savner min lillebror"
    created_by = factory.SubFactory("placematch.accounts.tests.factories.UserFactory")


class ParentViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentView

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    person = factory.SubFactory(PersonFactory, child=factory.SelfAttribute("..case.child"))
    views = "Jeg er enig i, at det er bedst lige nu."
