# SPDX-License-Identifier: MPL-2.0
"""Statutory deadlines of a case: the investigation (§20) and the child's plan (§§91-92)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from placematch.children.models import Case, CaseStatus

INVESTIGATION_MONTHS = 4
CHILD_PLAN_MONTHS = 3
DUE_SOON_DAYS = 14


def add_months(day: date, months: int) -> date:
    """The same day n months later, or that month's last day (31 Oct 2023 + 4 = 29 Feb 2024)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    due: date
    state: str  # "overdue" | "due_soon" | "open"
    days_left: int
    note: str = ""

    @property
    def is_urgent(self) -> bool:
        return self.state in ("overdue", "due_soon")


def _state(due: date, today: date) -> tuple[str, int]:
    days = (due - today).days
    if days < 0:
        return "overdue", days
    if days <= DUE_SOON_DAYS:
        return "due_soon", days
    return "open", days


def case_deadlines(case: Case, today: date) -> list[Deadline]:
    """The open deadlines of a case on a day (done or not yet started ones are left out)."""
    found: list[Deadline] = []
    if case.status == CaseStatus.ENDED:
        return found
    if case.investigation_completed is None:
        due = add_months(case.aware_date, INVESTIGATION_MONTHS)
        state, days = _state(due, today)
        found.append(
            Deadline("investigation", _("Child-welfare investigation (§ 20)"), due, state, days)
        )
        if state == "overdue" and case.preliminary_assessment_date is None:
            found.append(
                Deadline(
                    "preliminary_assessment",
                    _("Preliminary assessment (§ 20)"),
                    due,
                    "overdue",
                    days,
                    _("The investigation has run over 4 months: a preliminary assessment is due."),
                )
            )
    if case.placement_decision_date is not None and case.child_plan_date is None:
        due = add_months(case.placement_decision_date, CHILD_PLAN_MONTHS)
        state, days = _state(due, today)
        found.append(Deadline("child_plan", _("Child's plan (§§ 91-92)"), due, state, days))
    return found


def turns_18_warning(case: Case) -> str:
    """A warning (never an error) when the child is 18 before the intended placement date."""
    if case.intended_placement_date is None:
        return ""
    birthday = case.child.turns_18()
    if birthday <= case.intended_placement_date:
        return _(
            "%(name)s turns 18 on %(date)s, before the intended placement date. Consider "
            "continued placement or youth support from 18."
        ) % {"name": case.child.first_name, "date": birthday.strftime("%d.%m.%Y")}
    return ""
