# SPDX-License-Identifier: MPL-2.0
"""matching: inquiries to candidate places and the places' answers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matchengine.vocab import Dimension
from placematch.accounts.models import OrganisationOwned
from placematch.children.models import Case
from placematch.core.codes import code_choices
from placematch.providers.models import Place


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal: answer within the set number of working days")
    ACUTE = "acute", _("Acute: answer within the set number of hours")


class DisclosureBasis(models.TextChoices):
    """Why the municipality may send the pseudonymised profile to a candidate place."""

    CONSENT = "consent", _("Consent from the custody holders (and the young person from 15)")
    NECESSARY = (
        "necessary",
        _("Necessary to find a suitable place (the municipality's task under the Children's Act)"),
    )
    OTHER = "other", _("Other legal basis (described in the note)")


class InquiryStatus(models.TextChoices):
    SENT = "sent", _("Awaiting answer")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which an inquiry counts against the open limit: the place is still in play.
OPEN_STATUSES = (InquiryStatus.SENT, InquiryStatus.ANSWERED)


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    YES_WITH_SUPPORT = "yes_with_support", _("Yes, with support")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


# Answers after which the caseworker may go on to stage 2.
POSITIVE_ANSWERS = (Answer.YES, Answer.YES_WITH_SUPPORT)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    BEYOND_COMPETENCE = "beyond_competence", _("The needs are beyond our competence")
    HOUSEHOLD_FIT = "household_fit", _("Does not fit the household or group")
    DISTANCE = "distance", _("Distance")
    OTHER = "other", _("Other reason")


class DimensionAnswer(models.TextChoices):
    CAN = "can", _("We can meet this")
    WITH_SUPPORT = "with_support", _("With support")
    CANNOT = "cannot", _("We cannot meet this")


class Inquiry(OrganisationOwned):
    """An inquiry from a municipality's case to one candidate place, and the place's answer.

    ``organisation`` is the sending municipality. The place sees a stage-1 profile (see
    ``placematch.matching.profiles``) until the caseworker, after a yes, chooses to proceed:
    ``proceeded_at`` then opens stage 2.
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("case")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("place")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.SENT
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    sent_at = models.DateTimeField(_("sent"))
    due_at = models.DateTimeField(_("answer deadline"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    disclosure_basis = models.CharField(
        _("legal basis for the disclosure"), max_length=20, choices=DisclosureBasis.choices
    )
    disclosure_note = models.TextField(_("note on the legal basis"), blank=True)
    parents_informed_on = models.DateField(_("parents informed on"))
    child_informed_on = models.DateField(_("child informed on"))
    # The place's answer.
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_text = models.TextField(_("the reason in words"), blank=True)
    support_needed = models.TextField(_("support the place would need"), blank=True)
    view = models.TextField(_("the place's view"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    # Stage 2: the caseworker's explicit choice to tell the place more after a yes.
    proceeded_at = models.DateTimeField(_("more shared"), null=True, blank=True)
    proceeded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("more shared by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
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
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["place", "status"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.place_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_answer(self) -> bool:
        return self.status == InquiryStatus.SENT

    def is_overdue(self, now: datetime.datetime) -> bool:
        """Still without an answer after the deadline."""
        return self.status == InquiryStatus.SENT and now > self.due_at

    @property
    def answered_late(self) -> bool:
        return self.answered_at is not None and self.answered_at > self.due_at

    @property
    def may_proceed(self) -> bool:
        return (
            self.status == InquiryStatus.ANSWERED
            and self.answer in POSITIVE_ANSWERS
            and self.proceeded_at is None
        )

    @property
    def stage(self) -> int:
        return 2 if self.proceeded_at is not None and self.status != InquiryStatus.WITHDRAWN else 1

    @property
    def response_hours(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.sent_at).total_seconds() / 3600


class InquiryDimensionAnswer(models.Model):
    """The place's own assessment on one matching dimension: can, with support, or cannot."""

    inquiry = models.ForeignKey(
        Inquiry,
        on_delete=models.CASCADE,
        related_name="dimension_answers",
        verbose_name=_("inquiry"),
    )
    dimension = models.CharField(_("dimension"), max_length=40, choices=code_choices(Dimension))
    answer = models.CharField(_("answer"), max_length=20, choices=DimensionAnswer.choices)

    class Meta:
        verbose_name = _("answer on a dimension")
        verbose_name_plural = _("answers on the dimensions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "dimension"], name="inquiry_dimension_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.answer}"
