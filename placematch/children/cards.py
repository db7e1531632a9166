# SPDX-License-Identifier: MPL-2.0
"""children: the caseworker's and team leader's case card with deadlines, and the menu item."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from placematch.accounts.models import Role
from placematch.audit.services import log_child_list
from placematch.children.deadlines import deadlines_of
from placematch.children.selectors import visible_cases
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_card
from placematch.core.navigation import CASES, NavItem
from placematch.core.navigation import register as register_nav

CARD_ROWS = 8


@register_card("children")
def case_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    if getattr(user, "role", "") not in (Role.CASEWORKER, Role.TEAM_LEADER):
        return []
    today = timezone.localdate()
    cases = (
        visible_cases(user)
        .filter(status__in=["investigation", "assessment", "matching", "decided", "placed"])
        .select_related("child")
    )
    urgent = []
    listed = list(cases)
    found = deadlines_of(listed, today)
    for case in listed:
        for deadline in found[case.pk]:
            if deadline.is_urgent:
                urgent.append((deadline.due, case, deadline))
    urgent.sort(key=lambda item: (item[0], item[1].pk))
    rows = []
    for due, case, deadline in urgent[:CARD_ROWS]:
        state = _("overdue") if deadline.state == "overdue" else _("due soon")
        rows.append(
            (f"{case.child.name}: {deadline.label}",
             f"{state}, {formats.date_format(due, 'SHORT_DATE_FORMAT')}")
        )  # fmt: skip
    if rows:
        # The card names children, so it counts as a list page in the access log.
        log_child_list(request, sorted({case.child_id for _due, case, _d in urgent[:CARD_ROWS]}))
    count = cases.count()
    title = (
        _("My children") if getattr(user, "role", "") == Role.CASEWORKER else _("The team's cases")
    )
    if urgent:
        text = ngettext(
            "%(count)s open case. Deadlines due soon or overdue:",
            "%(count)s open cases. Deadlines due soon or overdue:",
            count,
        ) % {"count": count}
    else:
        text = ngettext(
            "%(count)s open case. No deadlines due in the next 14 days.",
            "%(count)s open cases. No deadlines due in the next 14 days.",
            count,
        ) % {"count": count}
    return [
        Card(
            title=title,
            text=text,
            rows=rows,
            link_url=reverse("children:case_list"),
            link_text=_("Go to the cases"),
            order=10,
        )
    ]


@register_nav("children")
def menu(request: HttpRequest) -> list[NavItem]:
    if getattr(request.user, "role", "") not in (Role.CASEWORKER, Role.TEAM_LEADER):
        return []
    return [NavItem(_("Children and cases"), reverse("children:case_list"), order=10, key=CASES)]
