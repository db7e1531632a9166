# SPDX-License-Identifier: MPL-2.0
"""followup: the placement after the move: its record, the child's plan, follow-ups and visits.

The placement record is opened by the move (``preparation.signals.placement_started``). The
child's plan belongs to the case, since for a § 47 placement it must exist before the decision;
its versions are written once, so the history is kept. Follow-ups (§ 95) and supervision visits
(§ 156, stk. 5) hang on the placement record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matchengine.vocab import Dimension, LegalBasis, SupportLevel
from placematch.accounts.models import OrganisationOwned
from placematch.children.models import Assessment, Case
from placematch.core.codes import code_choices
from placematch.core.concurrency import Versioned
from placematch.core.models import Immutable
from placematch.decisions.models import Decision
from placematch.matching.models import MatchRun
from placematch.preparation.models import PreparationPlan, StartedKind, StartedPlacement
from placematch.providers.models import Place


class PlacementRecord(Versioned, OrganisationOwned):
    """One started placement as the hub of what follows: plan, follow-ups, visits."""

    started = models.OneToOneField(
        StartedPlacement, on_delete=models.PROTECT, related_name="record",
        verbose_name=_("started placement"),
    )  # fmt: skip
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="placement_records", verbose_name=_("case")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    started_on = models.DateField(_("started on"))
    kind = models.CharField(_("kind"), max_length=20, choices=StartedKind.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=code_choices(LegalBasis), blank=True
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="+", verbose_name=_("decision")
    )
    run = models.ForeignKey(
        MatchRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("match run"),
    )  # fmt: skip
    # § 95, stk. 2: an investigation run alongside the placement brings the first follow-up
    # forward to the day it ends.
    investigation_ends_on = models.DateField(
        _("an investigation run alongside ends on"), null=True, blank=True
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("placement record")
        verbose_name_plural = _("placement records")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.child} {self.started_on:%d-%m-%Y}"

    @property
    def preparation(self) -> PreparationPlan:
        return self.started.plan


class SupportSource(models.TextChoices):
    MATCH = "match", _("Suggested at the match (open gap)")
    FAMILY = "family", _("Support arrangement of the foster family")
    PLACE = "place", _("The place's yes with support")


class PromisedSupport(models.Model):
    """Support promised when the place was chosen, so the follow-up can ask if it came."""

    record = models.ForeignKey(
        PlacementRecord, on_delete=models.CASCADE, related_name="promised_support",
        verbose_name=_("placement record"),
    )  # fmt: skip
    source = models.CharField(_("source"), max_length=20, choices=SupportSource.choices)
    dimension = models.CharField(
        _("dimension"), max_length=40, choices=code_choices(Dimension), blank=True
    )
    kinds = models.JSONField(_("kinds of support"), default=list, blank=True)
    text = models.TextField(_("support"))

    class Meta:
        verbose_name = _("promised support")
        verbose_name_plural = _("promised support")
        ordering = ["record", "source", "pk"]

    def __str__(self) -> str:
        return self.text


class ChildPlan(OrganisationOwned):
    """The child's plan (barnets plan, §§ 91–92) of a case; its content lives in its versions."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="followup_plan", verbose_name=_("case")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("made by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("child's plan")
        verbose_name_plural = _("children's plans")

    def __str__(self) -> str:
        return f"{self.case.child}"


class ChildPlanVersion(Immutable):
    """One version of the plan, written once: a change is a new version."""

    plan = models.ForeignKey(
        ChildPlan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    made_on = models.DateField(_("plan made on"))
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("the needs the starting levels come from"),
    )  # fmt: skip
    child_goals = models.TextField(_("the child's own goals, in the child's words"), blank=True)
    family_support = models.TextField(_("support to the family (§ 92, stk. 3)"), blank=True)
    note = models.CharField(_("what changed and why"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("written by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of the child's plan")
        verbose_name_plural = _("versions of the child's plan")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="child_plan_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanGoal(Immutable):
    """A goal on one matching dimension: from the level at placement to a target by a date."""

    version = models.ForeignKey(
        ChildPlanVersion, on_delete=models.CASCADE, related_name="goals",
        verbose_name=_("plan version"),
    )  # fmt: skip
    dimension = models.CharField(_("dimension"), max_length=40, choices=code_choices(Dimension))
    start_level = models.CharField(
        _("level at placement"), max_length=20, choices=code_choices(SupportLevel)
    )
    target_level = models.CharField(
        _("target level"), max_length=20, choices=code_choices(SupportLevel)
    )
    target_date = models.DateField(_("target date"))
    goal = models.TextField(_("goal"))
    measures = models.TextField(_("measures (indsatser)"), blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["version", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "dimension"], name="plan_goal_one_per_dim")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.goal[:40]}"


class FollowUpKind(models.TextChoices):
    FIRST = "first", _("First follow-up (§ 95, stk. 2)")
    LATER = "later", _("Later follow-up (§ 95, stk. 3)")


class FollowUp(OrganisationOwned):
    """A follow-up (§ 95): due on a day for a reason, then held with progression per goal."""

    record = models.ForeignKey(
        PlacementRecord, on_delete=models.PROTECT, related_name="followups",
        verbose_name=_("placement record"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    due_on = models.DateField(_("due on"))
    reason = models.TextField(_("why then"), blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes = models.TextField(_("notes from the follow-up"), blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("held by"),
    )  # fmt: skip
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.record} {self.due_on:%d-%m-%Y}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class GoalProgress(models.Model):
    """The level reached on a goal's dimension at a follow-up, on the needs' own scale."""

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="progress", verbose_name=_("follow-up")
    )
    dimension = models.CharField(_("dimension"), max_length=40, choices=code_choices(Dimension))
    level = models.CharField(_("level now"), max_length=20, choices=code_choices(SupportLevel))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("progression")
        verbose_name_plural = _("progression")
        ordering = ["followup", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "dimension"], name="progress_one_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.level}"


class SupervisionVisit(OrganisationOwned):
    """A supervision visit (§ 156, stk. 5), with the conversation with the child alone."""

    record = models.ForeignKey(
        PlacementRecord, on_delete=models.PROTECT, related_name="visits",
        verbose_name=_("placement record"),
    )  # fmt: skip
    visited_on = models.DateField(_("visited on"))
    present = models.CharField(_("who was present"), max_length=500)
    talked_alone = models.BooleanField(
        _("the conversation with the child without the placement's staff took place")
    )
    not_alone_reason = models.TextField(_("why not"), blank=True)
    notes = models.TextField(_("notes from the visit"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.record} {self.visited_on:%d-%m-%Y}"


from placematch.followup import models_ending  # noqa: E402, F401, I001  (endings, breakdowns)
from placematch.followup import models_voice  # noqa: E402, F401  (what they say after the move)
