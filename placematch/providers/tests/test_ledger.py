# SPDX-License-Identifier: MPL-2.0
"""The occupancy ledger: the free-capacity formula, reservations under a lock, the version."""

from __future__ import annotations

import datetime
import uuid

import pytest

from placematch.audit.models import AccessLogEntry
from placematch.providers.ledger import (
    NoFreePlaceError,
    place_reserve,
    placement_end,
    reservation_convert,
    reservation_release,
)
from placematch.providers.models import (
    Placement,
    PlacementStatus,
    ProviderDataChange,
    Reservation,
    ReservationStatus,
)
from placematch.providers.selectors import (
    annotate_occupancy,
    occupancy,
    provider_data_version,
)
from placematch.providers.tests.factories import PlaceFactory

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def place(db):
    return PlaceFactory(capacity=3)


def _placement(place, start, end=None, status=PlacementStatus.ACTIVE):
    return Placement.objects.create(
        place=place, child_ref=uuid.uuid4(), start=start, end=end, status=status
    )


def _reservation(place, start, end=None, status=ReservationStatus.ACTIVE):
    return Reservation.objects.create(
        place=place, child_ref=uuid.uuid4(), start=start, end=end, status=status
    )


def test_free_is_approved_minus_active_placements_minus_active_reservations(place):
    _placement(place, DAY - datetime.timedelta(days=100))
    _reservation(place, DAY)
    assert occupancy(place, DAY) == occupancy(place, DAY).__class__(3, 1, 1, 1)


def test_ended_released_converted_and_cancelled_rows_do_not_count(place):
    _placement(place, datetime.date(2025, 1, 1), end=DAY - datetime.timedelta(days=1))
    _placement(place, datetime.date(2025, 1, 1), status=PlacementStatus.CANCELLED)
    _reservation(place, DAY, status=ReservationStatus.RELEASED)
    _reservation(place, DAY, status=ReservationStatus.CONVERTED)
    assert occupancy(place, DAY).free == 3


def test_a_placement_ending_on_the_day_still_counts_that_day(place):
    _placement(place, datetime.date(2025, 1, 1), end=DAY)
    assert occupancy(place, DAY).placed == 1
    assert occupancy(place, DAY + datetime.timedelta(days=1)).placed == 0


def test_a_future_reservation_already_takes_the_place(place):
    _reservation(place, DAY + datetime.timedelta(days=20))
    assert occupancy(place, DAY).reserved == 1


def test_overbooking_shows_zero_free_and_says_so(place):
    for _ in range(4):
        _placement(place, DAY)
    result = occupancy(place, DAY)
    assert result.free == 0
    assert result.overbooked


def test_annotation_matches_for_many_places(db):
    places = [PlaceFactory(capacity=n) for n in (1, 2, 3)]
    _placement(places[1], DAY)
    _reservation(places[2], DAY)
    _reservation(places[2], DAY)
    free = dict(
        annotate_occupancy(
            type(places[0]).objects.filter(pk__in=[p.pk for p in places]), DAY
        ).values_list("pk", "free")
    )
    assert free == {places[0].pk: 1, places[1].pk: 1, places[2].pk: 1}


def test_reserve_takes_a_free_place_then_refuses_when_none_is_left(place, caseworker):
    before = provider_data_version()
    for _ in range(3):
        place_reserve(actor=caseworker, place=place, child_ref=uuid.uuid4(), start=DAY)
    assert provider_data_version() == before + 3
    with pytest.raises(NoFreePlaceError, match=r"(ingen ledig plads|no free place)"):
        place_reserve(actor=caseworker, place=place, child_ref=uuid.uuid4(), start=DAY)
    assert Reservation.objects.filter(place=place).count() == 3
    assert provider_data_version() == before + 3


def test_release_gives_the_place_back_and_is_logged(place, caseworker):
    reservation = place_reserve(actor=caseworker, place=place, child_ref=uuid.uuid4(), start=DAY)
    reservation_release(actor=caseworker, reservation=reservation)
    assert occupancy(place, DAY).free == 3
    assert AccessLogEntry.objects.filter(
        object_type="providers.reservation", object_id=str(reservation.pk), action="update"
    ).exists()
    with pytest.raises(ValueError):
        reservation_release(actor=caseworker, reservation=reservation)


def test_convert_then_end_frees_the_place_the_day_after(place, caseworker):
    reservation = place_reserve(actor=caseworker, place=place, child_ref=uuid.uuid4(), start=DAY)
    placement = reservation_convert(actor=caseworker, reservation=reservation)
    assert occupancy(place, DAY) == occupancy(place, DAY).__class__(3, 1, 0, 2)
    placement_end(actor=caseworker, placement=placement, end=DAY + datetime.timedelta(days=5))
    assert occupancy(place, DAY + datetime.timedelta(days=5)).free == 2
    assert occupancy(place, DAY + datetime.timedelta(days=6)).free == 3
    # Each ledger write names its place in the change log, so the index reloads only that one.
    logged = ProviderDataChange.objects.order_by("-version").values_list("places", flat=True)
    assert list(logged[:3]) == [[place.pk]] * 3
