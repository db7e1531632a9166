# SPDX-License-Identifier: MPL-2.0
"""preparation: the plan from decision to move: steps, meetings, feedback, checklists, contact."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placematch.accounts.models import OrganisationOwned
from placematch.children.models import Case, RelatedPerson, Sibling
from placematch.core.concurrency import Versioned
from placematch.decisions.models import Decision
from placematch.providers.models import Place, Placement, Reservation


class Step(models.TextChoices):
    """The four steps before a move, in order (Hjørring's model); "other" is an extra meeting."""

    FIRST_MEETING = "first_meeting", _("First meeting")
    MATCH_INTERVIEW = "match_interview", _("Match interview")
    MATCH_VISIT = "match_visit", _("Match visit")
    OTHER = "other", _("Other meeting")


# The steps that must be held in this order before the mutual yes.
STEP_ORDER = (Step.FIRST_MEETING, Step.MATCH_INTERVIEW, Step.MATCH_VISIT)


class PlanStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    AGREED = "agreed", _("Mutual yes given")
    PLACED = "placed", _("The child has moved")
    STOPPED = "stopped", _("Stopped: no mutual yes")


class PreparationPlan(Versioned, OrganisationOwned):
    """The preparation of one place: steps, meetings, checklists, contact and the move.

    It starts from a decision, or earlier from the match meeting's hold on the place (practice
    prepares before the formal decision). ``reservation`` is the ledger row it prepares: the hold
    becomes the decision's reservation in place, and the decision is then linked here.
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="preparation_plans", verbose_name=_("case")
    )
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preparation_plan",
        verbose_name=_("decision"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="preparation_plans", verbose_name=_("place")
    )
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preparation_plans",
        verbose_name=_("hold or reservation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PREPARING
    )
    move_date = models.DateField(_("move date"), null=True, blank=True)
    # The mutual yes: the adults decide; the child's view is recorded beside it.
    mutual_yes_on = models.DateField(_("mutual yes recorded on"), null=True, blank=True)
    mutual_yes = models.BooleanField(_("mutual yes"), null=True, blank=True)
    child_view = models.TextField(_("the child's view"), blank=True)
    parents_view = models.TextField(_("the parents' view"), blank=True)
    placement_yes = models.BooleanField(_("the placement says yes"), null=True, blank=True)
    mutual_yes_note = models.TextField(_("note on the mutual yes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("preparation plan")
        verbose_name_plural = _("preparation plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.child} → {self.place}"

    @property
    def before_decision(self) -> bool:
        """Prepared on a hold: the formal decision has not been made yet."""
        return self.decision_id is None

    @property
    def is_open(self) -> bool:
        return self.status in (PlanStatus.PREPARING, PlanStatus.AGREED)


class PreparationMeeting(models.Model):
    """A meeting of one step with the child, the parents and the placement."""

    plan = models.ForeignKey(
        PreparationPlan, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("plan")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    meeting_on = models.DateField(_("meeting date"))
    held = models.BooleanField(_("held"), default=False)
    child_present = models.BooleanField(_("the child takes part"), default=True)
    placement_present = models.BooleanField(_("the placement takes part"), default=True)
    parents = models.ManyToManyField(
        RelatedPerson, related_name="+", blank=True, verbose_name=_("parents taking part")
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("preparation meeting")
        verbose_name_plural = _("preparation meetings")
        ordering = ["meeting_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.meeting_on:%d-%m-%Y}"


class Rating(models.TextChoices):
    """The child's and parents' answer to "How was the meeting?"."""

    GOOD = "good", _("Good")
    MIXED = "mixed", _("Both good and bad")
    BAD = "bad", _("Not good")


class Respondent(models.TextChoices):
    CHILD = "child", _("The child")
    PARENT = "parent", _("A parent")


class MeetingFeedback(models.Model):
    """Two short answers after a meeting, from the child or a parent, through a secure link."""

    meeting = models.ForeignKey(
        PreparationMeeting,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("meeting"),
    )
    respondent = models.CharField(_("from"), max_length=10, choices=Respondent.choices)
    person = models.ForeignKey(
        RelatedPerson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parent"),
    )
    rating = models.CharField(_("how was the meeting"), max_length=10, choices=Rating.choices)
    comment = models.TextField(_("something to add"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        ordering = ["meeting", "respondent", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(respondent="child"),
                name="feedback_one_from_the_child",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(respondent="parent"),
                name="feedback_one_per_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.rating}"


class Party(models.TextChoices):
    """Who a checklist item concerns."""

    CHILD = "child", _("The child")
    PARENTS = "parents", _("The parents")
    PLACEMENT = "placement", _("The placement")
    SCHOOL = "school", _("School or day care")
    LOCATION_MUNICIPALITY = "location_municipality", _("The municipality where the place lies")


class ChecklistItem(models.Model):
    """One thing to do before the move, for one party, with a due date."""

    plan = models.ForeignKey(
        PreparationPlan, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("plan")
    )
    party = models.CharField(_("party"), max_length=30, choices=Party.choices)
    text = models.CharField(_("what is to be done"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["party", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class ContactWith(models.TextChoices):
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling placed elsewhere")
    NETWORK = "network", _("Network")


class ContactForm(models.TextChoices):
    VISIT = "visit", _("Visit")
    SUPERVISED = "supervised", _("Supervised visit")
    PHONE = "phone", _("Phone or video call")
    LETTER = "letter", _("Letters or messages")


class ContactArrangement(models.Model):
    """One line of the contact plan (samvær, §§ 103–105): with whom, how and how often."""

    plan = models.ForeignKey(
        PreparationPlan,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("plan"),
    )
    with_kind = models.CharField(_("contact with"), max_length=20, choices=ContactWith.choices)
    person = models.ForeignKey(
        RelatedPerson,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    sibling = models.ForeignKey(
        Sibling,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sibling"),
    )
    form = models.CharField(_("form of contact"), max_length=20, choices=ContactForm.choices)
    frequency = models.CharField(_("how often"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact arrangement")
        verbose_name_plural = _("contact arrangements")
        ordering = ["with_kind", "pk"]

    def __str__(self) -> str:
        return f"{self.who}: {self.frequency}"

    @property
    def who(self) -> str:
        if self.sibling_id:
            return str(self.sibling)
        return self.person.name if self.person_id else ""  # type: ignore[union-attr]


class StartedKind(models.TextChoices):
    """Seed 003: all three count as a started placement (iværksat anbringelse)."""

    NEW = "new", _("New placement")
    CHANGE = "change", _("Change of placement")
    RE_PLACEMENT = "re_placement", _("Re-placement")


class StartedPlacement(OrganisationOwned):
    """A placement that started on its move date: the figure the project exists to improve."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="started_placement", verbose_name=_("case")
    )
    plan = models.OneToOneField(
        PreparationPlan,
        on_delete=models.PROTECT,
        related_name="started_placement",
        verbose_name=_("plan"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    placement = models.OneToOneField(
        Placement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("placement in the ledger"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StartedKind.choices)
    started_on = models.DateField(_("started on"), db_index=True)

    class Meta:
        verbose_name = _("started placement")
        verbose_name_plural = _("started placements")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.child} {self.started_on:%d-%m-%Y} ({self.kind})"
