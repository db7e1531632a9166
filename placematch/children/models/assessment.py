# SPDX-License-Identifier: MPL-2.0
"""The systematic assessment of a child's needs and resources, as immutable versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from matchengine.vocab import Dimension, NeedTag, SupportLevel
from placematch.accounts.models import OrganisationOwned
from placematch.children.models.case import Case
from placematch.core.codes import code_choices, label_of
from placematch.core.models import Immutable, ImmutableError

__all__ = ["Assessment", "AssessmentNeed", "Immutable", "ImmutableError", "Observation"]


class Assessment(Immutable, OrganisationOwned):
    """One version of the child's assessment on a case."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("case")
    )
    version = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )
    resources = models.TextField(_("the child's resources"), blank=True)
    need_tags = models.JSONField(_("specific needs"), default=list, blank=True)
    # The three family-side ICS dimensions: context for the case, never a match criterion.
    family_background = models.TextField(_("family and background"), blank=True)
    housing_employment_finances = models.TextField(
        _("housing, employment and finances"), blank=True
    )
    social_network = models.TextField(_("social network"), blank=True)
    note = models.CharField(_("what changed and why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="assessment_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.case.child} v{self.version}"

    def levels(self) -> dict[str, str]:
        """Support level per dimension code; unassessed dimensions say so."""
        found = {n.dimension: n.level for n in self.needs.all()}
        return {d.value: found.get(d.value, SupportLevel.NOT_ASSESSED.value) for d in Dimension}

    def tag_labels(self) -> list[str]:
        return [label_of(NeedTag, t) for t in self.need_tags]


class AssessmentNeed(Immutable):
    """The support level a child needs on one matching dimension, with the reasoning."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="needs", verbose_name=_("assessment")
    )
    dimension = models.CharField(_("dimension"), max_length=40, choices=code_choices(Dimension))
    level = models.CharField(_("support level"), max_length=20, choices=code_choices(SupportLevel))
    note = models.TextField(_("reasoning"), blank=True)

    class Meta:
        verbose_name = _("need on a dimension")
        verbose_name_plural = _("needs on the dimensions")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="assessment_need_unique_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.level}"


class Observation(Immutable):
    """Something observed about the child, with who saw it and when."""

    class ObservationSource(models.TextChoices):
        SCHOOL = "school", _("School or day care")
        PARENTS = "parents", _("Parents")
        CHILD = "child", _("The child")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        HEALTH = "health", _("Health visitor or doctor")
        CASEWORKER = "caseworker", _("Caseworker")
        PLACEMENT = "placement", _("Current placement")
        OTHER = "other", _("Other")

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("assessment"),
    )
    source = models.CharField(_("source"), max_length=20, choices=ObservationSource.choices)
    observed_on = models.DateField(_("date"))
    dimension = models.CharField(
        _("dimension"), max_length=40, choices=code_choices(Dimension), blank=True
    )
    text = models.TextField(_("observation"))

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-observed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.observed_on} {self.source}"
