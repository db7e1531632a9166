# SPDX-License-Identifier: MPL-2.0
"""The decisions demo data: a held meeting and a decided, reserved place."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from placematch.core.demo import DemoContext
from placematch.decisions import demo
from placematch.decisions.models import Decision, MatchMeeting
from placematch.matching.models import Answer, Inquiry, InquiryStatus
from placematch.matching.tests.factories import InquiryFactory

pytestmark = pytest.mark.django_db


def test_demo_holds_a_meeting_and_decides_a_place(world, municipality):
    InquiryFactory(
        case=world["case"], place=world["place"], sent_by=world["caseworker"],
        status=InquiryStatus.ANSWERED, answer=Answer.YES, answered_at=timezone.now(),
    )  # fmt: skip
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    ctx.municipalities = {"901": municipality}
    ctx.users = {("901", "caseworker"): world["caseworker"]}
    demo.load(ctx)
    assert MatchMeeting.objects.filter(case=world["case"]).count() == 2
    decision = Decision.objects.get(case=world["case"])
    assert decision.place == world["place"] and decision.reservation is not None
    world["case"].refresh_from_db()
    assert world["case"].status == "decided"


def test_demo_without_answered_inquiries_decides_nothing(world, municipality):
    Inquiry.objects.filter(case=world["case"]).delete()
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    ctx.municipalities = {"901": municipality}
    ctx.users = {("901", "caseworker"): world["caseworker"]}
    demo.load(ctx)
    assert not Decision.objects.exists()
