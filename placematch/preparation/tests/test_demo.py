# SPDX-License-Identifier: MPL-2.0
"""The preparation demo data: the decided demo case gets a plan, a held meeting and a link."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from placematch.accounts.models import Role
from placematch.core.demo import DemoContext
from placematch.decisions import demo as decisions_demo
from placematch.involvement.models import SecureLink
from placematch.matching.models import Answer, InquiryStatus
from placematch.matching.tests.factories import InquiryFactory
from placematch.preparation import demo, selectors
from placematch.preparation.link_forms import CHILD_FEEDBACK
from placematch.preparation.models import PreparationPlan, Step

pytestmark = pytest.mark.django_db


def _context(world, municipality) -> DemoContext:
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    ctx.municipalities = {"901": municipality}
    ctx.users = {("901", "caseworker"): world["caseworker"]}
    return ctx


def test_the_decided_demo_case_gets_a_started_plan(world, municipality):
    family = world["place"].provider
    family.responsible_municipality = municipality
    family.save(update_fields=["responsible_municipality"])
    InquiryFactory(
        case=world["case"], place=world["place"], sent_by=world["caseworker"],
        status=InquiryStatus.ANSWERED, answer=Answer.YES, answered_at=timezone.now(),
    )  # fmt: skip
    ctx = _context(world, municipality)
    decisions_demo.load(ctx)
    demo.load(ctx)
    plan = PreparationPlan.objects.get(case=world["case"])
    assert plan.place == world["place"] and plan.checklist.count() >= 8
    meeting = plan.meetings.get()
    assert meeting.step == Step.FIRST_MEETING and meeting.held
    assert list(meeting.parents.all()) == [world["mother"]]
    link = SecureLink.objects.get(form_key=CHILD_FEEDBACK, subject_id=str(world["child"].pk))
    assert link.revoked_at is None and link.recipient_label == "Vilja"
    # The family's municipality has a consultant, who now sees the move.
    consultant = world["users"][("own", Role.FAMILY_CARE_CONSULTANT)]
    assert list(selectors.consultant_plans(consultant)) == [plan]
    # Loading again starts nothing twice.
    demo.load(ctx)
    assert PreparationPlan.objects.count() == 1


def test_without_a_decided_case_the_demo_starts_nothing(world, municipality):
    demo.load(_context(world, municipality))
    assert not PreparationPlan.objects.exists()
