# SPDX-License-Identifier: MPL-2.0
"""followup: reads, scoped through the case the user may see (children's scoping)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from placematch.children.deadlines import Deadline, deadline
from placematch.children.models import Case, CaseStatus
from placematch.children.selectors import visible_cases
from placematch.followup import rules
from placematch.followup.models import (
    ChildPlan,
    ChildPlanVersion,
    FollowUp,
    PlacementRecord,
    PlanGoal,
)


def record_of(case: Case) -> PlacementRecord | None:
    return (
        PlacementRecord.objects.filter(case=case)
        .select_related("place__provider", "decision", "run", "started__plan")
        .first()
    )


def plan_of(case: Case) -> ChildPlan | None:
    return ChildPlan.objects.filter(case=case).first()


def plan_versions(case: Case) -> list[ChildPlanVersion]:
    """The plan's versions, newest first, with their goals and authors."""
    return list(
        ChildPlanVersion.objects.filter(plan__case=case)
        .select_related("created_by")
        .prefetch_related("goals")
        .order_by("-number")
    )


def current_goals(case: Case) -> list[PlanGoal]:
    version = ChildPlanVersion.objects.filter(plan__case=case).order_by("-number").first()
    return list(version.goals.all()) if version is not None else []


def followups_of(record: PlacementRecord) -> list[FollowUp]:
    return list(record.followups.prefetch_related("progress").select_related("held_by"))


def first_plan_dates(case_ids: Sequence[int]) -> dict[int, datetime.date]:
    """The day each case's plan was first made (its earliest version)."""
    rows = (
        ChildPlanVersion.objects.filter(plan__case_id__in=case_ids)
        .values("plan__case_id")
        .annotate(first=Min("made_on"))
    )
    return {row["plan__case_id"]: row["first"] for row in rows}


@dataclass(frozen=True)
class Due:
    """The next follow-up and supervision visit of one placement."""

    record: PlacementRecord
    followup: datetime.date | None
    visit: datetime.date


def records_due(case_ids: Sequence[int] | None = None, *, user: object = None) -> list[Due]:
    """Placed children's records with their next follow-up and visit (one query)."""
    # An ended record has nothing more due, even while its case waits for the next move.
    records: QuerySet[PlacementRecord] = PlacementRecord.objects.filter(
        case__status=CaseStatus.PLACED, ending__isnull=True
    )
    if case_ids is not None:
        records = records.filter(case_id__in=case_ids)
    if user is not None:
        records = records.filter(case__in=visible_cases(user))
    records = records.select_related("case__child", "place").annotate(
        next_followup=Min("followups__due_on", filter=Q(followups__held_on__isnull=True)),
        last_visit=Max("visits__visited_on"),
    )
    return [
        Due(
            record=r,
            followup=r.next_followup,
            visit=rules.next_visit_due(r.started_on, [r.last_visit] if r.last_visit else []),
        )
        for r in records
    ]


def deadlines_of(due: Due, today: datetime.date) -> list[Deadline]:
    found = []
    if due.followup is not None:
        found.append(deadline("followup", _("Follow-up (§ 95)"), due.followup, today))
    found.append(deadline("visit", _("Supervision visit (§ 156, stk. 5)"), due.visit, today))
    return found


def case_deadlines(cases: Sequence[Case], today: datetime.date) -> dict[int, list[Deadline]]:
    """The follow-up's and the visit's deadlines of placed cases (children's registry)."""
    placed = [case.pk for case in cases if case.status == CaseStatus.PLACED]
    if not placed:
        return {}
    return {due.record.case_id: deadlines_of(due, today) for due in records_due(placed)}
