# SPDX-License-Identifier: MPL-2.0
"""providers: services on the occupancy ledger: hold, reserve, release, place, end (row-locked)."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from placematch.audit.models import Action
from placematch.providers.models import (
    Place,
    Placement,
    Reservation,
    ReservationKind,
    ReservationStatus,
)
from placematch.providers.selectors import active_on, occupancy
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


def _row_create(
    *,
    actor: Any,
    place: Place,
    child_ref: UUID,
    start: datetime.date,
    end: datetime.date | None,
    note: str,
    request: HttpRequest | None,
    kind: str = ReservationKind.RESERVATION,
    detail: dict[str, str] | None = None,
) -> Reservation:
    """Write one ledger row on a locked place: bump the data version and audit it."""
    row = Reservation.objects.create(
        place=place, child_ref=child_ref, kind=kind, start=start, end=end, note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    data_version_bump(places=[place.pk])
    audit_write(
        actor=actor, action=Action.CREATE, obj=row, provider=place.provider, request=request,
        detail={"child_ref": str(child_ref), "kind": row.kind, **(detail or {})},
    )  # fmt: skip
    return row


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
        reservation = _row_create(
            actor=actor, place=locked, child_ref=child_ref, start=day, end=end, note=note,
            request=request,
        )  # fmt: skip
    return reservation


HOLD_DEFAULT_DAYS = 14
HOLD_MAX_DAYS = 30


def active_hold(child_ref: UUID, day: datetime.date | None = None) -> Reservation | None:
    """The child's hold that still keeps a place on the day (an expired one no longer does)."""
    day = day or timezone.localdate()
    return (
        active_on(Reservation, day)
        .filter(kind=ReservationKind.HOLD, child_ref=child_ref)
        .select_related("place__provider")
        .first()
    )


def place_hold(
    *,
    actor: Any,
    place: Place,
    child_ref: UUID,
    expires_on: datetime.date,
    note: str = "",
    request: HttpRequest | None = None,
) -> Reservation:
    """Hold a free place for a child until ``expires_on`` (the first day it no longer holds).

    The hold counts like a reservation, under the same row lock and free-place check, so the
    preparation can start before the decision. A child has at most one hold at a time; the
    caller serialises holds of one child (the decisions app locks the case). Refused with a
    ValidationError per field; nothing is written then.
    """
    today = timezone.localdate()
    if expires_on <= today or expires_on > today + datetime.timedelta(days=HOLD_MAX_DAYS):
        raise ValidationError(
            {
                "expires_on": [
                    _("Choose an expiry date from tomorrow and at most %(days)s days ahead.")
                    % {"days": HOLD_MAX_DAYS}
                ]
            }
        )
    with transaction.atomic():
        locked = _locked(place)
        existing = active_hold(child_ref, today)
        if existing is not None:
            raise ValidationError(
                {
                    "place": [
                        _(
                            "The child already has a hold on %(place)s that expires on "
                            "%(day)s. Release it before holding another place."
                        )
                        % {
                            "place": existing.place,
                            "day": date_format(
                                (existing.end or today) + datetime.timedelta(days=1),
                                "SHORT_DATE_FORMAT",
                            ),
                        }
                    ]
                }
            )
        if occupancy(locked, today).free < 1:
            raise ValidationError(
                {
                    "place": [
                        _(
                            "%(place)s has no free place to hold: every approved place is taken, "
                            "reserved or held. Nothing was saved."
                        )
                        % {"place": locked}
                    ]
                }
            )
        hold = _row_create(
            actor=actor, place=locked, child_ref=child_ref, kind=ReservationKind.HOLD,
            start=today,
            # ``end`` is the last day a ledger row counts; the hold stops on its expiry date.
            end=expires_on - datetime.timedelta(days=1),
            note=note, request=request, detail={"expires_on": str(expires_on)},
        )  # fmt: skip
    return hold


def hold_convert(
    *,
    actor: Any,
    hold: Reservation,
    start: datetime.date,
    note: str = "",
    request: HttpRequest | None = None,
) -> Reservation:
    """The decision on the held place: the hold becomes its reservation (the same ledger row).

    Converting the row in place keeps the place counted once; a hold that expired meanwhile
    is refused, and the caller reserves anew through ``place_reserve``.
    """
    with transaction.atomic():
        _locked(hold.place)
        hold.refresh_from_db()
        today = timezone.localdate()
        if (
            hold.kind != ReservationKind.HOLD
            or hold.status != ReservationStatus.ACTIVE
            or (hold.end is not None and hold.end < today)
        ):
            raise ValueError(_("Only an active hold can become a reservation."))
        hold.kind = ReservationKind.RESERVATION
        hold.start, hold.end = start, None
        hold.note = note or hold.note
        hold.save(update_fields=["kind", "start", "end", "note", "updated_at"])
        data_version_bump(places=[hold.place_id])
        audit_write(
            actor=actor,
            action=Action.UPDATE,
            obj=hold,
            provider=hold.place.provider,
            request=request,
            detail={"kind": hold.kind, "child_ref": str(hold.child_ref)},
        )
    return hold


def holds_expire(*, day: datetime.date | None = None) -> int:
    """Release every hold whose expiry date has come (daily; counting already stopped)."""
    day = day or timezone.localdate()
    expired: list[int] = []
    for hold in Reservation.objects.filter(
        kind=ReservationKind.HOLD, status=ReservationStatus.ACTIVE, end__lt=day
    ).order_by("pk"):
        with transaction.atomic():
            _locked(hold.place)
            hold.refresh_from_db()
            if hold.status != ReservationStatus.ACTIVE:
                continue
            hold.status = ReservationStatus.RELEASED
            hold.save(update_fields=["status", "updated_at"])
            audit_write(
                actor=None,
                action=Action.UPDATE,
                obj=hold,
                provider=hold.place.provider,
                request=None,
                detail={"status": hold.status, "kind": hold.kind, "expired": True},
            )
            expired.append(hold.place_id)
    if expired:
        data_version_bump(places=expired)
    return len(expired)


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
        data_version_bump(places=[reservation.place_id])
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
        data_version_bump(places=[reservation.place_id])
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
        data_version_bump(places=[placement.place_id])
        audit_write(
            actor=actor,
            action=Action.UPDATE,
            obj=placement,
            provider=placement.place.provider,
            request=request,
        )
    return placement
