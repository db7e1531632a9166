# SPDX-License-Identifier: MPL-2.0
"""When the surveys after a move are due and open, one row per rule, on fixed dates."""

from __future__ import annotations

import datetime

import pytest

from placematch.followup.rules_voice import open_point, survey_points


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("started", "expected"),
    [
        # A move on 29 February: the 12-month survey falls on the last day of February.
        ("2024-02-29", [(1, "2024-03-29", "2024-05-29"), (3, "2024-05-29", "2024-07-29"),
                        (6, "2024-08-29", "2024-10-29"), (12, "2025-02-28", "2025-04-29")]),
        # Across a new year, with a short month on the way (30 November + 3 months).
        ("2026-11-30", [(1, "2026-12-30", "2027-02-28"), (3, "2027-02-28", "2027-04-30"),
                        (6, "2027-05-30", "2027-07-30"), (12, "2027-11-30", "2028-01-30")]),
    ],
)  # fmt: skip
def test_the_four_survey_points_and_how_long_each_takes_answers(started, expected):
    points = survey_points(day(started))
    assert [(p.month, p.due.isoformat(), p.closes.isoformat()) for p in points] == expected


@pytest.mark.parametrize(
    ("today", "month"),
    [
        ("2024-03-28", None),  # before the first point
        ("2024-03-29", 1),  # the 1-month point opens on its day
        ("2024-05-28", 1),  # ...and takes answers until the 3-month point opens
        ("2024-05-29", 3),
        ("2024-07-29", None),  # the 3-month point has closed, the 6-month not yet opened
        ("2025-02-28", 12),
        ("2025-04-29", None),  # after the last point
    ],
)
def test_one_point_at_most_is_open_on_a_day(today, month):
    point = open_point(day("2024-02-29"), day(today))
    assert (point.month if point else None) == month
