# SPDX-License-Identifier: MPL-2.0
"""The child's voice (conversations, wishes) and the parents' views, with their read-back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matchengine.vocab import AnimalWish, Setting, WishImportance, WishKind
from placematch.accounts.models import OrganisationOwned
from placematch.children.models.case import Case, RelatedPerson
from placematch.core import postcodes
from placematch.core.codes import code_choices
from placematch.core.concurrency import Versioned


class Source(models.TextChoices):
    CASEWORKER = "caseworker", _("Recorded by the caseworker")
    LINK = "link", _("Written through a secure link")


class Confirmation(models.TextChoices):
    """The read-back: did the person confirm what we heard, or correct it?"""

    PENDING = "pending", _("Not yet read back")
    CONFIRMED = "confirmed", _("Confirmed")
    CORRECTED = "corrected", _("Corrected")


class WishAnswer(models.TextChoices):
    """Yes or no to a wish's question: keep the school, live near friends, live with siblings."""

    YES = "yes", _("Yes")
    NO = "no", _("No")


# Wish kinds whose question is answered yes or no; "no" is shown to matching, never scored.
YES_NO_WISH_KINDS = frozenset(
    {WishKind.SCHOOL.value, WishKind.FRIENDS.value, WishKind.SIBLINGS.value}
)


class ContactKind(models.TextChoices):
    CONVERSATION = "conversation", _("Child conversation (§ 5)")
    OBSERVATION = "observation", _("Other direct contact or observation")


class Conversation(OrganisationOwned):
    """A conversation with the child (§5), or other direct contact when talking is not possible."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("case")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ContactKind.choices, default=ContactKind.CONVERSATION
    )
    held_on = models.DateField(_("date"))
    present = models.CharField(_("who was present"), max_length=300)
    bisidder = models.CharField(_("companion (bisidder)"), max_length=200, blank=True)
    child_words = models.TextField(_("the child's own words"), blank=True)
    agreed = models.TextField(_("what was agreed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class Wish(Versioned, OrganisationOwned):
    """A structured wish of the child, with how much it matters and the child's read-back."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("case")
    )
    kind = models.CharField(_("what it is about"), max_length=30, choices=code_choices(WishKind))
    text = models.TextField(_("the wish"))
    importance = models.CharField(
        _("how important"),
        max_length=10,
        choices=code_choices(WishImportance),
        default=WishImportance.MEDIUM.value,
    )
    # Details that let matching check the wish against a place; empty when not recorded.
    postcode = models.CharField(_("where (postcode)"), max_length=4, blank=True)
    setting = models.CharField(
        _("town or country"), max_length=10, choices=code_choices(Setting), blank=True
    )
    animals = models.CharField(
        _("animals or not"), max_length=20, choices=code_choices(AnimalWish), blank=True
    )
    answer = models.CharField(_("yes or no"), max_length=3, choices=WishAnswer.choices, blank=True)
    which_animals = models.CharField(_("which animals"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.CASEWORKER
    )
    confirmation = models.CharField(
        _("read back"), max_length=20, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    correction = models.TextField(_("the child's correction"), blank=True)
    confirmed_at = models.DateTimeField(_("read back at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"

    def details(self) -> list[str]:
        """The recorded details matching can check, in words: "Land", "8600 Silkeborg", ..."""
        found = postcodes.lookup(self.postcode) if self.postcode else None
        where = postcodes.label(found) if found is not None else self.postcode
        values = [
            self.get_answer_display() if self.answer else "",
            self.get_setting_display() if self.setting else "",
            self.get_animals_display() if self.animals else "",
            self.which_animals,
            where,
        ]
        return [value for value in values if value]


class ConsentState(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not asked yet")
    GIVEN = "given", _("Consent given")
    REFUSED = "refused", _("Consent refused")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral, noted in the case")
    DIGITAL = "digital", _("Digital signature")


class ParentView(Versioned, OrganisationOwned):
    """A custody holder's or parent's own views on the placement, and consent under §46."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="parent_views", verbose_name=_("case")
    )
    person = models.ForeignKey(
        RelatedPerson, on_delete=models.CASCADE, related_name="views", verbose_name=_("parent")
    )
    views = models.TextField(_("views on the placement"), blank=True)
    wishes = models.TextField(_("wishes"), blank=True)
    worries = models.TextField(_("worries"), blank=True)
    contact_wishes = models.TextField(_("wishes for contact with the child"), blank=True)
    consent = models.CharField(
        _("consent (§ 46)"),
        max_length=20,
        choices=ConsentState.choices,
        default=ConsentState.NOT_ASKED,
    )
    consent_date = models.DateField(_("date of consent"), null=True, blank=True)
    consent_form = models.CharField(
        _("form of consent"), max_length=20, choices=ConsentForm.choices, blank=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.CASEWORKER
    )
    confirmation = models.CharField(
        _("read back"), max_length=20, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    correction = models.TextField(_("the parent's correction"), blank=True)
    confirmed_at = models.DateTimeField(_("read back at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent's view")
        verbose_name_plural = _("parents' views")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="parent_view_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}"
