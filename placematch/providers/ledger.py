# SPDX-License-Identifier: MPL-2.0
"""providers: services on the occupancy ledger: reserve, release, place, end (row-locked)."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.audit.models import Action
from placematch.providers.models import (
    Place,
    Placement,
    Reservation,
    ReservationStatus,
)
from placematch.providers.selectors import occupancy
from placematch.providers.services import audit_write, data_version_bump


class NoFreePlaceError(Exception):
    """The place has no free place left on the day; nothing was reserved."""

    def __init__(self, place: Place) -> None:
        super().__init__(
            _("%(place)s has no free place: every approved place is taken or reserved.")
            % {"place": place}
        )
        self.place = place


def _locked(place: Place) -> Place:
    # The row lock makes check-then-insert atomic on PostgreSQL; on SQLite the IMMEDIATE
    # transaction mode in the settings already serialises writers.
    return Place.objects.select_for_update().select_related("provider").get(pk=place.pk)


def place_reserve(
    *,
    actor: Any,
    place: Place,
    child_ref: UUID,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Reservation:
    """Hold a place for a child; NoFreePlaceError when nothing is free on the start day."""
    day = start or timezone.localdate()
    with transaction.atomic():
        locked = _locked(place)
        if occupancy(locked, day).free < 1:
            raise NoFreePlaceError(locked)
        reservation = Reservation.objects.create(
            place=locked,
            child_ref=child_ref,
            start=day,
            end=end,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        data_version_bump()
        audit_write(
            actor=actor,
            action=Action.CREATE,
            obj=reservation,
            provider=locked.provider,
            request=request,
            detail={"child_ref": str(child_ref)},
        )
    return reservation


def reservation_release(
    *, actor: Any, reservation: Reservation, request: HttpRequest | None = None
) -> Reservation:
    """Give a reserved place back (the decision went elsewhere or the plan changed)."""
    with transaction.atomic():
        _locked(reservation.place)
        reservation.refresh_from_db()
        if reservation.status != ReservationStatus.ACTIVE:
            raise ValueError(_("Only an active reservation can be released."))
        reservation.status = ReservationStatus.RELEASED
        reservation.end = reservation.end or timezone.localdate()
        reservation.save(update_fields=["status", "end", "updated_at"])
        data_version_bump()
        audit_write(
            actor=actor,
            action=Action.UPDATE,
            obj=reservation,
            provider=reservation.place.provider,
            request=request,
            detail={"status": reservation.status},
        )
    return reservation


def reservation_convert(
    *,
    actor: Any,
    reservation: Reservation,
    start: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Placement:
    """The child moves in: the reservation becomes a placement in the same transaction."""
    with transaction.atomic():
        _locked(reservation.place)
        reservation.refresh_from_db()
        if reservation.status != ReservationStatus.ACTIVE:
            raise ValueError(_("Only an active reservation can become a placement."))
        reservation.status = ReservationStatus.CONVERTED
        reservation.save(update_fields=["status", "updated_at"])
        placement = Placement.objects.create(
            place=reservation.place,
            child_ref=reservation.child_ref,
            start=start or reservation.start,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        data_version_bump()
        audit_write(
            actor=actor,
            action=Action.CREATE,
            obj=placement,
            provider=reservation.place.provider,
            request=request,
            detail={"child_ref": str(reservation.child_ref)},
        )
    return placement


def placement_end(
    *,
    actor: Any,
    placement: Placement,
    end: datetime.date,
    request: HttpRequest | None = None,
) -> Placement:
    """Record the last day a child lives in the place; it is free again from the next day."""
    with transaction.atomic():
        _locked(placement.place)
        placement.refresh_from_db()
        if end < placement.start:
            raise ValueError(_("A placement cannot end before it started."))
        # The status stays active: the end date alone frees the place from the next day.
        placement.end = end
        placement.save(update_fields=["end", "updated_at"])
        data_version_bump()
        audit_write(
            actor=actor,
            action=Action.UPDATE,
            obj=placement,
            provider=placement.place.provider,
            request=request,
        )
    return placement
