# SPDX-License-Identifier: MPL-2.0
"""preparation: the move: the reservation becomes a placement and the started placement is kept."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from matchengine.vocab import CaseType
from placematch.accounts.models import User
from placematch.audit.models import Action
from placematch.children import course
from placematch.children.models import CaseStatus
from placematch.children.services import log_write
from placematch.preparation.models import (
    PlanStatus,
    PreparationPlan,
    StartedKind,
    StartedPlacement,
)
from placematch.preparation.signals import placement_started
from placematch.providers.ledger import reservation_convert
from placematch.providers.models import ReservationStatus

KIND_OF_CASE = {
    CaseType.FIRST_PLACEMENT.value: StartedKind.NEW,
    CaseType.CHANGE_OF_PLACEMENT.value: StartedKind.CHANGE,
    CaseType.RE_PLACEMENT.value: StartedKind.RE_PLACEMENT,
}


class MoveError(Exception):
    """The plan cannot be moved today; the message says why (for the command's report)."""


@dataclass
class MoveReport:
    placed: list[StartedPlacement] = field(default_factory=list)
    problems: list[tuple[PreparationPlan, str]] = field(default_factory=list)


def plans_due(today: datetime.date) -> list[PreparationPlan]:
    """Plans with a mutual yes whose move date has come (a missed day is caught up)."""
    return list(
        PreparationPlan.objects.filter(
            status=PlanStatus.AGREED,
            move_date__lte=today,
            started_placement__isnull=True,
            decision__isnull=False,
        )
        .select_related("case__child", "decision__reservation", "place")
        .order_by("move_date", "pk")
    )


@transaction.atomic
def placement_start(
    *, actor: User | None, plan: PreparationPlan, request: HttpRequest | None = None
) -> StartedPlacement:
    """Move one child: the ledger's placement, the case "placed", the started-placement row.

    Running it again for the same plan changes nothing: the plan is locked and checked first.
    """
    plan = (
        PreparationPlan.objects.select_for_update(of=("self",))
        .select_related("case__child", "decision__reservation", "place")
        .get(pk=plan.pk)
    )
    existing = StartedPlacement.objects.filter(plan=plan).first()
    if existing is not None:
        return existing
    if plan.status != PlanStatus.AGREED or plan.move_date is None:
        raise MoveError("no mutual yes or no move date")
    case = plan.case
    if case.status not in (CaseStatus.DECIDED, CaseStatus.PLACED):
        raise MoveError(f"case status is {case.status}")
    if plan.decision is None:
        raise MoveError("the place is held, not decided")
    reservation = plan.decision.reservation
    if reservation is None or reservation.status != ReservationStatus.ACTIVE:
        raise MoveError("the decision has no active reservation")
    placement = reservation_convert(
        actor=actor, reservation=reservation, start=plan.move_date, request=request
    )
    started = StartedPlacement.objects.create(
        organisation=case.organisation, case=case, plan=plan, place=plan.place,
        placement=placement, kind=KIND_OF_CASE.get(case.case_type, StartedKind.NEW),
        started_on=plan.move_date,
    )  # fmt: skip
    plan.status = PlanStatus.PLACED
    plan.save(update_fields=["status", "updated_at"])
    if case.status != CaseStatus.PLACED:
        course.transition(case, "place", actor=actor, request=request)
    log_write(
        request=request, actor=actor, action=Action.CREATE, obj=started, child=case.child,
        detail={"kind": started.kind, "place": plan.place_id},
    )  # fmt: skip
    placement_started.send(sender=StartedPlacement, started=started, actor=actor, request=request)
    return started


def move_due(*, today: datetime.date) -> MoveReport:
    """Move every child whose move date has come; one plan's problem does not stop the rest."""
    report = MoveReport()
    for plan in plans_due(today):
        try:
            report.placed.append(placement_start(actor=None, plan=plan))
        except (MoveError, ValueError, ValidationError) as error:
            report.problems.append((plan, str(error)))
    return report
