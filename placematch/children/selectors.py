# SPDX-License-Identifier: MPL-2.0
"""children: every non-trivial read, scoped to the user's organisation and case visibility."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from placematch.accounts.models import Role, User
from placematch.children import rules
from placematch.children.models import (
    Assessment,
    Case,
    CaseStatus,
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


@dataclass(frozen=True)
class SiblingLine:
    """A sibling with what § 52 needs to know: age, and whether it counts (under 18, placed)."""

    sibling: Sibling
    age: int | None
    counts: bool

    @property
    def apart(self) -> bool:
        """A sibling under 18, placed or to be placed, who is not in the group: placed elsewhere."""
        return self.counts and not self.sibling.placed_together


def _open_case_children(ids: Iterable[int]) -> set[int]:
    return set(
        Case.objects.filter(child_id__in=list(ids))
        .exclude(status=CaseStatus.ENDED)
        .values_list("child_id", flat=True)
    )


def sibling_lines(child: Child, today: date) -> list[SiblingLine]:
    siblings = list(siblings_of(child))
    open_ = _open_case_children(s.sibling_child_id for s in siblings if s.sibling_child_id)
    lines = []
    for s in siblings:
        linked = s.sibling_child
        if linked is not None:
            age = rules.sibling_age(linked.birth_date, None, today)
            placed = linked.pk in open_
        else:
            age = rules.sibling_age(None, s.birth_year, today)
            placed = not s.not_placed
        lines.append(SiblingLine(s, age, rules.sibling_counts(age=age, placed_or_to_be=placed)))
    return lines


def siblings_apart(child: Child, today: date) -> list[Sibling]:
    """Siblings placed or to be placed elsewhere (under 18): they need a reason and contact."""
    return [line.sibling for line in sibling_lines(child, today) if line.apart]


@dataclass(frozen=True)
class PlacementGroup:
    """The children to be placed together, as far as they are children in our cases."""

    children: tuple[Child, ...]
    others: int  # siblings to be placed together who are not children in our cases

    @property
    def size(self) -> int:
        return len(self.children) + self.others


def placement_group(child: Child, today: date) -> PlacementGroup:
    """The sibling group to be placed together, the same from any sibling's case.

    Links are followed both ways and onward (a sister's sister is in the group too); a linked
    sibling counts while under 18 (being marked to be placed together says it is to be placed).
    """
    members: dict[int, Child] = {child.pk: child}
    frontier = [child.pk]
    while frontier:
        rows = Sibling.objects.filter(
            Q(child_id__in=frontier) | Q(sibling_child_id__in=frontier),
            placed_together=True,
            sibling_child__isnull=False,
        ).select_related("child", "sibling_child")
        found: dict[int, Child] = {}
        for row in rows:
            for other in (row.child, row.sibling_child):
                if other is not None and other.pk not in members:
                    found[other.pk] = other
        frontier = []
        for pk, other in found.items():
            age = rules.sibling_age(other.birth_date, None, today)
            if rules.sibling_counts(age=age, placed_or_to_be=True):
                members[pk] = other
                frontier.append(pk)
    elsewhere = {
        (row.name.strip().lower(), row.birth_year)
        for row in Sibling.objects.filter(
            child_id__in=list(members), placed_together=True, sibling_child__isnull=True
        )
    }
    ordered = sorted(members.values(), key=lambda c: (c.pk != child.pk, c.birth_date, c.pk))
    return PlacementGroup(tuple(ordered), len(elsewhere))


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
