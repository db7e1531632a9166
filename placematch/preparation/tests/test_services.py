# SPDX-License-Identifier: MPL-2.0
"""The plan's services: the steps in order, checklists, contact plan, move date, mutual yes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from placematch.audit.models import AccessLogEntry
from placematch.children.tests.factories import CaseFactory
from placematch.preparation import services
from placematch.preparation.models import (
    ChecklistItem,
    ContactArrangement,
    Party,
    PlanStatus,
    PreparationMeeting,
    PreparationPlan,
    Step,
)
from placematch.preparation.tests.conftest import all_steps_held, held_meeting, yesterday
from placematch.providers.models import ReservationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_plan_starts_from_the_decision_with_a_checklist_for_every_party(decided, plan):
    assert plan.decision == decided["decision"] and plan.status == PlanStatus.PREPARING
    parties = set(plan.checklist.values_list("party", flat=True))
    assert parties == set(Party.values)
    assert all(item.due_on > timezone.localdate() for item in plan.checklist.all())
    assert AccessLogEntry.objects.filter(
        object_type="preparation.preparationplan", subject_id=str(decided["child"].pk)
    ).exists()


def test_no_plan_without_a_decision_and_no_second_plan(decided, plan, users, municipality):
    undecided = CaseFactory(child__organisation=municipality, status="matching")
    with pytest.raises(ValidationError) as error:
        services.plan_start(actor=decided["caseworker"], case=undecided)
    assert "Afgør stedet først" in messages_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.plan_start(actor=decided["caseworker"], case=decided["case"])
    assert "allerede startet" in messages_of(error.value)
    assert PreparationPlan.objects.count() == 1


def test_a_meeting_before_the_decision_is_refused(decided, plan):
    with pytest.raises(ValidationError) as error:
        services.meeting_add(
            actor=decided["caseworker"], plan=plan, step=Step.FIRST_MEETING, meeting_on=yesterday()
        )
    assert "før afgørelsen" in messages_of(error.value)
    assert not PreparationMeeting.objects.exists()


def test_a_meeting_only_with_the_childs_own_parents(decided, plan):
    with pytest.raises(ValidationError) as error:
        services.meeting_add(
            actor=decided["caseworker"], plan=plan, step=Step.FIRST_MEETING,
            meeting_on=timezone.localdate(), parents=[decided["uncle"]],
        )  # fmt: skip
    assert "barnets egne forældre" in messages_of(error.value)
    assert not PreparationMeeting.objects.exists()


def test_the_steps_are_held_in_order(decided, plan):
    visit = services.meeting_add(
        actor=decided["caseworker"], plan=plan, step=Step.MATCH_VISIT,
        meeting_on=timezone.localdate(),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.meeting_mark_held(actor=decided["caseworker"], meeting=visit)
    assert "Hold matchsamtalen før matchbesøget" in messages_of(error.value)
    visit.refresh_from_db()
    assert not visit.held
    held_meeting(decided, plan, Step.FIRST_MEETING)
    held_meeting(decided, plan, Step.MATCH_INTERVIEW)
    services.meeting_mark_held(actor=decided["caseworker"], meeting=visit)
    with pytest.raises(ValidationError) as error:
        services.meeting_mark_held(actor=decided["caseworker"], meeting=visit)
    assert "allerede markeret som holdt" in messages_of(error.value)


def test_a_future_meeting_cannot_be_marked_held(decided, plan):
    meeting = services.meeting_add(
        actor=decided["caseworker"], plan=plan, step=Step.FIRST_MEETING,
        meeting_on=timezone.localdate() + datetime.timedelta(days=3),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.meeting_mark_held(actor=decided["caseworker"], meeting=meeting)
    assert "Markér det som holdt den dag eller senere" in messages_of(error.value)


def test_a_checklist_item_is_done_once(decided, plan):
    item = plan.checklist.filter(party=Party.SCHOOL).get()
    services.checklist_item_done(actor=decided["caseworker"], item=item)
    item.refresh_from_db()
    assert item.done_on == timezone.localdate() and item.done_by == decided["caseworker"]
    with pytest.raises(ValidationError) as error:
        services.checklist_item_done(actor=decided["team_leader"], item=item)
    assert "allerede markeret som klaret" in messages_of(error.value)
    item.refresh_from_db()
    assert item.done_by == decided["caseworker"]


def test_a_checklist_item_needs_text_and_a_due_date_after_the_decision(decided, plan):
    before = ChecklistItem.objects.count()
    with pytest.raises(ValidationError) as error:
        services.checklist_item_add(
            actor=decided["caseworker"], plan=plan, party=Party.PLACEMENT, text=" ",
            due_on=yesterday(),
        )  # fmt: skip
    assert set(error.value.message_dict) == {"text", "due_on"}
    assert ChecklistItem.objects.count() == before


def test_the_contact_plan_includes_a_sibling_placed_elsewhere(decided, plan):
    line = services.contact_add(
        actor=decided["caseworker"], plan=plan, with_kind="sibling", sibling=decided["brother"],
        form="visit", frequency="Hver anden weekend",
    )  # fmt: skip
    assert line.who == "Storm Fiktivholm"
    with pytest.raises(ValidationError) as error:
        services.contact_add(
            actor=decided["caseworker"], plan=plan, with_kind="parent", person=decided["uncle"],
            form="visit", frequency="",
        )  # fmt: skip
    assert set(error.value.message_dict) == {"person", "frequency"}
    assert ContactArrangement.objects.count() == 1


def test_the_move_date_cannot_be_before_the_decision_or_the_reservation(decided, plan):
    with pytest.raises(ValidationError) as error:
        services.move_date_set(actor=decided["caseworker"], plan=plan, move_date=yesterday())
    assert "før afgørelsen" in messages_of(error.value)
    plan.refresh_from_db()
    assert plan.move_date is None
    later = timezone.localdate() + datetime.timedelta(days=14)
    services.move_date_set(actor=decided["caseworker"], plan=plan, move_date=later)
    plan.refresh_from_db()
    decided["case"].refresh_from_db()
    assert plan.move_date == later and decided["case"].intended_placement_date == later


def test_mutual_yes_before_the_match_visit_is_refused(decided, plan):
    held_meeting(decided, plan, Step.FIRST_MEETING)
    with pytest.raises(ValidationError) as error:
        services.mutual_yes_record(
            actor=decided["caseworker"], plan=plan, mutual_yes=True, child_view="Glad",
            placement_yes=True,
        )  # fmt: skip
    assert "Hold matchbesøget først" in messages_of(error.value)
    plan.refresh_from_db()
    assert plan.mutual_yes is None and plan.status == PlanStatus.PREPARING


def test_mutual_yes_needs_the_childs_view_and_the_placements_yes(decided, plan):
    all_steps_held(decided, plan)
    with pytest.raises(ValidationError) as error:
        services.mutual_yes_record(
            actor=decided["caseworker"], plan=plan, mutual_yes=True, child_view="",
            placement_yes=False,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"child_view", "placement_yes"}
    services.mutual_yes_record(
        actor=decided["caseworker"], plan=plan, mutual_yes=True,
        child_view="Vilja glæder sig til hunden", placement_yes=True,
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED and plan.mutual_yes_on == timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.mutual_yes_record(
            actor=decided["caseworker"], plan=plan, mutual_yes=False, child_view="x",
            placement_yes=False, note="x",
        )  # fmt: skip
    assert "allerede registreret" in messages_of(error.value)


def test_no_mutual_yes_gives_the_reserved_place_back(decided, plan):
    all_steps_held(decided, plan)
    with pytest.raises(ValidationError) as error:
        services.mutual_yes_record(
            actor=decided["caseworker"], plan=plan, mutual_yes=False, child_view="Utryg",
            placement_yes=False,
        )  # fmt: skip
    assert "Skriv, hvorfor" in messages_of(error.value)
    reservation = decided["decision"].reservation
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.ACTIVE
    services.mutual_yes_record(
        actor=decided["caseworker"], plan=plan, mutual_yes=False, child_view="Utryg",
        placement_yes=False, note="Plejefamilien kan ikke rumme hundeallergi.",
    )  # fmt: skip
    plan.refresh_from_db()
    reservation.refresh_from_db()
    assert plan.status == PlanStatus.STOPPED
    assert reservation.status == ReservationStatus.RELEASED
    with pytest.raises(ValidationError) as error:
        services.meeting_add(
            actor=decided["caseworker"], plan=plan, step=Step.OTHER,
            meeting_on=timezone.localdate(),
        )  # fmt: skip
    assert "stoppet" in messages_of(error.value)
