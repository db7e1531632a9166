# SPDX-License-Identifier: MPL-2.0
"""providers: the registry of providers, places (approval units) and their approvals."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matchengine.vocab import PLACE_FORM, PlaceForm, PlaceType
from placematch.accounts.models import Organisation
from placematch.core import postcodes
from placematch.core.codes import code_choices
from placematch.core.models import TimeStampedModel

FOSTER_FAMILY_TYPES = frozenset(
    t for t, form in PLACE_FORM.items() if form is PlaceForm.FOSTER_FAMILY
)


class Authority(models.TextChoices):
    """Who approved a place: one of the five Socialtilsyn, or a municipality (network family)."""

    NORTH = "socialtilsyn_nord", _("Socialtilsyn Nord")
    MIDT = "socialtilsyn_midt", _("Socialtilsyn Midt")
    SOUTH = "socialtilsyn_syd", _("Socialtilsyn Syd")
    EAST = "socialtilsyn_oest", _("Socialtilsyn Øst")
    CAPITAL = "socialtilsyn_hovedstaden", _("Socialtilsyn Hovedstaden")
    MUNICIPALITY = "municipality", _("Municipality (network foster family)")


class Provider(TimeStampedModel):
    """The organisation running places; a foster-family household is a provider too."""

    # The login organisation of the provider's own users.
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="provider",
        limit_choices_to={"kind": "provider"},
        verbose_name=_("organisation"),
    )
    # The id in the registry export the provider was imported from (Tilbudsportalen style).
    registry_id = models.CharField(_("registry id"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(_("placement form"), max_length=30, choices=code_choices(PlaceForm))
    # For foster families: the municipality that approved or supervises the family; its
    # family-care consultants may edit the family's profile.
    responsible_municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for_providers",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("responsible municipality"),
    )
    postcode = models.CharField(_("postcode"), max_length=4)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_foster_family(self) -> bool:
        return self.form == PlaceForm.FOSTER_FAMILY

    @property
    def location(self) -> postcodes.Postcode | None:
        return postcodes.lookup(self.postcode)


class Place(TimeStampedModel):
    """One approval unit: a foster family's approval or one unit of an institution."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="places", verbose_name=_("provider")
    )
    registry_id = models.CharField(_("registry id"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    place_type = models.CharField(_("type"), max_length=40, choices=code_choices(PlaceType))
    # Approved places: the number of places on the place's current approval (kept in step by
    # the approval services). Free places are computed from it, see selectors.annotate_occupancy.
    capacity = models.PositiveSmallIntegerField(_("approved places"), default=0)
    # Empty means the provider's postcode.
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    price_per_day = models.DecimalField(
        _("price per day (takst, DKK)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["provider__name", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.provider.name}: {self.name}"

    @property
    def is_foster_family(self) -> bool:
        return self.place_type in FOSTER_FAMILY_TYPES

    @property
    def is_network(self) -> bool:
        return self.place_type == PlaceType.FOSTER_FAMILY_NETWORK

    @property
    def effective_postcode(self) -> str:
        return self.postcode or self.provider.postcode

    @property
    def location(self) -> postcodes.Postcode | None:
        return postcodes.lookup(self.effective_postcode)


class Approval(TimeStampedModel):
    """An approval of a place; a network approval names exactly one child (opaque ref)."""

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("place")
    )
    authority = models.CharField(_("approving authority"), max_length=30, choices=Authority.choices)
    approving_municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approving municipality"),
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    # Whole years, both ends included: age_min 6 and age_max 12 covers a child of 12 years
    # and 364 days.
    age_min = models.PositiveSmallIntegerField(_("age from"))
    age_max = models.PositiveSmallIntegerField(_("age to"))
    places = models.PositiveSmallIntegerField(_("number of places"))
    # Both dates included; no end date means valid until further notice.
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    conditions = models.TextField(_("conditions (vilkår)"), blank=True)
    enhanced_supervision = models.BooleanField(_("enhanced supervision"), default=False)
    supervision_order = models.BooleanField(_("order from the supervision"), default=False)
    # The one child a network approval is for, as the children app's opaque reference.
    child_ref = models.UUIDField(_("child reference"), null=True, blank=True)
    before_final_approval = models.BooleanField(
        _("child taken in before final approval (legal exception)"), default=False
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["place", "-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__lte=models.F("age_max")),
                name="approval_age_span_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="approval_dates_ordered",
            ),
            # A municipality approves only network families, each for one named child; a
            # Socialtilsyn approval is general and names no child.
            models.CheckConstraint(
                condition=(
                    models.Q(authority="municipality", child_ref__isnull=False)
                    & models.Q(approving_municipality__isnull=False)
                )
                | (~models.Q(authority="municipality") & models.Q(child_ref__isnull=True)),
                name="approval_network_names_one_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} ({self.valid_from:%d-%m-%Y})"

    @property
    def is_network(self) -> bool:
        return self.authority == Authority.MUNICIPALITY

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def covers_age(self, age: int) -> bool:
        return self.age_min <= age <= self.age_max


class ProviderDataVersion(models.Model):
    """One row: bumped by every change to provider data, so matching knows to re-index."""

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("provider data version")
        verbose_name_plural = _("provider data version")

    def __str__(self) -> str:
        return str(self.version)


class ProviderDataChange(models.Model):
    """Which places one provider-data version changed, written in the bump's transaction.

    ``places`` is empty (null) when the change was not limited to known places (an import, a
    bulk change): the place index is then built again from the whole registry.
    """

    version = models.PositiveBigIntegerField(_("version"), unique=True)
    changed_at = models.DateTimeField(_("changed"))
    places = models.JSONField(_("places changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider data change")
        verbose_name_plural = _("provider data changes")

    def __str__(self) -> str:
        return str(self.version)
