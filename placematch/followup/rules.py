# SPDX-License-Identifier: MPL-2.0
"""followup: the legal due dates after a move, as plain functions of dates (tested as a table).

- The first follow-up (§ 95, stk. 2): at the latest 3 months after the placement started, or
  when an investigation run alongside the placement ends, whichever comes first.
- Supervision visits (§ 156, stk. 5): at least two a year; the next is due 6 months after the
  last visit, or after the start before the first, so no 12 months can pass with fewer than two.
- The child's plan (§ 91): within 3 months of the decision (``children.deadlines``); for a § 47
  placement before the committee decides (a gate of the decision, ``decisions.gates``).

A month later is the same day of the month, or that month's last day
(``children.deadlines.add_months``: 30 November + 3 months is 29 February in a leap year).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from matchengine.vocab import SUPPORT_LEVEL_RANK, SupportLevel
from placematch.children.deadlines import add_months

FIRST_FOLLOWUP_MONTHS = 3
VISIT_MONTHS = 6
# Goals and progression use the needs' own scale, without "not assessed".
SCALE: tuple[str, ...] = tuple(level.value for level in SUPPORT_LEVEL_RANK)


def first_followup_due(
    started_on: datetime.date, investigation_ends_on: datetime.date | None = None
) -> datetime.date:
    """§ 95, stk. 2: the earlier of 3 months after the start and the end of the investigation."""
    due = add_months(started_on, FIRST_FOLLOWUP_MONTHS)
    if investigation_ends_on is not None and started_on <= investigation_ends_on < due:
        return investigation_ends_on
    return due


def next_visit_due(started_on: datetime.date, visits: Iterable[datetime.date]) -> datetime.date:
    """§ 156, stk. 5: 6 months after the latest visit, or after the start before any visit."""
    latest = max([started_on, *visits])
    return add_months(latest, VISIT_MONTHS)


def on_scale(level: str) -> bool:
    return level in SCALE


def rank(level: str) -> int | None:
    try:
        return SUPPORT_LEVEL_RANK.get(SupportLevel(level))
    except ValueError:
        return None
