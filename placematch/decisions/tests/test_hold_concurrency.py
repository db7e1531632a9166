# SPDX-License-Identifier: MPL-2.0
"""Races on PostgreSQL: eight match meetings holding the last free place at the same moment."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from placematch.accounts.models import Role
from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.decisions.services_hold import meeting_hold
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import answered_yes, declare_vacancy, full_checklist
from placematch.providers.ledger import reservation_release
from placematch.providers.models import Reservation
from placematch.providers.selectors import occupancy
from placematch.providers.tests.factories import PlaceFactory

THREADS = 8
ROUNDS = 10

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (see .ci/run)"
    ),
]


def test_eight_meetings_holding_the_last_place_at_once_get_exactly_one_hold(
    users, municipality, caseworker
):
    staff = users[("provider", Role.PROVIDER_STAFF)]
    meetings = []
    for i in range(THREADS):
        child = ChildFactory(organisation=municipality, case_number=f"SAG-HOLD-{i}")
        case = CaseFactory(
            child=child, team=caseworker.team, caseworkers=[caseworker], status="matching"
        )
        meetings.append(
            meeting_save(
                actor=caseworker,
                case=case,
                held_on=timezone.localdate(),
                checklist=full_checklist(),
            )
        )
    expires_on = timezone.localdate() + datetime.timedelta(days=14)
    for round_no in range(ROUNDS):
        place = PlaceFactory(capacity=1, name=f"Sidste plads {round_no}")
        declare_vacancy(place)
        for meeting in meetings:
            answered_yes(meeting.case, place, caseworker, staff)  # on the meeting's list
        barrier = threading.Barrier(THREADS)
        outcomes: list[str] = []
        lock = threading.Lock()

        def hold(meeting, place=place, barrier=barrier, outcomes=outcomes, lock=lock):
            try:
                barrier.wait(timeout=30)
                meeting_hold(actor=caseworker, meeting=meeting, place=place, expires_on=expires_on)
                result = "held"
            except ValidationError as error:
                result = " ".join(error.message_dict.get("place", ["other"]))
            finally:
                connection.close()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=hold, args=(m,)) for m in meetings]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert outcomes.count("held") == 1, outcomes
        assert all("ingen ledig plads" in o for o in outcomes if o != "held"), outcomes
        assert Reservation.objects.filter(place=place, status="active").count() == 1
        assert occupancy(place).free == 0 and not occupancy(place).overbooked
        # Free the winner, so every case can hold in the next round.
        winner = Reservation.objects.get(place=place, status="active")
        reservation_release(actor=caseworker, reservation=winner)
