# SPDX-License-Identifier: MPL-2.0
"""The decisions demo data: decisions only for the cases handed on, each with its place's yes."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from placematch.core.demo import DemoContext
from placematch.decisions import demo
from placematch.decisions.models import Decision, MatchMeeting
from placematch.matching.models import Answer, InquiryStatus
from placematch.matching.tests.factories import InquiryFactory
from placematch.providers.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _context(world, municipality) -> DemoContext:
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    ctx.municipalities = {"901": municipality}
    ctx.users = {("901", "caseworker"): world["caseworker"]}
    return ctx


def test_a_case_in_matching_with_a_yes_gets_a_meeting_but_no_decision(world, municipality):
    InquiryFactory(
        case=world["case"], place=world["place"], sent_by=world["caseworker"],
        status=InquiryStatus.ANSWERED, answer=Answer.YES, answered_at=timezone.now(),
    )  # fmt: skip
    meetings = MatchMeeting.objects.filter(case=world["case"])
    before = meetings.count()
    demo.load(_context(world, municipality))
    # Only the cases the children demo marks to be decided get a decision.
    assert meetings.count() == before + 1
    assert not Decision.objects.exists()


def test_a_decision_the_gates_refuse_is_kept_as_refused_and_saves_nothing(world, municipality):
    ctx = _context(world, municipality)
    ctx.shared["children.to_decide"] = {world["case"].pk: "decided"}
    # A place without approval that never answered: the gates refuse, and the demo says so.
    ctx.shared["matching.yes"] = {world["case"].pk: PlaceFactory().pk}
    demo.load(ctx)
    assert not Decision.objects.exists()
    [(number, scenario, errors)] = ctx.shared["decisions.refused"]
    assert number == world["child"].case_number and scenario == "s46" and "place" in errors
