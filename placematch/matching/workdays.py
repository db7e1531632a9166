# SPDX-License-Identifier: MPL-2.0
"""Working days and answer deadlines for inquiries: pure date arithmetic, no Django.

A working day is Monday to Friday that is neither a Danish public holiday (from the
``holidays`` library) nor one of the days most Danish workplaces close anyway: Constitution
Day (5 June), Christmas Eve (24 December) and New Year's Eve (31 December).
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# (month, day) closed every year although not public holidays in law.
EXTRA_CLOSED_DAYS = frozenset({(6, 5), (12, 24), (12, 31)})
END_OF_DAY = datetime.time(23, 59, 59)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    if (day.month, day.day) in EXTRA_CLOSED_DAYS:
        return False
    return day not in _public_holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The count-th working day after ``day`` (``day`` itself never counts)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    current = day
    found = 0
    while found < count:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            found += 1
    return current


def normal_deadline(sent_at: datetime.datetime, working_days: int) -> datetime.datetime:
    """23:59:59 Copenhagen time on the N-th working day after the (Copenhagen) sending day."""
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware")
    sent_day = sent_at.astimezone(COPENHAGEN).date()
    due_day = add_working_days(sent_day, working_days)
    return datetime.datetime.combine(due_day, END_OF_DAY, tzinfo=COPENHAGEN)


def acute_deadline(sent_at: datetime.datetime, hours: int) -> datetime.datetime:
    """A number of clock hours after sending (real elapsed hours, also across DST changes)."""
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware")
    utc = sent_at.astimezone(datetime.UTC) + datetime.timedelta(hours=hours)
    return utc.astimezone(COPENHAGEN)
