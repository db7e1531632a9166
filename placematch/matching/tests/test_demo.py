# SPDX-License-Identifier: MPL-2.0
"""The matching demo data: inquiries in varied states for cases in the matching state."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from placematch.core.demo import DemoContext
from placematch.matching import demo
from placematch.matching.models import Inquiry, InquiryStatus, MatchRun
from placematch.matching.tests.factories import matchable_place
from placematch.providers.tests.factories import PlaceFactory


def test_demo_inquiries_cover_every_state(world, municipality, provider_org):
    PlaceFactory(provider=world["place"].provider)
    PlaceFactory.create_batch(2)
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    ctx.municipalities = {"901": municipality}
    ctx.users = {("901", "caseworker"): world["caseworker"]}
    demo.load(ctx)
    inquiries = list(Inquiry.objects.filter(case=world["case"]))
    assert len(inquiries) == 4
    statuses = {i.status for i in inquiries}
    assert statuses == {InquiryStatus.DECLINED, InquiryStatus.ANSWERED, InquiryStatus.SENT}
    assert any(i.stage == 2 for i in inquiries)
    assert all(i.answered_by is None or i.answered_by.is_provider_user for i in inquiries)


def test_demo_without_places_loads_nothing(db, municipality, caseworker):
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    ctx.municipalities = {"901": municipality}
    ctx.users = {("901", "caseworker"): caseworker}
    demo.load(ctx)
    assert not Inquiry.objects.exists()


def test_demo_makes_a_match_for_each_case_in_matching(world, municipality):
    matchable_place(name="Afdeling Demoløb")
    matchable_place(name="Afdeling Demoløb 2")
    ctx = DemoContext(password_hash=make_password("x", hasher="md5"))
    ctx.municipalities = {"901": municipality}
    ctx.users = {("901", "caseworker"): world["caseworker"]}
    demo.load(ctx)
    run = MatchRun.objects.get(case=world["case"])
    assert run.place_count == 2
    assert run.created_by == world["caseworker"]
