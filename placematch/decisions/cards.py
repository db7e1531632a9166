# SPDX-License-Identifier: MPL-2.0
"""decisions: the case pages' "Decision" tab, and the dashboard card of § 143 deadlines.

The card holds counts and a date only, no child's name, so it reads no child data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from placematch.accounts.models import CASE_ROLES
from placematch.children.case_tabs import CaseTab, register
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_card
from placematch.core.navigation import CASES, belongs_to
from placematch.decisions import selectors

register(
    CaseTab(
        key="decision", label=lambda: _("Decision"), url_name="decisions:case_decisions", order=70
    )
)
# A case's meetings and decisions sit under the case list in the main menu.
belongs_to(
    CASES,
    "decisions:case_decisions",
    "decisions:meeting_start",
    "decisions:decision_new",
    "decisions:meeting_detail",
    "decisions:decision_detail",
    "decisions:decision_withdraw",
    "decisions:provisional_approve",
    "decisions:decision_documents",
)


@register_card("decisions")
def provisional_cards(request: HttpRequest) -> list[Card]:
    """Provisional decisions (§ 143) waiting for the committee, with the nearest deadline."""
    user: Any = request.user
    if not getattr(user, "is_municipal", False) or getattr(user, "role", "") not in CASE_ROLES:
        return []
    waiting = selectors.awaiting_committee(user.organisation_id)
    if not waiting:
        return []
    deadlines = [d.lapses_after for d in waiting if d.lapses_after is not None]
    first: datetime.date | None = min(deadlines) if deadlines else None
    return [
        Card(
            title=_("Provisional decisions (§ 143)"),
            text=_(
                "The committee must approve each within 7 days of its implementation, "
                "or it lapses. The first lapses after %(date)s."
            )
            % {"date": date_format(first, "SHORT_DATE_FORMAT") if first else "–"},
            rows=[
                (_("Waiting for the committee"), str(len(waiting))),
                (
                    _("Lapse within 2 days"),
                    str(
                        sum(
                            1
                            for d in deadlines
                            if d <= timezone.localdate() + datetime.timedelta(days=2)
                        )
                    ),
                ),
            ],
            order=35,
        )
    ]
