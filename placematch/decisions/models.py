# SPDX-License-Identifier: MPL-2.0
"""decisions: the match meeting with its §52 checklist, and the formal decision (afgørelse)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matchengine.vocab import LegalBasis
from placematch.accounts.models import OrganisationOwned
from placematch.children.models import Case, RelatedPerson
from placematch.core.codes import code_choices
from placematch.core.concurrency import Versioned
from placematch.core.models import Immutable
from placematch.matching.models import MatchRun
from placematch.providers.models import Place, Reservation

# § 143: the committee approves a provisional decision within 7 days of its implementation.
PROVISIONAL_DAYS = 7


class ChecklistPoint(models.TextChoices):
    """The points §52 asks the choice of placement to consider, in the law's order."""

    NEEDS_MET = (
        "needs_met",
        _("The place best meets the child's needs, including needs arising from disability"),
    )
    STABLE_RELATIONS = "stable_relations", _("The child keeps stable relations with adults")
    FOSTER_FAMILY_CONSIDERED = "foster_family_considered", _("A foster family was considered")
    SIBLINGS_TOGETHER = "siblings_together", _("Siblings are placed together")
    SCHOOL_CHANGE = "school_change", _("A change of school is avoided, or the change is justified")
    SCHOOLING_DECIDED = (
        "schooling_decided",
        _(
            "Schooling is decided, with an assessment of special-education needs when the place "
            "is a children's home in another municipality"
        ),
    )
    LOCATION_INFORMED = (
        "location_informed",
        _("The municipality where the place lies is informed before the placement"),
    )
    YOUTH_PLAN = "youth_plan", _("The youth plan is considered (young people)")


class ChecklistAnswerValue(models.TextChoices):
    MET = "met", _("Yes")
    NOT_MET = "not_met", _("No")
    NOT_RELEVANT = "not_relevant", _("Not relevant for this child")


class FosterAssessment(models.TextChoices):
    """The meeting's conclusion on whether a foster family would be best (§ 52, stk. 2)."""

    FOSTER_FAMILY = "foster_family", _("A foster family would be best for the child")
    INSTITUTION = (
        "institution",
        _("A children's home or another form than a foster family would be best for the child"),
    )
    NO_PREFERENCE = (
        "no_preference",
        _("No form is preferred: the place that best meets the child's needs"),
    )


class MatchMeeting(Versioned, OrganisationOwned):
    """The interdisciplinary meeting that prepares the choice of place (core element 2)."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="match_meetings", verbose_name=_("case")
    )
    run = models.ForeignKey(
        MatchRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("match run"),
    )
    held_on = models.DateField(_("meeting date"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("participants")
    )
    notes = models.TextField(_("notes from the meeting"), blank=True)
    # § 52, stk. 2: whether a foster family would be best is assessed before the place is
    # chosen, on the run's real options; the law sets no order of priority between the forms.
    foster_assessment = models.CharField(
        _("Has it been assessed whether a foster family would be best for the child?"),
        max_length=20,
        choices=FosterAssessment.choices,
        blank=True,
    )
    foster_assessment_reasons = models.TextField(
        _("reasons for the foster-family assessment"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Once a decision rests on a meeting, a change is a new row linked to this one (a new
    # version of the meeting), so the decision's meeting keeps what it showed.
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    revision = models.PositiveIntegerField(_("version of the meeting"), default=1)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("match meeting")
        verbose_name_plural = _("match meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.child} {self.held_on:%d-%m-%Y}"

    @property
    def is_latest(self) -> bool:
        return not MatchMeeting.objects.filter(previous=self).exists()


class ExternalParticipant(models.Model):
    """Someone outside the municipality's users at the meeting (psychologist, school, ...)."""

    meeting = models.ForeignKey(
        MatchMeeting,
        on_delete=models.CASCADE,
        related_name="external_participants",
        verbose_name=_("match meeting"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)

    class Meta:
        verbose_name = _("external participant")
        verbose_name_plural = _("external participants")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class ChecklistAnswer(models.Model):
    """The meeting's answer on one §52 point; a point that is not met needs a written reason."""

    meeting = models.ForeignKey(
        MatchMeeting, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("meeting")
    )
    point = models.CharField(_("point"), max_length=40, choices=ChecklistPoint.choices)
    answer = models.CharField(
        _("answer"), max_length=20, choices=ChecklistAnswerValue.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "point"], name="checklist_unique_point")
        ]

    def __str__(self) -> str:
        return f"{self.point}: {self.answer}"

    @property
    def met(self) -> bool | None:
        """True, False, or None while the point is unanswered or not relevant."""
        if self.answer == ChecklistAnswerValue.MET:
            return True
        if self.answer == ChecklistAnswerValue.NOT_MET:
            return False
        return None


class DecisionKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary place while the search goes on (acute)")
    LASTING = "lasting", _("Lasting place")


class DecisionStatus(models.TextChoices):
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced by the lasting decision")
    # § 143: a provisional decision the committee did not approve within 7 days.
    LAPSED = "lapsed", _("Lapsed: not approved by the committee within 7 days (§ 143)")


class SchoolChange(models.TextChoices):
    KEPT = "kept", _("The child keeps its school")
    JUSTIFIED = "justified", _("The child changes school, and the change is justified")


class HearingOmission(models.TextChoices):
    """The grounds forvaltningsloven § 19, stk. 2 names for leaving a hearing out."""

    SAFE = "safe", _("It is safe to decide on the information at hand (fvl. § 19, stk. 2, nr. 1)")
    DEADLINE = "deadline", _("Waiting would break a deadline set by law (nr. 2)")
    URGENT = (
        "urgent",
        _("The decision cannot wait, or a hearing would defeat its purpose (nr. 3)"),
    )
    NO_ACCESS = "no_access", _("The party has no right of access to the information (nr. 4)")
    INTERESTS = (
        "interests",
        _("Weighty public or private interests speak against a hearing (nr. 5)"),
    )


class Decision(Versioned, OrganisationOwned):
    """The formal choice of place (§52 afgørelse): who decided, why, and the reserved place.

    The system never chooses: ``top_place`` and ``chosen_rank`` only record what the match run
    ranked first, so choices of another place can be analysed later with their reasons.
    ``version`` makes a withdrawal from a page loaded before another change of the decision
    (withdrawn in another tab, replaced by the lasting decision) a refused stale edit.
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("case")
    )
    meeting = models.ForeignKey(
        MatchMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("match meeting"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DECIDED
    )
    start_on = models.DateField(_("the place is reserved from"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))
    reasons = models.TextField(_("reasons for the decision"))
    # The letters never copy the caseworker's reasons: they use the texts written for them.
    reasons_for_parents = models.TextField(_("reasons written for the parents"), blank=True)
    reasons_for_child = models.TextField(_("reasons written for the child"), blank=True)
    top_place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the match run's first place"),
    )
    chosen_rank = models.PositiveIntegerField(_("the chosen place's rank"), null=True, blank=True)
    reasons_for_other_than_top = models.TextField(
        _("why another place than the first-ranked was chosen"), blank=True
    )
    dissent = models.TextField(_("dissent"), blank=True)
    appeal_guidance = models.TextField(_("appeal guidance"))
    child_words_shared = models.BooleanField(
        _("the child agreed that the parents may read its own words"), default=False
    )
    # §98: a change of placement needs consents and the current placement's statement, or the
    # children-and-youth committee's decision (§98 stk. 4).
    custody_consent_on = models.DateField(
        _("custody holder's consent given on"), null=True, blank=True
    )
    child_consent_on = models.DateField(_("the child's consent given on"), null=True, blank=True)
    current_placement_statement = models.TextField(
        _("statement from the current placement"), blank=True
    )
    committee_decided_on = models.DateField(
        _("children-and-youth committee decided on"), null=True, blank=True
    )
    # §52 stk. 5: the municipality where the place lies is told before the placement.
    location_municipality = models.CharField(
        _("municipality where the place lies"), max_length=200, blank=True
    )
    location_informed_on = models.DateField(
        _("location municipality informed on"), null=True, blank=True
    )
    vacancy_override_reason = models.TextField(
        _("why the decision is made although the vacancy declaration has lapsed"), blank=True
    )
    # The legal gates of a lasting decision (decisions.gates; docs/course.md).
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=code_choices(LegalBasis), blank=True
    )
    purpose = models.TextField(_("purpose of the placement"), blank=True)
    expected_duration = models.CharField(_("expected duration"), max_length=200, blank=True)
    investigation_exception = models.TextField(
        _("why the decision comes before the child-welfare investigation is finished"),
        blank=True,
    )
    conditions_accepted = models.BooleanField(
        _("the conditions of the place's answer and approval are accepted"), default=False
    )
    network_agreement_on = models.DateField(
        _("the network foster family's agreement recorded on"), null=True, blank=True
    )
    follows_child_plan = models.BooleanField(
        _("the choice follows the child's plan"), default=False
    )
    siblings_reason = models.TextField(_("why siblings are not placed together"), blank=True)
    school_change = models.CharField(
        _("school"), max_length=20, choices=SchoolChange.choices, blank=True
    )
    school_change_reason = models.TextField(_("why the child changes school"), blank=True)
    schooling = models.TextField(_("the schooling decided"), blank=True)
    special_education_assessed_on = models.DateField(
        _("special-education needs assessed on"), null=True, blank=True
    )
    conversation_omitted_reason = models.TextField(
        _("how the child's views were obtained without a conversation"), blank=True
    )
    provisional_implemented_on = models.DateField(
        _("provisional decision implemented on"), null=True, blank=True
    )
    written_notice_on = models.DateField(_("written notice sent on"), null=True, blank=True)
    reservation = models.OneToOneField(
        Reservation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("reservation"),
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            # The last line of defence against two lasting (or two temporary) decisions.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status="decided"),
                name="decision_one_in_force_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.child} → {self.place}"

    @property
    def is_in_force(self) -> bool:
        return self.status == DecisionStatus.DECIDED

    @property
    def is_lasting(self) -> bool:
        return self.kind == DecisionKind.LASTING

    @property
    def is_provisional(self) -> bool:
        return self.legal_basis == LegalBasis.S143_PROVISIONAL.value

    @property
    def lapses_after(self) -> datetime.date | None:
        """The last day the committee can approve a provisional decision (§ 143), else None."""
        if not self.is_provisional or self.provisional_implemented_on is None:
            return None
        return self.provisional_implemented_on + datetime.timedelta(days=PROVISIONAL_DAYS)

    def awaits_committee(self) -> bool:
        """A provisional decision in force that the committee has not approved yet."""
        return self.is_in_force and self.is_provisional and self.committee_decided_on is None


class HearingParty(models.TextChoices):
    CUSTODY_HOLDER = "custody_holder", _("Custody holder")
    CHILD = "child", _("The child (party from 10)")


class Hearing(models.Model):
    """The hearing of one party before the decision: when asked, when and what they answered."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("decision")
    )
    party = models.CharField(_("party"), max_length=20, choices=HearingParty.choices)
    person = models.ForeignKey(
        RelatedPerson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("custody holder"),
    )
    name = models.CharField(_("name"), max_length=200)
    sent_on = models.DateField(_("heard on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    omitted_ground = models.CharField(
        _("ground for leaving the hearing out"),
        max_length=20,
        choices=HearingOmission.choices,
        blank=True,
    )
    omitted_reason = models.TextField(_("why the hearing is left out"), blank=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.sent_on}"


class DecisionBasis(Immutable):
    """Everything a decision rests on, written once in the decision's transaction.

    ``content`` is the canonical JSON (sorted keys, no spaces, UTF-8) of what the decision basis
    and the letters show; ``sha256`` is its hash. Every document renders from this record, so a
    document downloaded later is the one the decision rested on. ``recorded_late`` marks a basis
    written on a decision's first download because the decision predates this record.
    """

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="basis", verbose_name=_("decision")
    )
    content = models.TextField(_("content (canonical JSON)"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    schema = models.PositiveSmallIntegerField(_("schema version"), default=1)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_late = models.BooleanField(_("recorded after the decision"), default=False)

    class Meta:
        verbose_name = _("decision basis")
        verbose_name_plural = _("decision bases")

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.sha256[:12]}"


class DecisionDocument(Immutable):
    """One of a decision's PDFs as it was rendered once from the frozen basis, kept byte for byte.

    Rendered off the request path when the decision is made (``decisions.tasks``), or on the
    first download when that came first; every later download serves these bytes, so a journal
    package filed next year holds the document the parties got. ``place_hidden`` is part of the
    key: a non-disclosure decision (§ 105) taken after the decision gives the parents' documents
    a new version without the place, and the earlier one stays as it was sent. A withdrawn or
    replaced decision keeps its documents.
    """

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="documents", verbose_name=_("decision")
    )
    document = models.CharField(_("document"), max_length=16)  # basis, letter, location
    audience = models.CharField(_("audience"), max_length=16)
    # "" for the basis and the location letter; "person-<id>" or "child" for a letter.
    recipient_key = models.CharField(_("recipient"), max_length=32, blank=True)
    place_hidden = models.BooleanField(_("place left out (§ 105)"), default=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    content = models.BinaryField(_("PDF"))
    rendered_at = models.DateTimeField(_("rendered at"))

    class Meta:
        verbose_name = _("decision document")
        verbose_name_plural = _("decision documents")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "document", "audience", "recipient_key", "place_hidden"],
                name="decisions_document_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.document} {self.audience} {self.recipient_key}"
