# SPDX-License-Identifier: MPL-2.0
"""matching: every write (keyword-only, typed, one transaction, acting user, audit row).

Inquiries: sending to candidate places, the place's answer, withdrawing, and proceeding to
stage 2 (which is logged as a disclosure of the child's data to the place).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matchengine.vocab import Dimension
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.audit.services import CHILD_SUBJECT, access_log_write
from placematch.children.models import Case
from placematch.matching.models import (
    OPEN_STATUSES,
    Answer,
    DeclineReason,
    DimensionAnswer,
    DisclosureBasis,
    Inquiry,
    InquiryDimensionAnswer,
    InquiryStatus,
    Urgency,
)
from placematch.matching.notices import inquiry_notify
from placematch.matching.selectors import max_open_inquiries
from placematch.matching.workdays import acute_deadline, normal_deadline
from placematch.providers.models import Place


class InquiryError(ValidationError):
    """A rule about inquiries was broken; the message says what and how to fix it."""


def answer_deadline(sent_at: datetime.datetime, urgency: str) -> datetime.datetime:
    if urgency == Urgency.ACUTE:
        return acute_deadline(sent_at, int(settings.MATCHING_ACUTE_ANSWER_HOURS))
    return normal_deadline(sent_at, int(settings.MATCHING_ANSWER_WORKING_DAYS))


def check_open_limit(case: Case, adding: int) -> None:
    """Raise when sending ``adding`` more inquiries would exceed the open limit for the child."""
    limit = max_open_inquiries()
    open_now = Inquiry.objects.filter(
        case__child_id=case.child_id, status__in=OPEN_STATUSES
    ).count()
    if open_now + adding > limit:
        free = max(0, limit - open_now)
        raise InquiryError(
            ngettext(
                "A child may have at most %(limit)s open inquiry at a time.",
                "A child may have at most %(limit)s open inquiries at a time.",
                limit,
            )
            % {"limit": limit}
            + " "
            + _(
                "This child has %(open)s open now, so you can send %(free)s more. Choose fewer "
                "places, or withdraw an inquiry that is no longer relevant."
            )
            % {"open": open_now, "free": free},
            code="open_limit",
        )


def _log(
    request: HttpRequest | None, user: User, action: str, inquiry: Inquiry, **detail: object
) -> None:
    access_log_write(
        request=request,
        user=user,
        action=action,
        obj=inquiry,
        subject_type=CHILD_SUBJECT,
        subject_id=inquiry.case.child_id,
        detail=dict(detail),
    )


def inquiry_send(
    *,
    request: HttpRequest | None,
    user: User,
    case: Case,
    places: Iterable[Place],
    urgency: str,
    disclosure_basis: str,
    disclosure_note: str,
    parents_informed_on: datetime.date,
    child_informed_on: datetime.date,
    now: datetime.datetime | None = None,
) -> list[Inquiry]:
    """Send one inquiry per chosen place; all or none are sent."""
    chosen = list({p.pk: p for p in places}.values())
    if not chosen:
        raise InquiryError(_("Choose at least one place to send the inquiry to."), code="no_place")
    if disclosure_basis not in DisclosureBasis.values:
        raise InquiryError(_("Choose the legal basis for sending the profile."), code="basis")
    if disclosure_basis == DisclosureBasis.OTHER and not disclosure_note.strip():
        raise InquiryError(_("Describe the other legal basis in the note."), code="basis_note")
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the case row so two sends at once cannot both pass the open limit.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        already = set(
            Inquiry.objects.filter(
                case=locked, status__in=OPEN_STATUSES, place__in=chosen
            ).values_list("place__name", flat=True)
        )
        if already:
            raise InquiryError(
                _("There is already an open inquiry to %(places)s. Choose other places.")
                % {"places": ", ".join(sorted(already))},
                code="duplicate",
            )
        check_open_limit(locked, len(chosen))
        due = answer_deadline(now, urgency)
        created = []
        for place in chosen:
            inquiry = Inquiry.objects.create(
                organisation_id=locked.organisation_id,
                case=locked,
                place=place,
                urgency=urgency,
                sent_at=now,
                due_at=due,
                sent_by=user,
                disclosure_basis=disclosure_basis,
                disclosure_note=disclosure_note.strip(),
                parents_informed_on=parents_informed_on,
                child_informed_on=child_informed_on,
            )
            # Sending the stage-1 profile is a disclosure of the child's data to the place.
            _log(request, user, Action.CREATE, inquiry, place=place.pk, stage=1)
            # The place's staff hear of it by e-mail, queued in this transaction.
            inquiry_notify(inquiry=inquiry, actor=user)
            created.append(inquiry)
        return created


def inquiry_answer(
    *,
    request: HttpRequest | None,
    user: User,
    inquiry: Inquiry,
    answer: str,
    dimension_answers: Mapping[str, str],
    decline_reason: str = "",
    decline_text: str = "",
    support_needed: str = "",
    view: str = "",
    now: datetime.datetime | None = None,
) -> Inquiry:
    """Record the place's answer; a 'no' needs a reason code, 'other' a reason in words."""
    if answer not in Answer.values:
        raise InquiryError(_("Choose yes, yes with support, maybe or no."), code="answer")
    if answer == Answer.NO:
        if decline_reason not in DeclineReason.values:
            raise InquiryError(_("Choose why you say no."), code="reason")
        if decline_reason == DeclineReason.OTHER and not decline_text.strip():
            raise InquiryError(_("Write the reason when you choose 'Other reason'."), code="text")
    else:
        decline_reason, decline_text = "", ""
        missing = [
            d for d in Dimension if dimension_answers.get(d.value) not in DimensionAnswer.values
        ]
        if missing:
            raise InquiryError(_("Answer every dimension."), code="dimensions")
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().select_related("case").get(pk=inquiry.pk)
        if locked.status != InquiryStatus.SENT:
            raise InquiryError(
                _("This inquiry can no longer be answered: it is %(status)s.")
                % {"status": locked.get_status_display().lower()},
                code="state",
            )
        locked.answer = answer
        locked.decline_reason = decline_reason
        locked.decline_text = decline_text.strip()
        locked.support_needed = support_needed.strip()
        locked.view = view.strip()
        locked.answered_at = now or timezone.now()
        locked.answered_by = user
        locked.status = InquiryStatus.DECLINED if answer == Answer.NO else InquiryStatus.ANSWERED
        locked.save()
        InquiryDimensionAnswer.objects.filter(inquiry=locked).delete()
        InquiryDimensionAnswer.objects.bulk_create(
            InquiryDimensionAnswer(
                inquiry=locked, dimension=d.value, answer=dimension_answers[d.value]
            )
            for d in Dimension
            if dimension_answers.get(d.value) in DimensionAnswer.values
        )
        _log(request, user, Action.UPDATE, locked, answer=answer, reason=decline_reason)
        return locked


def inquiry_withdraw(
    *,
    request: HttpRequest | None,
    user: User,
    inquiry: Inquiry,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Inquiry:
    """The caseworker withdraws an inquiry; the place then sees no profile any more."""
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().select_related("case").get(pk=inquiry.pk)
        if locked.status in (InquiryStatus.WITHDRAWN, InquiryStatus.DECLINED):
            raise InquiryError(
                _("This inquiry is already closed: it is %(status)s.")
                % {"status": locked.get_status_display().lower()},
                code="state",
            )
        locked.status = InquiryStatus.WITHDRAWN
        locked.withdrawn_at = now or timezone.now()
        locked.withdrawn_by = user
        locked.withdraw_reason = reason.strip()
        locked.save()
        _log(request, user, Action.UPDATE, locked, status="withdrawn")
        return locked


def inquiry_proceed(
    *,
    request: HttpRequest | None,
    user: User,
    inquiry: Inquiry,
    now: datetime.datetime | None = None,
) -> Inquiry:
    """After a yes, open stage 2 for the place; logged as a disclosure of the child's data."""
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().select_related("case").get(pk=inquiry.pk)
        if not locked.may_proceed:
            raise InquiryError(
                _("You can share more only after the place has answered yes or yes with support."),
                code="state",
            )
        locked.proceeded_at = now or timezone.now()
        locked.proceeded_by = user
        locked.save()
        access_log_write(
            request=request,
            user=user,
            action=Action.DISCLOSE,
            obj=locked,
            subject_type=CHILD_SUBJECT,
            subject_id=locked.case.child_id,
            detail={"stage": 2, "place": locked.place_id},
        )
        return locked
