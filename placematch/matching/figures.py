# SPDX-License-Identifier: MPL-2.0
"""Figures for follow-up: response times and decline reasons per place and per municipality.

Aggregates only: counts, median and mean response hours, answers and decline reasons. No row
names a child, so analysts may see them.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from placematch.matching.models import Answer, DeclineReason, Inquiry, InquiryStatus


@dataclass
class FigureRow:
    label: str
    sent: int = 0
    answered: int = 0
    awaiting: int = 0
    overdue: int = 0
    late: int = 0
    withdrawn: int = 0
    hours: list[float] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours), 1) if self.hours else None

    @property
    def mean_hours(self) -> float | None:
        return round(statistics.fmean(self.hours), 1) if self.hours else None

    def answer_counts(self) -> list[tuple[str, int]]:
        return [(str(label), self.answers[code]) for code, label in Answer.choices]

    def reason_counts(self) -> list[tuple[str, int]]:
        return [(str(label), self.reasons[code]) for code, label in DeclineReason.choices]


def _add(row: FigureRow, inquiry: Inquiry, now: datetime.datetime) -> None:
    row.sent += 1
    if inquiry.status == InquiryStatus.WITHDRAWN:
        row.withdrawn += 1
    if inquiry.answered_at is not None:
        row.answered += 1
        hours = inquiry.response_hours
        if hours is not None:
            row.hours.append(hours)
        row.answers[inquiry.answer] += 1
        if inquiry.decline_reason:
            row.reasons[inquiry.decline_reason] += 1
        if inquiry.answered_late:
            row.late += 1
    elif inquiry.status == InquiryStatus.SENT:
        row.awaiting += 1
        if inquiry.is_overdue(now):
            row.overdue += 1


def group(
    inquiries: Iterable[Inquiry], key: Callable[[Inquiry], str], now: datetime.datetime
) -> list[FigureRow]:
    rows: dict[str, FigureRow] = {}
    for inquiry in inquiries:
        label = key(inquiry)
        _add(rows.setdefault(label, FigureRow(label)), inquiry, now)
    return sorted(rows.values(), key=lambda r: r.label)


def total(inquiries: Iterable[Inquiry], label: str, now: datetime.datetime) -> FigureRow:
    row = FigureRow(label)
    for inquiry in inquiries:
        _add(row, inquiry, now)
    return row


def figures(
    inquiries: QuerySet[Inquiry], now: datetime.datetime, *, for_provider: bool = False
) -> dict[str, object]:
    """Per place, per sending municipality, and in total.

    A provider never learns which municipality sent an inquiry about a child under
    non-disclosure protection: those count under one neutral label.
    """
    rows = list(inquiries.select_related("place", "place__provider", "organisation", "case"))

    def origin(inquiry: Inquiry) -> str:
        if for_provider and inquiry.case.non_disclosure:
            return str(_("Not disclosed"))
        return inquiry.organisation.name

    return {
        "per_place": group(rows, lambda i: str(i.place), now),
        "per_municipality": group(rows, origin, now),
        "total": total(rows, "", now),
    }
