# SPDX-License-Identifier: MPL-2.0
"""The daily move: on the move date the case is placed and a started placement is recorded."""

from __future__ import annotations

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from placematch.children.models import CaseStatus
from placematch.preparation import services
from placematch.preparation.models import PlanStatus, StartedKind, StartedPlacement
from placematch.preparation.tests.conftest import all_steps_held
from placematch.providers.models import Placement, ReservationStatus

pytestmark = pytest.mark.django_db
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=COPENHAGEN)


def run() -> str:
    out = StringIO()
    call_command("preparation_move", stdout=out, stderr=out)
    return out.getvalue()


def agree(world, plan, move_in_days: int = 3):
    all_steps_held(world, plan)
    services.mutual_yes_record(
        actor=world["caseworker"], plan=plan, mutual_yes=True,
        child_view="Vilja vil gerne bo hos familien med hunden", placement_yes=True,
    )  # fmt: skip
    move = timezone.localdate() + datetime.timedelta(days=move_in_days)
    services.move_date_set(actor=world["caseworker"], plan=plan, move_date=move)
    return move


def test_the_case_is_placed_on_the_move_date_and_not_before(decided, plan):
    move = agree(decided, plan)
    case = decided["case"]
    # One minute before midnight on the eve of the move: nothing happens.
    with time_machine.travel(at(move - datetime.timedelta(days=1), 23, 59), tick=False):
        assert "0 placed" in run()
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and not StartedPlacement.objects.exists()
    # Five minutes past midnight (Copenhagen time, still the day before in UTC).
    with time_machine.travel(at(move, 0, 5), tick=False):
        output = run()
    assert "1 placed" in output and decided["child"].name not in output
    case.refresh_from_db()
    plan.refresh_from_db()
    started = StartedPlacement.objects.get()
    assert case.status == CaseStatus.PLACED and plan.status == PlanStatus.PLACED
    assert (started.case, started.place, started.kind, started.started_on) == (
        case,
        decided["place"],
        StartedKind.NEW,
        move,
    )
    reservation = decided["decision"].reservation
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.CONVERTED
    assert started.placement == Placement.objects.get(child_ref=decided["child"].ref)
    assert started.placement.start == move


def test_running_twice_a_day_changes_nothing(decided, plan):
    move = agree(decided, plan)
    with time_machine.travel(at(move, 6), tick=False):
        run()
    with time_machine.travel(at(move, 18), tick=False):
        assert "0 placed, 0 problems" in run()
    assert StartedPlacement.objects.count() == 1 and Placement.objects.count() == 1


def test_a_missed_day_is_caught_up_with_the_real_move_date(decided, plan):
    move = agree(decided, plan)
    with time_machine.travel(at(move + datetime.timedelta(days=2), 7), tick=False):
        run()
    assert StartedPlacement.objects.get().started_on == move


def test_a_re_placement_is_recorded_as_one(decided, plan):
    case = decided["case"]
    case.case_type = "re_placement"
    case.save()
    move = agree(decided, plan)
    with time_machine.travel(at(move, 7), tick=False):
        run()
    assert StartedPlacement.objects.get().kind == StartedKind.RE_PLACEMENT


def test_no_move_without_a_mutual_yes(decided, plan):
    move = timezone.localdate() + datetime.timedelta(days=2)
    services.move_date_set(actor=decided["caseworker"], plan=plan, move_date=move)
    with time_machine.travel(at(move, 7), tick=False):
        assert "0 placed" in run()
    decided["case"].refresh_from_db()
    assert decided["case"].status == CaseStatus.DECIDED


def test_a_released_reservation_is_reported_and_others_still_move(decided, plan):
    move = agree(decided, plan)
    reservation = decided["decision"].reservation
    reservation.status = ReservationStatus.RELEASED
    reservation.save()
    with time_machine.travel(at(move, 7), tick=False):
        output = run()
    assert "not placed" in output and "no active reservation" in output
    assert not StartedPlacement.objects.exists()
    decided["case"].refresh_from_db()
    assert decided["case"].status == CaseStatus.DECIDED
