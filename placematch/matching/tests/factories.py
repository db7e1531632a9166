# SPDX-License-Identifier: MPL-2.0
"""Factories for inquiries (built on the children and providers factories)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from placematch.accounts.tests.factories import UserFactory
from placematch.children.tests.factories import CaseFactory
from placematch.matching.models import DisclosureBasis, Inquiry, Urgency
from placematch.matching.services import answer_deadline
from placematch.providers.tests.factories import PlaceFactory


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
