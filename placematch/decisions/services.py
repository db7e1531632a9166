# SPDX-License-Identifier: MPL-2.0
"""decisions: every write (keyword-only, typed, one transaction, acting user, audit row)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matchengine.vocab import LegalBasis
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children import course
from placematch.children.models import Case, CaseStatus
from placematch.children.services import case_update, log_write
from placematch.core.concurrency import refuse_stale
from placematch.core.inputs import parse_id
from placematch.decisions import gates, letters, prepared, rules
from placematch.decisions.basis import basis_write
from placematch.decisions.gates import HearingInput
from placematch.decisions.models import (
    PROVISIONAL_DAYS,
    Decision,
    DecisionKind,
    DecisionStatus,
    Hearing,
    MatchMeeting,
)
from placematch.decisions.tasks import documents_prepare_on_commit
from placematch.providers.ledger import (
    NoFreePlaceError,
    active_hold,
    hold_convert,
    place_reserve,
    reservation_release,
)
from placematch.providers.models import Place, ReservationStatus


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
    legal_basis: str = "",
    purpose: str = "",
    expected_duration: str = "",
    investigation_exception: str = "",
    conditions_accepted: bool = False,
    network_agreement_on: datetime.date | None = None,
    provisional_implemented_on: datetime.date | None = None,
    written_notice_on: datetime.date | None = None,
    follows_child_plan: bool = False,
    siblings_reason: str = "",
    school_change: str = "",
    school_change_reason: str = "",
    schooling: str = "",
    special_education_assessed_on: datetime.date | None = None,
    conversation_omitted_reason: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    """Decide the place and reserve it in one transaction; any problem saves nothing.

    A hold the match meeting put on the same place becomes the reservation (one ledger row);
    a hold on another place is released.

    Every legal gate in ``decisions.gates`` runs first (``legal_basis`` defaults to the
    case's). Raises ValidationError with a message per form field. A full place
    (NoFreePlaceError from the ledger's row-locked reservation) becomes such an error too, and
    rolls everything back.
    """
    if kind not in DecisionKind.values:
        raise ValueError(f"unknown decision kind {kind}")
    now = timezone.now()
    today = timezone.localdate()
    start = start_on or today
    # Serialise decisions on one case, so two users cannot both make its lasting decision.
    locked = Case.objects.select_for_update().filter(pk=case.pk).first()
    top, rank = _top_of(meeting, place) if place is not None else (None, None)
    proposal = gates.Proposal(
        case=locked or case, place=place, kind=kind, day=today, start=start, reasons=reasons,
        appeal_guidance=appeal_guidance, meeting=meeting,
        reasons_for_other_than_top=reasons_for_other_than_top, top_place=top,
        vacancy_override_reason=vacancy_override_reason, hearings=tuple(hearings),
        legal_basis=legal_basis or case.legal_basis, purpose=purpose,
        expected_duration=expected_duration, investigation_exception=investigation_exception,
        conditions_accepted=conditions_accepted, network_agreement_on=network_agreement_on,
        custody_consent_on=custody_consent_on, child_consent_on=child_consent_on,
        current_placement_statement=current_placement_statement,
        committee_decided_on=committee_decided_on,
        provisional_implemented_on=provisional_implemented_on,
        written_notice_on=written_notice_on, follows_child_plan=follows_child_plan,
        siblings_reason=siblings_reason, school_change=school_change,
        school_change_reason=school_change_reason, schooling=schooling,
        special_education_assessed_on=special_education_assessed_on,
        location_municipality=location_municipality, location_informed_on=location_informed_on,
        conversation_omitted_reason=conversation_omitted_reason,
    )  # fmt: skip
    errors = gates.check(proposal)
    errors.update(
        letters.letter_text_problems(
            case=case, kind=kind, reasons_for_parents=reasons_for_parents,
            reasons_for_child=reasons_for_child,
            child_party=case.child.age_on(today) >= rules.PARTY_AGE,
        )
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    assert place is not None
    note = _("Decision on case %(number)s") % {"number": case.child.case_number}
    hold = active_hold(case.child.ref, today)
    if hold is not None and hold.place_id != place.pk:
        # The decision went elsewhere: the held place is free for others again.
        reservation_release(actor=actor, reservation=hold, request=request)
        hold = None
    try:
        if hold is not None:
            # The same ledger row becomes the reservation, so the place counts once.
            reservation = hold_convert(
                actor=actor, hold=hold, start=start, note=note, request=request
            )
        else:
            reservation = place_reserve(
                actor=actor, place=place, child_ref=case.child.ref, start=start, note=note,
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
                legal_basis=proposal.legal_basis, purpose=purpose.strip(),
                expected_duration=expected_duration.strip(),
                investigation_exception=investigation_exception.strip(),
                conditions_accepted=conditions_accepted,
                network_agreement_on=network_agreement_on,
                follows_child_plan=follows_child_plan, siblings_reason=siblings_reason.strip(),
                school_change=school_change, school_change_reason=school_change_reason.strip(),
                schooling=schooling.strip(),
                special_education_assessed_on=special_education_assessed_on,
                conversation_omitted_reason=conversation_omitted_reason.strip(),
                provisional_implemented_on=provisional_implemented_on,
                written_notice_on=written_notice_on,
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
            omitted_ground="" if hearing.sent_on else hearing.omitted_ground,
            omitted_reason="" if hearing.sent_on else hearing.omitted_reason.strip(),
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
    # A plan prepared on the hold goes on under the decision (and is frozen into its basis).
    prepared.decided(decision, actor=actor, request=request)
    # Last, so the frozen basis holds everything written above (hearings, consents, facts).
    basis_write(decision=decision)
    # The PDFs are rendered by the worker once this commits, not in the request (ADR 0015).
    documents_prepare_on_commit(decision.pk)
    return decision


def _release(actor: User | None, decision: Decision, request: HttpRequest | None) -> bool:
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


@transaction.atomic
def provisional_lapse_due(
    *, today: datetime.date | None = None, request: HttpRequest | None = None
) -> list[Decision]:
    """Let every provisional decision (§ 143) the committee did not approve in time lapse.

    The committee approves within 7 days of the implementation, weekends included; from day 8
    the decision is no longer in force: its reserved place is given back and, when no other
    decision holds the case, the case goes back to matching. Safe to run more than once a day.
    """
    day = today or timezone.localdate()
    last_day = day - datetime.timedelta(days=PROVISIONAL_DAYS)
    due = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "reservation")
        .filter(
            status=DecisionStatus.DECIDED,
            legal_basis=LegalBasis.S143_PROVISIONAL.value,
            committee_decided_on__isnull=True,
            provisional_implemented_on__lt=last_day,
        )
        .order_by("pk")
    )
    lapsed = []
    for decision in due:
        _release(None, decision, request)
        decision.status = DecisionStatus.LAPSED
        decision.save()
        case = decision.case
        if not Decision.objects.filter(case=case, status=DecisionStatus.DECIDED).exists():
            case.refresh_from_db(fields=["status"])
            if case.status == CaseStatus.DECIDED:
                course.transition(
                    case, "undecide", actor=None, request=request,
                    reason=_("The provisional decision lapsed (§ 143)."),
                )  # fmt: skip
        log_write(
            request=request, actor=None, action=Action.UPDATE, obj=decision, child=case.child,
            detail={"status": decision.status},
        )  # fmt: skip
        lapsed.append(decision)
    return lapsed


@transaction.atomic
def provisional_approve(
    *,
    actor: User,
    decision: Decision,
    approved_on: datetime.date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Decision:
    """Record the committee's approval of a provisional decision (§ 143) within its 7 days."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.awaits_committee():
        raise ValidationError(
            _("Only a provisional decision in force that awaits the committee can be approved."),
            code="not_provisional",
        )
    refuse_stale(expected=expected_version, actual=decision.version, current=decision)
    implemented, deadline = decision.provisional_implemented_on, decision.lapses_after
    if approved_on is None or approved_on > timezone.localdate():
        message = _("Write the date the committee approved the decision; not a day to come.")
    elif implemented is not None and approved_on < implemented:
        message = _("The committee cannot approve the decision before it was carried out.")
    elif deadline is not None and approved_on > deadline:
        message = _(
            "The committee approved it after %(deadline)s, more than 7 days after it was "
            "carried out: the provisional decision has lapsed (§ 143)."
        ) % {"deadline": date_format(deadline, "SHORT_DATE_FORMAT")}
    else:
        message = ""
    if message:
        raise ValidationError({"approved_on": [message]})
    decision.committee_decided_on = approved_on
    decision.save()
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=decision,
        child=decision.case.child, detail={"committee_decided_on": str(approved_on)},
    )  # fmt: skip
    return decision
