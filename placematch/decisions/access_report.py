# SPDX-License-Identifier: MPL-2.0
"""decisions: what the access report (GDPR art. 15) shows of the case's decisions.

For a parent covered by non-disclosure (§ 105) the place is left out, as in every parent-facing
document; the hearing of the person the report is about is listed with its dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from placematch.children import access_report
from placematch.children.access_report import Row, Section, Subject
from placematch.decisions.models import Decision, Hearing


def _day(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def sections(subject: Subject) -> Iterable[Section]:
    decisions = Decision.objects.filter(case=subject.case).select_related("place__provider")
    for decision in decisions.order_by("decided_at", "pk"):
        rows = [
            Row(_("Kind"), str(decision.get_kind_display())),
            Row(_("Decided on"), _day(timezone.localdate(decision.decided_at))),
            Row(_("Status"), str(decision.get_status_display())),
            Row(
                _("Place"),
                _("Not disclosed to you (§ 105)") if subject.place_hidden else str(decision.place),
            ),
        ]
        if subject.person is not None:
            for hearing in Hearing.objects.filter(decision=decision, person=subject.person):
                rows.append(Row(_("You were heard on"), _day(hearing.sent_on)))
                rows.append(Row(_("Your answer"), hearing.answer or "–"))
        yield Section(_("Decision on the placement"), tuple(rows))


access_report.register("decisions", sections)
