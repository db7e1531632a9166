# SPDX-License-Identifier: MPL-2.0
"""followup: every write after the move: the record, the plan's versions, follow-ups, visits.

Each service runs in one transaction, checks its rules first (a refusal is a ``ValidationError``
with a translated message and nothing written) and writes an audit row with the child as
subject. ``today`` is a parameter so the rules can be tested on fixed dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matchengine.vocab import Dimension, SupportKind
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children.models import Case
from placematch.children.selectors import latest_assessment
from placematch.children.services import log_write
from placematch.core.codes import label_of
from placematch.core.concurrency import lock_current, refuse_stale
from placematch.followup import rules, services_voice
from placematch.followup.models import (
    ChildPlan,
    ChildPlanVersion,
    FollowUp,
    FollowUpKind,
    GoalProgress,
    PlacementRecord,
    PlanGoal,
    PromisedSupport,
    SupervisionVisit,
    SupportSource,
)
from placematch.matching.explain import support_lines
from placematch.matching.models import Answer, Inquiry
from placematch.preparation.models import StartedPlacement
from placematch.providers.selectors import support_for_family

DIMENSIONS = frozenset(d.value for d in Dimension)


@dataclass(frozen=True)
class GoalInput:
    """One goal of a plan version as the form sent it."""

    dimension: str
    target_level: str
    target_date: datetime.date
    goal: str
    measures: str = ""


@dataclass(frozen=True)
class ProgressInput:
    """The level reached on one goal's dimension at a follow-up."""

    dimension: str
    level: str
    note: str = ""


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _today(today: datetime.date | None) -> datetime.date:
    return today if today is not None else timezone.localdate()


# The record ----------------------------------------------------------------------------------


def _promised(record: PlacementRecord) -> list[PromisedSupport]:
    """What was promised when the place was chosen: the gap matrix, the family, the place."""
    rows: list[PromisedSupport] = []
    if record.run is not None:
        top = {str(t["place_id"]): t for t in record.run.result().get("top", [])}
        chosen = top.get(str(record.place_id))
        for item, line in zip(
            (chosen or {}).get("suggested_support", []),
            support_lines((chosen or {}).get("suggested_support", [])),
            strict=True,
        ):
            rows.append(
                PromisedSupport(
                    record=record,
                    source=SupportSource.MATCH,
                    dimension=item["dimension"],
                    kinds=list(item["suggested"]),
                    text=line,
                )
            )
    for arrangement in support_for_family(record.place.provider, record.started_on):
        rows.append(
            PromisedSupport(
                record=record,
                source=SupportSource.FAMILY,
                kinds=[arrangement.kind],
                dimension=(arrangement.dimensions or [""])[0],
                text=_("%(kind)s from %(who)s, %(hours)s hours a month")
                % {
                    "kind": label_of(SupportKind, arrangement.kind),
                    "who": arrangement.supporter_display,
                    "hours": arrangement.hours_per_month,
                },
            )
        )
    inquiry = (
        Inquiry.objects.filter(case=record.case, place=record.place, answer=Answer.YES_WITH_SUPPORT)
        .order_by("-pk")
        .first()
    )
    if inquiry is not None and inquiry.support_needed.strip():
        rows.append(
            PromisedSupport(record=record, source=SupportSource.PLACE, text=inquiry.support_needed)
        )
    return rows


@transaction.atomic
def record_open(
    *, started: StartedPlacement, actor: User | None = None, request: HttpRequest | None = None
) -> PlacementRecord:
    """Open the placement record of a started placement (the move calls it); twice is harmless."""
    existing = PlacementRecord.objects.filter(started=started).first()
    if existing is not None:
        return existing
    decision = started.plan.decision
    if decision is None:
        raise ValueError("a placement starts only from a decision")
    case = started.case
    record = PlacementRecord.objects.create(
        organisation=started.organisation, started=started, case=case, place=started.place,
        started_on=started.started_on, kind=started.kind,
        legal_basis=decision.legal_basis or case.legal_basis, decision=decision,
        run=decision.meeting.run if decision.meeting is not None else None,
    )  # fmt: skip
    PromisedSupport.objects.bulk_create(_promised(record))
    FollowUp.objects.create(
        organisation=record.organisation, record=record, kind=FollowUpKind.FIRST,
        due_on=rules.first_followup_due(record.started_on),
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=record, child=case.child,
        detail={"started": started.pk},
    )  # fmt: skip
    return record


@transaction.atomic
def record_investigation_set(
    *,
    actor: User,
    record: PlacementRecord,
    ends_on: datetime.date | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> PlacementRecord:
    """Record when an investigation run alongside ends; the first follow-up moves with it."""
    locked = lock_current(PlacementRecord, pk=record.pk, expected_version=expected_version)
    if ends_on is not None and ends_on < locked.started_on:
        raise ValidationError(
            {
                "investigation_ends_on": _(
                    "An investigation run alongside ends after the move on %(start)s. Write a "
                    "later date, or leave the field empty."
                )
                % {"start": _d(locked.started_on)}
            }
        )
    locked.investigation_ends_on = ends_on
    locked.save(update_fields=["investigation_ends_on", "updated_at"])
    FollowUp.objects.filter(record=locked, kind=FollowUpKind.FIRST, held_on__isnull=True).update(
        due_on=rules.first_followup_due(locked.started_on, ends_on)
    )
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=locked, child=record.case.child,
        detail={"fields": ["investigation_ends_on"]},
    )  # fmt: skip
    return locked


# The child's plan ---------------------------------------------------------------------------


def _check_goals(goals: Sequence[GoalInput], made_on: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for goal in goals:
        prefix = goal.dimension
        if goal.dimension not in DIMENSIONS or goal.dimension in seen:
            errors.setdefault("__all__", []).append(_("Each matching dimension can have one goal."))
            continue
        seen.add(goal.dimension)
        if not rules.on_scale(goal.target_level):
            errors.setdefault(f"{prefix}__target_level", []).append(
                _("Choose a target level on the scale from none to complete.")
            )
        if goal.target_date <= made_on:
            errors.setdefault(f"{prefix}__target_date", []).append(
                _("The target date comes after the plan's date, %(day)s.") % {"day": _d(made_on)}
            )
        if not goal.goal.strip():
            errors.setdefault(f"{prefix}__goal", []).append(_("Write the goal."))
    if not goals:
        errors.setdefault("__all__", []).append(
            _("Write a goal for at least one matching dimension.")
        )
    return errors


@transaction.atomic
def plan_version_create(
    *,
    actor: User,
    case: Case,
    made_on: datetime.date,
    goals: Sequence[GoalInput],
    child_goals: str = "",
    family_support: str = "",
    note: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> ChildPlanVersion:
    """Write the next version of the case's child's plan, its goals' starting levels from the
    needs assessed now. ``expected_version`` is the number the form was built on (0: none)."""
    errors = _check_goals(goals, made_on)
    if made_on > _today(today):
        errors.setdefault("made_on", []).append(
            _("The plan's date is in the future. Write the day the plan was made.")
        )
    if errors:
        raise ValidationError(errors)
    # Locking the case row serialises two versions of the same plan.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    plan = ChildPlan.objects.filter(case=case).first()
    if plan is None:
        plan = ChildPlan.objects.create(organisation=case.organisation, case=case, created_by=actor)
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    if expected_version is not None:
        refuse_stale(
            expected=expected_version, actual=last,
            current=plan.versions.filter(number=last).first(),
        )  # fmt: skip
    assessment = latest_assessment(case)
    levels = assessment.levels() if assessment is not None else {}
    version = ChildPlanVersion.objects.create(
        plan=plan, number=last + 1, made_on=made_on, assessment=assessment,
        child_goals=child_goals.strip(), family_support=family_support.strip(),
        note=note.strip(), created_by=actor,
    )  # fmt: skip
    for goal in goals:
        PlanGoal.objects.create(
            version=version, dimension=goal.dimension,
            start_level=levels.get(goal.dimension, "not_assessed"),
            target_level=goal.target_level, target_date=goal.target_date,
            goal=goal.goal.strip(), measures=goal.measures.strip(),
        )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=version, child=case.child,
        detail={"version": version.number, "goals": [g.dimension for g in goals]},
    )  # fmt: skip
    return version


# Follow-ups ---------------------------------------------------------------------------------


def _not_before_move(record: PlacementRecord, day: datetime.date, field: str) -> dict[str, str]:
    if day < record.started_on:
        return {
            field: _("The child moved on %(start)s. A date before the move is not possible.")
            % {"start": _d(record.started_on)}
        }
    return {}


@transaction.atomic
def followup_schedule(
    *,
    actor: User,
    record: PlacementRecord,
    due_on: datetime.date,
    reason: str,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> FollowUp:
    """Plan a later follow-up (§ 95, stk. 3) on a day, with the reason for that day."""
    errors: dict[str, str] = _not_before_move(record, due_on, "due_on")
    if not errors and due_on < _today(today):
        errors["due_on"] = _("The day has passed. Plan the follow-up for today or later.")
    if not reason.strip():
        errors["reason"] = _("Write why the follow-up is set for that day (§ 95, stk. 3).")
    if errors:
        raise ValidationError(errors)
    followup = FollowUp.objects.create(
        organisation=record.organisation, record=record, kind=FollowUpKind.LATER, due_on=due_on,
        reason=reason.strip(),
    )  # fmt: skip
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=followup, child=record.case.child,
        detail={"due_on": due_on.isoformat()},
    )  # fmt: skip
    return followup


@transaction.atomic
def followup_hold(
    *,
    actor: User,
    followup: FollowUp,
    held_on: datetime.date,
    notes: str,
    progress: Sequence[ProgressInput],
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> FollowUp:
    """Record a held follow-up with the level reached on each goal, on the needs' scale."""
    locked = (
        FollowUp.objects.select_for_update()
        .select_related("record__case__child")
        .get(pk=followup.pk)
    )
    record = locked.record
    if locked.is_held:
        raise ValidationError(
            _("This follow-up was recorded on %(day)s already.") % {"day": _d(locked.held_on)}  # type: ignore[arg-type]
        )
    errors: dict[str, list[str] | str] = dict(_not_before_move(record, held_on, "held_on"))
    if held_on > _today(today):
        errors["held_on"] = _("The follow-up's date is in the future. Write the day it was held.")
    seen: set[str] = set()
    for row in progress:
        if row.dimension not in DIMENSIONS or row.dimension in seen:
            errors["__all__"] = _("Each goal can have one level.")
        elif not rules.on_scale(row.level):
            errors[f"{row.dimension}__level"] = _(
                "Choose the level on the scale from none to complete."
            )
        seen.add(row.dimension)
    if errors:
        raise ValidationError(errors)
    locked.held_on = held_on
    locked.notes = notes.strip()
    locked.held_by = actor
    locked.save(update_fields=["held_on", "notes", "held_by", "updated_at"])
    GoalProgress.objects.bulk_create(
        GoalProgress(followup=locked, dimension=r.dimension, level=r.level, note=r.note.strip())
        for r in progress
    )
    log_write(
        request=request, actor=actor, action=Action.UPDATE, obj=locked, child=record.case.child,
        detail={"held_on": held_on.isoformat(), "goals": [r.dimension for r in progress]},
    )  # fmt: skip
    return locked


# Supervision visits -------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor: User,
    record: PlacementRecord,
    visited_on: datetime.date,
    present: str,
    talked_alone: bool,
    not_alone_reason: str = "",
    notes: str = "",
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> SupervisionVisit:
    """Record a supervision visit (§ 156, stk. 5) and whether the child was talked to alone."""
    errors: dict[str, str] = _not_before_move(record, visited_on, "visited_on")
    if visited_on > _today(today):
        errors["visited_on"] = _("The visit's date is in the future. Write the day of the visit.")
    if not present.strip():
        errors["present"] = _("Write who was present at the visit.")
    if not talked_alone and not not_alone_reason.strip():
        errors["not_alone_reason"] = _(
            "Write why the conversation with the child without the placement's staff did not "
            "take place (§ 156, stk. 5)."
        )
    if errors:
        raise ValidationError(errors)
    visit = SupervisionVisit.objects.create(
        organisation=record.organisation, record=record, visited_on=visited_on,
        present=present.strip(), talked_alone=talked_alone,
        not_alone_reason="" if talked_alone else not_alone_reason.strip(), notes=notes.strip(),
        created_by=actor,
    )  # fmt: skip
    services_voice.wishes_attach(visit)
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=visit, child=record.case.child,
        detail={"visited_on": visited_on.isoformat(), "talked_alone": talked_alone},
    )  # fmt: skip
    return visit
