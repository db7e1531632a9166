# SPDX-License-Identifier: MPL-2.0
"""providers: capacity profiles (immutable versions) and support arrangements (seed 002)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matchengine.vocab import Dimension, NeedTag, QualityTheme, Setting, SupportKind, SupportLevel
from placematch.core.codes import code_choices, label_of, labels_of
from placematch.core.concurrency import Versioned
from placematch.core.models import TimeStampedModel
from placematch.providers.models.registry import Place, Provider


class ImmutableError(Exception):
    """Raised when code tries to change a stored version row."""


class CapacityProfile(models.Model):
    """One version of a place's capacity profile; a change is a new row, never an edit."""

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="profiles", verbose_name=_("place")
    )
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Dimension code -> SupportLevel code, for all seven matching dimensions.
    capacities = models.JSONField(_("capacity per dimension"), default=dict)
    # QualityTheme code -> evidence text (from the supervision report).
    evidence = models.JSONField(_("evidence per quality theme"), default=dict, blank=True)
    supervision_report_date = models.DateField(
        _("date of the latest supervision report"), null=True, blank=True
    )
    specialities = models.JSONField(_("specialities"), default=list, blank=True)
    # Ages in whole years of the other children living in the household.
    other_children_ages = models.JSONField(_("other children's ages"), default=list, blank=True)
    animals = models.CharField(_("animals"), max_length=200, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    setting = models.CharField(
        _("town or country"), max_length=10, choices=code_choices(Setting), blank=True
    )
    methods = models.TextField(_("methods"), blank=True)
    change_note = models.CharField(_("what changed and why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("capacity profile")
        verbose_name_plural = _("capacity profiles")
        ordering = ["place", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["place", "version"], name="capacity_profile_version")
        ]

    def __str__(self) -> str:
        return f"{self.place} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("A capacity profile version is never changed; add a new one.")
        super().save(*args, **kwargs)

    def level(self, dimension: Dimension) -> SupportLevel:
        return SupportLevel(self.capacities.get(dimension.value, SupportLevel.NOT_ASSESSED.value))

    @property
    def has_animals(self) -> bool:
        return bool(self.animals.strip())

    def readable(self) -> dict[str, str]:
        """Each compared item as label -> displayed value, in a fixed order (for diffs)."""
        rows: dict[str, str] = {}
        for dimension in Dimension:
            rows[str(_("Capacity: %(name)s") % {"name": label_of(Dimension, dimension.value)})] = (
                label_of(SupportLevel, self.level(dimension).value)
            )
        for theme in QualityTheme:
            rows[str(_("Evidence: %(name)s") % {"name": label_of(QualityTheme, theme.value)})] = (
                self.evidence.get(theme.value, "")
            )
        report = self.supervision_report_date
        rows[str(_("Latest supervision report"))] = report.strftime("%d-%m-%Y") if report else ""
        rows[str(_("Specialities"))] = ", ".join(labels_of(NeedTag, self.specialities))
        rows[str(_("Other children's ages"))] = ", ".join(str(a) for a in self.other_children_ages)
        rows[str(_("Animals"))] = self.animals
        rows[str(_("Languages"))] = ", ".join(self.languages)
        rows[str(_("Town or country"))] = label_of(Setting, self.setting) if self.setting else ""
        rows[str(_("Methods"))] = self.methods
        return rows

    def diff(self, previous: CapacityProfile | None) -> list[tuple[str, str, str]]:
        """What changed from the previous version: (label, before, after) per changed item."""
        after = self.readable()
        before = previous.readable() if previous is not None else dict.fromkeys(after, "")
        return [
            (label, before[label], value)
            for label, value in after.items()
            if before[label] != value
        ]


class SupportArrangement(Versioned, TimeStampedModel):
    """An institution or consultant supporting a foster family (seed 002).

    Created and ended by the family's responsible municipality or by the supporting
    institution (services.support_arrangement_create / _end); matching raises the family's
    capacity on ``dimensions`` while it runs (both dates included).
    """

    family = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="support_arrangements",
        verbose_name=_("foster family"),
    )
    # The supporting institution when it is in the registry; else the consultant's name.
    supporter = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supports_given",
        verbose_name=_("supporting institution"),
    )
    supporter_name = models.CharField(_("supporter"), max_length=200, blank=True)
    kind = models.CharField(_("kind of support"), max_length=40, choices=code_choices(SupportKind))
    dimensions = models.JSONField(_("dimensions strengthened"), default=list)
    hours_per_month = models.DecimalField(_("hours a month"), max_digits=6, decimal_places=1)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("support arrangement")
        verbose_name_plural = _("support arrangements")
        ordering = ["family", "-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="support_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supporter_display} → {self.family}"

    @property
    def supporter_display(self) -> str:
        return self.supporter.name if self.supporter is not None else self.supporter_name

    def is_active_on(self, day: Any) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def dimension_labels(self) -> list[str]:
        return labels_of(Dimension, self.dimensions)
