# SPDX-License-Identifier: MPL-2.0
"""providers: the occupancy ledger (placements, reservations) and vacancy declarations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placematch.core.models import TimeStampedModel
from placematch.providers.models.registry import Place


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    # Registered by mistake: never counts. A placement that ends keeps ACTIVE and gets an end.
    CANCELLED = "cancelled", _("Cancelled")


class ReservationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RELEASED = "released", _("Released")
    CONVERTED = "converted", _("Became a placement")


class ReservationKind(models.TextChoices):
    # A reservation backs a decision; a hold keeps the chosen place while the preparation runs
    # before the decision and lapses at its expiry (``end`` is its last day).
    RESERVATION = "reservation", _("Reservation")
    HOLD = "hold", _("Hold")


class LedgerRow(TimeStampedModel):
    """A child holding a place from a date; the child is the children app's opaque ref."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, verbose_name=_("place"))
    child_ref = models.UUIDField(_("child reference"), db_index=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        abstract = True


class Placement(LedgerRow):
    """A child living in the place. Active rows take a place until their end date."""

    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["place", "-start", "pk"]
        default_related_name = "placements"
        indexes = [models.Index(fields=["place", "status"])]


class Reservation(LedgerRow):
    """A place held for a child while a decision or a move is prepared."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReservationStatus.choices,
        default=ReservationStatus.ACTIVE,
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=ReservationKind.choices,
        default=ReservationKind.RESERVATION,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["place", "-start", "pk"]
        default_related_name = "reservations"
        indexes = [models.Index(fields=["place", "status"])]


class VacancyDeclaration(models.Model):
    """The provider's word that its free places are as shown; it goes stale after a while.

    A declaration made on ``declared_on`` is fresh up to and including ``expires_on``
    (``declared_on`` + ``PROVIDERS_VACANCY_DAYS``) and stale from the day after.
    """

    place = models.ForeignKey(
        Place,
        on_delete=models.CASCADE,
        related_name="vacancy_declarations",
        verbose_name=_("place"),
    )
    declared_on = models.DateField(_("declared on"))
    expires_on = models.DateField(_("valid until"))
    free_places = models.PositiveSmallIntegerField(_("free places declared"))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("vacancy declaration")
        verbose_name_plural = _("vacancy declarations")
        ordering = ["place", "-declared_on", "-pk"]
        get_latest_by = ["declared_on", "pk"]

    def __str__(self) -> str:
        return f"{self.place}: {self.free_places} ({self.declared_on:%d-%m-%Y})"

    def is_fresh_on(self, day: datetime.date) -> bool:
        return self.declared_on <= day <= self.expires_on
