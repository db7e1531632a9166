# SPDX-License-Identifier: MPL-2.0
"""The child, the people around it and its placement case."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matchengine.vocab import CaseType, LegalBasis
from placematch.accounts.models import OrganisationOwned, Team
from placematch.core.codes import code_choices
from placematch.core.concurrency import Versioned
from placematch.core.models import Immutable


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on a day (a 29 February birthday counts from 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


class Child(OrganisationOwned):
    """A child the municipality acts for. No CPR number in this version."""

    ref = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    case_number = models.CharField(_("municipal case number"), max_length=50)
    address_postcode = models.CharField(_("postcode of the home address"), max_length=4)
    school_name = models.CharField(_("school or day care"), max_length=200, blank=True)
    school_postcode = models.CharField(_("postcode of the school"), max_length=4, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "case_number"], name="child_unique_case_number"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def turns_18(self) -> date:
        try:
            return self.birth_date.replace(year=self.birth_date.year + 18)
        except ValueError:  # born 29 February: the birthday falls on 1 March
            return date(self.birth_date.year + 18, 3, 1)


class PersonKind(models.TextChoices):
    CUSTODY_HOLDER = "custody_holder", _("Custody holder")
    PARENT = "parent", _("Parent without custody")
    NETWORK = "network", _("Network person")


class RelatedPerson(OrganisationOwned):
    """A parent, custody holder or network person of the child (for views and contact plans)."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="persons", verbose_name=_("child")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices)
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation to the child"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person around the child")
        verbose_name_plural = _("persons around the child")
        ordering = ["kind", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"

    @property
    def is_parent(self) -> bool:
        return self.kind in (PersonKind.CUSTODY_HOLDER, PersonKind.PARENT)


class Sibling(OrganisationOwned):
    """A sibling: another child in this municipality, or a person elsewhere (for contact plans).

    ``placed_together`` marks the placement sibling group; a split needs a written reason (§52).
    A link between two children is kept on both: each child's row names the other.
    """

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="siblings", verbose_name=_("child")
    )
    sibling_child = models.ForeignKey(
        Child,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sibling in this municipality"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    lives_with = models.CharField(_("lives with or where"), max_length=200, blank=True)
    placed_together = models.BooleanField(_("to be placed together"), default=False)
    split_reason = models.TextField(_("reason for placing apart"), blank=True)
    # For a sibling elsewhere only; a linked child is placed or to be placed if it has an open case.
    not_placed = models.BooleanField(_("not placed and not to be placed"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sibling")
        verbose_name_plural = _("siblings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.sibling_child.name if self.sibling_child_id else self.name  # type: ignore[union-attr]


class CaseStatus(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    ASSESSMENT = "assessment", _("Assessment")
    MATCHING = "matching", _("Matching")
    DECIDED = "decided", _("Decided")
    PLACED = "placed", _("Placed")
    ENDED = "ended", _("Ended")


class CaseStatusWriteError(RuntimeError):
    """A case's status was about to be written outside ``children.course``, its one owner."""


# Set only by ``children.course`` while it writes a status (ADR 0010); a context variable, so
# a write in another thread or request is never let through by this one.
_course_writing: ContextVar[bool] = ContextVar("case_course_writing", default=False)


@contextmanager
def course_writes() -> Iterator[None]:
    """Let the status be written inside the block. For ``children.course`` only."""
    token = _course_writing.set(True)
    try:
        yield
    finally:
        _course_writing.reset(token)


def _refuse_status_write() -> None:
    raise CaseStatusWriteError(
        "a case's status is changed only through placematch.children.course.transition"
    )


class CaseQuerySet(models.QuerySet["Case"]):
    """Refuses bulk writes of ``status``: they would bypass the course's guards and history."""

    def update(self, **kwargs: Any) -> int:
        if "status" in kwargs and not _course_writing.get():
            _refuse_status_write()
        return super().update(**kwargs)

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        if "status" in fields and not _course_writing.get():
            _refuse_status_write()
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        if not _course_writing.get() and any(o.status != CaseStatus.INVESTIGATION for o in objs):
            _refuse_status_write()
        return super().bulk_create(objs, *args, **kwargs)


class Case(Versioned, OrganisationOwned):
    """One started placement of a child: first placement, change of placement or re-placement.

    Its ``status`` (its course) has one owner, ``children.course``: ``save`` and the query set
    refuse any other write of it. A new case starts in investigation.
    """

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", verbose_name=_("child")
    )
    case_type = models.CharField(_("case type"), max_length=30, choices=code_choices(CaseType))
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=code_choices(LegalBasis), blank=True
    )
    child_requested = models.BooleanField(_("the child asked to be placed (§ 48)"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.INVESTIGATION
    )
    caseworkers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="children_cases",
        blank=True,
        verbose_name=_("assigned caseworkers"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    aware_date = models.DateField(_("date the municipality became aware"))
    investigation_completed = models.DateField(_("investigation completed"), null=True, blank=True)
    preliminary_assessment_date = models.DateField(
        _("preliminary assessment made"), null=True, blank=True
    )
    placement_decision_date = models.DateField(_("placement decision date"), null=True, blank=True)
    intended_placement_date = models.DateField(_("intended placement date"), null=True, blank=True)
    child_plan_date = models.DateField(_("child's plan made"), null=True, blank=True)
    non_disclosure = models.BooleanField(
        _("placement not disclosed to the parents (§ 105)"), default=False
    )
    safety_concern = models.BooleanField(_("violence or safety concern"), default=False)
    safety_note = models.TextField(_("about the safety concern"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.child} · {self.get_status_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not _course_writing.get():
            update_fields = kwargs.get("update_fields")
            if self._state.adding or self.pk is None:
                if self.status != CaseStatus.INVESTIGATION:
                    _refuse_status_write()
            elif update_fields is None or "status" in update_fields:
                # Compared with the row as it is now, so a stale copy cannot write back an
                # old status either.
                stored = (
                    type(self)
                    ._base_manager.filter(pk=self.pk)
                    .values_list("status", flat=True)
                    .first()
                )
                if stored is not None and stored != self.status:
                    _refuse_status_write()
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.ENDED


class CaseTransition(Immutable, OrganisationOwned):
    """One step in a case's course, written by ``children.course`` with the status change."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("case")
    )
    name = models.CharField(_("transition"), max_length=40)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=CaseStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("step in the case's course")
        verbose_name_plural = _("steps in the case's course")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_status or '–'} → {self.to_status}"
