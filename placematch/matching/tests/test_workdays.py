# SPDX-License-Identifier: MPL-2.0
"""Worked examples for working days and answer deadlines (Easter, Christmas, DST, month ends)."""

from __future__ import annotations

import datetime

import pytest

from placematch.matching.workdays import (
    COPENHAGEN,
    acute_deadline,
    add_working_days,
    is_working_day,
    normal_deadline,
)

D = datetime.date


def cph(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=COPENHAGEN)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 1), True),  # Wednesday before Easter
        (D(2026, 4, 2), False),  # Maundy Thursday
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 5, 14), False),  # Ascension Day
        (D(2026, 5, 15), True),  # the Friday after: a working day in law
        (D(2026, 5, 25), False),  # Whit Monday
        (D(2026, 6, 5), False),  # Constitution Day (a Friday in 2026)
        (D(2026, 12, 24), False),  # Christmas Eve (Thursday)
        (D(2026, 12, 25), False),
        (D(2026, 12, 28), True),
        (D(2026, 12, 31), False),  # New Year's Eve (Thursday)
        (D(2027, 1, 1), False),
        (D(2026, 4, 4), False),  # Saturday
        (D(2026, 4, 12), False),  # Sunday
        (D(2024, 4, 26), True),  # former Great Prayer Day, abolished from 2024
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_the_issue_example_sent_before_easter():
    # Wednesday 1 April 2026 → Monday 13 April 2026 (Easter takes 2, 3 and 6 April).
    assert add_working_days(D(2026, 4, 1), 5) == D(2026, 4, 13)
    assert normal_deadline(cph(2026, 4, 1, 10, 0), 5) == cph(2026, 4, 13, 23, 59, 59)


def test_sent_on_maundy_thursday_counts_from_the_next_working_day():
    assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_sent_before_christmas_skips_christmas_and_new_year():
    # Monday 21 Dec 2026: 22, 23 | 24, 25 closed | 28, 29, 30 → 30 December.
    assert add_working_days(D(2026, 12, 21), 5) == D(2026, 12, 30)
    # Tuesday 22 Dec 2026: 23, 28, 29, 30 | 31, 1 Jan closed | 4 Jan.
    assert add_working_days(D(2026, 12, 22), 5) == D(2027, 1, 4)
    assert normal_deadline(cph(2026, 12, 22, 16, 30), 5) == cph(2027, 1, 4, 23, 59, 59)


def test_constitution_day_is_skipped():
    # Monday 1 June 2026: 2, 3, 4 | 5 closed | 8, 9 → 9 June.
    assert add_working_days(D(2026, 6, 1), 5) == D(2026, 6, 9)


def test_month_end_and_year_end():
    assert add_working_days(D(2026, 1, 29), 5) == D(2026, 2, 5)
    assert add_working_days(D(2026, 2, 26), 2) == D(2026, 3, 2)
    assert add_working_days(D(2028, 2, 28), 1) == D(2028, 2, 29)  # leap year


def test_sent_on_a_weekend_counts_from_monday():
    assert add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 8), 5) == D(2026, 3, 13)


def test_the_sending_day_is_the_copenhagen_day_not_utc():
    # 23:30 UTC on 31 March is already 1 April in Copenhagen (summer time, UTC+2).
    sent = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert normal_deadline(sent, 5) == cph(2026, 4, 13, 23, 59, 59)
    # 22:30 UTC on 31 March is 00:30 on 1 April too.
    sent = datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC)
    assert normal_deadline(sent, 5).date() == D(2026, 4, 13)
    # 21:30 UTC is still 31 March: 1 April, then Easter, 7, 8, 9, 10 → 10 April.
    sent = datetime.datetime(2026, 3, 31, 21, 30, tzinfo=datetime.UTC)
    assert normal_deadline(sent, 5) == cph(2026, 4, 10, 23, 59, 59)


def test_deadline_across_the_spring_dst_change_ends_at_local_midnight():
    due = normal_deadline(cph(2026, 3, 26, 9, 0), 2)  # Thursday → Monday 30 March (CEST)
    assert due == cph(2026, 3, 30, 23, 59, 59)
    assert due.utcoffset() == datetime.timedelta(hours=2)


def test_acute_deadline_is_clock_hours():
    assert acute_deadline(cph(2026, 4, 1, 14, 0), 24) == cph(2026, 4, 2, 14, 0)
    # Holidays do not stop the clock: Maundy Thursday counts.
    assert acute_deadline(cph(2026, 4, 2, 9, 0), 24) == cph(2026, 4, 3, 9, 0)


def test_acute_deadline_across_dst_changes_counts_real_hours():
    # Spring forward (29 March 2026, 02:00 → 03:00): 24 hours later is 15:00 local.
    assert acute_deadline(cph(2026, 3, 28, 14, 0), 24) == cph(2026, 3, 29, 15, 0)
    # Fall back (25 October 2026, 03:00 → 02:00): 24 hours later is 13:00 local.
    assert acute_deadline(cph(2026, 10, 24, 14, 0), 24) == cph(2026, 10, 25, 13, 0)


def test_naive_times_and_bad_counts_are_refused():
    with pytest.raises(ValueError):
        normal_deadline(datetime.datetime(2026, 4, 1, 10), 5)
    with pytest.raises(ValueError):
        acute_deadline(datetime.datetime(2026, 4, 1, 10), 24)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 4, 1), 0)
