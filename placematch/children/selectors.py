# SPDX-License-Identifier: MPL-2.0
"""children: every non-trivial read, scoped to the user's organisation and case visibility."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from placematch.accounts.models import Role, User
from placematch.children.models import (
    Assessment,
    Case,
    Child,
    Conversation,
    ParentView,
    RelatedPerson,
    Sibling,
    Wish,
)
from placematch.core.inputs import parse_id


def visible_cases(user: Any) -> QuerySet[Case]:
    """Caseworkers: cases assigned to them or their team; team leaders: the whole municipality."""
    if not getattr(user, "is_authenticated", False) or not user.is_municipal:
        return Case.objects.none()
    cases = Case.objects.filter(organisation_id=user.organisation_id)
    if user.role == Role.TEAM_LEADER:
        return cases
    if user.role == Role.CASEWORKER:
        mine = Q(caseworkers=user)
        if user.team_id is not None:
            mine |= Q(team_id=user.team_id)
        return cases.filter(pk__in=Case.objects.filter(mine).values("pk"))
    return Case.objects.none()


def case_list(user: User, *, status: str = "", query: str = "") -> QuerySet[Case]:
    cases = visible_cases(user).select_related("child", "team").prefetch_related("caseworkers")
    if status:
        cases = cases.filter(status=status)
    if query:
        cases = cases.filter(
            Q(child__first_name__icontains=query)
            | Q(child__last_name__icontains=query)
            | Q(child__case_number__icontains=query)
        )
    return cases.order_by("child__last_name", "child__first_name", "-pk")


def case_get(user: User, pk: int) -> Case:
    """The case if the user may see it; otherwise 404 (forbidden and missing look the same)."""
    case = visible_cases(user).select_related("child", "team").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def latest_assessment(case: Case) -> Assessment | None:
    return case.assessments.prefetch_related("needs", "observations").order_by("-version").first()


def assessment_versions(case: Case) -> QuerySet[Assessment]:
    return case.assessments.select_related("created_by").prefetch_related("needs", "observations")


def wishes_of(case: Case) -> QuerySet[Wish]:
    return case.wishes.all()


def conversations_of(case: Case) -> QuerySet[Conversation]:
    return case.conversations.select_related("created_by")


def parents_of(child: Child) -> QuerySet[RelatedPerson]:
    return child.persons.filter(kind__in=["custody_holder", "parent"])


def network_of(child: Child) -> QuerySet[RelatedPerson]:
    return child.persons.filter(kind="network")


def siblings_of(child: Child) -> QuerySet[Sibling]:
    return child.siblings.select_related("sibling_child")


def parent_views_of(case: Case) -> dict[int, ParentView]:
    return {v.person_id: v for v in case.parent_views.all()}


def sibling_candidates(user: User, child: Child) -> QuerySet[Child]:
    """Other children of the municipality the user may see, to link as siblings."""
    ids = visible_cases(user).values("child_id")
    return Child.objects.filter(organisation_id=child.organisation_id, pk__in=ids).exclude(
        pk=child.pk
    )


# Secure-link side: the link already proves which case and person; these only look up rows.
def case_by_id(case_id: str) -> Case | None:
    pk = parse_id(str(case_id))
    return None if pk is None else Case.objects.select_related("child").filter(pk=pk).first()


def parent_of_case(case: Case, person_id: str) -> RelatedPerson | None:
    pk = parse_id(str(person_id))
    return None if pk is None else parents_of(case.child).filter(pk=pk).first()
