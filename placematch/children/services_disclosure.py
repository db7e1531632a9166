# SPDX-License-Identifier: MPL-2.0
"""Recording and lifting non-disclosure (§ 105): every change is a new decision row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children import disclosure
from placematch.children.models import Case, NonDisclosure, RelatedPerson
from placematch.children.services import log_write


def _sync(case: Case) -> bool:
    """Keep the case's flag equal to "a decision is in force today" (other apps read it).

    Written as a plain update: the flag is derived, so it neither raises the case's version
    nor shows as an edit in the case's history. True when the flag changed.
    """
    protected = disclosure.decisions_in_force(case).exists()
    if protected == case.non_disclosure:
        return False
    Case.objects.filter(pk=case.pk).update(non_disclosure=protected)
    case.non_disclosure = protected
    return True


@transaction.atomic
def non_disclosure_refresh() -> list[int]:
    """Bring every case's flag in line with the decisions in force today.

    An expiry, or a provisional decision lapsing under § 143, ends a decision without a write.
    Returns the ids of the cases whose flag changed.
    """
    cases = Case.objects.filter(pk__in=NonDisclosure.objects.values("case_id"))
    return [case.pk for case in cases if _sync(case)]


@transaction.atomic
def non_disclosure_decide(
    *,
    actor: User,
    case: Case,
    decided_on: date,
    reason: str,
    provisional: bool = False,
    all_parents: bool = False,
    network: bool = False,
    persons: Sequence[RelatedPerson] = (),
    expires_on: date | None = None,
    request: HttpRequest | None = None,
) -> NonDisclosure:
    """Record the committee's (or, provisionally, its chair's) decision not to disclose."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if decided_on > today:
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if expires_on is not None and expires_on < decided_on:
        errors["expires_on"] = _("The end date must be on or after the decision date.")
    if any(p.child_id != case.child_id for p in persons):
        errors["persons"] = _("Choose only people around this child.")
    elif not (all_parents or network or persons):
        errors["persons"] = _("Choose whom the placement is not disclosed to.")
    if not reason.strip():
        errors["reason"] = _("Write the reason for the decision.")
    if errors:
        raise ValidationError(errors)
    Case.objects.select_for_update().filter(pk=case.pk).first()
    record = NonDisclosure.objects.create(
        organisation=case.organisation, case=case, decided_on=decided_on,
        provisional=provisional, all_parents=all_parents, network=network,
        expires_on=expires_on, reason=reason.strip(), created_by=actor,
    )  # fmt: skip
    record.persons.set(persons)
    _sync(case)
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=record, child=case.child,
        detail={"provisional": provisional},
    )  # fmt: skip
    return record


@transaction.atomic
def non_disclosure_lift(
    *,
    actor: User,
    case: Case,
    decision: NonDisclosure,
    decided_on: date,
    reason: str,
    request: HttpRequest | None = None,
) -> NonDisclosure:
    """Record the decision that lifts a non-disclosure decision; the old row stays as it was."""
    errors: dict[str, str] = {}
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if decision.case_id != case.pk or decision.is_lift:
        raise ValidationError({"decision": _("Choose a non-disclosure decision of this case.")})
    if NonDisclosure.objects.filter(lifts=decision).exists():
        errors["decision"] = _("That decision has already been lifted.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision date cannot be in the future.")
    elif decided_on < decision.decided_on:
        errors["decided_on"] = _("A decision cannot be lifted before it was made.")
    if not reason.strip():
        errors["reason"] = _("Write the reason for the decision.")
    if errors:
        raise ValidationError(errors)
    record = NonDisclosure.objects.create(
        organisation=case.organisation, case=case, decided_on=decided_on, lifts=decision,
        reason=reason.strip(), created_by=actor,
    )  # fmt: skip
    _sync(case)
    log_write(request=request, actor=actor, action=Action.UPDATE, obj=decision, child=case.child)
    return record
