# SPDX-License-Identifier: MPL-2.0
"""decisions: recording the match meeting with its participants and §52 checklist answers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children.models import Case
from placematch.children.services import log_write
from placematch.core.concurrency import StaleEditError, lock_current
from placematch.decisions import rules
from placematch.decisions.models import (
    ChecklistAnswer,
    ChecklistAnswerValue,
    ChecklistPoint,
    ExternalParticipant,
    FosterAssessment,
    MatchMeeting,
)
from placematch.matching.foster import run_foster_families
from placematch.matching.models import MatchRun


@dataclass(frozen=True)
class ChecklistInput:
    point: str
    answer: str  # a ChecklistAnswerValue, or "" while the meeting has not answered it
    reason: str = ""


@transaction.atomic
def meeting_save(
    *,
    actor: User,
    case: Case,
    held_on: datetime.date,
    run: MatchRun | None = None,
    participants: Iterable[User] = (),
    externals: Sequence[tuple[str, str]] = (),
    checklist: Sequence[ChecklistInput] = (),
    notes: str = "",
    foster_assessment: str = "",
    foster_assessment_reasons: str = "",
    meeting: MatchMeeting | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> MatchMeeting:
    """Record a new match meeting, or update one; unmet §52 points need a written reason.

    ``expected_version`` is the version the meeting's form was loaded with: when someone saved
    the meeting since, ``StaleEditError`` is raised and nothing is written. A meeting a decision
    rests on is locked: saving it writes a new meeting row linked to it (``previous``, the next
    ``revision``) and returns that, so the decision's meeting and its answers stay as they were.
    Only the newest version can be changed.

    ``foster_assessment`` is the § 52, stk. 2 conclusion (a ``FosterAssessment``, or "" while
    not assessed); concluding for another form than a foster family needs reasons when the run
    ranked a foster family that could take the child.
    """
    errors: dict[str, list[str]] = {}
    if run is not None and run.case_id != case.pk:
        errors.setdefault("run", []).append(_("Choose a match run made for this case."))
    people = list(participants)
    if any(p.organisation_id != case.organisation_id for p in people):
        errors.setdefault("participants", []).append(
            _("Participants must be users in your municipality.")
        )
    for item in checklist:
        if item.point not in ChecklistPoint.values:
            raise ValueError(f"unknown checklist point {item.point}")
        if item.answer and item.answer not in ChecklistAnswerValue.values:
            raise ValueError(f"unknown checklist answer {item.answer}")
        if item.answer == ChecklistAnswerValue.NOT_MET and not item.reason.strip():
            errors.setdefault(f"reason_{item.point}", []).append(rules.unmet_reason_message())
    if foster_assessment and foster_assessment not in FosterAssessment.values:
        raise ValueError(f"unknown foster-family assessment {foster_assessment}")
    unreasoned = not foster_assessment_reasons.strip()
    if (
        foster_assessment == FosterAssessment.INSTITUTION
        and unreasoned
        and run_foster_families(run)
    ):
        errors.setdefault("foster_assessment_reasons", []).append(rules.foster_reasons_message())
    if errors:
        raise ValidationError(errors)
    assessed = {
        "foster_assessment": foster_assessment,
        "foster_assessment_reasons": foster_assessment_reasons.strip(),
    }
    if meeting is None:
        meeting = MatchMeeting.objects.create(
            organisation=case.organisation, case=case, run=run, held_on=held_on,
            notes=notes.strip(), created_by=actor, **assessed,
        )  # fmt: skip
        action = Action.CREATE
    else:
        if meeting.case_id != case.pk:
            raise ValueError("the meeting belongs to another case")
        meeting = lock_current(MatchMeeting, pk=meeting.pk, expected_version=expected_version)
        newest = _newest_version(meeting)
        if newest.pk != meeting.pk:
            # Someone saved a new version since this one was loaded: a stale edit, named
            # against the newest version so the user sees what changed.
            raise StaleEditError(current=newest, version=meeting.version)
        if meeting.decisions.exists():
            # A decision rests on this meeting: keep it as it was and record a new version.
            meeting = MatchMeeting.objects.create(
                organisation=case.organisation, case=case, run=run, held_on=held_on,
                notes=notes.strip(), created_by=actor, previous=meeting,
                revision=meeting.revision + 1, **assessed,
            )  # fmt: skip
            action = Action.CREATE
        else:
            meeting.run, meeting.held_on, meeting.notes = run, held_on, notes.strip()
            for name, value in assessed.items():
                setattr(meeting, name, value)
            meeting.save()
            meeting.external_participants.all().delete()
            action = Action.UPDATE
    meeting.participants.set(people)
    for name, role in externals:
        if name.strip():
            ExternalParticipant.objects.create(
                meeting=meeting, name=name.strip()[:200], role=role.strip()[:200]
            )
    for item in checklist:
        ChecklistAnswer.objects.update_or_create(
            meeting=meeting,
            point=item.point,
            defaults={"answer": item.answer, "reason": item.reason.strip()},
        )
    log_write(request=request, actor=actor, action=action, obj=meeting, child=case.child)
    return meeting


def _newest_version(meeting: MatchMeeting) -> MatchMeeting:
    """The last meeting in the chain of versions that starts at ``meeting``."""
    newest = meeting
    while (following := MatchMeeting.objects.filter(previous=newest).first()) is not None:
        newest = following
    return newest


def checklist_inputs(data: Mapping[str, Any]) -> list[ChecklistInput]:
    """Read the checklist answers from cleaned form data (answer_<point>, reason_<point>)."""
    return [
        ChecklistInput(
            point=point,
            answer=data.get(f"answer_{point}") or "",
            reason=data.get(f"reason_{point}") or "",
        )
        for point in ChecklistPoint.values
    ]
