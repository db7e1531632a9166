# SPDX-License-Identifier: MPL-2.0
"""Statutory deadlines of a case: the investigation (§20) and the child's plan (§§91-92).

Apps above children add to them through two registries they fill on start-up: where the child's
plan is kept (``register_plan_dates``: a plan made there counts as the case's plan, here and in
the decision's gates) and deadlines of their own (``register_deadlines``: e.g. follow-ups and
supervision visits after the move). Both take a batch of cases, so a list asks once per app.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
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


def deadline(code: str, label: str, due: date, today: date, note: str = "") -> Deadline:
    """A deadline due on a day, with its state on ``today``."""
    state, days = _state(due, today)
    return Deadline(code, label, due, state, days, note)


# Case ids -> the day each case's child's plan was made, for the cases an app keeps a plan of.
PlanDates = Callable[[Sequence[int]], dict[int, date]]
# Open cases and today -> further deadlines per case id.
CaseDeadlines = Callable[[Sequence[Case], date], dict[int, list[Deadline]]]
_plan_dates: list[PlanDates] = []
_extra_deadlines: list[CaseDeadlines] = []


def register_plan_dates(provider: PlanDates) -> PlanDates:
    if provider not in _plan_dates:
        _plan_dates.append(provider)
    return provider


def register_deadlines(provider: CaseDeadlines) -> CaseDeadlines:
    if provider not in _extra_deadlines:
        _extra_deadlines.append(provider)
    return provider


def child_plan_dates(cases: Sequence[Case]) -> dict[int, date]:
    """When each case's child's plan was first made: the earliest of the date recorded on the
    case and the plans kept by the apps registered; cases without a plan are left out."""
    found = {case.pk: case.child_plan_date for case in cases if case.child_plan_date is not None}
    if cases:
        for provider in _plan_dates:
            for pk, day in provider([case.pk for case in cases]).items():
                if pk not in found or day < found[pk]:
                    found[pk] = day
    return found


def child_plan_date(case: Case) -> date | None:
    return child_plan_dates([case]).get(case.pk)


def deadlines_of(cases: Sequence[Case], today: date) -> dict[int, list[Deadline]]:
    """The open deadlines of each case on a day, soonest first."""
    asking = [c for c in cases if c.placement_decision_date is not None and not c.child_plan_date]
    plans = child_plan_dates(asking)
    found = {
        case.pk: _own_deadlines(case, today, case.child_plan_date or plans.get(case.pk))
        for case in cases
    }
    still_open = [case for case in cases if case.status != CaseStatus.ENDED]
    if still_open:
        for provider in _extra_deadlines:
            for pk, more in provider(still_open, today).items():
                found[pk].extend(more)
    for rows in found.values():
        rows.sort(key=lambda d: d.due)
    return found


def case_deadlines(case: Case, today: date) -> list[Deadline]:
    """The open deadlines of a case on a day (done or not yet started ones are left out)."""
    return deadlines_of([case], today)[case.pk]


def _own_deadlines(case: Case, today: date, plan_made: date | None) -> list[Deadline]:
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
    if case.placement_decision_date is not None and plan_made is None:
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
