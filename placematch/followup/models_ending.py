# SPDX-License-Identifier: MPL-2.0
"""followup: how a placement ends, its breakdowns, the case that comes next, support delivered.

An ending is written once per placement record (``PlacementEnding``); a breakdown is an ending
of its own kind with the details the research asks for (``Breakdown``). The case started for
what comes next is linked back to the record it follows (``NextCase``). Each check of a support
promised at the match is a new version (``SupportCheck``), so what was known when is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from placematch.accounts.models import OrganisationOwned
from placematch.children.models import Case
from placematch.core.models import Immutable


class EndingKind(models.TextChoices):
    HOME = "home", _("Going home (§ 100)")
    ADULT_CONTINUED = "adult_continued", _("Turned 18: continued placement (§§ 114 ff.)")
    ADULT_SUPPORT = "adult_support", _("Turned 18: youth support (§§ 114 ff.)")
    CHANGE = "change", _("Moved to another place (§ 98 and § 52)")
    BREAKDOWN = "breakdown", _("Breakdown: an unplanned end of the stay")


class Initiator(models.TextChoices):
    CHILD = "child", _("The child")
    PLACEMENT = "placement", _("The placement")
    MUNICIPALITY = "municipality", _("The municipality")
    PARENTS = "parents", _("The parents")
    OTHER = "other", _("Someone else")


class BreakdownCause(models.TextChoices):
    """The fixed list of causes (docs/architecture.md, "Endings and breakdowns", its source)."""

    CHILD_BEHAVIOUR = "child_behaviour", _("The child's behaviour (violence, running away)")
    CHILD_UNWILLING = "child_unwilling", _("The child did not want to live there")
    NEEDS_UNMET = "needs_unmet", _("The place could not meet the child's needs")
    SUPPORT_MISSING = "support_missing", _("Promised support did not come or was too little")
    CARER_STRAIN = "carer_strain", _("The carers were worn out or their life changed")
    RELATIONS = "relations", _("Conflict between the child and the carers or other children")
    PARENTS = "parents", _("Conflict with the parents or about contact")
    SCHOOL_NETWORK = "school_network", _("School, distance to school or network")
    SUBSTANCE_CRIME = "substance_crime", _("Substance use or crime")
    SAFETY = "safety", _("Concern for the child's safety at the place")
    OTHER = "other", _("Other cause (written below)")


class NextStep(models.TextChoices):
    CHANGE = "change", _("The child stays placed: start a change of placement (§ 98)")
    RE_PLACEMENT = (
        "re_placement",
        _("The child has gone home and must be placed again: start a re-placement"),
    )
    HOME = "home", _("The child has gone home: no new case now")


class PlacementEnding(OrganisationOwned):
    """The end of one placement record: its kind, last day and the decision it rests on."""

    record = models.OneToOneField(
        "followup.PlacementRecord", on_delete=models.PROTECT, related_name="ending",
        verbose_name=_("placement record"),
    )  # fmt: skip
    kind = models.CharField(_("kind of ending"), max_length=20, choices=EndingKind.choices)
    ended_on = models.DateField(_("last day at the place"))
    decided_on = models.DateField(_("decision made on"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    place_statement_on = models.DateField(
        _("the place's statement received on (§ 100, stk. 2)"), null=True, blank=True
    )
    child_heard_on = models.DateField(
        _("the child heard on (party from 10)"), null=True, blank=True
    )
    stay_ends_on = models.DateField(_("the continued stay ends on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ending of a placement")
        verbose_name_plural = _("endings of placements")
        ordering = ["-ended_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ended_on:%d-%m-%Y}"


class Breakdown(Immutable):
    """An unplanned end of the stay at a place, with what the match left open."""

    ending = models.OneToOneField(
        PlacementEnding, on_delete=models.PROTECT, related_name="breakdown",
        verbose_name=_("ending"),
    )  # fmt: skip
    initiator = models.CharField(_("who ended it"), max_length=20, choices=Initiator.choices)
    causes = models.JSONField(_("causes"), default=list)
    cause_text = models.TextField(_("about the causes"), blank=True)
    signs_seen = models.BooleanField(_("signs were seen beforehand"))
    signs_seen_on = models.DateField(_("signs first seen on"), null=True, blank=True)
    next_step = models.CharField(_("what comes next"), max_length=20, choices=NextStep.choices)
    # What the match left open and what the promised support came to, as it stood that day.
    open_gaps = models.JSONField(_("needs left open at the match"), default=list, blank=True)
    support = models.JSONField(_("promised support and whether it came"), default=list, blank=True)

    class Meta:
        verbose_name = _("breakdown")
        verbose_name_plural = _("breakdowns")

    def __str__(self) -> str:
        return f"{self.ending}"

    def cause_labels(self) -> list[str]:
        return [str(BreakdownCause(c).label) for c in self.causes if c in BreakdownCause.values]


class NextCase(models.Model):
    """A case started for the same child after a placement: a change of place or re-placement."""

    record = models.ForeignKey(
        "followup.PlacementRecord", on_delete=models.PROTECT, related_name="next_cases",
        verbose_name=_("earlier placement"),
    )  # fmt: skip
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="earlier", verbose_name=_("new case")
    )
    breakdown = models.ForeignKey(
        Breakdown, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("breakdown"),
    )  # fmt: skip
    reason = models.TextField(_("why"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("started by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case that came next")
        verbose_name_plural = _("cases that came next")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.record} → {self.case_id}"


class InPlace(models.TextChoices):
    YES = "yes", _("In place")
    PARTLY = "partly", _("Partly in place")
    NO = "no", _("Not in place")


class Enough(models.TextChoices):
    ENOUGH = "enough", _("Enough")
    NOT_ENOUGH = "not_enough", _("Not enough")
    TOO_EARLY = "too_early", _("Too early to say")


class SupportCheck(Immutable):
    """One check of a promised support: in place? from when? enough? A new check is a version."""

    promised = models.ForeignKey(
        "followup.PromisedSupport", on_delete=models.PROTECT, related_name="checks",
        verbose_name=_("promised support"),
    )  # fmt: skip
    number = models.PositiveIntegerField(_("version"))
    in_place = models.CharField(_("in place?"), max_length=10, choices=InPlace.choices)
    since = models.DateField(_("in place from"), null=True, blank=True)
    enough = models.CharField(_("enough?"), max_length=10, choices=Enough.choices)
    note = models.TextField(_("note"), blank=True)
    checked_on = models.DateField(_("checked on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("checked by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check of promised support")
        verbose_name_plural = _("checks of promised support")
        ordering = ["promised", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["promised", "number"], name="support_check_version")
        ]

    def __str__(self) -> str:
        return f"{self.promised} v{self.number}"

    @property
    def arrived(self) -> bool:
        return self.in_place != InPlace.NO
