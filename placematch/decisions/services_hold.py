# SPDX-License-Identifier: MPL-2.0
"""decisions: the match meeting's hold on the chosen place, so preparation can come first."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children.models import Case, CaseStatus
from placematch.children.services import log_write
from placematch.decisions import candidates
from placematch.decisions.models import Decision, DecisionStatus, MatchMeeting
from placematch.providers import ledger
from placematch.providers.models import Place, Reservation

# A hold belongs to a case still looking for its place (before the decision in force).
HOLD_STATUSES = frozenset({CaseStatus.INVESTIGATION, CaseStatus.ASSESSMENT, CaseStatus.MATCHING})


def meeting_places(meeting: MatchMeeting) -> list[Place]:
    """The places the meeting may hold: its shortlist and the places asked in inquiries."""
    rows = candidates.meeting_candidates(
        meeting.run, list(meeting.case.inquiries.select_related("place__provider"))
    )
    return [row.place for row in rows if row.place is not None]


def hold_of(case: Case) -> Reservation | None:
    """The case's hold that keeps a place today, if any."""
    return ledger.active_hold(case.child.ref)


@transaction.atomic
def meeting_hold(
    *,
    actor: User,
    meeting: MatchMeeting,
    place: Place | None,
    expires_on: datetime.date | None,
    request: HttpRequest | None = None,
) -> Reservation:
    """Hold the meeting's chosen place until ``expires_on`` through the ledger.

    Refused with a message per field (``place``, ``expires_on``), nothing saved: a place
    outside the meeting's shortlist, a case with a decision in force, a second hold, a full
    place. The case row is locked so two holds of one case cannot both pass.
    """
    case = Case.objects.select_for_update().select_related("child").get(pk=meeting.case_id)
    errors: dict[str, list[str]] = {}
    if (
        case.status not in HOLD_STATUSES
        or Decision.objects.filter(case=case, status=DecisionStatus.DECIDED).exists()
    ):
        errors["place"] = [_("The case has a decision in force: its place is reserved, not held.")]
    elif place is None or place.pk not in {p.pk for p in meeting_places(meeting)}:
        errors["place"] = [_("Choose a place from the meeting's shortlist.")]
    if expires_on is None:
        errors["expires_on"] = [_("Write the date the hold expires.")]
    if errors:
        raise ValidationError(errors)
    assert place is not None and expires_on is not None
    hold = ledger.place_hold(
        actor=actor, place=place, child_ref=case.child.ref, expires_on=expires_on,
        note=_("Hold from the match meeting on case %(number)s")
        % {"number": case.child.case_number},
        request=request,
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=meeting, child=case.child,
        detail={"hold": hold.pk, "place": place.pk, "expires_on": str(expires_on)},
    )  # fmt: skip
    return hold


@transaction.atomic
def hold_release(
    *, actor: User, case: Case, reason: str, request: HttpRequest | None = None
) -> bool:
    """Give the case's hold back (the match fell through); False when there is none."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Write why the held place is given back.")]})
    locked = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    hold = hold_of(locked)
    if hold is None:
        return False
    ledger.reservation_release(actor=actor, reservation=hold, request=request)
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=locked, child=locked.child,
        detail={"hold": hold.pk, "released": reason.strip()[:200]},
    )  # fmt: skip
    return True
