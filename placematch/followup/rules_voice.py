# SPDX-License-Identifier: MPL-2.0
"""followup: when the surveys after a move are due, as plain functions of dates (a table test).

A survey goes out 1, 3, 6 and 12 months after the placement started (a month later is the same
day of the month, or that month's last day: ``children.deadlines.add_months``). Each point is
open for answers from its day until 2 months later, and the 1-month point only until the
3-month point opens, so no two points are open at once and a late answer is not counted as an
earlier point's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from placematch.children.deadlines import add_months

SURVEY_MONTHS: tuple[int, ...] = (1, 3, 6, 12)
OPEN_MONTHS = 2


@dataclass(frozen=True)
class SurveyPoint:
    month: int
    due: datetime.date
    closes: datetime.date  # the first day it no longer takes answers

    def is_open(self, today: datetime.date) -> bool:
        return self.due <= today < self.closes


def survey_points(started_on: datetime.date) -> list[SurveyPoint]:
    points = []
    for index, month in enumerate(SURVEY_MONTHS):
        due = add_months(started_on, month)
        closes = add_months(started_on, month + OPEN_MONTHS)
        if index + 1 < len(SURVEY_MONTHS):
            closes = min(closes, add_months(started_on, SURVEY_MONTHS[index + 1]))
        points.append(SurveyPoint(month, due, closes))
    return points


def open_point(started_on: datetime.date, today: datetime.date) -> SurveyPoint | None:
    """The survey point taking answers on ``today``, if any."""
    return next((p for p in survey_points(started_on) if p.is_open(today)), None)
