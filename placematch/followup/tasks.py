# SPDX-License-Identifier: MPL-2.0
"""followup: the task list: every due date of a user's open cases, overdue first.

Tasks are computed, never stored: they come from the case deadlines (``children.deadlines``:
the § 20 investigation and the child's plan, and every registered app's deadlines, such as the
follow-ups and supervision visits after the move) plus the decision chain's § 143 deadline,
registered here. A task disappears when its work is done, because its deadline does. A
caseworker's list holds the cases assigned to them; a team leader's holds every open case of
the municipality, with its caseworkers.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from placematch.accounts.models import Role, User
from placematch.children.deadlines import Deadline, deadline, deadlines_of, register_deadlines
from placematch.children.models import Case, CaseStatus
from placematch.children.selectors import visible_cases
from placematch.decisions.models import Decision, DecisionStatus

PROVISIONAL = "provisional_s143"


def provisional_deadlines(cases: Sequence[Case], today: datetime.date) -> dict[int, list[Deadline]]:
    """§ 143: a provisional decision in force lapses unless the committee approves it in time."""
    found: dict[int, list[Deadline]] = {}
    waiting = Decision.objects.filter(
        case__in=[c.pk for c in cases], status=DecisionStatus.DECIDED,
        committee_decided_on__isnull=True,
    )  # fmt: skip
    for decision in waiting:
        last = decision.lapses_after
        if last is not None:
            found.setdefault(decision.case_id, []).append(
                deadline(PROVISIONAL, _("Committee approval (§ 143)"), last, today)
            )
    return found


register_deadlines(provisional_deadlines)


@dataclass(frozen=True)
class Task:
    """One due date of one case, with where to do the work."""

    case: Case
    deadline: Deadline
    url: str

    @property
    def overdue(self) -> bool:
        return self.deadline.state == "overdue"


def _url(case: Case, code: str) -> str:
    if code in ("followup", "visit"):
        anchor = "followups-h" if code == "followup" else "visits-h"
        return reverse("followup:case_followup", args=[case.pk]) + f"#{anchor}"
    if code == "child_plan":
        return reverse("followup:plan_edit", args=[case.pk])
    if code == PROVISIONAL:
        return reverse("decisions:case_decisions", args=[case.pk])
    return reverse("children:case_detail", args=[case.pk])


def cases_of(user: User) -> list[Case]:
    """The open cases whose tasks are the user's: assigned ones, or all for a team leader."""
    cases = visible_cases(user).exclude(status=CaseStatus.ENDED)
    if user.role != Role.TEAM_LEADER:
        cases = cases.filter(caseworkers=user)
    return list(cases.select_related("child").prefetch_related("caseworkers").distinct())


def tasks_for(user: User, today: datetime.date) -> list[Task]:
    """The user's tasks, overdue first, then by due date."""
    cases = cases_of(user)
    found = deadlines_of(cases, today)
    tasks = [
        Task(case=case, deadline=due, url=_url(case, due.code))
        for case in cases
        for due in found.get(case.pk, [])
    ]
    tasks.sort(key=lambda t: (not t.overdue, t.deadline.due, t.case.pk, t.deadline.code))
    return tasks


@dataclass(frozen=True)
class Counts:
    overdue: int
    due_soon: int
    total: int


def counts(tasks: Sequence[Task]) -> Counts:
    return Counts(
        overdue=sum(1 for t in tasks if t.deadline.state == "overdue"),
        due_soon=sum(1 for t in tasks if t.deadline.state == "due_soon"),
        total=len(tasks),
    )
