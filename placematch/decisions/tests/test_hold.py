# SPDX-License-Identifier: MPL-2.0
"""The match meeting's hold on the chosen place: taken, refused, converted, released, expired."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from placematch.decisions.services import decision_make, decision_withdraw
from placematch.decisions.services_hold import hold_of, hold_release, meeting_hold
from placematch.decisions.tests.conftest import decide_kwargs
from placematch.providers.ledger import holds_expire
from placematch.providers.models import Place, Reservation, ReservationStatus
from placematch.providers.selectors import occupancy
from placematch.providers.tests.factories import PlaceFactory

TODAY = timezone.localdate


def _days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def _hold(world, place: Place | None = None, days: int = 14) -> Reservation:
    return meeting_hold(
        actor=world["caseworker"],
        meeting=world["meeting"],
        place=place or world["place"],
        expires_on=_days(days),
    )


def _refused(world, field: str, **kwargs) -> str:
    before = Reservation.objects.count()
    with pytest.raises(ValidationError) as error:
        meeting_hold(
            actor=world["caseworker"],
            meeting=world["meeting"],
            **{"place": world["place"], "expires_on": _days(14), **kwargs},
        )
    assert Reservation.objects.count() == before  # nothing saved
    return " ".join(error.value.message_dict[field])


def test_a_hold_takes_the_free_place_until_its_expiry(world):
    hold = _hold(world)
    assert hold.kind == "hold" and hold.status == "active"
    assert hold_of(world["case"]) == hold
    assert occupancy(world["place"]).free == 0
    # It holds up to the day before its expiry date and no longer on that date.
    assert occupancy(world["place"], _days(13)).reserved == 1
    assert occupancy(world["place"], _days(14)).reserved == 0


def test_a_second_hold_on_the_same_case_is_refused(world):
    _hold(world)
    message = _refused(world, "place", place=world["other_place"])
    assert "har allerede" in message and "Plejefamilie Prøvesen" in message
    assert occupancy(world["other_place"]).reserved == 0


def test_a_hold_on_a_full_place_is_refused(world):
    Reservation.objects.create(place=world["place"], child_ref=uuid.uuid4(), start=TODAY())
    assert "ingen ledig plads" in _refused(world, "place")


def test_a_place_outside_the_meetings_shortlist_is_refused(world):
    stranger = PlaceFactory(capacity=2)
    assert "kortliste" in _refused(world, "place", place=stranger)


@pytest.mark.parametrize("days", [0, -1, 31])
def test_an_expiry_date_outside_tomorrow_to_30_days_is_refused(world, days):
    assert "30 dage" in _refused(world, "expires_on", expires_on=_days(days))


def test_a_hold_without_an_expiry_date_is_refused(world):
    assert "udløber" in _refused(world, "expires_on", expires_on=None)


def test_a_decided_case_cannot_hold(world):
    decision_make(**decide_kwargs(world))
    assert "afgørelse" in _refused(world, "place", place=world["other_place"])


def test_the_decision_on_the_held_place_converts_the_hold_without_double_counting(world):
    hold = _hold(world)
    decision = decision_make(**decide_kwargs(world))
    assert decision.reservation_id == hold.pk
    hold.refresh_from_db()
    assert hold.kind == "reservation" and hold.status == "active" and hold.end is None
    assert Reservation.objects.filter(place=world["place"]).count() == 1
    assert occupancy(world["place"]).reserved == 1
    assert occupancy(world["place"], _days(60)).reserved == 1  # beyond the hold's expiry
    assert hold_of(world["case"]) is None


def test_a_decision_on_another_place_releases_the_hold(world):
    hold = _hold(world, place=world["other_place"])
    decision = decision_make(**decide_kwargs(world))
    hold.refresh_from_db()
    assert hold.status == ReservationStatus.RELEASED
    assert occupancy(world["other_place"]).reserved == 0
    assert decision.reservation.place == world["place"]
    assert occupancy(world["place"]).reserved == 1


def test_a_refused_decision_keeps_the_hold(world):
    hold = _hold(world, place=world["other_place"])
    with pytest.raises(ValidationError):
        decision_make(**decide_kwargs(world, reasons=""))
    hold.refresh_from_db()
    assert hold.status == "active" and hold.kind == "hold"


def test_withdrawing_the_decision_gives_the_converted_hold_back(world):
    _hold(world)
    decision = decision_make(**decide_kwargs(world))
    decision_withdraw(actor=world["caseworker"], decision=decision, reason="Ingen fælles ja")
    assert occupancy(world["place"]).free == 1


def test_releasing_the_hold_frees_the_place_and_needs_a_reason(world):
    _hold(world)
    with pytest.raises(ValidationError) as error:
        hold_release(actor=world["caseworker"], case=world["case"], reason=" ")
    assert "hvorfor" in " ".join(error.value.message_dict["reason"])
    assert occupancy(world["place"]).free == 0
    assert hold_release(actor=world["caseworker"], case=world["case"], reason="Matchet faldt")
    assert occupancy(world["place"]).free == 1
    assert not hold_release(actor=world["caseworker"], case=world["case"], reason="Igen")


def test_an_expired_hold_stops_counting_and_the_daily_command_releases_it(world):
    hold = _hold(world, days=3)
    assert occupancy(world["place"], _days(3)).free == 1  # lazily: no longer counted
    assert holds_expire(day=_days(2)) == 0
    assert holds_expire(day=_days(3)) == 1
    hold.refresh_from_db()
    assert hold.status == ReservationStatus.RELEASED
    call_command("holds_expire")  # idempotent
    assert hold_of(world["case"]) is None


def test_a_decision_after_the_hold_expired_reserves_anew(world, monkeypatch):
    hold = _hold(world, days=2)
    Reservation.objects.filter(pk=hold.pk).update(end=TODAY() - datetime.timedelta(days=1))
    decision = decision_make(**decide_kwargs(world))
    assert decision.reservation_id != hold.pk
    assert occupancy(world["place"]).reserved == 1


def test_the_meeting_page_holds_a_shortlisted_place_and_gives_it_back(world, client_for):
    client = client_for(world["caseworker"])
    url = reverse("decisions:meeting_detail", args=[world["meeting"].pk])
    page = client.get(url).content.decode()
    assert "Hold pladsen" in page and str(_days(14)) in page  # the default expiry
    hold_url = reverse("decisions:meeting_hold", args=[world["meeting"].pk])
    refused = client.post(hold_url, {"place": world["place"].pk, "expires_on": str(_days(45))})
    assert refused.status_code == 400 and "30 dage" in refused.content.decode()
    assert hold_of(world["case"]) is None
    response = client.post(hold_url, {"place": world["place"].pk, "expires_on": str(_days(10))})
    assert response.status_code == 302
    assert hold_of(world["case"]).place == world["place"]
    page = client.get(url).content.decode()
    assert "Giv den holdte plads tilbage" in page
    release_url = reverse("decisions:meeting_hold_release", args=[world["meeting"].pk])
    assert client.post(release_url, {"reason": ""}).status_code == 400
    assert client.post(release_url, {"reason": "Matchet faldt"}).status_code == 302
    assert hold_of(world["case"]) is None
