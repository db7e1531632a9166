# SPDX-License-Identifier: MPL-2.0
"""involvement: the caseworker's dashboard card about the links they sent."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from placematch.accounts.models import CASE_ROLES, User
from placematch.core.dashboard import Card, register
from placematch.core.navigation import CASES, belongs_to
from placematch.involvement.selectors import links_sent_by

# A link's page is reached from its case, so it sits under the case list in the main menu.
belongs_to(CASES, "involvement:link_detail")


@register("involvement")
def link_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    if not isinstance(user, User) or not user.is_municipal or user.role not in CASE_ROLES:
        return []
    counts = links_sent_by(user=user)
    if not any(counts.values()):
        return []
    rows = [
        (_("Waiting for an answer"), str(counts["waiting"])),
        (_("Expire within 3 days"), str(counts["expiring"])),
        (_("Answered in the last 14 days"), str(counts["answered"])),
    ]
    return [Card(title=_("Links you sent"), rows=rows, order=40)]
