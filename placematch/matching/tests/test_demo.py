# SPDX-License-Identifier: MPL-2.0
"""The matching demo data: a match for each case in matching (the whole demo: see preparation)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from placematch.core.demo import DemoContext
from placematch.matching import demo
from placematch.matching.models import Inquiry, MatchRun
from placematch.matching.tests.factories import matchable_place


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
