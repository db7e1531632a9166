# SPDX-License-Identifier: MPL-2.0
"""evaluation: the pseudonymised export for the national evaluation, built and logged.

One row per started placement in the period and one per answered question of its follow-up
surveys; months instead of dates, codes instead of words, a keyed pseudonym instead of the
child. The quasi-identifiers are made 5-anonymous (``anonymity``) before anything is written,
and the answers of a suppressed placement go with it. ``export_create`` is the one way to make
an export: it refuses bad input with a translated message and writes the access-log row.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from placematch.audit.models import Action
from placematch.audit.services import access_log_write
from placematch.evaluation import pseudonym as pseudo
from placematch.evaluation.anonymity import Anonymised, K, Quasi, k_anonymise
from placematch.evaluation.dataset import PlacementRow as SourcePlacement
from placematch.evaluation.dataset import SurveyRow, placement_rows, survey_rows
from placematch.evaluation.dictionary import AnswerRow, PlacementRow
from placematch.evaluation.models import ExportRecipient


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month: the export's only unit of time."""

    year: int
    month: int

    @classmethod
    def of(cls, day: datetime.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """``YYYY-MM``; None for anything else."""
        parts = text.strip().split("-")
        if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
            return None
        if len(parts[0]) != 4 or len(parts[1]) != 2:
            return None
        year, month = int(parts[0]), int(parts[1])
        return cls(year, month) if 1 <= month <= 12 and year >= 1900 else None

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        if self.month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.month + 1, 1) - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_text(day: datetime.date | None) -> str:
    return str(Month.of(day)) if day is not None else ""


class ExportError(Exception):
    """The export cannot be made; the message says why, for the user, translated."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def period_errors(first: Month, last: Month, today: datetime.date) -> list[tuple[str, str]]:
    """What is wrong with a period, as (field, message) pairs; empty when it may be exported."""
    errors: list[tuple[str, str]] = []
    this_month = Month.of(today)
    if first > this_month:
        errors.append(("first", _("The period cannot start in the future.")))
    if last > this_month:
        latest = _("The period cannot end in the future: choose %(month)s or earlier.")
        errors.append(("last", latest % {"month": this_month}))
    if first > last:
        errors.append(("last", _("The period must end in or after the month it starts.")))
    return errors


@dataclass(frozen=True)
class Report:
    """What the anonymity check did, written into every export beside the data."""

    k: int
    level: int
    age_bands: str
    place_type_coarse: bool
    sex_hidden: bool
    placements_in_period: int
    placements_suppressed: int
    answers_dropped: int
    smallest_group: int

    def lines(self) -> list[tuple[str, str]]:
        """The report as (item, value) pairs in the active language."""
        yes, no = _("Yes"), _("No")
        return [
            (_("Smallest group allowed (k)"), str(self.k)),
            (_("Generalisation level (0 = none)"), str(self.level)),
            (_("Age bands used"), self.age_bands),
            (_("Place types shown as coarse classes"), yes if self.place_type_coarse else no),
            (_("Sex hidden"), yes if self.sex_hidden else no),
            (_("Placements started in the period"), str(self.placements_in_period)),
            (_("Placements suppressed (in groups under k)"), str(self.placements_suppressed)),
            (_("Survey answers left out with them"), str(self.answers_dropped)),
            (_("Children in the smallest group exported"), str(self.smallest_group)),
        ]


@dataclass(frozen=True)
class Export:
    """The rows to write, the recipient and period they are for, and the anonymity report."""

    recipient: ExportRecipient
    municipality: str
    first: Month
    last: Month
    placements: tuple[PlacementRow, ...]
    answers: tuple[AnswerRow, ...]
    report: Report
    child_ids: tuple[int, ...] = field(default=())


def _placement_rows(
    sources: Sequence[SourcePlacement], municipality: str, key: bytes, anonymised: Anonymised
) -> list[PlacementRow]:
    rows = []
    for i in anonymised.kept:
        src, value = sources[i], anonymised.values[i]
        rows.append(
            PlacementRow(
                child=pseudo.pseudonym(key, "child", src.child_id),
                placement=pseudo.pseudonym(key, "placement", src.record_id),
                municipality=municipality,
                start_month=src.start_month,
                kind=src.kind,
                case_type=src.case_kind,
                legal_basis=src.legal_basis,
                age_band=value.age_band,
                sex=value.sex,
                place_type=value.place_type,
                high_needs=src.high_needs,
                open_needs=src.open_needs,
                support_arrived=src.support_arrived,
                wishes_met=src.wishes_met,
                engine_top3=src.top3,
                ending=src.ending_kind,
                end_month=month_text(src.ended_on),
                breakdown=src.breakdown,
            )
        )
    return rows


def _answer_rows(
    answers: Sequence[SurveyRow], kept: set[int], municipality: str, key: bytes
) -> list[AnswerRow]:
    return [
        AnswerRow(
            child=pseudo.pseudonym(key, "child", a.child_id),
            placement=pseudo.pseudonym(key, "placement", a.record_id),
            municipality=municipality,
            survey_month=a.survey_month,
            respondent=a.respondent,
            question=a.question,
            rating=a.rating,
            answer_month=a.answered_month,
        )
        for a in answers
        if a.record_id in kept
    ]


def export_build(
    *, recipient: ExportRecipient, first: Month, last: Month, today: datetime.date
) -> Export:
    """The export's rows, made k-anonymous; refuses a bad period, no data or a missing secret."""
    errors = period_errors(first, last, today)
    if errors:
        raise ExportError(*errors[0])
    municipality = recipient.organisation
    start, end = first.first_day, last.last_day
    found = placement_rows(municipality.pk, as_of=today, started_from=start, started_until=end)
    if not found:
        raise ExportError(
            None,
            _("No placement started in %(first)s to %(last)s: there is nothing to export.")
            % {"first": first, "last": last},
        )
    try:
        secret = pseudo.municipality_secret(municipality.municipality_code)
    except pseudo.MissingSecretError:
        raise ExportError(
            None,
            _(
                "The export is not set up: the municipality's secret is missing (see the "
                "operations guide)."
            ),
        ) from None
    key = pseudo.recipient_key(secret, recipient.code)
    code = municipality.municipality_code
    anonymised = k_anonymise(
        [str(s.child_id) for s in found],
        [Quasi(s.age_at_start, s.sex, s.place_type, code) for s in found],
    )
    if not anonymised.kept:
        raise ExportError(
            None,
            ngettext(
                "%(count)d placement started in the period, too few to export without revealing "
                "a child: choose a longer period.",
                "%(count)d placements started in the period, all in groups of fewer than 5 "
                "children: choose a longer period.",
                len(found),
            )
            % {"count": len(found)},
        )
    kept = [found[i] for i in anonymised.kept]
    answers = survey_rows(municipality.pk, as_of=today, started_from=start, started_until=end)
    answer_rows = _answer_rows(answers, {s.record_id for s in kept}, code, key)
    level = anonymised.level
    report = Report(
        k=K,
        level=level.number,
        age_bands=", ".join(level.age_band(age) for age in level.age_bounds),
        place_type_coarse=level.coarse_place,
        sex_hidden=level.hide_sex,
        placements_in_period=len(found),
        placements_suppressed=len(anonymised.suppressed),
        answers_dropped=len(answers) - len(answer_rows),
        smallest_group=anonymised.smallest_group,
    )
    return Export(
        recipient=recipient,
        municipality=code,
        first=first,
        last=last,
        placements=tuple(_placement_rows(found, code, key, anonymised)),
        answers=tuple(answer_rows),
        report=report,
        child_ids=tuple(sorted({s.child_id for s in kept})),
    )


def export_create(
    *,
    user: Any,
    recipient: ExportRecipient,
    first: Month,
    last: Month,
    file_format: str,
    request: HttpRequest | None = None,
) -> Export:
    """Build the export and write the access-log row saying who exported what, for whom."""
    if recipient.organisation_id != user.organisation_id or not recipient.is_active:
        raise ExportError("recipient", _("Choose one of the municipality's recipients."))
    with transaction.atomic():
        export = export_build(
            recipient=recipient, first=first, last=last, today=timezone.localdate()
        )
        access_log_write(
            request=request,
            user=user,
            action=Action.EXPORT,
            obj=recipient,
            detail={
                "document": "evaluation_export",
                "recipient": recipient.code,
                "period": f"{first}..{last}",
                "format": file_format,
                "rows": {"placements": len(export.placements), "answers": len(export.answers)},
                "suppressed": export.report.placements_suppressed,
                "level": export.report.level,
                "ids": [str(i) for i in export.child_ids],
                "count": len(export.child_ids),
            },
        )
    return export
