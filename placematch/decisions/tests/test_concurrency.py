# SPDX-License-Identifier: MPL-2.0
"""Races on PostgreSQL: eight caseworkers deciding the last free place at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from placematch.children.tests.factories import CaseFactory, ChildFactory
from placematch.decisions.models import Decision
from placematch.decisions.services import decision_make, decision_withdraw
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import declare_vacancy, full_checklist
from placematch.providers.models import Place, Reservation
from placematch.providers.selectors import annotate_occupancy
from placematch.providers.tests.factories import PlaceFactory

THREADS = 8
ROUNDS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (see .ci/run)"
    ),
]


def _free(place: Place) -> int:
    row = annotate_occupancy(Place.objects.filter(pk=place.pk), timezone.localdate()).get()
    return int(row.free)  # type: ignore[attr-defined]


def test_eight_users_deciding_the_last_place_at_once_get_exactly_one_reservation(
    users, municipality, caseworker
):
    cases = []
    for i in range(THREADS):
        case = CaseFactory(
            child=ChildFactory(organisation=municipality, case_number=f"SAG-RACE-{i}"),
            team=caseworker.team, caseworkers=[caseworker], status="matching",
        )  # fmt: skip
        meeting = meeting_save(
            actor=caseworker, case=case, held_on=timezone.localdate(), checklist=full_checklist()
        )
        cases.append((case, meeting))

    for round_no in range(ROUNDS):
        place = PlaceFactory(capacity=1, name=f"Sidste plads {round_no}")
        declare_vacancy(place)
        barrier = threading.Barrier(THREADS)
        outcomes: list[str] = []
        lock = threading.Lock()

        def decide(case, meeting, place=place, barrier=barrier, outcomes=outcomes, lock=lock):
            try:
                barrier.wait(timeout=30)
                decision_make(
                    actor=caseworker, case=case, place=place, kind="lasting", meeting=meeting,
                    reasons="Stedet passer til barnet.", appeal_guidance="Klag inden 4 uger.",
                )  # fmt: skip
                result = "decided"
            except ValidationError as error:
                result = " ".join(error.message_dict.get("place", ["other"]))
            finally:
                connection.close()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=decide, args=pair) for pair in cases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert outcomes.count("decided") == 1, outcomes
        assert all("ingen ledig plads" in o for o in outcomes if o != "decided"), outcomes
        assert Reservation.objects.filter(place=place, status="active").count() == 1
        assert Decision.objects.filter(place=place).count() == 1
        assert _free(place) == 0  # never negative
        # Free the winning case so every case can take part in the next round.
        winner = Decision.objects.get(place=place)
        decision_withdraw(actor=caseworker, decision=winner, reason="Næste runde")
