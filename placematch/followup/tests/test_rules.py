# SPDX-License-Identifier: MPL-2.0
"""The due dates after a move, one row per rule, on fixed dates (leap day and a new year)."""

from __future__ import annotations

from datetime import date

import pytest

from placematch.followup.rules import first_followup_due, next_visit_due


@pytest.mark.parametrize(
    ("started", "investigation_ends", "due"),
    [
        # § 95, stk. 2: 3 months after the start ...
        (date(2024, 2, 29), None, date(2024, 5, 29)),
        # ... to the month's last day when the day does not exist (leap and common years).
        (date(2023, 11, 30), None, date(2024, 2, 29)),
        (date(2024, 11, 30), None, date(2025, 2, 28)),
        # ... or the end of an investigation run alongside, when it comes first (a new year).
        (date(2024, 12, 15), date(2025, 1, 20), date(2025, 1, 20)),
        # An investigation ending later than 3 months does not put the follow-up off.
        (date(2024, 2, 29), date(2024, 7, 1), date(2024, 5, 29)),
        # An investigation that ended before the move was not run alongside it.
        (date(2024, 2, 29), date(2024, 2, 1), date(2024, 5, 29)),
    ],
)
def test_the_first_followup_is_due_at_the_earlier_of_3_months_and_the_investigations_end(
    started, investigation_ends, due
):
    assert first_followup_due(started, investigation_ends) == due


@pytest.mark.parametrize(
    ("started", "visits", "due"),
    [
        (date(2024, 2, 29), [], date(2024, 8, 29)),
        (date(2024, 8, 31), [], date(2025, 2, 28)),
        (date(2024, 2, 29), [date(2024, 8, 20)], date(2025, 2, 20)),
        # The latest visit counts, whatever order they were recorded in.
        (date(2024, 2, 29), [date(2024, 12, 31), date(2024, 6, 1)], date(2025, 6, 30)),
    ],
)
def test_the_next_supervision_visit_is_due_6_months_after_the_latest(started, visits, due):
    assert next_visit_due(started, visits) == due


def test_visits_on_their_due_dates_make_two_in_every_year():
    started, visits = date(2024, 2, 29), []
    for _ in range(5):
        visits.append(next_visit_due(started, visits))
    assert visits[:3] == [date(2024, 8, 29), date(2025, 2, 28), date(2025, 8, 28)]
    assert [sum(v.year == year for v in visits) for year in (2025, 2026)] == [2, 2]
