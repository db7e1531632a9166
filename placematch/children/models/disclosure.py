# SPDX-License-Identifier: MPL-2.0
"""Non-disclosure of the placement (§ 105): the committee's decisions, written once."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from placematch.accounts.models import OrganisationOwned
from placematch.children.models.case import Case, PersonKind, RelatedPerson
from placematch.core.models import Immutable

# A provisional decision by the committee's chair lapses unless the committee approves it
# within 7 days (§ 143); the approval is recorded as a new, non-provisional decision.
PROVISIONAL_DAYS = 7


class NonDisclosure(Immutable, OrganisationOwned):
    """A decision that the placement is not disclosed, or (with ``lifts``) that lifts one.

    Never changed: a new decision replaces or lifts an old one, so what was in force on any
    day can be read back. The scope is the named persons, all the child's parents, the
    network, or a mix; everyone else keeps their right to information (§ 105).
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="non_disclosures", verbose_name=_("case")
    )
    decided_on = models.DateField(_("decided on"))
    provisional = models.BooleanField(
        _("provisional decision by the committee's chair (§ 143)"), default=False
    )
    all_parents = models.BooleanField(_("towards both parents"), default=False)
    network = models.BooleanField(_("towards the network"), default=False)
    persons = models.ManyToManyField(
        RelatedPerson, blank=True, related_name="+", verbose_name=_("towards these persons")
    )
    expires_on = models.DateField(_("in force until"), null=True, blank=True)
    lifts = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lifted_by",
        verbose_name=_("lifts the decision"),
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("non-disclosure decision (§ 105)")
        verbose_name_plural = _("non-disclosure decisions (§ 105)")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"§ 105 {self.decided_on}"

    @property
    def is_lift(self) -> bool:
        return self.lifts_id is not None

    @property
    def ends_on(self) -> date | None:
        """The last day in force by its own terms (a provisional one lapses after 7 days)."""
        ends = self.expires_on
        if self.provisional:
            lapse = self.decided_on + timedelta(days=PROVISIONAL_DAYS)
            ends = lapse if ends is None else min(ends, lapse)
        return ends

    def covers(self, person: RelatedPerson) -> bool:
        """Does this decision apply to the person? (The persons must be prefetched or loaded.)"""
        if self.all_parents and person.is_parent:
            return True
        if self.network and person.kind == PersonKind.NETWORK:
            return True
        return any(p.pk == person.pk for p in self.persons.all())
