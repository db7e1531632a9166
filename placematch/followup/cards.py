# SPDX-License-Identifier: MPL-2.0
"""followup: the case tab, the dashboard card and the menu item.

The card holds counts only, no child's name, so it reads no child data; the list it links to
names the children and logs the read.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from placematch.children.case_tabs import CaseTab
from placematch.children.case_tabs import register as register_case_tab
from placematch.core.dashboard import Card
from placematch.core.dashboard import register as register_card
from placematch.core.navigation import CASES, NavItem, belongs_to
from placematch.core.navigation import register as register_nav
from placematch.followup import selectors
from placematch.followup.access import CASE_ROLES


def _case_user(request: HttpRequest) -> bool:
    user = request.user
    return getattr(user, "is_municipal", False) and getattr(user, "role", "") in CASE_ROLES


@register_card("followup")
def followup_cards(request: HttpRequest) -> list[Card]:
    if not _case_user(request):
        return []
    today = timezone.localdate()
    counts = {"followup": [0, 0], "visit": [0, 0]}  # [overdue, due soon]
    placements = selectors.records_due(user=request.user)
    for due in placements:
        for found in selectors.deadlines_of(due, today):
            if found.state == "overdue":
                counts[found.code][0] += 1
            elif found.state == "due_soon":
                counts[found.code][1] += 1
    overdue = counts["followup"][0] + counts["visit"][0]
    return [
        Card(
            title=_("Follow-up and supervision visits"),
            text=ngettext(
                "%(overdue)s overdue in %(count)s placement.",
                "%(overdue)s overdue in %(count)s placements.",
                len(placements),
            )
            % {"overdue": overdue, "count": len(placements)}
            if overdue
            else ngettext(
                "Nothing overdue in %(count)s placement.",
                "Nothing overdue in %(count)s placements.",
                len(placements),
            )
            % {"count": len(placements)},
            rows=[
                (_("Follow-ups overdue"), str(counts["followup"][0])),
                (_("Follow-ups due within 14 days"), str(counts["followup"][1])),
                (_("Supervision visits overdue"), str(counts["visit"][0])),
                (_("Supervision visits due within 14 days"), str(counts["visit"][1])),
            ],
            link_url=reverse("followup:placement_list"),
            link_text=_("See the placements"),
            order=45,
        )
    ]


@register_nav("followup")
def menu(request: HttpRequest) -> list[NavItem]:
    if not _case_user(request):
        return []
    return [
        NavItem(pgettext("main menu", "Follow-up"), reverse("followup:placement_list"), order=20)
    ]


register_case_tab(
    CaseTab(
        key="followup",
        label=lambda: pgettext("case tab", "Follow-up"),
        url_name="followup:case_followup",
        order=90,
    )
)
# A case's follow-up sits under the case list, not under the follow-up list's item.
belongs_to(
    CASES,
    "followup:case_followup",
    "followup:plan_edit",
    "followup:investigation_set",
    "followup:followup_add",
    "followup:visit_add",
    "followup:followup_hold",
    "followup:placement_end",
    "followup:breakdown_add",
    "followup:next_case_add",
    "followup:support_check_add",
)
