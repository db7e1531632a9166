# SPDX-License-Identifier: MPL-2.0
"""Shared set-up for the preparation tests: a decided case with a reserved place, and its plan."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from placematch.children.models import PersonKind, Sibling
from placematch.children.tests.factories import PersonFactory
from placematch.decisions.services import decision_make
from placematch.decisions.tests import conftest as decisions_conftest
from placematch.decisions.tests.conftest import decide_kwargs
from placematch.preparation import services
from placematch.preparation.models import PreparationMeeting, PreparationPlan, Step

# The decisions tests' world: a case in matching, two places, a run and a match meeting.
world = decisions_conftest.world
# Its runs hold a ranking but no real place index: the decision basis reads the ranking plainly.
_plain_shortlist = decisions_conftest._plain_shortlist


@pytest.fixture
def decided(world: dict[str, Any]) -> dict[str, Any]:
    """The world of the decisions tests, with the lasting decision made and the place reserved."""
    world["decision"] = decision_make(**decide_kwargs(world))
    world["case"].refresh_from_db()
    world["father"] = PersonFactory(
        child=world["child"], kind=PersonKind.PARENT, name="Bjarke Fiktivholm", relation="Far"
    )
    world["uncle"] = PersonFactory(
        child=world["child"], kind=PersonKind.NETWORK, name="Egon Fiktivholm", relation="Morbror"
    )
    world["brother"] = Sibling.objects.create(
        organisation=world["case"].organisation, child=world["child"], name="Storm Fiktivholm",
        birth_year=2011, lives_with="Opholdsstedet Fjordglimt (fiktivt)", placed_together=False,
        split_reason="Storm bor på et opholdssted med skole.",
    )  # fmt: skip
    return world


@pytest.fixture
def plan(decided: dict[str, Any]) -> PreparationPlan:
    return services.plan_start(actor=decided["caseworker"], case=decided["case"])


def held_meeting(
    world: dict[str, Any], plan: PreparationPlan, step: str = Step.FIRST_MEETING, **kwargs: Any
) -> PreparationMeeting:
    """A meeting of the step held today, with the child and the mother."""
    meeting = services.meeting_add(
        actor=world["caseworker"], plan=plan, step=step, meeting_on=timezone.localdate(),
        parents=kwargs.pop("parents", [world["mother"]]), **kwargs,
    )  # fmt: skip
    return services.meeting_mark_held(actor=world["caseworker"], meeting=meeting)


def all_steps_held(data: dict[str, Any], plan: PreparationPlan) -> None:
    for step in (Step.FIRST_MEETING, Step.MATCH_INTERVIEW, Step.MATCH_VISIT):
        held_meeting(data, plan, step)


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)
