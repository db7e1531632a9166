# SPDX-License-Identifier: MPL-2.0
"""followup: what the child, the parents and the placement say after the move.

- Before each follow-up (§ 95) each of them answers a short questionnaire: how it is going,
  and one question per goal of the child's plan (``Occasion.CHECK``, tied to the follow-up).
- At 1, 3, 6 and 12 months after the start each answers a survey with the same questions at
  every point, so the answers can be compared (``Occasion.SURVEY``, tied to the month).
- Before a supervision visit the child says whether there is something to talk about alone
  (``VisitWish``); the caseworker sees it on the visit.

Answers come through secure links (the placement may also answer signed in) and are written
once: a respondent answers an occasion once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from placematch.accounts.models import OrganisationOwned
from placematch.children.models import RelatedPerson
from placematch.followup.models import FollowUp, PlacementRecord, SupervisionVisit


class Respondent(models.TextChoices):
    CHILD = "child", _("The child")
    PARENT = "parent", _("Parent")
    PLACEMENT = "placement", pgettext_lazy("respondent", "The placement")


class Occasion(models.TextChoices):
    CHECK = "check", _("Before a follow-up")
    SURVEY = "survey", _("Survey")


class VoiceRating(models.TextChoices):
    """One scale for every question, so answers can be set side by side and over time."""

    GOOD = "good", _("Good")
    MIXED = "mixed", _("Both good and bad")
    BAD = "bad", _("Not good")


class Via(models.TextChoices):
    LINK = "link", _("Through a secure link")
    ACCOUNT = "account", _("Signed in")


class VoiceAnswer(OrganisationOwned):
    """One respondent's answer to one questionnaire or survey of a placement."""

    record = models.ForeignKey(
        PlacementRecord, on_delete=models.PROTECT, related_name="voices",
        verbose_name=_("placement record"),
    )  # fmt: skip
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    followup = models.ForeignKey(
        FollowUp, on_delete=models.PROTECT, null=True, blank=True, related_name="voices",
        verbose_name=_("follow-up"),
    )  # fmt: skip
    survey_month = models.PositiveSmallIntegerField(
        _("survey month after the start"), null=True, blank=True
    )
    respondent = models.CharField(_("respondent"), max_length=10, choices=Respondent.choices)
    person = models.ForeignKey(
        RelatedPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("parent"),
    )  # fmt: skip
    # "child", "placement" or "parent-<id>": one answer per respondent and occasion.
    respondent_key = models.CharField(_("respondent key"), max_length=40)
    via = models.CharField(_("answered"), max_length=10, choices=Via.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    comment = models.TextField(_("something more"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["record", "answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "respondent_key"], condition=Q(occasion="check"),
                name="voice_one_check_per_respondent",
            ),
            models.UniqueConstraint(
                fields=["record", "survey_month", "respondent_key"],
                condition=Q(occasion="survey"), name="voice_one_survey_per_respondent",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.record} {self.occasion} {self.respondent_key}"


class VoiceItem(models.Model):
    """The rating (and words) given to one question of an answer."""

    answer = models.ForeignKey(
        VoiceAnswer, on_delete=models.CASCADE, related_name="items", verbose_name=_("answer")
    )
    question = models.CharField(_("question"), max_length=40)
    rating = models.CharField(_("rating"), max_length=10, choices=VoiceRating.choices)
    text = models.TextField(_("in their words"), blank=True)

    class Meta:
        verbose_name = _("answered question")
        verbose_name_plural = _("answered questions")
        ordering = ["answer", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "question"], name="voice_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.rating}"


class VisitWish(OrganisationOwned):
    """The child's answer before a supervision visit: is there something to talk about alone?

    Recorded visits take the answers given before them; the caseworker alone reads them.
    """

    record = models.ForeignKey(
        PlacementRecord, on_delete=models.PROTECT, related_name="visit_wishes",
        verbose_name=_("placement record"),
    )  # fmt: skip
    visit = models.ForeignKey(
        SupervisionVisit, on_delete=models.PROTECT, null=True, blank=True,
        related_name="child_wishes", verbose_name=_("supervision visit"),
    )  # fmt: skip
    wants_to_talk = models.BooleanField(_("wants to talk alone"))
    text = models.TextField(_("what about, in the child's words"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("the child's wish before a visit")
        verbose_name_plural = _("the child's wishes before visits")
        ordering = ["record", "answered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.record} {self.answered_at:%d-%m-%Y}"
