# SPDX-License-Identifier: MPL-2.0
"""decisions: every write (keyword-only, typed, one transaction, acting user, audit row)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matchengine.vocab import CaseType
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children import course
from placematch.children.models import Case, CaseStatus, RelatedPerson
from placematch.children.services import case_update, log_write
from placematch.core.concurrency import refuse_stale
from placematch.core.inputs import parse_id
from placematch.decisions import letters, rules
from placematch.decisions.basis import basis_write
from placematch.decisions.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    Hearing,
    MatchMeeting,
)
from placematch.providers.ledger import NoFreePlaceError, place_reserve, reservation_release
from placematch.providers.models import Place, ReservationStatus
from placematch.providers.selectors import VacancyState, vacancy_status


@dataclass(frozen=True)
class HearingInput:
    party: str  # a HearingParty
    name: str
    person: RelatedPerson | None = None
    sent_on: datetime.date | None = None
    answered_on: datetime.date | None = None
    answer: str = ""


def _check_meeting(case: Case, meeting: MatchMeeting | None, kind: str) -> dict[str, list[str]]:
    if meeting is None:
        if kind == DecisionKind.LASTING:
            return {"meeting": [_("Hold the match meeting with the § 52 checklist first.")]}
        return {}
    if meeting.case_id != case.pk:
        return {"meeting": [_("Choose a match meeting held for this case.")]}
    problems = rules.checklist_problems(list(meeting.checklist.all()))
    if kind == DecisionKind.TEMPORARY:
        # An acute place may be decided before the meeting has answered every point.
        problems = [p for p in problems if p.code == "unmet_without_reason"]
    return {"meeting": [p.message for p in problems]} if problems else {}


def _check_in_force(case: Case, kind: str) -> dict[str, list[str]]:
    in_force = set(
        Decision.objects.filter(case=case, status=DecisionStatus.DECIDED).values_list(
            "kind", flat=True
        )
    )
    if kind in in_force and kind == DecisionKind.LASTING:
        message = _(
            "The case already has a lasting decision in force. Withdraw it before deciding again."
        )
    elif kind in in_force:
        message = _("The case already has a temporary place. Decide the lasting place instead.")
    elif kind == DecisionKind.TEMPORARY and DecisionKind.LASTING in in_force:
        message = _("The case already has a lasting decision, so no temporary place is needed.")
    else:
        return {}
    return {"kind": [message]}


def _check_change_of_placement(
    case: Case,
    day: datetime.date,
    custody_consent_on: datetime.date | None,
    child_consent_on: datetime.date | None,
    current_placement_statement: str,
    committee_decided_on: datetime.date | None,
) -> dict[str, list[str]]:
    if case.case_type != CaseType.CHANGE_OF_PLACEMENT.value or committee_decided_on is not None:
        return {}
    missing = []
    if custody_consent_on is None:
        missing.append(_("the custody holder's consent"))
    if case.child.age_on(day) >= rules.CHANGE_CONSENT_AGE and child_consent_on is None:
        missing.append(_("the child's consent (from 12)"))
    if not current_placement_statement.strip():
        missing.append(_("the current placement's statement"))
    if not missing:
        return {}
    return {
        "custody_consent_on": [
            _(
                "A change of placement (§ 98) needs %(missing)s. Without consent, write the date "
                "the children-and-youth committee decided (§ 98, stk. 4)."
            )
            % {"missing": ", ".join(missing)}
        ]
    }


def _check_hearings(kind: str, hearings: Sequence[HearingInput]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for i, hearing in enumerate(hearings):
        if kind == DecisionKind.LASTING and hearing.sent_on is None:
            errors.setdefault(f"hearing_{i}_sent_on", []).append(
                _("Write the date %(name)s was heard. The parties are heard before a decision.")
                % {"name": hearing.name}
            )
        if hearing.answered_on and hearing.sent_on and hearing.answered_on < hearing.sent_on:
            errors.setdefault(f"hearing_{i}_answered_on", []).append(
                _("The answer date is before the hearing date. Check the dates.")
            )
    return errors


def _check_vacancy(place: Place, day: datetime.date, override: str) -> dict[str, list[str]]:
    vacancy = vacancy_status(place, day)
    if vacancy.is_fresh or override.strip():
        return {}
    if vacancy.state is VacancyState.STALE and vacancy.declaration is not None:
        message = _(
            "The place's vacancy declaration lapsed on %(date)s. Check with the place, then "
            "write why you decide anyway, or choose another place."
        ) % {"date": date_format(vacancy.declaration.expires_on, "SHORT_DATE_FORMAT")}
    else:
        message = _(
            "The place has not declared its vacancy. Check with the place, then write why you "
            "decide anyway, or choose another place."
        )
    return {"vacancy_override_reason": [message]}


def _top_of(meeting: MatchMeeting | None, place: Place) -> tuple[Place | None, int | None]:
    """The run's first place and the chosen place's rank, when the meeting used a run."""
    if meeting is None or meeting.run is None:
        return None, None
    ranked = meeting.run.result().get("ranked") or meeting.run.result().get("top") or []
    ranks = {str(r["place_id"]): int(r["rank"]) for r in ranked}
    top_id = min(ranks, key=lambda k: ranks[k]) if ranks else None
    top_pk = parse_id(top_id)
    top = Place.objects.filter(pk=top_pk).first() if top_pk is not None else None
    return top, ranks.get(str(place.pk))


@transaction.atomic
def decision_make(
    *,
    actor: User,
    case: Case,
    place: Place | None,
    kind: str,
    reasons: str,
    appeal_guidance: str,
    meeting: MatchMeeting | None = None,
    start_on: datetime.date | None = None,
    reasons_for_other_than_top: str = "",
    dissent: str = "",
    hearings: Sequence[HearingInput] = (),
    child_words_shared: bool = False,
    custody_consent_on: datetime.date | None = None,
    child_consent_on: datetime.date | None = None,
    current_placement_statement: str = "",
    committee_decided_on: datetime.date | None = None,
    location_municipality: str = "",
    location_informed_on: datetime.date | None = None,
    vacancy_override_reason: str = "",
    reasons_for_parents: str = "",
    reasons_for_child: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    """Decide the place and reserve it in one transaction; any problem saves nothing.

    Raises ValidationError with a message per form field. A full place (NoFreePlaceError from
    the ledger's row-locked reservation) becomes such an error too, and rolls everything back.
    """
    if kind not in DecisionKind.values:
        raise ValueError(f"unknown decision kind {kind}")
    now = timezone.now()
    today = timezone.localdate()
    start = start_on or today
    # Serialise decisions on one case, so two users cannot both make its lasting decision.
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    errors: dict[str, list[str]] = {}
    if place is None:
        errors["place"] = [_("Choose the place the child is to live in.")]
    if not reasons.strip():
        errors["reasons"] = [_("Write the reasons for the decision (§ 52).")]
    if not appeal_guidance.strip():
        errors["appeal_guidance"] = [_("Write the guidance on how to appeal the decision.")]
    if start < today:
        errors["start_on"] = [_("The place cannot be reserved from a day in the past.")]
    if not case.is_open:
        errors.setdefault("kind", []).append(_("The case has ended, so nothing can be decided."))
    errors.update(_check_meeting(case, meeting, kind))
    errors.update(_check_in_force(case, kind))
    errors.update(
        _check_change_of_placement(
            case, today, custody_consent_on, child_consent_on, current_placement_statement,
            committee_decided_on,
        )
    )  # fmt: skip
    errors.update(_check_hearings(kind, hearings))
    errors.update(
        letters.letter_text_problems(
            case=case, kind=kind, reasons_for_parents=reasons_for_parents,
            reasons_for_child=reasons_for_child,
            child_party=case.child.age_on(today) >= rules.PARTY_AGE,
        )
    )  # fmt: skip
    top, rank = (None, None)
    if place is not None:
        top, rank = _top_of(meeting, place)
        if top is not None and top.pk != place.pk and not reasons_for_other_than_top.strip():
            errors["reasons_for_other_than_top"] = [
                _(
                    "You chose another place than the one ranked first (%(top)s). Write why; "
                    "the reasons are kept for later analysis."
                )
                % {"top": top.name}
            ]
        errors.update(_check_vacancy(place, start, vacancy_override_reason))
    if errors:
        raise ValidationError(errors)
    assert place is not None
    try:
        reservation = place_reserve(
            actor=actor, place=place, child_ref=case.child.ref, start=start,
            note=_("Decision on case %(number)s") % {"number": case.child.case_number},
            request=request,
        )  # fmt: skip
    except NoFreePlaceError as error:
        raise ValidationError(
            {
                "place": [
                    _(
                        "%(place)s has no free place left: every approved place is taken or "
                        "reserved, perhaps by a decision made a moment ago. Nothing was saved. "
                        "Choose another place."
                    )
                    % {"place": error.place.name}
                ]
            }
        ) from error
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                organisation=case.organisation, case=case, meeting=meeting, place=place,
                kind=kind, start_on=start, decided_by=actor, decided_at=now,
                reasons=reasons.strip(), top_place=top, chosen_rank=rank,
                reasons_for_other_than_top=reasons_for_other_than_top.strip(),
                dissent=dissent.strip(), appeal_guidance=appeal_guidance.strip(),
                child_words_shared=child_words_shared, custody_consent_on=custody_consent_on,
                child_consent_on=child_consent_on,
                current_placement_statement=current_placement_statement.strip(),
                committee_decided_on=committee_decided_on,
                location_municipality=location_municipality.strip(),
                location_informed_on=location_informed_on,
                vacancy_override_reason=vacancy_override_reason.strip(), reservation=reservation,
                reasons_for_parents=reasons_for_parents.strip(),
                reasons_for_child=reasons_for_child.strip(),
            )  # fmt: skip
    except IntegrityError as error:
        raise ValidationError({"kind": [_("The case already has a decision of this kind.")]}) from (
            error
        )
    for hearing in hearings:
        Hearing.objects.create(
            decision=decision, party=hearing.party, person=hearing.person, name=hearing.name,
            sent_on=hearing.sent_on, answered_on=hearing.answered_on,
            answer=hearing.answer.strip(),
        )  # fmt: skip
    if kind == DecisionKind.LASTING:
        for temporary in Decision.objects.filter(
            case=case, kind=DecisionKind.TEMPORARY, status=DecisionStatus.DECIDED
        ):
            _release(actor, temporary, request)
            temporary.status = DecisionStatus.REPLACED
            temporary.replaced_by = decision
            temporary.save(update_fields=["status", "replaced_by", "updated_at"])
    if locked is not None and locked.status != CaseStatus.DECIDED:
        # A lasting decision replacing a temporary one finds the case decided already.
        course.transition(case, "decide", actor=actor, request=request)
    case_update(actor=actor, case=case, changes={"placement_decision_date": today}, request=request)
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=decision, child=case.child,
        detail={"kind": kind, "place": place.pk, "rank": rank},
    )  # fmt: skip
    # Last, so the frozen basis holds everything written above (hearings, consents, facts).
    basis_write(decision=decision)
    return decision


def _release(actor: User, decision: Decision, request: HttpRequest | None) -> bool:
    reservation = decision.reservation
    if reservation is None:
        return False
    reservation.refresh_from_db()
    if reservation.status != ReservationStatus.ACTIVE:
        return False
    reservation_release(actor=actor, reservation=reservation, request=request)
    return True


@transaction.atomic
def decision_withdraw(
    *,
    actor: User,
    decision: Decision,
    reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Decision:
    """Withdraw a decision in force and give its reserved place back.

    ``expected_version`` is the decision's version on the page the withdrawal came from: a
    decision withdrawn or replaced meanwhile is refused with what happened to it, any other
    change with ``StaleEditError``; nothing is written either way.
    """
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == DecisionStatus.WITHDRAWN:
        raise ValidationError(
            _(
                "The decision has already been withdrawn (by %(user)s, %(when)s). "
                "Nothing was changed."
            )
            % {
                "user": decision.withdrawn_by or "–",
                "when": date_format(timezone.localtime(decision.withdrawn_at), "d-m-Y H:i")
                if decision.withdrawn_at
                else "–",
            },
            code="withdrawn",
        )
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError(
            _(
                "The decision has already been replaced by the lasting decision. "
                "Nothing was changed."
            ),
            code="replaced",
        )
    refuse_stale(expected=expected_version, actual=decision.version, current=decision)
    if not reason.strip():
        raise ValidationError({"reason": [_("Write why the decision is withdrawn.")]})
    _release(actor, decision, request)
    decision.status = DecisionStatus.WITHDRAWN
    decision.withdrawn_at = timezone.now()
    decision.withdrawn_by = actor
    decision.withdraw_reason = reason.strip()
    decision.save()
    case = decision.case
    if not Decision.objects.filter(case=case, status=DecisionStatus.DECIDED).exists():
        case.refresh_from_db(fields=["status"])
        if case.status == CaseStatus.DECIDED:  # a child already placed stays placed
            course.transition(case, "undecide", actor=actor, request=request)
        case_update(
            actor=actor, case=case, changes={"placement_decision_date": None}, request=request
        )
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=decision, child=case.child,
        detail={"status": decision.status},
    )  # fmt: skip
    return decision


@transaction.atomic
def reservation_release_for(
    *, actor: Any, decision: Decision, reason: str, request: HttpRequest | None = None
) -> bool:
    """Give the decision's reserved place back (e.g. the mutual yes failed); True if released.

    The decision itself stays as it is; withdraw it with decision_withdraw when it no longer
    holds. Releasing twice is harmless: the second call returns False.
    """
    if not reason.strip():
        raise ValidationError({"reason": [_("Write why the reserved place is given back.")]})
    decision = Decision.objects.select_related("reservation", "case__child").get(pk=decision.pk)
    released = _release(actor, decision, request)
    if released:
        log_write(
            request=request, actor=actor, action=Action.UPDATE, obj=decision,
            child=decision.case.child, detail={"reservation": "released"},
        )  # fmt: skip
    return released
