# SPDX-License-Identifier: MPL-2.0
"""Preparing on the match meeting's hold, before the formal decision (the order practice uses).

The steps up to the mutual yes happen on the hold; the decision on the held place carries the
plan on and freezes what was prepared (meetings, the child's and parents' feedback, the mutual
yes) into its basis; the move itself waits for the decision.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from placematch.decisions.basis import basis_data
from placematch.decisions.documents import Audience, document_html
from placematch.decisions.models import DecisionBasis
from placematch.decisions.services import decision_make
from placematch.decisions.services_hold import hold_of, hold_release, meeting_hold
from placematch.decisions.tests.conftest import decide_kwargs
from placematch.preparation import services, services_voice
from placematch.preparation.models import PlanStatus, PreparationPlan
from placematch.preparation.tests.conftest import all_steps_held, held_meeting
from placematch.providers.models import ReservationStatus

pytestmark = pytest.mark.django_db


def _hold(world: dict[str, Any], place_key: str = "place") -> Any:
    return meeting_hold(
        actor=world["caseworker"], meeting=world["meeting"], place=world[place_key],
        expires_on=timezone.localdate() + datetime.timedelta(days=21),
    )  # fmt: skip


@pytest.fixture
def on_hold(world: dict[str, Any]) -> PreparationPlan:
    _hold(world)
    return services.plan_start(actor=world["caseworker"], case=world["case"])


def _agree(world: dict[str, Any], plan: PreparationPlan, steps: bool = True) -> PreparationPlan:
    if steps:
        all_steps_held(world, plan)
    return services.mutual_yes_record(
        actor=world["caseworker"], plan=plan, mutual_yes=True, placement_yes=True,
        child_view="Vilja glæder sig til hunden.", parents_view="Mor er tryg ved familien.",
    )  # fmt: skip


def test_the_preparation_starts_on_the_hold_without_a_decision(world, on_hold):
    assert on_hold.decision is None
    assert on_hold.place == world["place"]
    assert on_hold.reservation == hold_of(world["case"])
    assert world["case"].decisions.count() == 0
    # A second start on the same hold is refused.
    with pytest.raises(ValidationError, match="allerede startet"):
        services.plan_start(actor=world["caseworker"], case=world["case"])


def test_no_preparation_without_a_decision_or_a_hold(world):
    with pytest.raises(ValidationError, match="hold pladsen fra matchmødet"):
        services.plan_start(actor=world["caseworker"], case=world["case"])
    assert not PreparationPlan.objects.exists()


def test_the_steps_and_the_mutual_yes_come_before_the_decision(world, on_hold):
    plan = _agree(world, on_hold)
    assert plan.status == PlanStatus.AGREED and plan.decision is None


def test_the_move_date_waits_for_the_decision(world, on_hold):
    with pytest.raises(ValidationError) as error:
        services.move_date_set(
            actor=world["caseworker"], plan=on_hold,
            move_date=timezone.localdate() + datetime.timedelta(days=10),
        )  # fmt: skip
    assert "aldrig flytter på en holdt plads" in " ".join(error.value.message_dict["move_date"])
    on_hold.refresh_from_db()
    assert on_hold.move_date is None


def test_a_meeting_before_the_hold_is_refused_with_the_holds_date(world, on_hold):
    with pytest.raises(ValidationError) as error:
        services.meeting_add(
            actor=world["caseworker"], plan=on_hold, step="first_meeting",
            meeting_on=timezone.localdate() - datetime.timedelta(days=3),
        )  # fmt: skip
    assert "før den dag, pladsen blev holdt" in " ".join(error.value.message_dict["meeting_on"])
    assert not on_hold.meetings.exists()


def test_the_decision_on_the_held_place_carries_the_plan_and_freezes_the_feedback(world, on_hold):
    first = held_meeting(world, on_hold)
    services_voice.feedback_save(
        meeting=first, person=None, rating="good", comment="Hunden var sød."
    )
    services_voice.feedback_save(
        meeting=first, person=world["mother"], rating="mixed", comment="Lidt langt væk."
    )
    held_meeting(world, on_hold, "match_interview")
    held_meeting(world, on_hold, "match_visit")
    plan = _agree(world, on_hold, steps=False)
    decision = decision_make(**decide_kwargs(world))
    plan.refresh_from_db()
    assert plan.decision == decision and plan.reservation_id == decision.reservation_id
    data = basis_data(DecisionBasis.objects.get(decision=decision))
    prepared = data["preparation"]
    assert prepared["before_decision"] is True
    assert [m["step"] for m in prepared["meetings"]] == [
        "first_meeting", "match_interview", "match_visit",
    ]  # fmt: skip
    feedback = {f["respondent"]: f for f in prepared["meetings"][0]["feedback"]}
    assert feedback["child"]["comment"] == "Hunden var sød."
    assert feedback["parent"]["name"] == world["mother"].name
    assert (
        prepared["mutual_yes"] is True and prepared["child_view"] == "Vilja glæder sig til hunden."
    )
    full = document_html(decision, "basis", Audience.CASEWORKER)
    assert "Forberedelse før afgørelsen" in full and "Hunden var sød." in full
    assert "Vilja glæder sig til hunden." in full
    parents = document_html(decision, "basis", Audience.PARENTS)
    assert "Forberedelse før afgørelsen" in parents and "Matchbesøg" in parents
    assert "Hunden var sød." not in parents  # the child's words stay out of the parents' copy
    # Now the move date can be set, and a later feedback does not change the frozen basis.
    services.move_date_set(actor=world["caseworker"], plan=plan, move_date=decision.start_on)
    before = DecisionBasis.objects.get(decision=decision).sha256
    services_voice.feedback_save(meeting=plan.meetings.last(), person=None, rating="bad")
    assert DecisionBasis.objects.get(decision=decision).sha256 == before


def test_a_decision_on_another_place_leaves_the_plan_on_the_old_hold_closed(world, on_hold):
    decision = decision_make(
        **decide_kwargs(
            world,
            place=world["other_place"],
            reasons_for_other_than_top="Vilja vil bo nær sin skole.",
        )
    )
    on_hold.refresh_from_db()
    assert on_hold.decision is None
    with pytest.raises(ValidationError, match="Pladsen holdes ikke længere"):
        held_meeting(world, on_hold)
    # The decided place gets its own preparation.
    plan = services.plan_start(actor=world["caseworker"], case=world["case"])
    assert plan.decision == decision and plan.place == world["other_place"]


def test_a_released_hold_pauses_the_preparation(world, on_hold):
    hold_release(actor=world["caseworker"], case=world["case"], reason="Familien sagde nej")
    with pytest.raises(ValidationError, match="Pladsen holdes ikke længere"):
        held_meeting(world, on_hold)


def test_no_mutual_yes_on_a_hold_gives_the_held_place_back(world, on_hold):
    all_steps_held(world, on_hold)
    hold = on_hold.reservation
    services.mutual_yes_record(
        actor=world["caseworker"], plan=on_hold, mutual_yes=False, placement_yes=False,
        child_view="Vilja vil ikke.", note="Familien og Vilja passede ikke sammen.",
    )  # fmt: skip
    hold.refresh_from_db()
    assert hold.status == ReservationStatus.RELEASED
    assert hold_of(world["case"]) is None


def test_the_tab_offers_to_prepare_on_the_hold(world, on_hold, client_for):
    client = client_for(world["caseworker"])
    page = client.get(reverse("preparation:case_plan", args=[world["case"].pk])).content.decode()
    assert "Ikke truffet endnu. Pladsen er holdt" in page
    assert "Barnet flytter aldrig på en holdt plads" in page


def test_the_tab_shows_the_start_on_a_hold(world, client_for):
    _hold(world)
    client = client_for(world["caseworker"])
    url = reverse("preparation:case_plan", args=[world["case"].pk])
    page = client.get(url).content.decode()
    assert "Matchmødet holder" in page and "før den formelle afgørelse" in page
