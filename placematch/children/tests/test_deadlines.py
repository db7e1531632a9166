# SPDX-License-Identifier: MPL-2.0
"""Deadlines at month ends, leap years and Copenhagen midnight; the 18-year warning."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from placematch.children.deadlines import add_months, case_deadlines, turns_18_warning
from placematch.children.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 10, 31), 4, date(2024, 2, 29)),  # leap year
        (date(2022, 10, 31), 4, date(2023, 2, 28)),
        (date(2024, 1, 31), 3, date(2024, 4, 30)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 9, 15), 4, date(2025, 1, 15)),  # across the year end
        (date(2024, 2, 29), 4, date(2024, 6, 29)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def _by_code(case, today):
    return {d.code: d for d in case_deadlines(case, today)}


def test_investigation_due_29_february_2024(municipality):
    case = CaseFactory(child__organisation=municipality, aware_date=date(2023, 10, 31))
    deadline = _by_code(case, date(2024, 2, 20))["investigation"]
    assert deadline.due == date(2024, 2, 29)
    assert deadline.state == "due_soon"


def test_copenhagen_midnight_decides_overdue(municipality):
    case = CaseFactory(child__organisation=municipality, aware_date=date(2023, 10, 31))
    # 22:59 UTC on 29 Feb is 23:59 in Copenhagen: still the due day.
    with time_machine.travel("2024-02-29 22:59 +0000", tick=False):
        found = _by_code(case, timezone.localdate())
        assert found["investigation"].state == "due_soon"
        assert "preliminary_assessment" not in found
    # 23:01 UTC is 00:01 on 1 March in Copenhagen: overdue, a preliminary assessment is due.
    with time_machine.travel("2024-02-29 23:01 +0000", tick=False):
        found = _by_code(case, timezone.localdate())
        assert found["investigation"].state == "overdue"
        assert found["preliminary_assessment"].state == "overdue"


def test_preliminary_assessment_made_clears_that_item(municipality):
    case = CaseFactory(
        child__organisation=municipality,
        aware_date=date(2023, 1, 10),
        preliminary_assessment_date=date(2023, 5, 11),
    )
    found = _by_code(case, date(2023, 6, 1))
    assert found["investigation"].state == "overdue"
    assert "preliminary_assessment" not in found


def test_child_plan_due_three_months_after_the_decision(municipality):
    case = CaseFactory(
        child__organisation=municipality,
        aware_date=date(2024, 1, 1),
        investigation_completed=date(2024, 3, 1),
        placement_decision_date=date(2024, 11, 30),
    )
    found = _by_code(case, date(2024, 12, 1))
    assert set(found) == {"child_plan"}
    assert found["child_plan"].due == date(2025, 2, 28)
    assert found["child_plan"].state == "open"
    case.child_plan_date = date(2025, 1, 10)
    assert case_deadlines(case, date(2025, 3, 1)) == []


def test_ended_cases_have_no_deadlines(municipality):
    case = CaseFactory(child__organisation=municipality, status="ended")
    assert case_deadlines(case, date(2030, 1, 1)) == []


def test_turning_18_before_the_intended_date_is_a_warning(municipality):
    case = CaseFactory(
        child__organisation=municipality,
        child__birth_date=date(2007, 2, 28),
        intended_placement_date=date(2025, 2, 28),
    )
    assert "fylder 18 år den 28.02.2025" in turns_18_warning(case)
    case.intended_placement_date = date(2025, 2, 27)
    assert turns_18_warning(case) == ""


def test_a_29_february_birthday_turns_18_on_1_march(municipality):
    case = CaseFactory(
        child__organisation=municipality,
        child__birth_date=date(2008, 2, 29),
        intended_placement_date=date(2026, 2, 28),
    )
    assert turns_18_warning(case) == ""
    case.intended_placement_date = date(2026, 3, 1)
    assert "01.03.2026" in turns_18_warning(case)


@time_machine.travel("2024-02-20 12:00 +0100", tick=False)
def test_dashboard_card_lists_due_and_overdue_items(client_for, users, municipality):
    caseworker = users[("own", "caseworker")]
    CaseFactory(
        child__organisation=municipality,
        child__first_name="Frida",
        aware_date=date(2023, 10, 31),
        caseworkers=[caseworker],
    )
    CaseFactory(
        child__organisation=municipality,
        child__first_name="Gustav",
        aware_date=date(2023, 9, 1),
        caseworkers=[caseworker],
    )
    CaseFactory(
        child__organisation=municipality,
        child__first_name="Holger",
        aware_date=date(2024, 2, 1),
        caseworkers=[caseworker],
    )
    html = client_for(caseworker).get("/").content.decode()
    assert "Mine børn" in html
    assert "Frida" in html and "snart" in html
    assert "Gustav" in html and "overskredet" in html
    assert "Foreløbig vurdering" in html
    assert "Holger" not in html
    # Another municipality's caseworker sees none of it.
    other = client_for(users[("other", "caseworker")]).get("/").content.decode()
    assert "Frida" not in other
