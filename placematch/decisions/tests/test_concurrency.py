# SPDX-License-Identifier: MPL-2.0
"""Races on PostgreSQL: eight caseworkers deciding the last free place at the same moment."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from placematch.accounts.models import Role
from placematch.children.models import Conversation, PersonKind
from placematch.children.tests.factories import CaseFactory, ChildFactory, PersonFactory
from placematch.decisions.models import Decision
from placematch.decisions.services import decision_make, decision_withdraw
from placematch.decisions.services_meeting import meeting_save
from placematch.decisions.tests.conftest import (
    FOSTER_ASSESSED,
    answered_yes,
    decide_kwargs,
    declare_vacancy,
    full_checklist,
    lawful,
)
from placematch.providers.models import Place, Reservation
from placematch.providers.selectors import annotate_occupancy
from placematch.providers.tests.factories import ApprovalFactory, PlaceFactory

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


def _lawful_case(i, municipality, caseworker):
    """A case that meets every gate of a lasting decision but the place (given per round)."""
    child = ChildFactory(
        organisation=municipality, case_number=f"SAG-RACE-{i}", first_name="Vilja",
        birth_date=datetime.date(2014, 3, 9),
    )  # fmt: skip
    case = CaseFactory(
        child=child, team=caseworker.team, caseworkers=[caseworker], status="matching"
    )
    mother = PersonFactory(child=child, kind=PersonKind.CUSTODY_HOLDER, name="Hanne Fiktivholm")
    Conversation.objects.create(
        organisation=municipality, case=case, held_on=datetime.date(2024, 2, 1),
        present="Sagsbehandler og Vilja", child_words="Jeg vil gerne have en hund",
        created_by=caseworker,
    )  # fmt: skip
    meeting = meeting_save(
        actor=caseworker,
        case=case,
        held_on=timezone.localdate(),
        checklist=full_checklist(),
        **FOSTER_ASSESSED,
    )
    lawful(case, caseworker, mother, [], None)
    case.refresh_from_db()
    return {"case": case, "child": child, "mother": mother, "caseworker": caseworker,
            "meeting": meeting}  # fmt: skip


def test_eight_users_deciding_the_last_place_at_once_get_exactly_one_reservation(
    users, municipality, caseworker
):
    staff = users[("provider", Role.PROVIDER_STAFF)]
    cases = []
    for i in range(THREADS):
        world = _lawful_case(i, municipality, caseworker)
        cases.append((world["case"], world["meeting"], world))
    for round_no in range(ROUNDS):
        place = PlaceFactory(capacity=1, name=f"Sidste plads {round_no}")
        declare_vacancy(place)
        # Every case may lawfully take the place: approved for the child, and a yes from it.
        ApprovalFactory(place=place, places=1, age_min=0, age_max=17)
        for case, _meeting, _world in cases:
            answered_yes(case, place, caseworker, staff)
        barrier = threading.Barrier(THREADS)
        outcomes: list[str] = []
        lock = threading.Lock()

        def decide(
            case, meeting, world, place=place, barrier=barrier, outcomes=outcomes, lock=lock
        ):
            try:
                barrier.wait(timeout=30)
                decision_make(
                    **decide_kwargs({**world, "place": place}, case=case, meeting=meeting)
                )
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
