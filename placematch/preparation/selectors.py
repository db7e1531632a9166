# SPDX-License-Identifier: MPL-2.0
"""preparation: every non-trivial read, scoped to the user's organisation."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from matchengine.vocab import PlaceForm
from placematch.accounts.models import Role
from placematch.children.models import Case
from placematch.children.selectors import parents_of, siblings_apart, visible_cases
from placematch.preparation.models import (
    ChecklistItem,
    ContactWith,
    MeetingFeedback,
    Party,
    PlanStatus,
    PreparationMeeting,
    PreparationPlan,
)

OPEN = (PlanStatus.PREPARING, PlanStatus.AGREED)


def plan_of(case: Case) -> PreparationPlan | None:
    """The case's newest plan (a withdrawn decision may have left an older, stopped one)."""
    return (
        PreparationPlan.objects.filter(case=case)
        .select_related("place__provider", "decision", "reservation", "created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def meetings_of(plan: PreparationPlan) -> list[PreparationMeeting]:
    return list(
        plan.meetings.prefetch_related(
            "parents",
            Prefetch("feedback", queryset=MeetingFeedback.objects.select_related("person")),
        )
    )


def checklist_by_party(plan: PreparationPlan) -> list[tuple[str, str, list[ChecklistItem]]]:
    """(party code, label, items) in the parties' order; every party shows, even when empty."""
    items = list(plan.checklist.select_related("done_by"))
    return [
        (party.value, str(party.label), [i for i in items if i.party == party.value])
        for party in Party
    ]


def siblings_without_contact(plan: PreparationPlan) -> list[Any]:
    """Siblings placed elsewhere who have no line in the contact plan yet."""
    covered = set(
        plan.contacts.filter(with_kind=ContactWith.SIBLING).values_list("sibling_id", flat=True)
    )
    apart = siblings_apart(plan.case.child, timezone.localdate())
    return [s for s in apart if s.pk not in covered]


def parents_without_contact(plan: PreparationPlan) -> list[Any]:
    covered = set(
        plan.contacts.filter(with_kind=ContactWith.PARENT).values_list("person_id", flat=True)
    )
    return [p for p in parents_of(plan.case.child) if p.pk not in covered]


def due_items(user: Any, today: datetime.date, days: int = 7) -> QuerySet[ChecklistItem]:
    """Undone checklist items due within ``days`` (or overdue) on the cases the user sees."""
    return ChecklistItem.objects.filter(
        plan__case__in=visible_cases(user),
        plan__status__in=OPEN,
        done_on__isnull=True,
        due_on__lte=today + datetime.timedelta(days=days),
    ).select_related("plan__case__child")


# -- the placement's side ---------------------------------------------------------------


def provider_plans(user: Any) -> QuerySet[PreparationPlan]:
    """Open plans (and moves of the last weeks) for places of the user's own provider."""
    if not getattr(user, "is_provider_user", False) or user.organisation_id is None:
        return PreparationPlan.objects.none()
    return (
        PreparationPlan.objects.filter(
            place__provider__organisation_id=user.organisation_id,
            status__in=[*OPEN, PlanStatus.PLACED],
        )
        .select_related("case__child", "place")
        .order_by("move_date", "pk")
    )


def provider_plan_get(user: Any, pk: int) -> PreparationPlan:
    plan = provider_plans(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


# -- the family-care consultant's side ---------------------------------------------------


def consultant_plans(user: Any) -> QuerySet[PreparationPlan]:
    """Plans for places of foster families the consultant's municipality is responsible for.

    The child may be placed by any municipality: the consultant supports the family, not the case.
    """
    if not (
        getattr(user, "is_municipal", False)
        and getattr(user, "role", "") == Role.FAMILY_CARE_CONSULTANT
        and user.organisation_id is not None
    ):
        return PreparationPlan.objects.none()
    return (
        PreparationPlan.objects.filter(
            place__provider__form=PlaceForm.FOSTER_FAMILY.value,
            place__provider__responsible_municipality_id=user.organisation_id,
            status__in=[*OPEN, PlanStatus.PLACED],
        )
        .select_related("case__child", "case__organisation", "place__provider")
        .order_by("move_date", "pk")
    )


def consultant_plan_get(user: Any, pk: int) -> PreparationPlan:
    plan = consultant_plans(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan
