# SPDX-License-Identifier: MPL-2.0
"""Shared set-up for the followup tests: the preparation tests' decided case, moved by the move."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from matchengine.vocab import Dimension, SupportLevel
from placematch.children.models import AssessmentNeed
from placematch.children.services import NeedInput, assessment_create
from placematch.followup.models import PlacementRecord
from placematch.followup.services import GoalInput, plan_version_create
from placematch.matching.models import MatchRun
from placematch.matching.models.runs import pack
from placematch.preparation import services as preparation
from placematch.preparation.services_move import placement_start
from placematch.preparation.tests import conftest as preparation_conftest
from placematch.preparation.tests.conftest import all_steps_held

world = preparation_conftest.world
decided = preparation_conftest.decided
plan = preparation_conftest.plan
_plain_shortlist = preparation_conftest._plain_shortlist

# The gap matrix of the chosen place: schooling from high to moderate needs school support.
SUGGESTED = {
    "dimension": "schooling",
    "from_level": "moderate",
    "to_level": "high",
    "suggested": ["school_support"],
}


def move(world: dict[str, Any], plan: Any) -> PlacementRecord:
    """The mutual yes, a move date of today and the move service: the record opens."""
    all_steps_held(world, plan)
    preparation.mutual_yes_record(
        actor=world["caseworker"], plan=plan, mutual_yes=True,
        child_view="Jeg glæder mig til hunden", placement_yes=True,
    )  # fmt: skip
    plan = preparation.move_date_set(
        actor=world["caseworker"], plan=plan, move_date=timezone.localdate()
    )
    placement_start(actor=None, plan=plan)
    return PlacementRecord.objects.get(case=world["case"])


@pytest.fixture
def placed(decided: dict[str, Any], plan: Any) -> dict[str, Any]:
    """The decided case moved today, its run's gap matrix promising school support."""
    run: MatchRun = decided["run"]
    result = run.result()
    result["top"][0]["suggested_support"] = [SUGGESTED]
    MatchRun.objects.filter(pk=run.pk).update(result_data=pack(result))
    decided["record"] = move(decided, plan)
    return decided


def needs(world: dict[str, Any], **levels: str) -> None:
    """A new assessment of the child's needs at these levels (others moderate)."""
    assessment_create(
        actor=world["caseworker"], case=world["case"],
        needs=[
            NeedInput(dimension=d, level=SupportLevel(levels.get(d.value, "moderate")))
            for d in Dimension
        ],
    )  # fmt: skip
    assert AssessmentNeed.objects.exists()


def a_plan(world: dict[str, Any], made_on: datetime.date | None = None, **kwargs: Any) -> Any:
    today = timezone.localdate()
    return plan_version_create(
        actor=world["caseworker"], case=world["case"], made_on=made_on or today,
        goals=[
            GoalInput(dimension="schooling", target_level="light",
                      target_date=today + datetime.timedelta(days=180),
                      goal="Vilja går i skole hver dag", measures="Støtte i skolen"),
            GoalInput(dimension="leisure_friendships", target_level="moderate",
                      target_date=today + datetime.timedelta(days=180),
                      goal="Vilja har en fritidsaktivitet"),
        ],
        child_goals="Jeg vil gerne gå til fodbold", family_support="Forældrekursus hver uge",
        **kwargs,
    )  # fmt: skip
